package liop.node.metering;

import liop.node.metering.ControlStack.Frame;
import liop.node.metering.CostModel.LengthCharge;
import liop.node.metering.Instruction.Kind;

/**
 * Rewrites function bodies so that each basic block adds its cost to the count before it runs, and
 * the count is checked against the limit wherever the module could otherwise run on or act.
 *
 * <p><b>Counting.</b> A basic block starts where control can arrive other than by falling through
 * from the instruction before: at function entry, inside a {@code loop} (every iteration passes
 * there), at the start of each arm of an {@code if}, after the {@code end} of an {@code if} or of
 * a {@code block} that some branch targets, and after a {@code br_if} (the fall-through path). The
 * code after {@code br}, {@code br_table}, {@code return} and {@code unreachable} is dead until the
 * next block start and is not charged. Calls do not end a block: a call that traps or exits leaves
 * the rest of its block charged but not run, the same on every engine.
 *
 * <p><b>Checking.</b> The count is compared with the limit at function entry, at every loop
 * header, before bulk operations, before calls to the host or through a table, and before the
 * function returns. Between two checks runs at most a path without loops or calls, so a module
 * overruns its limit by at most that path's cost before it traps, and it can neither loop, nor
 * act through the host, nor finish after its fuel ran out.
 *
 * <p><b>Saving.</b> The count lives in a local while the function runs; it is saved to the global
 * before control leaves (calls, returns, the module's own {@code unreachable}, running out) and
 * read back after calls. After a trap of another kind the global lacks what the trapping function
 * counted since it last saved.
 *
 * <p>Original instructions are copied byte for byte; nothing in them is renumbered because the fuel
 * global is appended after all others and the meter's locals after all locals. The only indices it
 * checks are the ones those additions could make valid: a {@code global.get/set} or {@code
 * local.*} that reached past the end in the original would reach the meter's own global or local.
 */
final class FunctionRewriter {

    /** What must happen to the count just before an instruction. */
    private enum Sync {
        NONE,
        /** Control leaves for a callee that checks at entry, or traps anyway. */
        SAVE,
        /** Control leaves for the host, a table entry or the caller. */
        SAVE_AND_CHECK
    }

    private final byte[] module;
    private final FuelCharges charges;
    private final long globalCount;
    private final long importedFunctions;
    private final long maxBodyBytes;
    private final Instruction insn = new Instruction();
    private final BinaryWriter expression = new BinaryWriter(1024);
    /** The instructions of the current basic block, waiting for its cost to be known. */
    private final BinaryWriter block = new BinaryWriter(256);
    private long blockCost;
    private boolean blockReachable;
    private boolean blockStartsWithCheck;
    private boolean usesScratchLocal;
    private long fuelLocal;

    /**
     * @param globalCount the number of globals (imported and defined) in the original module
     * @param importedFunctions the number of imported functions, the first in the index space
     * @param maxBodyBytes the largest rewritten body allowed
     */
    FunctionRewriter(byte[] module, FuelCharges charges, long globalCount, long importedFunctions, long maxBodyBytes) {
        this.module = module;
        this.charges = charges;
        this.globalCount = globalCount;
        this.importedFunctions = importedFunctions;
        this.maxBodyBytes = maxBodyBytes;
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
        if (localCount + 2 > 0xFFFF_FFFFL) {
            throw body.malformed("function declares " + localCount + " locals, too many to add the meter's two");
        }

        rewriteExpression(body, localCount);

        // The meter's locals go after all others, so no local is renumbered.
        out.writeU32(declarationCount + (usesScratchLocal ? 2 : 1));
        out.writeBytes(module, declarationsStart, declarationsEnd - declarationsStart);
        out.writeU32(1).writeByte(ValueTypes.I64); // the count: index localCount
        if (usesScratchLocal) {
            out.writeU32(1).writeByte(ValueTypes.I32); // bulk lengths: index localCount + 1
        }
        out.writeAll(expression);
    }

    private void rewriteExpression(BinaryReader body, long localCount) throws MeteringException {
        fuelLocal = localCount;
        long scratchLocal = localCount + 1;
        ControlStack control = new ControlStack();
        control.push(Frame.FUNCTION);
        InstructionDecoder decoder = new InstructionDecoder(body);
        expression.reset();
        block.reset();
        blockCost = 0;
        blockReachable = true;
        blockStartsWithCheck = true; // function entry: recursion passes here
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
                charges.writeAddForLength(block, lengthCharge, fuelLocal, scratchLocal);
                charges.writeCheck(block, fuelLocal);
                usesScratchLocal = true;
            }
            Sync sync = syncBefore(insn, control);
            if (sync != Sync.NONE) {
                charges.writeStore(block, fuelLocal);
            }
            if (sync == Sync.SAVE_AND_CHECK) {
                charges.writeCheck(block, fuelLocal);
            }
            block.writeBytes(module, start, body.position() - start);
            blockCost += CostModel.staticCost(insn);
            if (insn.kind == Kind.CALL) {
                charges.writeLoad(block, fuelLocal); // with what the callee spent
            }
            if (expression.size() + block.size() > maxBodyBytes) {
                throw ModuleRewriter.tooLarge(start);
            }

            switch (insn.kind) {
                case BLOCK -> control.push(Frame.BLOCK); // entered only by falling in: no new block
                case LOOP -> {
                    control.push(Frame.LOOP);
                    endBlock(true, true);
                }
                case IF -> {
                    control.push(Frame.IF);
                    endBlock(true, false);
                }
                case ELSE -> {
                    if (control.innermost() != Frame.IF) {
                        throw MeteringException.malformed(start, "else outside an if");
                    }
                    endBlock(true, false);
                }
                case END -> {
                    Frame frame = control.innermost();
                    boolean targeted = control.innermostIsTargeted();
                    control.pop();
                    if (frame == Frame.FUNCTION) {
                        endBlock(false, false);
                        if (!body.atEnd()) {
                            throw body.malformed("bytes after the end of the function body");
                        }
                        return;
                    }
                    // Branches to a loop go to its start, so only block and if ends are targets.
                    if (frame == Frame.IF || (frame == Frame.BLOCK && targeted)) {
                        endBlock(true, false);
                    }
                }
                case BRANCH_IF -> endBlock(true, false);
                case BRANCH, BRANCH_TABLE, EXIT -> endBlock(false, false);
                case CALL, PLAIN, LOCAL, GLOBAL -> { }
            }
        }
    }

    private Sync syncBefore(Instruction insn, ControlStack control) {
        return switch (insn.kind) {
            case CALL, EXIT -> {
                boolean toDefinedFunction = (insn.opcode == Opcodes.CALL || insn.opcode == Opcodes.RETURN_CALL)
                        && insn.index >= importedFunctions;
                yield toDefinedFunction || insn.opcode == Opcodes.UNREACHABLE ? Sync.SAVE : Sync.SAVE_AND_CHECK;
            }
            case END -> control.depth() == 1 ? Sync.SAVE_AND_CHECK : Sync.NONE;
            case BRANCH, BRANCH_IF -> insn.index == control.depth() - 1 ? Sync.SAVE_AND_CHECK : Sync.NONE;
            case BRANCH_TABLE -> {
                for (int i = 0; i < insn.labelCount(); i++) {
                    if (insn.label(i) == control.depth() - 1) {
                        yield Sync.SAVE_AND_CHECK;
                    }
                }
                yield Sync.NONE;
            }
            default -> Sync.NONE;
        };
    }

    /**
     * Emits the finished block behind what it adds to the count (and, at a loop header or the
     * function entry, the check); says whether the next block is reachable and starts a loop body.
     */
    private void endBlock(boolean nextReachable, boolean nextStartsWithCheck) {
        if (blockReachable && blockCost > 0) {
            charges.writeAdd(expression, blockCost, fuelLocal);
        }
        if (blockReachable && blockStartsWithCheck) {
            charges.writeCheck(expression, fuelLocal);
        }
        expression.writeAll(block);
        block.reset();
        blockCost = 0;
        blockReachable = nextReachable;
        blockStartsWithCheck = nextStartsWithCheck;
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
