package liop.node.metering;

import static liop.node.metering.Opcodes.*;

/**
 * What each instruction costs, in fuel. Simple on purpose, so that an agent can predict it:
 *
 * <table>
 * <caption>Fuel per instruction</caption>
 * <tr><th>instruction</th><th>fuel</th></tr>
 * <tr><td>{@code block}, {@code loop}, {@code else}, {@code end}</td><td>0 (markers, no work of their own)</td></tr>
 * <tr><td>{@code memory.fill}, {@code memory.copy}, {@code memory.init}</td>
 *     <td>1 + one per {@value #BYTES_PER_FUEL} bytes of their length (rounded down)</td></tr>
 * <tr><td>{@code table.fill}, {@code table.copy}, {@code table.init}, {@code table.grow}</td>
 *     <td>1 + one per element of their length</td></tr>
 * <tr><td>{@code memory.grow}</td><td>1 + {@value #FUEL_PER_PAGE} per 64 KiB page requested
 *     (as much as filling the page), whether or not the grow succeeds</td></tr>
 * <tr><td>every other instruction, calls and host calls included</td><td>1</td></tr>
 * </table>
 *
 * <p>The fixed part is counted at the start of each region (code entered at one point and run
 * straight through, see {@link FunctionRewriter}), for the whole region; the length-dependent part
 * just before the bulk instruction runs, from the length on the operand stack, and checked at once,
 * so a bulk operation that would exceed the limit traps before it does any work. A region costs as
 * much as its most costly path, so a run may be charged a little more than what the instructions it
 * executed cost: the few that short forward branches skipped, and, if it stopped in the middle of a
 * region, the rest of it. Instructions that no path reaches (after a {@code br} or {@code return})
 * cost nothing.
 *
 * <p>The costs are part of the contract with agents (a module's fuel is the same everywhere), so
 * changing them changes every module's fuel: do it deliberately.
 */
final class CostModel {

    /** Bulk memory operations move about one 64-bit word per unit of work. */
    static final int BYTES_PER_FUEL = 8;
    /** {@code log2(BYTES_PER_FUEL)}: the meter divides by shifting. */
    static final int BYTES_PER_FUEL_SHIFT = 3;
    /** Growing memory by a page costs as much as filling it: 65536 / {@link #BYTES_PER_FUEL}. */
    static final int FUEL_PER_PAGE = 65536 / BYTES_PER_FUEL;

    /** The part of an instruction's cost that depends on a length known only at run time. */
    enum LengthCharge {
        NONE,
        /** The i32 on top of the stack is a byte count. */
        MEMORY_BYTES,
        /** The i32 on top of the stack is a count of table elements. */
        TABLE_ELEMENTS,
        /** The i32 on top of the stack is a count of 64 KiB pages. */
        MEMORY_PAGES
    }

    private CostModel() {}

    /** The fuel an instruction always costs, charged with the rest of its basic block. */
    static long staticCost(Instruction insn) {
        return switch (insn.kind) {
            case BLOCK, LOOP, ELSE, END -> 0;
            default -> 1;
        };
    }

    static LengthCharge lengthCharge(Instruction insn) {
        if (insn.opcode == MEMORY_GROW) {
            return LengthCharge.MEMORY_PAGES;
        }
        if (insn.opcode != PREFIX_MISC) {
            return LengthCharge.NONE;
        }
        return switch (insn.subOpcode) {
            case MEMORY_FILL, MEMORY_COPY, MEMORY_INIT -> LengthCharge.MEMORY_BYTES;
            case TABLE_FILL, TABLE_COPY, TABLE_INIT, TABLE_GROW -> LengthCharge.TABLE_ELEMENTS;
            default -> LengthCharge.NONE;
        };
    }
}
