package liop.engine.support.run;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import java.util.Optional;
import liop.api.engine.Limits;

/**
 * The linear memory a module declares, checked against each sandbox's cap before anything runs, by
 * both engines with the same words.
 *
 * @param initialPages pages the module starts with (it cannot run with fewer)
 * @param maximumPages the declared maximum, or empty when the module declares none (a declared
 *     maximum of 65536 pages, the whole wasm32 space, is the same thing)
 */
public record DeclaredMemory(int initialPages, Optional<Integer> maximumPages) {

    private static final DeclaredMemory NONE = new DeclaredMemory(0, Optional.of(0));

    /** What memory 0 of {@code module} declares: none at all if the module has no memory. */
    public static DeclaredMemory of(WasmModule module) {
        return module.memorySection()
                .filter(section -> section.memoryCount() > 0)
                .map(section -> of(section.getMemory(0).limits()))
                .orElse(NONE);
    }

    private static DeclaredMemory of(MemoryLimits limits) {
        Optional<Integer> maximum = limits.maximumPages() == MemoryLimits.MAX_PAGES
                ? Optional.empty()
                : Optional.of(limits.maximumPages());
        return new DeclaredMemory(limits.initialPages(), maximum);
    }

    /**
     * Why this module may not run under {@code limits}, if it may not: a module that declares more
     * memory than the cap is refused rather than started and left to fail somewhere inside.
     */
    public Optional<String> refusal(Limits limits) {
        int cap = limits.memoryMaxPages();
        if (initialPages > cap) {
            return Optional.of("the module needs " + describe(initialPages) + " of memory to start, more than the limit of "
                    + describe(cap) + "; build it with a smaller initial memory or ask the operator for more");
        }
        if (maximumPages.isPresent() && maximumPages.get() > cap) {
            return Optional.of("the module declares a maximum memory of " + describe(maximumPages.get())
                    + ", more than the limit of " + describe(cap)
                    + "; build it with a maximum within the limit (e.g. -Wl,--max-memory) or ask the operator for more");
        }
        return Optional.empty();
    }

    private static String describe(int pages) {
        return pages + " pages (" + ((long) pages * 64) + " KiB)";
    }
}
