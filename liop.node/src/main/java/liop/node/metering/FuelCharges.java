package liop.node.metering;

import static liop.node.metering.Opcodes.*;

import liop.node.metering.CostModel.LengthCharge;

/**
 * Writes the instruction sequences that charge fuel. Each adds to the fuel-used global and traps
 * with {@code unreachable} once it exceeds the limit baked into the module:
 *
 * <pre>
 *   global.get $used  i64.const cost  i64.add  global.set $used
 *   global.get $used  i64.const limit  i64.gt_u  if  unreachable  end
 * </pre>
 *
 * Every sequence leaves the operand stack as it found it, so it can go anywhere an instruction can,
 * including code after a {@code br} that never runs.
 */
final class FuelCharges {

    private final int usedGlobal;
    /** {@code global.set $used ... end}: the same bytes after every addition. */
    private final byte[] storeAndCheck;

    FuelCharges(int usedGlobal, long fuelLimit) {
        this.usedGlobal = usedGlobal;
        this.storeAndCheck = new BinaryWriter()
                .writeByte(GLOBAL_SET).writeU32(usedGlobal)
                .writeByte(GLOBAL_GET).writeU32(usedGlobal)
                .writeByte(I64_CONST).writeS64(fuelLimit)
                .writeByte(I64_GT_U)
                .writeByte(IF).writeByte(EMPTY_BLOCK_TYPE)
                .writeByte(UNREACHABLE)
                .writeByte(END)
                .toByteArray();
    }

    /** Charges a fixed amount: the cost of the basic block that follows. */
    void writeFixed(BinaryWriter out, long cost) {
        out.writeByte(GLOBAL_GET).writeU32(usedGlobal);
        out.writeByte(I64_CONST).writeS64(cost);
        out.writeByte(I64_ADD);
        out.writeBytes(storeAndCheck);
    }

    /**
     * Charges for the length on top of the operand stack (an i32), which it keeps there for the
     * bulk instruction that follows; {@code scratchLocal} is an i32 local it may overwrite.
     */
    void writeForLength(BinaryWriter out, LengthCharge kind, long scratchLocal) {
        out.writeByte(LOCAL_TEE).writeU32(scratchLocal);
        out.writeByte(GLOBAL_GET).writeU32(usedGlobal);
        out.writeByte(LOCAL_GET).writeU32(scratchLocal);
        out.writeByte(I64_EXTEND_I32_U);
        switch (kind) {
            case MEMORY_BYTES -> out.writeByte(I64_CONST).writeS64(CostModel.BYTES_PER_FUEL_SHIFT).writeByte(I64_SHR_U);
            case MEMORY_PAGES -> out.writeByte(I64_CONST).writeS64(CostModel.FUEL_PER_PAGE).writeByte(I64_MUL);
            case TABLE_ELEMENTS, NONE -> { } // one per element
        }
        out.writeByte(I64_ADD);
        out.writeBytes(storeAndCheck);
    }
}
