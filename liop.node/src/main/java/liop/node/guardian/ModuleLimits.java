package liop.node.guardian;

/**
 * How large a module may be before it is compiled: everything an engine would allocate for, or
 * spend time on, before the first instruction runs and fuel starts counting.
 *
 * @param moduleMaxBytes the module's size
 * @param memoryMaxPages linear memory, in 64 KiB pages; an initial size above it is refused,
 *     maxima above it (or none) are capped by the engine
 * @param tableMaxElements a table's initial size
 * @param functionsMax functions the module defines
 * @param localsPerFunctionMax locals one function declares
 * @param globalsMax globals the module defines
 * @param typesMax function types
 * @param segmentsMax data and element segments together
 */
public record ModuleLimits(
        int moduleMaxBytes,
        int memoryMaxPages,
        long tableMaxElements,
        long functionsMax,
        long localsPerFunctionMax,
        long globalsMax,
        long typesMax,
        long segmentsMax) {

    /** Room for large real programs (an SQLite or a Python build), none for absurd declarations. */
    public static final ModuleLimits DEFAULT = new ModuleLimits(16 << 20, 1024, 65_536, 100_000, 49_000, 100_000, 100_000, 100_000);

    public ModuleLimits {
        if (moduleMaxBytes < 8) {
            throw new IllegalArgumentException("module.max.bytes must be at least 8, got " + moduleMaxBytes);
        }
        if (memoryMaxPages < 1 || memoryMaxPages > 65536) {
            throw new IllegalArgumentException("memory.max.pages must be within 1..65536, got " + memoryMaxPages);
        }
        if (tableMaxElements < 0 || functionsMax < 0 || localsPerFunctionMax < 0 || globalsMax < 0 || typesMax < 0 || segmentsMax < 0) {
            throw new IllegalArgumentException("module limits must not be negative");
        }
    }
}
