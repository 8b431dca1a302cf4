package liop.node.metering;

import static liop.node.metering.Opcodes.*;

import liop.node.metering.CostModel.LengthCharge;

/**
 * Writes the instruction sequences that count fuel. While a function runs, its count lives in a
 * local (engines that compile keep it in a register); the exported global is brought up to date
 * whenever control may leave the function: before calls, returns and traps, and read back after
 * calls. A charge adds to the local and traps with {@code unreachable} once the limit baked into
 * the module is exceeded:
 *
 * <pre>
 *   local.get $fuel  i64.const cost  i64.add  local.tee $fuel
 *   i64.const limit  i64.gt_s  if  local.get $fuel  global.set $used  unreachable  end
 * </pre>
 *
 * Every sequence leaves the operand stack as it found it, so it can go anywhere an instruction can,
 * including code after a {@code br} that never runs. The comparison may be signed: the count never
 * comes near 2^63 because the limit is at most 2^62 and no single charge exceeds 2^46.
 */
final class FuelCharges {

    private final int usedGlobal;
    private final long fuelLimit;

    FuelCharges(int usedGlobal, long fuelLimit) {
        this.usedGlobal = usedGlobal;
        this.fuelLimit = fuelLimit;
    }

    /** Copies the global into the function's local: at entry and after every call. */
    void writeLoad(BinaryWriter out, long fuelLocal) {
        out.writeByte(GLOBAL_GET).writeU32(usedGlobal);
        out.writeByte(LOCAL_SET).writeU32(fuelLocal);
    }

    /** Copies the function's local into the global: before control may leave the function. */
    void writeStore(BinaryWriter out, long fuelLocal) {
        out.writeByte(LOCAL_GET).writeU32(fuelLocal);
        out.writeByte(GLOBAL_SET).writeU32(usedGlobal);
    }

    /** Charges a fixed amount: the cost of the basic block that follows. */
    void writeFixed(BinaryWriter out, long cost, long fuelLocal) {
        out.writeByte(LOCAL_GET).writeU32(fuelLocal);
        out.writeByte(I64_CONST).writeS64(cost);
        writeAddAndCheck(out, fuelLocal);
    }

    /**
     * Charges for the length on top of the operand stack (an i32), which it keeps there for the
     * bulk instruction that follows; {@code scratchLocal} is an i32 local it may overwrite.
     */
    void writeForLength(BinaryWriter out, LengthCharge kind, long fuelLocal, long scratchLocal) {
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
        writeAddAndCheck(out, fuelLocal);
    }

    private void writeAddAndCheck(BinaryWriter out, long fuelLocal) {
        out.writeByte(I64_ADD);
        out.writeByte(LOCAL_TEE).writeU32(fuelLocal);
        out.writeByte(I64_CONST).writeS64(fuelLimit);
        out.writeByte(I64_GT_S);
        out.writeByte(IF).writeByte(EMPTY_BLOCK_TYPE);
        writeStore(out, fuelLocal);
        out.writeByte(UNREACHABLE);
        out.writeByte(END);
    }
}
