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

    private final String name;
    private final ModuleRewriter rewriter;
    private final Optional<String> memoryExport;
    private final boolean startFunction;
    private final boolean callDepthCounted;
    private final Source declared;
    private final ConcurrentMap<Integer, Source> byMemoryCap = new ConcurrentHashMap<>();

    GuestBinary(String name, ModuleRewriter rewriter, Optional<String> memoryExport, boolean startFunction, boolean callDepthCounted) {
        this.name = name;
        this.rewriter = rewriter;
        this.memoryExport = memoryExport;
        this.startFunction = startFunction;
        this.callDepthCounted = callDepthCounted;
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

    /** The export name of memory 0, if the module has a memory. */
    Optional<String> memoryExport() {
        return memoryExport;
    }

    /** Whether the start function was taken out of the start section, to be called by the host. */
    boolean startFunction() {
        return startFunction;
    }

    /**
     * Whether the module counts its call depth (in the global exported as {@link ModuleLoader#DEPTH_EXPORT}):
     * only modules with functions that can nest unboundedly, or with large frames, need to.
     */
    boolean callDepthCounted() {
        return callDepthCounted;
    }

    private Source source(byte[] bytes) {
        return Source.newBuilder("wasm", ByteSequence.create(bytes), name).cached(true).buildLiteral();
    }
}
