package liop.node.metering;

import liop.node.metering.ControlStack.Frame;
import liop.node.metering.CostModel.LengthCharge;
import liop.node.metering.Instruction.Kind;

/**
 * Rewrites function bodies so that each basic block pays for itself before it runs.
 *
 * <p>A basic block starts where control can arrive other than by falling through from the
 * instruction before: at function entry, inside a {@code loop} (every iteration passes there),
 * at the start of each arm of an {@code if}, after the {@code end} of an {@code if} or of a
 * {@code block} that some branch targets, and after a {@code br_if} (the fall-through path). The
 * code after {@code br}, {@code br_table}, {@code return} and {@code unreachable} is dead until the
 * next block start and is not charged. Calls do not end a block: a call that traps or exits leaves
 * the rest of its block charged but not run, the same on every engine.
 *
 * <p>Original instructions are copied byte for byte; nothing in them is renumbered because the fuel
 * global is appended after all others and the scratch local after all locals. The only indices it
 * checks are the ones those additions could make valid: a {@code global.get/set} or {@code
 * local.*} that reached past the end in the original would reach the meter's own global or local.
 */
final class FunctionRewriter {

    private final byte[] module;
    private final FuelCharges charges;
    private final long globalCount;
    private final Instruction insn = new Instruction();
    /** The instructions of the current basic block, waiting for its cost to be known. */
    private final BinaryWriter block = new BinaryWriter(256);
    private final BinaryWriter expression = new BinaryWriter(1024);
    private long blockCost;
    private boolean blockReachable;
    private boolean usesScratchLocal;
    private long fuelLocal;

    /**
     * @param globalCount the number of globals (imported and defined) in the original module
     */
    FunctionRewriter(byte[] module, FuelCharges charges, long globalCount) {
        this.module = module;
        this.charges = charges;
        this.globalCount = globalCount;
    }

    /** Rewrites one body (locals and expression, without the size prefix) into {@code out}. */
    void rewrite(BinaryReader body, int paramCount, BinaryWriter out) throws MeteringException {
        int declarationCount = body.readCount(2, "local declaration");
        int declarationsStart = body.position();
        long localCount = paramCount;
        for (int i = 0; i < declarationCount; i++) {
            localCount += body.readU32();
            ValueTypes.readValueType(body);
        }
        int declarationsEnd = body.position();
        if (localCount > 0xFFFF_FFFFL) {
            throw body.malformed("function declares " + localCount + " locals, more than 2^32 - 1");
        }

        if (localCount + 2 > 0xFFFF_FFFFL) {
            throw body.malformed("function declares " + localCount + " locals, too many to add the meter's two");
        }

        rewriteExpression(body, localCount, localCount + 1);

        // The meter's locals go after all others, so no local is renumbered.
        out.writeU32(declarationCount + (usesScratchLocal ? 2 : 1));
        out.writeBytes(module, declarationsStart, declarationsEnd - declarationsStart);
        out.writeU32(1).writeByte(ValueTypes.I64); // the fuel count, index localCount
        if (usesScratchLocal) {
            out.writeU32(1).writeByte(ValueTypes.I32); // bulk lengths, index localCount + 1
        }
        out.writeAll(expression);
    }

    private void rewriteExpression(BinaryReader body, long fuelLocal, long scratchLocal) throws MeteringException {
        ControlStack control = new ControlStack();
        control.push(Frame.FUNCTION);
        InstructionDecoder decoder = new InstructionDecoder(body);
        long localCount = fuelLocal; // the original's: the meter's own come after
        this.fuelLocal = fuelLocal;
        expression.reset();
        block.reset();
        blockCost = 0;
        blockReachable = true;
        usesScratchLocal = false;
        charges.writeLoad(expression, fuelLocal);

        while (true) {
            if (body.atEnd()) {
                throw body.malformed("function body ends before its final end");
            }
            int start = body.position();
            decoder.next(insn);
            checkIndices(insn, control, localCount, start);

            LengthCharge lengthCharge = CostModel.lengthCharge(insn);
            if (lengthCharge != LengthCharge.NONE) {
                charges.writeForLength(block, lengthCharge, fuelLocal, scratchLocal);
                usesScratchLocal = true;
            }
            if (mayLeaveFunction(insn, control)) {
                charges.writeStore(block, fuelLocal);
            }
            block.writeBytes(module, start, body.position() - start);
            blockCost += CostModel.staticCost(insn);
            if (insn.kind == Kind.CALL) {
                charges.writeLoad(block, fuelLocal); // the callee has spent some
            }

            switch (insn.kind) {
                case BLOCK -> control.push(Frame.BLOCK); // entered only by falling in: no new block
                case LOOP -> {
                    control.push(Frame.LOOP);
                    endBlock(true);
                }
                case IF -> {
                    control.push(Frame.IF);
                    endBlock(true);
                }
                case ELSE -> {
                    if (control.innermost() != Frame.IF) {
                        throw MeteringException.malformed(start, "else outside an if");
                    }
                    endBlock(true);
                }
                case END -> {
                    Frame frame = control.innermost();
                    boolean targeted = control.innermostIsTargeted();
                    control.pop();
                    if (frame == Frame.FUNCTION) {
                        endBlock(false);
                        if (!body.atEnd()) {
                            throw body.malformed("bytes after the end of the function body");
                        }
                        return;
                    }
                    // Branches to a loop go to its start, so only block and if ends are targets.
                    if (frame == Frame.IF || (frame == Frame.BLOCK && targeted)) {
                        endBlock(true);
                    }
                }
                case BRANCH_IF -> endBlock(true);
                case BRANCH, BRANCH_TABLE, EXIT -> endBlock(false);
                case CALL, PLAIN, LOCAL, GLOBAL -> { }
            }
        }
    }

    /**
     * Whether control may go elsewhere before the instruction after this one: then the global must
     * hold the count. (Traps other than running out of fuel do not update it: after such a trap,
     * the global lacks what the trapping function spent since its last call.)
     */
    private static boolean mayLeaveFunction(Instruction insn, ControlStack control) {
        return switch (insn.kind) {
            case CALL, EXIT -> true;
            case END -> control.depth() == 1;
            case BRANCH, BRANCH_IF -> insn.index == control.depth() - 1;
            case BRANCH_TABLE -> {
                for (int i = 0; i < insn.labelCount(); i++) {
                    if (insn.label(i) == control.depth() - 1) {
                        yield true;
                    }
                }
                yield false;
            }
            default -> false;
        };
    }

    /** Emits the finished block behind the charge for it; the next block starts reachable or dead. */
    private void endBlock(boolean nextReachable) {
        if (blockReachable && blockCost > 0) {
            charges.writeFixed(expression, blockCost, fuelLocal);
        }
        expression.writeAll(block);
        block.reset();
        blockCost = 0;
        blockReachable = nextReachable;
    }

    private void checkIndices(Instruction insn, ControlStack control, long localCount, int at) throws MeteringException {
        switch (insn.kind) {
            case LOCAL -> {
                if (insn.index >= localCount) {
                    throw MeteringException.malformed(at, "local " + insn.index + " does not exist (the function has " + localCount + ")");
                }
            }
            case GLOBAL -> {
                if (insn.index >= globalCount) {
                    throw MeteringException.malformed(at, "global " + insn.index + " does not exist (the module has " + globalCount + ")");
                }
            }
            case BRANCH, BRANCH_IF -> checkLabel(control, insn.index, at);
            case BRANCH_TABLE -> {
                for (int i = 0; i < insn.labelCount(); i++) {
                    checkLabel(control, insn.label(i), at);
                }
            }
            default -> { }
        }
    }

    private static void checkLabel(ControlStack control, long depth, int at) throws MeteringException {
        if (!control.markTargeted(depth)) {
            throw MeteringException.malformed(at, "branch to label " + depth + " but only " + control.depth() + " blocks enclose it");
        }
    }
}
