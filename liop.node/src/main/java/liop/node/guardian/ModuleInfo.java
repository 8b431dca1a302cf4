package liop.node.guardian;

import java.util.List;
import java.util.Optional;

/**
 * What the Guardian needs to know about a module, read from its binary form without compiling it.
 *
 * @param imports every import, in order
 * @param memories memories the module defines itself (imported ones are among {@code imports})
 * @param tables tables the module defines itself
 * @param exports every export
 * @param functionCount functions the module defines (not imported)
 * @param counts how many of everything else the module declares, for the node's limits
 * @param hasStartFunction whether a start section runs code during instantiation
 * @param sizeBytes the module's size
 */
public record ModuleInfo(
        List<Import> imports,
        List<Limits> memories,
        List<Limits> tables,
        List<Export> exports,
        int functionCount,
        Counts counts,
        boolean hasStartFunction,
        int sizeBytes) {

    /**
     * Sizes an engine would allocate for before running a single instruction.
     *
     * @param types function types declared
     * @param globals globals the module defines
     * @param maxLocalsInAFunction the most locals one function declares (parameters not included)
     * @param largestFunctionBytes the largest function body, in bytes
     * @param dataSegments data segments
     * @param elementSegments element segments
     */
    public record Counts(long types, long globals, long maxLocalsInAFunction, long largestFunctionBytes, long dataSegments, long elementSegments) {
        public static final Counts NONE = new Counts(0, 0, 0, 0, 0, 0);
    }

    public ModuleInfo {
        imports = List.copyOf(imports);
        memories = List.copyOf(memories);
        tables = List.copyOf(tables);
        exports = List.copyOf(exports);
    }

    /** The kinds of things a module imports and exports. */
    public enum ExternKind {
        FUNCTION, TABLE, MEMORY, GLOBAL, TAG;

        static ExternKind of(int code) throws ModuleFormatException {
            return switch (code) {
                case 0 -> FUNCTION;
                case 1 -> TABLE;
                case 2 -> MEMORY;
                case 3 -> GLOBAL;
                case 4 -> TAG;
                default -> throw new ModuleFormatException("unknown import/export kind 0x" + Integer.toHexString(code));
            };
        }

        String lowerName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public record Import(String module, String name, ExternKind kind) {
        @Override
        public String toString() {
            return kind.lowerName() + " " + module + "." + name;
        }
    }

    public record Export(String name, ExternKind kind) {}

    /** Minimum and optional maximum, in pages for memories and in elements for tables. */
    public record Limits(long min, Optional<Long> max) {}

    public Optional<Export> export(String name) {
        return exports.stream().filter(e -> e.name().equals(name)).findFirst();
    }
}
