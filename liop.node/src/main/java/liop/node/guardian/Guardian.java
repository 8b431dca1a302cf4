package liop.node.guardian;

import java.util.List;
import java.util.Optional;
import liop.node.guardian.ModuleInfo.Export;
import liop.node.guardian.ModuleInfo.ExternKind;
import liop.node.guardian.ModuleInfo.Import;
import liop.node.guardian.ModuleInfo.Limits;

/**
 * Judges a module before any engine sees it: it must be a well-formed WASI preview1 command module,
 * importing nothing but WASI functions, within the node's size and memory limits.
 *
 * <p>Memories without a declared maximum are accepted: engines impose {@code memoryMaxPages} on
 * them. A memory whose initial size or declared maximum is above the limit is refused here, so
 * every engine answers it the same way.
 */
public final class Guardian {

    /** The only module a guest may import from: its whole world is WASI preview1. */
    public static final String WASI_MODULE = "wasi_snapshot_preview1";

    private final ModuleLimits limits;

    public Guardian(ModuleLimits limits) {
        this.limits = limits;
    }

    /** Returns the module's structure, or the reason it may not run. */
    public Verdict judge(byte[] module) {
        if (module.length == 0) {
            return new Verdict.Refused(Rejection.invalid("the module is empty"));
        }
        if (module.length > limits.moduleMaxBytes()) {
            return new Verdict.Refused(Rejection.invalid("the module is " + module.length + " bytes; this node accepts modules up to " + limits.moduleMaxBytes() + " bytes (module.max.bytes)"));
        }
        ModuleInfo info;
        try {
            info = WasmBinaryReader.read(module);
        } catch (ModuleFormatException e) {
            return new Verdict.Refused(Rejection.invalid("malformed module: " + e.getMessage()));
        }
        return checkImports(info.imports())
                .or(() -> checkMemories(info.memories()))
                .or(() -> checkTables(info.tables()))
                .or(() -> checkCounts(info))
                .or(() -> checkEntryPoint(info))
                .<Verdict>map(Verdict.Refused::new)
                .orElseGet(() -> new Verdict.Accepted(info));
    }

    private Optional<Rejection> checkImports(List<Import> imports) {
        for (Import imp : imports) {
            if (!imp.module().equals(WASI_MODULE)) {
                return Optional.of(Rejection.denied("the module imports " + imp + ", but a LIOP module may import only " + WASI_MODULE + " functions; remove the import or provide it inside the module"));
            }
            if (imp.kind() != ExternKind.FUNCTION) {
                return Optional.of(Rejection.denied("the module imports " + imp + ", but WASI provides only functions; define the " + imp.kind().lowerName() + " inside the module"));
            }
        }
        return Optional.empty();
    }

    private Optional<Rejection> checkMemories(List<Limits> memories) {
        if (memories.size() > 1) {
            return Optional.of(Rejection.invalid("the module defines " + memories.size() + " memories; WASI modules use exactly one"));
        }
        for (Limits memory : memories) {
            if (memory.min() > limits.memoryMaxPages()) {
                return Optional.of(Rejection.denied("the module's memory starts at " + memory.min() + " pages (" + memory.min() * 64 + " KiB) but this node allows at most " + limits.memoryMaxPages() + " pages (memory.max.pages); lower the module's initial memory"));
            }
            if (memory.max().isPresent() && memory.max().get() > limits.memoryMaxPages()) {
                return Optional.of(Rejection.denied("the module declares a maximum memory of " + memory.max().get() + " pages (" + memory.max().get() * 64 + " KiB) but this node allows at most " + limits.memoryMaxPages() + " pages (memory.max.pages); declare a lower maximum or none"));
            }
        }
        return Optional.empty();
    }

    private Optional<Rejection> checkTables(List<Limits> tables) {
        for (Limits table : tables) {
            if (table.min() > limits.tableMaxElements()) {
                return Optional.of(Rejection.denied("a table of the module starts with " + table.min() + " elements but this node allows at most " + limits.tableMaxElements() + " (table.max.elements)"));
            }
        }
        return Optional.empty();
    }

    private Optional<Rejection> checkCounts(ModuleInfo info) {
        ModuleInfo.Counts counts = info.counts();
        return overLimit("functions", info.functionCount(), limits.functionsMax(), "functions.max")
                .or(() -> overLimit("locals in one function", counts.maxLocalsInAFunction(), limits.localsPerFunctionMax(), "locals.per.function.max"))
                .or(() -> overLimit("globals", counts.globals(), limits.globalsMax(), "globals.max"))
                .or(() -> overLimit("function types", counts.types(), limits.typesMax(), "types.max"))
                .or(() -> overLimit("data and element segments", counts.dataSegments() + counts.elementSegments(), limits.segmentsMax(), "segments.max"));
    }

    private static Optional<Rejection> overLimit(String what, long count, long max, String setting) {
        return count > max
                ? Optional.of(Rejection.denied("the module declares " + count + " " + what + "; this node allows at most " + max + " (" + setting + ")"))
                : Optional.empty();
    }

    private Optional<Rejection> checkEntryPoint(ModuleInfo info) {
        Optional<Export> start = info.export("_start");
        if (start.isEmpty()) {
            return Optional.of(Rejection.invalid("the module exports no _start function; a LIOP module is a WASI command (build it as an executable, e.g. clang --target=wasm32-wasi, not as a library)"));
        }
        if (start.get().kind() != ExternKind.FUNCTION) {
            return Optional.of(Rejection.invalid("the module's _start export is a " + start.get().kind().lowerName() + ", not a function"));
        }
        boolean exportsMemory = info.export("memory").map(e -> e.kind() == ExternKind.MEMORY).orElse(false);
        if (!info.imports().isEmpty() && !exportsMemory) {
            return Optional.of(Rejection.invalid("the module imports WASI functions but exports no memory named 'memory', through which WASI passes data"));
        }
        return Optional.empty();
    }

    /** The Guardian's decision. */
    public sealed interface Verdict {
        record Accepted(ModuleInfo info) implements Verdict {}

        record Refused(Rejection rejection) implements Verdict {}
    }
}
