package liop.node.metering;

import static liop.node.metering.Opcodes.*;

import liop.node.metering.CostModel.LengthCharge;

/**
 * Writes the instruction sequences that count fuel, all of which leave the operand stack as they
 * found it (so they can go anywhere an instruction can, even in code after a {@code br}).
 *
 * <p>While a function runs, its count lives in a local, which engines that compile keep in a
 * register: adding a block's cost is four cheap instructions. The exported global is brought up to
 * date whenever control leaves the function and read back when it returns from a call. Comparing
 * the count with the limit (baked into the module) is a separate, rarer step: a check traps with
 * {@code unreachable}, after saving the count, once the count exceeds the limit. The arithmetic
 * cannot overflow: the limit is at most 2^62, no single charge exceeds 2^46, and the count is
 * checked long before 2^63.
 */
final class FuelCharges {

    private final long usedGlobal;
    private final long fuelLimit;

    FuelCharges(long usedGlobal, long fuelLimit) {
        this.usedGlobal = usedGlobal;
        this.fuelLimit = fuelLimit;
    }

    /** {@code global.get $used  local.set $fuel}: at entry and after every call. */
    void writeLoad(BinaryWriter out, long fuelLocal) {
        out.writeByte(GLOBAL_GET).writeU32(usedGlobal);
        out.writeByte(LOCAL_SET).writeU32(fuelLocal);
    }

    /** {@code local.get $fuel  global.set $used}: before control leaves the function. */
    void writeStore(BinaryWriter out, long fuelLocal) {
        out.writeByte(LOCAL_GET).writeU32(fuelLocal);
        out.writeByte(GLOBAL_SET).writeU32(usedGlobal);
    }

    /** {@code local.get $fuel  i64.const cost  i64.add  local.set $fuel}: a basic block's cost. */
    void writeAdd(BinaryWriter out, long cost, long fuelLocal) {
        out.writeByte(LOCAL_GET).writeU32(fuelLocal);
        out.writeByte(I64_CONST).writeS64(cost);
        out.writeByte(I64_ADD);
        out.writeByte(LOCAL_SET).writeU32(fuelLocal);
    }

    /**
     * Adds the cost of the length on top of the operand stack (an i32), which it keeps there for the
     * bulk instruction that follows; {@code scratchLocal} is an i32 local it may overwrite.
     */
    void writeAddForLength(BinaryWriter out, LengthCharge kind, long fuelLocal, long scratchLocal) {
        out.writeByte(LOCAL_TEE).writeU32(scratchLocal);
        out.writeByte(LOCAL_GET).writeU32(fuelLocal);
        out.writeByte(LOCAL_GET).writeU32(scratchLocal);
        out.writeByte(I64_EXTEND_I32_U);
        switch (kind) {
            case MEMORY_BYTES -> out.writeByte(I64_CONST).writeS64(CostModel.BYTES_PER_FUEL_SHIFT).writeByte(I64_SHR_U);
            case MEMORY_PAGES -> out.writeByte(I64_CONST).writeS64(CostModel.FUEL_PER_PAGE).writeByte(I64_MUL);
            case TABLE_ELEMENTS -> { } // one per element
            case NONE -> throw new IllegalArgumentException("no length to charge for");
        }
        out.writeByte(I64_ADD);
        out.writeByte(LOCAL_SET).writeU32(fuelLocal);
    }

    /**
     * Traps, after saving the count, once the count exceeds the limit:
     *
     * <pre>
     *   i64.const limit  local.get $fuel  i64.sub  i64.const 63  i64.shr_u  i32.wrap_i64
     *   if  local.get $fuel  global.set $used  unreachable  end
     * </pre>
     *
     * {@code limit - count} is negative exactly when the count exceeds the limit, and its sign bit
     * is the condition. This rather than {@code i64.gt_s}: Chicory's compiler turns these into
     * plain JVM arithmetic, but a 64-bit comparison into a method call.
     */
    void writeCheck(BinaryWriter out, long fuelLocal) {
        out.writeByte(I64_CONST).writeS64(fuelLimit);
        out.writeByte(LOCAL_GET).writeU32(fuelLocal);
        out.writeByte(I64_SUB);
        out.writeByte(I64_CONST).writeS64(63);
        out.writeByte(I64_SHR_U);
        out.writeByte(I32_WRAP_I64);
        out.writeByte(IF).writeByte(EMPTY_BLOCK_TYPE);
        writeStore(out, fuelLocal);
        out.writeByte(UNREACHABLE);
        out.writeByte(END);
    }
}
