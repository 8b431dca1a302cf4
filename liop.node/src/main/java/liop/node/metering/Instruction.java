package liop.node.metering;

import java.util.Arrays;

/**
 * What the meter needs to know about one decoded instruction: how it affects control flow, which
 * local or global it touches, and its opcode for the cost model. One instance is reused for every
 * instruction of a function, so decoding allocates nothing per instruction.
 */
final class Instruction {

    /** How an instruction matters to metering. */
    enum Kind {
        /** Anything that neither changes control flow nor touches a local or global. */
        PLAIN,
        BLOCK,
        LOOP,
        IF,
        ELSE,
        END,
        /** {@code br}: {@link #index} is the label depth. */
        BRANCH,
        /** {@code br_if}: {@link #index} is the label depth. */
        BRANCH_IF,
        /** {@code br_table}: the label depths are in {@link #label(int)}. */
        BRANCH_TABLE,
        /** {@code call} ({@link #index} is the function) and {@code call_indirect} ({@link #index} is the type). */
        CALL,
        /**
         * Leaves the function or traps: {@code return}, {@code unreachable}, tail calls ({@code
         * return_call}: {@link #index} is the function; {@code return_call_indirect}: the type).
         */
        EXIT,
        /** {@code local.get/set/tee}: {@link #index} is the local index. */
        LOCAL,
        /** {@code global.get/set}: {@link #index} is the global index. */
        GLOBAL
    }

    /** Marks an instruction without a prefix in {@link #subOpcode}. */
    static final int NO_SUB_OPCODE = -1;

    Kind kind;
    /** The first byte (a prefix such as 0xFC for prefixed instructions). */
    int opcode;
    /** The opcode after a prefix byte, or {@link #NO_SUB_OPCODE}. */
    int subOpcode;
    /**
     * The label, local, global, function or type the instruction names ({@code ref.func}: the
     * function; {@code block}, {@code loop}, {@code if}: the type of a multi-value block, or -1).
     */
    long index;
    private long[] labels = new long[8];
    private int labelCount;

    void reset(int opcode) {
        this.kind = Kind.PLAIN;
        this.opcode = opcode;
        this.subOpcode = NO_SUB_OPCODE;
        this.index = 0;
        this.labelCount = 0;
    }

    void addLabel(long depth) {
        if (labelCount == labels.length) {
            labels = Arrays.copyOf(labels, labels.length * 2);
        }
        labels[labelCount++] = depth;
    }

    int labelCount() {
        return labelCount;
    }

    long label(int i) {
        return labels[i];
    }
}
