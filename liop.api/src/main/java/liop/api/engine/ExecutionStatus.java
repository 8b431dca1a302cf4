package liop.api.engine;

import java.util.Locale;

/** How an execution ended. The wire name is the lowercase constant name ({@code out_of_fuel}). */
public enum ExecutionStatus {
    /** The module ran to completion and exited with code 0. */
    OK,
    /** The module trapped (unreachable, out-of-bounds access, stack overflow, ...). */
    TRAP,
    /** The module used all the fuel it was given. */
    OUT_OF_FUEL,
    /** The module tried to grow its memory or tables past the limit. */
    OUT_OF_MEMORY,
    /** The wall-clock deadline passed before the module finished. */
    DEADLINE,
    /** The module exited with a non-zero code. */
    FAILED,
    /** The request asked for something policy does not allow (a capability, a dataset, a field). */
    DENIED,
    /** The request or the module is malformed. */
    INVALID,
    /** The node could not take the request now (no engine, too many executions); retry later. */
    UNAVAILABLE,
    /**
     * Content addressing: the request named its module by SHA-256 only, and the node does not have
     * it; send the request again with the module's bytes.
     */
    MODULE_REQUIRED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ExecutionStatus fromWireName(String wireName) {
        return valueOf(wireName.toUpperCase(Locale.ROOT));
    }
}
