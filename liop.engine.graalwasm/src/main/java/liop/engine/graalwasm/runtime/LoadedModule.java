package liop.engine.graalwasm.runtime;

import java.util.Optional;
import java.util.Set;
import liop.api.engine.Limits;
import liop.engine.support.run.DeclaredMemory;
import org.graalvm.polyglot.Source;

/**
 * A parsed, validated module: everything about it that does not change from one run to the next.
 * Immutable (but for its cache of sources) and shared by every run.
 *
 * @param binary the module as GraalWasm runs it
 * @param memory the linear memory the module declares
 * @param integerGlobals names of the exported i32 and i64 globals, whose final values a run can report
 * @param linkError why the module's imports cannot be linked to the WASI functions, if they cannot
 * @param tailCallsCounted whether the call depth limit turned the module's tail calls into calls
 */
public record LoadedModule(
        GuestBinary binary,
        DeclaredMemory memory,
        Set<String> integerGlobals,
        Optional<String> linkError,
        boolean tailCallsCounted) {

    /** The source to run under {@code limits}: the memory maximum is never above the cap. */
    Source source(Limits limits) {
        return memory.maximumPages().isPresent() ? binary.declared() : binary.withMemoryCap(limits.memoryMaxPages());
    }

    /** The source that {@link liop.engine.graalwasm.GraalWasmEngine} checks at compile time. */
    public Source declaredSource() {
        return binary.declared();
    }
}
