package liop.engine.support.depth;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.AnnotatedInstruction;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * An upper bound on how many values a call of a function holds on its operand stack. Chicory's
 * compiled code keeps that stack in the function's JVM frame and its interpreter on the heap, so a
 * function that piles up thousands of values weighs as much as one with thousands of locals, and
 * is counted like one.
 *
 * <p>The bound follows the height through the body, instruction by instruction: what each one
 * surely pops and at most pushes is known for the instructions of the MVP, sign extension,
 * saturating truncation, bulk memory and reference types; any other is taken to push one value and
 * pop none. At the end of a block the height is put back to what validation guarantees (the height
 * at its start, plus its results), so an overestimate never outlives its block. The bound is never
 * below the real height, which is what matters; it is exact for most compiled code.
 */
final class OperandStackBound {

    private static final long EMPTY_BLOCK_TYPE = 0x40;

    private final WasmModule module;
    /** The type index of every function, imported ones first. */
    private final int[] functionTypes;

    OperandStackBound(WasmModule module) {
        this.module = module;
        int imported = module.importSection().count(ExternalType.FUNCTION);
        this.functionTypes = new int[imported + module.functionSection().functionCount()];
        int function = 0;
        for (int i = 0; i < module.importSection().importCount(); i++) {
            if (module.importSection().getImport(i) instanceof FunctionImport functionImport) {
                functionTypes[function++] = functionImport.typeIndex();
            }
        }
        for (int i = 0; i < module.functionSection().functionCount(); i++) {
            functionTypes[function++] = module.functionSection().getFunctionType(i);
        }
    }

    /** A block being followed: the height at its start and the results it leaves at its end. */
    private record Block(int start, int params, int results) {}

    /** The bound for a body's instructions. */
    int of(List<AnnotatedInstruction> code) {
        Deque<Block> blocks = new ArrayDeque<>();
        blocks.push(new Block(0, 0, 0)); // the function itself
        int height = 0;
        int max = 0;
        for (AnnotatedInstruction instruction : code) {
            switch (instruction.opcode()) {
                case BLOCK, LOOP, TRY_TABLE -> blocks.push(block(height, instruction.operand(0)));
                case IF -> blocks.push(block(--height, instruction.operand(0)));
                case ELSE -> height = blocks.peek().start();
                case END -> {
                    Block ended = blocks.pop();
                    height = ended.start() - ended.params() + ended.results();
                    if (blocks.isEmpty()) {
                        return max;
                    }
                }
                // after these the rest of the block is unreachable until its end
                case UNREACHABLE, BR, BR_TABLE, RETURN, RETURN_CALL, RETURN_CALL_INDIRECT, RETURN_CALL_REF, THROW, THROW_REF ->
                        height = blocks.peek().start();
                case CALL -> height += change(type(functionTypes[(int) instruction.operand(0)]), 0);
                case CALL_INDIRECT, CALL_REF -> height += change(type((int) instruction.operand(0)), 1);
                default -> height += change(instruction.opcode().opcode());
            }
            height = Math.max(height, 0);
            max = Math.max(max, height);
        }
        return max;
    }

    private FunctionType type(int index) {
        return module.typeSection().getType(index);
    }

    /** A call's change: its results, less its parameters and {@code operands} more (table index, reference). */
    private static int change(FunctionType type, int operands) {
        return type.returns().size() - type.params().size() - operands;
    }

    /**
     * A block's parameters and results from its block type, which Chicory stores as 0x40 (none), a
     * value type, or a type index. Where a value could be either, the larger reading is taken, and
     * parameters are taken as none when unsure: both only raise the bound.
     */
    private Block block(int start, long blockType) {
        if (blockType == EMPTY_BLOCK_TYPE) {
            return new Block(start, 0, 0);
        }
        boolean typeIndex = blockType >= 0 && blockType < module.typeSection().subTypeCount()
                && type((int) blockType) != null;
        if (!typeIndex) {
            return new Block(start, 0, 1);
        }
        FunctionType type = type((int) blockType);
        return ValType.isValid(blockType)
                ? new Block(start, 0, Math.max(1, type.returns().size()))
                : new Block(start, type.params().size(), type.returns().size());
    }

    /** What an instruction other than a block, branch or call does to the height, at most. */
    static int change(int opcode) {
        if (opcode >= 0x28 && opcode <= 0x35) {
            return 0; // loads
        }
        if (opcode >= 0x36 && opcode <= 0x3E) {
            return -2; // stores
        }
        if (opcode >= 0x41 && opcode <= 0x44) {
            return 1; // constants
        }
        if (opcode >= 0x45 && opcode <= 0xC4) {
            return numeric(opcode);
        }
        return switch (opcode) {
            case 0x01 -> 0; // nop
            case 0x0D -> -1; // br_if
            case 0x1A -> -1; // drop
            case 0x1B, 0x1C -> -2; // select
            case 0x20, 0x23 -> 1; // local.get, global.get
            case 0x21, 0x24 -> -1; // local.set, global.set
            case 0x22 -> 0; // local.tee
            case 0x25 -> 0; // table.get
            case 0x26 -> -2; // table.set
            case 0x3F -> 1; // memory.size
            case 0x40 -> 0; // memory.grow
            case 0xD0, 0xD2 -> 1; // ref.null, ref.func
            case 0xD1 -> 0; // ref.is_null
            case 0xFC00, 0xFC01, 0xFC02, 0xFC03, 0xFC04, 0xFC05, 0xFC06, 0xFC07 -> 0; // saturating truncations
            case 0xFC08, 0xFC0A, 0xFC0B, 0xFC0C, 0xFC0E, 0xFC11 -> -3; // memory.init/copy/fill, table.init/copy/fill
            case 0xFC09, 0xFC0D -> 0; // data.drop, elem.drop
            case 0xFC0F -> -1; // table.grow
            case 0xFC10 -> 1; // table.size
            default -> 1; // anything else: at most one value more, as far as this class knows
        };
    }

    /** Numeric instructions, 0x45 to 0xC4: tests and unary operations keep the height, comparisons and binary operations take one off. */
    private static int numeric(int opcode) {
        boolean unary = opcode == 0x45 || opcode == 0x50 // eqz
                || (opcode >= 0x67 && opcode <= 0x69) // i32 clz, ctz, popcnt
                || (opcode >= 0x79 && opcode <= 0x7B) // i64 clz, ctz, popcnt
                || (opcode >= 0x8B && opcode <= 0x91) // f32 abs ... sqrt
                || (opcode >= 0x99 && opcode <= 0x9F) // f64 abs ... sqrt
                || opcode >= 0xA7; // conversions, reinterpretations, sign extensions
        return unary ? 0 : -1;
    }
}
