package liop.engine.graalwasm.runtime;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.io.ByteSequence;

/**
 * The module as GraalWasm gets it (see {@link ModuleRewriter}), as polyglot sources. A source is
 * parsed once per polyglot engine and shared by every context that evaluates it.
 *
 * <p>A module that declares no memory maximum gets the sandbox's cap as maximum, so there is one
 * source per cap in use; with a declared maximum (which the node requires) there is only one.
 */
final class GuestBinary {

    /**
     * What the host reaches through exports, by export name.
     *
     * @param memory memory 0, if the module has a memory (the guest's own export, or one added)
     * @param startFunction the start function, taken out of the start section, if the module has one
     * @param callDepth the global in which the module counts its call depth, if it needs to count
     *     (only modules whose functions can nest without bound, or have large frames, do)
     */
    record HostExports(Optional<String> memory, Optional<String> startFunction, Optional<String> callDepth) {}

    private final String name;
    private final ModuleRewriter rewriter;
    private final HostExports hostExports;
    private final Source declared;
    private final ConcurrentMap<Integer, Source> byMemoryCap = new ConcurrentHashMap<>();

    GuestBinary(String name, ModuleRewriter rewriter, HostExports hostExports) {
        this.name = name;
        this.rewriter = rewriter;
        this.hostExports = hostExports;
        this.declared = source(rewriter.bytes());
    }

    /** The module with the memory maximum it declares. */
    Source declared() {
        return declared;
    }

    /** The module with {@code maxPages} as the maximum of a memory that declares none. */
    Source withMemoryCap(int maxPages) {
        return byMemoryCap.computeIfAbsent(maxPages, cap -> source(rewriter.capMemory(cap).bytes()));
    }

    HostExports hostExports() {
        return hostExports;
    }

    private Source source(byte[] bytes) {
        return Source.newBuilder("wasm", ByteSequence.create(bytes), name).cached(true).buildLiteral();
    }
}
