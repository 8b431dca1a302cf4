package liop.node.metering;

import static liop.node.metering.Opcodes.*;

import liop.node.metering.CostModel.LengthCharge;

/**
 * Writes the instruction sequences that count fuel, all of which leave the operand stack as they
 * found it (so they can go anywhere an instruction can), and the meter's two helper functions.
 *
 * <p>A function counts down in an i32 local, {@code left}: it starts at the allowance {@code A} at
 * function entry, less the entry region's cost, and every region head subtracts its region's cost;
 * {@code A - left} is the fuel the function counted that the exported global {@code used} lacks.
 * Flushing hands {@code left} to the helper {@code $flush}, which adds {@code A - left} to {@code
 * used}, traps with {@code unreachable} if {@code used} is then above the limit (baked into the
 * module), and returns {@code A} to start again. Loop headers flush when {@code left} is negative,
 * which is a shift and a branch. Engines that compile keep {@code left} in a register, and a call
 * to the helper at each flush point (instead of a dozen instructions) keeps rewritten functions
 * small: the JVM does not compile methods above 8000 bytes of bytecode, and Chicory's compiler makes
 * one method per function. {@code $add} adds an i64 to {@code used} and traps in the same way, for
 * bulk instructions, whose cost can exceed what an i32 holds.
 *
 * <p>The arithmetic cannot overflow: {@code left} is at most {@code A}, and at least {@code A} less
 * one function body's instructions (below 2^26) since it was last reset; the limit is at most 2^62
 * and no single charge to {@code used} exceeds 2^46.
 */
final class FuelCharges {

    /**
     * A function flushes at a loop header once it has counted this much (or the limit, if lower):
     * rarely enough that it costs nothing in a tight loop, often enough that a run overshoots its
     * limit by little.
     */
    static final int ALLOWANCE = 1 << 14;
    /** Before a call after a loop, a function flushes once it has counted this much (or the allowance, if lower). */
    static final int CALL_ALLOWANCE = 1 << 10;

    private final long usedGlobal;
    private final long fuelLimit;
    private final long flushHelper;
    private final int allowance;

    /**
     * @param usedGlobal the index of the exported fuel global
     * @param flushHelper the index of {@code $flush}; {@code $add} follows it
     */
    FuelCharges(long usedGlobal, long fuelLimit, long flushHelper) {
        this.usedGlobal = usedGlobal;
        this.fuelLimit = fuelLimit;
        this.flushHelper = flushHelper;
        this.allowance = (int) Math.min(fuelLimit, ALLOWANCE);
    }

    /** {@code left = A - cost}: at function entry, with the entry region's cost. */
    void writeStart(BinaryWriter out, long cost, long left) {
        out.writeByte(I32_CONST).writeS64(allowance - cost);
        out.writeByte(LOCAL_SET).writeU32(left);
    }

    /** {@code left -= cost}: a region's cost, at its head. */
    void writeCharge(BinaryWriter out, long cost, long left) {
        if (cost == 0) {
            return;
        }
        out.writeByte(LOCAL_GET).writeU32(left);
        out.writeByte(I32_CONST).writeS64(cost);
        out.writeByte(I32_SUB);
        out.writeByte(LOCAL_SET).writeU32(left);
    }

    /** {@code $flush(left); left = A}: before control leaves for a while and comes back. */
    void writeFlush(BinaryWriter out, long left) {
        writeFlushLeaving(out, left);
        out.writeByte(I32_CONST).writeS64(allowance);
        out.writeByte(LOCAL_SET).writeU32(left);
    }

    /** {@code $flush(left)}: before control leaves for good (return, tail call, trap). */
    void writeFlushLeaving(BinaryWriter out, long left) {
        out.writeByte(LOCAL_GET).writeU32(left);
        out.writeByte(I64_EXTEND_I32_S);
        out.writeByte(CALL).writeU32(flushHelper);
    }

    /**
     * {@code left -= cost; if (left < 0) flush}: at a loop header, one instruction shorter than the
     * two apart (which matters to an interpreter, once per iteration).
     */
    void writeChargeAndLoopCheck(BinaryWriter out, long cost, long left) {
        if (cost == 0) {
            writeLoopCheck(out, left);
            return;
        }
        out.writeByte(LOCAL_GET).writeU32(left);
        out.writeByte(I32_CONST).writeS64(cost);
        out.writeByte(I32_SUB);
        out.writeByte(LOCAL_TEE).writeU32(left);
        writeFlushIfNegative(out, left);
    }

    /** {@code if (left < 0) flush}: at a loop header. */
    void writeLoopCheck(BinaryWriter out, long left) {
        out.writeByte(LOCAL_GET).writeU32(left);
        writeFlushIfNegative(out, left);
    }

    /** With {@code left} on the operand stack: {@code if (left < 0) flush}. */
    private void writeFlushIfNegative(BinaryWriter out, long left) {
        out.writeByte(I32_CONST).writeS64(31);
        out.writeByte(I32_SHR_U);
        out.writeByte(IF).writeByte(EMPTY_BLOCK_TYPE);
        writeFlush(out, left);
        out.writeByte(END);
    }

    /** {@code if (A - left > call allowance) flush}: before a call after a loop. */
    void writeCallCheck(BinaryWriter out, long left) {
        out.writeByte(LOCAL_GET).writeU32(left);
        out.writeByte(I32_CONST).writeS64(allowance - Math.min(allowance, CALL_ALLOWANCE));
        out.writeByte(I32_LT_S);
        out.writeByte(IF).writeByte(EMPTY_BLOCK_TYPE);
        writeFlush(out, left);
        out.writeByte(END);
    }

    /**
     * Flushes, then charges the cost of the length on top of the operand stack (an i32, which it
     * keeps there for the bulk instruction that follows) through {@code $flush} too, so that it
     * traps before the instruction if the count is then over the limit; {@code scratch} is an i32
     * local it may overwrite.
     */
    void writeLengthCharge(BinaryWriter out, LengthCharge kind, long left, long scratch) {
        out.writeByte(LOCAL_TEE).writeU32(scratch);
        writeFlush(out, left);
        out.writeByte(I64_CONST).writeS64(allowance);
        out.writeByte(LOCAL_GET).writeU32(scratch);
        out.writeByte(I64_EXTEND_I32_U);
        switch (kind) {
            case MEMORY_BYTES -> out.writeByte(I64_CONST).writeS64(CostModel.BYTES_PER_FUEL_SHIFT).writeByte(I64_SHR_U);
            case MEMORY_PAGES -> out.writeByte(I64_CONST).writeS64(CostModel.FUEL_PER_PAGE).writeByte(I64_MUL);
            case TABLE_ELEMENTS -> { } // one per element
            case NONE -> throw new IllegalArgumentException("no length to charge for");
        }
        out.writeByte(I64_SUB);
        out.writeByte(CALL).writeU32(flushHelper);
    }

    /**
     * The helper's body, {@code (func $flush (param $left i64))}: adds what the caller counted
     * ({@code A - left}) to the global, and traps once it is above the limit. Short enough (33 bytes
     * of bytecode on Chicory's compiler) that the JVM inlines it everywhere.
     *
     * <pre>
     *   global.get $used  i64.const A  local.get $left  i64.sub  i64.add  local.tee $left  global.set $used
     *   local.get $left  i64.const limit  i64.gt_s  if  unreachable  end
     * </pre>
     */
    void writeFlushHelper(BinaryWriter out) {
        out.writeU32(0); // no locals but the parameter
        out.writeByte(GLOBAL_GET).writeU32(usedGlobal);
        out.writeByte(I64_CONST).writeS64(allowance);
        out.writeByte(LOCAL_GET).writeU32(0);
        out.writeByte(I64_SUB);
        out.writeByte(I64_ADD);
        out.writeByte(LOCAL_TEE).writeU32(0);
        out.writeByte(GLOBAL_SET).writeU32(usedGlobal);
        out.writeByte(LOCAL_GET).writeU32(0);
        out.writeByte(I64_CONST).writeS64(fuelLimit);
        out.writeByte(I64_GT_S);
        out.writeByte(IF).writeByte(EMPTY_BLOCK_TYPE);
        out.writeByte(UNREACHABLE);
        out.writeByte(END);
        out.writeByte(END);
    }
}
