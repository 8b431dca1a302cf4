package liop.node.metering;

import static liop.node.metering.ControlStack.NO_PATH;

import java.util.Arrays;
import liop.node.metering.ControlStack.Frame;
import liop.node.metering.CostModel.LengthCharge;
import liop.node.metering.Instruction.Kind;

/**
 * Rewrites function bodies in three passes: the first measures a body's blocks (where each ends),
 * the second plans what to insert where and what each region costs, the third copies the body with
 * the insertions.
 *
 * <p><b>Regions.</b> A region is code that control enters at one point only, its head, and that
 * only goes forward from there until it leaves: it is charged in full at its head, before any of it
 * runs, as much as its most costly path. Heads are: the function entry; the start of every loop body
 * (every iteration passes there); both ways on from a conditional branch that skips more than
 * {@value #SPLIT} instructions (the code after a {@code br_if} and the end of its target, the arms of
 * an {@code if}); every target of a {@code br_table}; and the end of every block, if or loop that
 * control reaches from more than one region (so the code after a loop). A branch over {@value
 * #SPLIT} instructions or fewer stays inside its region. So a run is charged the {@link CostModel}
 * cost of the instructions it executed, plus the instructions that such short branches skipped (at
 * most {@value #SPLIT} each time one is taken), plus, if it stopped in the middle of a region (a
 * trap, an exit), the rest of that region. Code that no path reaches costs nothing. The count
 * depends only on the module and the path the run took, never on the engine.
 *
 * <p><b>Counting.</b> A function counts in a local (see {@link FuelCharges}) and adds its count to
 * the exported global, which checks the limit (it flushes): before control leaves for the host, for
 * a callee that may reach the host or for one that may call back (recursion; see {@link
 * CallGraph}); when it returns, tail-calls or traps; at a loop header once it has counted more than
 * the allowance; before a call made after a loop once it has counted more than the call allowance;
 * and before a bulk instruction, whose length it charges then. Other calls are left alone: the
 * callee flushes what it counted when it returns, the caller keeps its own count. So whenever the
 * host runs, the global is exact; at any other time it lacks what the functions on the call stack
 * counted since they last flushed: for the innermost, less than the allowance plus one loop-free
 * path; for each caller, the call allowance or the loop-free path to its call (nothing, if the call
 * may recurse). That is how far a module can overrun its limit, and it can neither loop, nor
 * recurse without end, nor act through the host, nor finish after its fuel ran out.
 *
 * <p>Original instructions are copied byte for byte; nothing in them is renumbered because the fuel
 * global is appended after all others, the meter's locals after all locals and its helper function
 * after all functions. The only indices it checks are the ones those additions could make valid: a
 * {@code global.get/set} or {@code local.*} that reached past the end in the original would reach
 * the meter's own global or local.
 */
final class FunctionRewriter {

    /**
     * A conditional branch over more instructions than this starts regions both ways; one over this
     * many or fewer leaves the region whole, charged as if they ran. Counting a region costs about as
     * much as running a few instructions, and a short forward branch is usually a short {@code if}.
     */
    static final int SPLIT = 16;

    /** What the third pass inserts before an instruction. */
    private enum Action {
        /** At function entry: start counting with the entry region's cost ({@code argument}: the region). */
        START,
        /** Count the cost of the region whose head this is ({@code argument}: the region). */
        CHARGE,
        /** At a loop header: flush if the function counted more than the allowance. */
        LOOP_CHECK,
        /** Before a call after a loop: flush if the function counted more than the call allowance. */
        CALL_CHECK,
        /** Before control leaves for the host, a callee that may reach it or one that may recurse, and comes back: flush. */
        FLUSH,
        /** Before control leaves for good (return, tail call, trap): flush. */
        FLUSH_LEAVING,
        /** Before a bulk instruction: flush with the cost of its length ({@code argument}: the kind). */
        LENGTH
    }

    private final byte[] module;
    private final FuelCharges charges;
    private final long globalCount;
    /**
     * Functions and types the module has: the meter appends its helper function and its type after
     * them, so the module's code may not name an index past them (it would reach the helper).
     */
    private final long functionCount;
    private final long typeCount;
    private final CallGraph calls;
    private final long maxBodyBytes;
    private final Instruction insn = new Instruction();
    private final ControlStack control = new ControlStack();

    // The first pass: where each block, loop and if ends (and an if's else is), counted in instructions.
    private int[] constructEnds = new int[16];
    private int[] constructElses = new int[16];
    private int instruction;
    private int constructs;

    // The plan: insertions in the order of their offsets, and the regions' costs.
    private int[] offsets = new int[64];
    private Action[] actions = new Action[64];
    private int[] arguments = new int[64];
    private int insertions;
    private long[] regionCosts = new long[16];
    private int regions;

    // While planning: the function, the region control is in and the cost of the path there so far.
    private int self;
    private int region;
    private long cost;
    private boolean afterLoop;
    private boolean usesScratch;

    /**
     * @param globalCount the number of globals (imported and defined) in the original module
     * @param calls which calls may reach the host
     * @param maxBodyBytes the largest rewritten body allowed
     */
    FunctionRewriter(byte[] module, FuelCharges charges, long globalCount, long functionCount, long typeCount, CallGraph calls, long maxBodyBytes) {
        this.module = module;
        this.charges = charges;
        this.globalCount = globalCount;
        this.functionCount = functionCount;
        this.typeCount = typeCount;
        this.calls = calls;
        this.maxBodyBytes = maxBodyBytes;
    }

    /**
     * Rewrites one body (locals and expression, without the size prefix) into {@code out}.
     *
     * @param function the body's function, counting defined functions only
     */
    void rewrite(BinaryReader body, int function, int paramCount, BinaryWriter out) throws MeteringException {
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

        int expressionStart = body.position();
        self = function;
        measure(new BinaryReader(module, expressionStart, body.position() + body.remaining()));
        plan(body, localCount);
        int expressionEnd = body.position();

        // The meter's locals go after all others, so no local is renumbered.
        long left = localCount;
        long scratch = left + 1;
        out.writeU32(declarationCount + (usesScratch ? 2 : 1));
        out.writeBytes(module, declarationsStart, declarationsEnd - declarationsStart);
        out.writeU32(1).writeByte(ValueTypes.I32);
        if (usesScratch) {
            out.writeU32(1).writeByte(ValueTypes.I32);
        }
        int bodyStart = out.size();
        int copied = expressionStart;
        for (int i = 0; i < insertions; i++) {
            out.writeBytes(module, copied, offsets[i] - copied);
            copied = offsets[i];
            switch (actions[i]) {
                case START -> charges.writeStart(out, regionCosts[arguments[i]], left);
                case CHARGE -> {
                    if (i + 1 < insertions && actions[i + 1] == Action.LOOP_CHECK && offsets[i + 1] == offsets[i]) {
                        charges.writeChargeAndLoopCheck(out, regionCosts[arguments[i]], left); // a loop header
                        i++;
                    } else {
                        charges.writeCharge(out, regionCosts[arguments[i]], left);
                    }
                }
                case LOOP_CHECK -> charges.writeLoopCheck(out, left);
                case CALL_CHECK -> charges.writeCallCheck(out, left);
                case FLUSH -> charges.writeFlush(out, left);
                case FLUSH_LEAVING -> charges.writeFlushLeaving(out, left);
                case LENGTH -> charges.writeLengthCharge(out, LengthCharge.values()[arguments[i]], left, scratch);
            }
            if (out.size() - bodyStart > maxBodyBytes) {
                throw ModuleRewriter.tooLarge(offsets[i]);
            }
        }
        out.writeBytes(module, copied, expressionEnd - copied);
        if (out.size() - bodyStart > maxBodyBytes) {
            throw ModuleRewriter.tooLarge(expressionEnd);
        }
    }

    /**
     * The first pass: numbers the blocks, loops and ifs in the order they start and notes where each
     * ends (and an if's else), as instruction counts from the body's start. Stops quietly where the
     * body is malformed: the second pass says how.
     */
    private void measure(BinaryReader body) throws MeteringException {
        InstructionDecoder decoder = new InstructionDecoder(body);
        int[] open = new int[16];
        int depth = 0;
        int count = 0;
        for (int index = 0; !body.atEnd(); index++) {
            decoder.next(insn);
            switch (insn.kind) {
                case BLOCK, LOOP, IF -> {
                    if (count == constructEnds.length) {
                        constructEnds = Arrays.copyOf(constructEnds, count * 2);
                        constructElses = Arrays.copyOf(constructElses, count * 2);
                    }
                    constructEnds[count] = Integer.MAX_VALUE;
                    constructElses[count] = -1;
                    if (depth == open.length) {
                        open = Arrays.copyOf(open, depth * 2);
                    }
                    open[depth++] = count++;
                }
                case ELSE -> {
                    if (depth > 0) {
                        constructElses[open[depth - 1]] = index;
                    }
                }
                case END -> {
                    if (depth == 0) {
                        return;
                    }
                    constructEnds[open[--depth]] = index;
                }
                default -> { }
            }
        }
    }

    /** Whether a forward branch from the current instruction to {@code end} skips more than {@link #SPLIT} instructions. */
    private boolean skips(int end) {
        return (long) end - instruction - 1 > SPLIT;
    }

    /** The second pass: reads the expression to its end and plans the insertions. */
    private void plan(BinaryReader body, long localCount) throws MeteringException {
        insertions = 0;
        regions = 0;
        instruction = 0;
        constructs = 0;
        afterLoop = false;
        usesScratch = false;
        while (control.depth() > 0) {
            control.pop();
        }
        InstructionDecoder decoder = new InstructionDecoder(body);
        enterRegion(body.position(), Action.START);
        control.push(Frame.FUNCTION, -1, region, cost);

        for (;; instruction++) {
            if (body.atEnd()) {
                throw body.malformed("function body ends before its final end");
            }
            int start = body.position();
            decoder.next(insn);
            checkIndices(insn, localCount, start);
            boolean reachable = cost != NO_PATH;
            if (reachable) {
                cost += CostModel.staticCost(insn);
                planBefore(start);
            }
            int next = body.position();

            switch (insn.kind) {
                case BLOCK -> control.push(Frame.BLOCK, constructs++, region, cost);
                case LOOP -> {
                    leaveRegion();
                    control.push(Frame.LOOP, constructs++, region, cost);
                    afterLoop = true;
                    if (reachable) {
                        enterRegion(next, Action.CHARGE);
                        insert(next, Action.LOOP_CHECK, 0);
                    }
                }
                case IF -> {
                    int ordinal = constructs++;
                    control.push(Frame.IF, ordinal, region, cost);
                    if (reachable && skips(constructElses[ordinal] >= 0 ? constructElses[ordinal] : constructEnds[ordinal])) {
                        leaveRegion();
                        enterRegion(next, Action.CHARGE);
                    }
                }
                case ELSE -> {
                    if (control.innermost() != Frame.IF || control.innermostHasElse()) {
                        throw MeteringException.malformed(start, "else outside an if");
                    }
                    arriveAtEnd();
                    control.enterElse();
                    region = control.innermostStartRegion();
                    cost = control.innermostStartCost();
                    if (cost != NO_PATH && skips(constructEnds[control.innermostOrdinal()])) {
                        leaveRegion();
                        enterRegion(next, Action.CHARGE);
                    }
                }
                case END -> {
                    if (end(next)) {
                        if (!body.atEnd()) {
                            throw body.malformed("bytes after the end of the function body");
                        }
                        return;
                    }
                }
                case BRANCH -> {
                    branch(insn.index);
                    cost = NO_PATH;
                }
                case BRANCH_IF -> {
                    if (reachable) {
                        branch(insn.index);
                        int target = control.targetOrdinal(insn.index);
                        if (skips(target < 0 ? Integer.MAX_VALUE : constructEnds[target])) {
                            forceHead(insn.index);
                            enterRegion(next, Action.CHARGE);
                        }
                    }
                }
                case BRANCH_TABLE -> {
                    if (reachable) {
                        for (int i = 0; i < insn.labelCount(); i++) {
                            branch(insn.label(i));
                            forceHead(insn.label(i));
                        }
                    }
                    cost = NO_PATH;
                }
                case EXIT -> {
                    leaveRegion();
                    cost = NO_PATH;
                }
                case PLAIN, CALL, LOCAL, GLOBAL -> { }
            }
        }
    }

    /** Insertions before a reachable instruction, whose cost is already counted. */
    private void planBefore(int start) {
        LengthCharge length = CostModel.lengthCharge(insn);
        if (length != LengthCharge.NONE) {
            insert(start, Action.LENGTH, length.ordinal());
            usesScratch = true;
        }
        switch (insn.kind) {
            case CALL -> {
                boolean direct = insn.opcode == Opcodes.CALL;
                boolean toHost = direct ? calls.mayReachHost(insn.index) : calls.indirectMayReachHost(insn.index);
                boolean recursive = direct ? calls.mayRecurse(self, insn.index) : calls.indirectMayRecurse(self, insn.index);
                if (toHost || recursive) {
                    insert(start, Action.FLUSH, 0);
                } else if (afterLoop) {
                    insert(start, Action.CALL_CHECK, 0);
                }
            }
            case EXIT -> insert(start, Action.FLUSH_LEAVING, 0);
            case END -> {
                if (control.depth() == 1) {
                    insert(start, Action.FLUSH_LEAVING, 0);
                }
            }
            case BRANCH -> {
                if (insn.index == control.depth() - 1) {
                    insert(start, Action.FLUSH_LEAVING, 0);
                }
            }
            case BRANCH_IF -> {
                if (insn.index == control.depth() - 1) {
                    insert(start, Action.FLUSH, 0);
                }
            }
            case BRANCH_TABLE -> {
                for (int i = 0; i < insn.labelCount(); i++) {
                    if (insn.label(i) == control.depth() - 1) {
                        insert(start, Action.FLUSH, 0);
                        break;
                    }
                }
            }
            default -> { }
        }
    }

    /**
     * An {@code end}: the innermost frame is over. If every path to its end comes from the region
     * the frame started in, they merge there and go on in that region; otherwise (and after a loop)
     * the end is a region's head.
     *
     * @return whether it was the function's end
     */
    private boolean end(int next) {
        Frame frame = control.innermost();
        if (frame == Frame.FUNCTION) {
            leaveRegion();
            control.pop();
            return true;
        }
        if (frame == Frame.IF && !control.innermostHasElse() && control.innermostStartCost() != NO_PATH) {
            // The missing else arm: from the if straight to its end.
            control.reachEnd(0, control.innermostStartRegion(), control.innermostStartCost());
        }
        arriveAtEnd();
        boolean reached = control.innermostReached();
        boolean head = frame == Frame.LOOP || control.innermostMixed();
        int startRegion = control.innermostStartRegion();
        long merged = control.innermostMergeCost();
        control.pop();
        if (!head) {
            region = startRegion;
            cost = merged;
        } else if (reached) {
            enterRegion(next, Action.CHARGE);
        } else {
            cost = NO_PATH;
        }
        return false;
    }

    /** Control falls through to the end of the innermost frame. */
    private void arriveAtEnd() {
        if (cost != NO_PATH) {
            leaveRegion();
            control.reachEnd(0, region, cost);
        }
    }

    /** A branch (taken or not) to the label {@code depth} out. */
    private void branch(long depth) {
        if (cost == NO_PATH) {
            return;
        }
        leaveRegion();
        if (control.target(depth) != Frame.LOOP) {
            control.reachEnd(depth, region, cost);
        }
    }

    /** After a conditional branch: the end of its target (unless a loop's start or the function's end) is a head. */
    private void forceHead(long depth) {
        Frame target = control.target(depth);
        if (target == Frame.BLOCK || target == Frame.IF) {
            control.forceHead(depth);
        }
    }

    /** Starts a region whose head is at {@code offset}, charged there by {@code action}. */
    private void enterRegion(int offset, Action action) {
        if (regions == regionCosts.length) {
            regionCosts = Arrays.copyOf(regionCosts, regions * 2);
        }
        region = regions++;
        regionCosts[region] = 0;
        cost = 0;
        insert(offset, action, region);
    }

    /** A path leaves the current region here, with the cost so far. */
    private void leaveRegion() {
        if (cost != NO_PATH) {
            regionCosts[region] = Math.max(regionCosts[region], cost);
        }
    }

    private void insert(int offset, Action action, int argument) {
        if (insertions == offsets.length) {
            int capacity = insertions * 2;
            offsets = Arrays.copyOf(offsets, capacity);
            actions = Arrays.copyOf(actions, capacity);
            arguments = Arrays.copyOf(arguments, capacity);
        }
        offsets[insertions] = offset;
        actions[insertions] = action;
        arguments[insertions] = argument;
        insertions++;
    }

    private void checkIndices(Instruction insn, long localCount, int at) throws MeteringException {
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
            case CALL, EXIT -> {
                if (insn.opcode == Opcodes.CALL || insn.opcode == Opcodes.RETURN_CALL) {
                    checkFunction(insn.index, at);
                } else if (insn.opcode == Opcodes.CALL_INDIRECT || insn.opcode == Opcodes.RETURN_CALL_INDIRECT) {
                    checkType(insn.index, at);
                }
            }
            case BLOCK, LOOP, IF -> {
                if (insn.index >= 0) {
                    checkType(insn.index, at);
                }
            }
            case PLAIN -> {
                if (insn.opcode == Opcodes.REF_FUNC) {
                    checkFunction(insn.index, at);
                }
            }
            case BRANCH, BRANCH_IF -> checkLabel(insn.index, at);
            case BRANCH_TABLE -> {
                for (int i = 0; i < insn.labelCount(); i++) {
                    checkLabel(insn.label(i), at);
                }
            }
            default -> { }
        }
    }

    private void checkFunction(long index, int at) throws MeteringException {
        if (index >= functionCount) {
            throw MeteringException.malformed(at, "function " + index + " does not exist (the module has " + functionCount + ")");
        }
    }

    private void checkType(long index, int at) throws MeteringException {
        if (index >= typeCount) {
            throw MeteringException.malformed(at, "type " + index + " does not exist (the module has " + typeCount + ")");
        }
    }

    private void checkLabel(long depth, int at) throws MeteringException {
        if (!control.hasLabel(depth)) {
            throw MeteringException.malformed(at, "branch to label " + depth + " but only " + control.depth() + " blocks enclose it");
        }
    }
}
