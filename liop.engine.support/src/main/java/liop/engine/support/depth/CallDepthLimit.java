package liop.engine.support.depth;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.AnnotatedInstruction;
import com.dylibso.chicory.wasm.types.CatchOpCode;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionBody;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.OpCode;
import com.dylibso.chicory.wasm.types.ValType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Rewrites a module so that it counts its own call depth and traps past a limit. The depth at which
 * a guest traps is then a property of the module: the same for Chicory's compiler and interpreter,
 * and for every JIT state of the JVM beneath them, instead of whatever the guest thread's stack
 * happens to hold at the time.
 *
 * <p>The depth is counted in units: a call costs one unit, plus one for every {@code valuesPerUnit}
 * values its frame can hold, parameters, locals and operand stack ({@link OperandStackBound}), so
 * that functions whose frames take kilobytes of stack (compiled code) or heap (interpreted code)
 * nest correspondingly less deep. The module gets one more global, a mutable i32 appended after
 * all others (no index changes), holding the units of the calls active; and every counted function
 * body gets one more local, {@code saved}, appended after its own, and becomes
 *
 * <pre>
 *   saved = depth                                          ;; the caller's depth
 *   if (saved + units > limit) { depth = -1; unreachable } ;; the trap, marked in the global
 *   depth = saved + units
 *   block (result ...)                                     ;; the original body; a branch to its
 *     ...                                                  ;; outermost label lands after the block
 *   end                                                    ;; (no block if nothing branches there)
 *   depth = saved
 * </pre>
 *
 * with {@code depth = saved} also before every {@code return}, and {@code depth = saved + units}
 * wherever a {@code try_table} catch lands (the exception skipped the restores of the frames it
 * unwound). Tail calls become plain calls followed by a return and count like any call (see {@link
 * #edits}).
 *
 * <p>Only the functions that lie on a cycle of calls ({@link CallGraph}), have large frames (at
 * least {@code valuesPerUnit} values), catch exceptions, or start chains of more than {@value
 * #LONGEST_UNCOUNTED_CHAIN} calls of other functions are counted. The others cannot nest without
 * bound, and leaving them as they are keeps the cost of counting off most calls of most programs:
 * whatever the calls, at most {@value #LONGEST_UNCOUNTED_CHAIN} uncounted frames, all small, are
 * active beside the counted ones.
 *
 * <p>Every inserted sequence leaves the operand stack as it found it, so it is valid wherever it
 * goes; the caller validates the result again anyway. Where to insert is read from Chicory's parse
 * of the module (the byte address of every instruction), so this class needs no instruction decoder
 * of its own: it copies bytes and writes the few instructions above. Host functions are not
 * counted; they do not call back.
 */
public final class CallDepthLimit {

    /** What the depth global holds after the limit's trap, and never otherwise. */
    private static final int EXCEEDED = -1;

    /**
     * How many frames of functions on no cycle may stack up uncounted: a call of a function that can
     * stack more is counted even if it does not recurse.
     */
    static final int LONGEST_UNCOUNTED_CHAIN = 1_000;

    private static final int HEADER_BYTES = 8;
    private static final int SECTION_TYPE = 1;
    private static final int SECTION_GLOBAL = 6;
    private static final int SECTION_CODE = 10;
    /** Sections that come after the global section: export, start, element, code, data, data count. */
    private static final List<Integer> AFTER_GLOBALS = List.of(7, 8, 9, 10, 11, 12);

    private static final int UNREACHABLE = 0x00;
    private static final int BLOCK = 0x02;
    private static final int IF = 0x04;
    private static final int END = 0x0B;
    private static final int RETURN = 0x0F;
    private static final int CALL = 0x10;
    private static final int CALL_INDIRECT = 0x11;
    private static final int CALL_REF = 0x14;
    private static final int LOCAL_GET = 0x20;
    private static final int LOCAL_TEE = 0x22;
    private static final int GLOBAL_GET = 0x23;
    private static final int GLOBAL_SET = 0x24;
    private static final int I32_CONST = 0x41;
    private static final int I32_GE_U = 0x4F;
    private static final int I32_ADD = 0x6A;
    private static final int I32 = 0x7F;
    private static final int EMPTY_BLOCK_TYPE = 0x40;
    private static final int FUNCTION_TYPE = 0x60;
    private static final int MUTABLE = 0x01;

    /** Edits that arrive in a function (catch landings) apply before those that leave it. */
    private static final int ARRIVE = 0;
    private static final int LEAVE = 1;

    /**
     * A module rewritten to limit its call depth.
     *
     * @param wasm the rewritten module, or the original when none of its functions needs counting
     * @param depthGlobal the index of the global that counts the depth; empty when nothing is counted
     * @param tailCallsCounted whether the module had tail calls, which now count as calls
     */
    public record Limited(byte[] wasm, OptionalInt depthGlobal, boolean tailCallsCounted) {

        /** Whether a trap left {@code depthGlobalValue} in the depth global: the trap was the limit's. */
        public static boolean exceeded(long depthGlobalValue) {
            return (int) depthGlobalValue == EXCEEDED;
        }
    }

    private final byte[] wasm;
    private final WasmModule module;
    private final int maxUnits;
    private final int valuesPerUnit;
    private final int depthGlobal;
    private final CallGraph calls;
    private final OperandStackBound operandStack;
    /** Types appended for multi-value block types, encoded, and their type indices by encoding. */
    private final List<byte[]> appendedTypes = new ArrayList<>();
    private final Map<String, Integer> appendedTypeIndices = new HashMap<>();
    private boolean tailCallsCounted;

    private CallDepthLimit(byte[] wasm, WasmModule module, int maxUnits, int valuesPerUnit) {
        this.wasm = wasm;
        this.module = module;
        this.maxUnits = maxUnits;
        this.valuesPerUnit = valuesPerUnit;
        this.depthGlobal = module.importSection().count(ExternalType.GLOBAL) + module.globalSection().globalCount();
        this.calls = CallGraph.of(module);
        this.operandStack = new OperandStackBound(module);
    }

    /**
     * Returns {@code wasm} rewritten to trap when a call would make the units of the active calls
     * exceed {@code maxUnits}.
     *
     * @param wasm a valid module
     * @param module Chicory's parse of exactly these bytes
     * @param maxUnits the units the active calls may hold: as many calls of functions whose frames
     *     hold fewer than {@code valuesPerUnit} values
     * @param valuesPerUnit how many values of a frame (parameters, locals, operand stack) cost one
     *     more unit
     */
    public static Limited apply(byte[] wasm, WasmModule module, int maxUnits, int valuesPerUnit) {
        if (maxUnits < 1 || valuesPerUnit < 1) {
            throw new IllegalArgumentException("maxUnits and valuesPerUnit must be positive: " + maxUnits + ", " + valuesPerUnit);
        }
        return new CallDepthLimit(wasm, module, maxUnits, valuesPerUnit).rewrite();
    }

    private Limited rewrite() {
        List<Frame> frames = frames();
        if (frames.stream().allMatch(Objects::isNull)) {
            return new Limited(wasm, OptionalInt.empty(), false);
        }
        WasmBytes out = new WasmBytes(wasm.length + wasm.length / 4 + 64);
        out.writeBytes(wasm, 0, HEADER_BYTES);
        boolean globalsWritten = false;
        for (Section section : Section.readAll(wasm, HEADER_BYTES)) {
            if (!globalsWritten && AFTER_GLOBALS.contains(section.id())) {
                writeGlobals(out, null);
                globalsWritten = true;
            }
            switch (section.id()) {
                case SECTION_TYPE -> writeSection(out, SECTION_TYPE, withEntriesAppended(section, appendedTypes));
                case SECTION_GLOBAL -> {
                    writeGlobals(out, section);
                    globalsWritten = true;
                }
                case SECTION_CODE -> writeCode(out, section, frames);
                default -> out.writeBytes(wasm, section.start(), section.end());
            }
        }
        if (!globalsWritten) {
            writeGlobals(out, null);
        }
        return new Limited(out.toByteArray(), OptionalInt.of(depthGlobal), tailCallsCounted);
    }

    /**
     * What the inserted code of a counted function needs.
     *
     * @param saved the index of the local holding the caller's depth
     * @param units what a call of the function costs
     * @param blockType the type of the block that wraps the body, or null when it needs none
     */
    private record Frame(int saved, int units, byte[] blockType) {}

    /**
     * The frame of every function the module defines, null for those not counted. Computed before
     * anything is written, because a wrapping block may need a type appended to the type section.
     */
    private List<Frame> frames() {
        List<Frame> frames = new ArrayList<>();
        for (int function = 0; function < module.functionSection().functionCount(); function++) {
            int typeIndex = module.functionSection().getFunctionType(function);
            FunctionBody body = module.codeSection().getFunctionBody(function);
            List<AnnotatedInstruction> code = body.instructions();
            int locals = module.typeSection().getType(typeIndex).params().size() + body.localTypes().size();
            long values = (long) locals + operandStack.of(code);
            boolean counted = calls.onCycle(function)
                    || values >= valuesPerUnit
                    || catchesExceptions(code)
                    || calls.longestChain(function) > LONGEST_UNCOUNTED_CHAIN;
            if (!counted) {
                frames.add(null);
                continue;
            }
            int units = (int) Math.min(1 + values / valuesPerUnit, maxUnits + 1L);
            frames.add(new Frame(locals, units, branchesToFunctionLabel(code) ? blockType(typeIndex) : null));
        }
        return frames;
    }

    // ---- sections ----

    /** {@code (global (mut i32) (i32.const 0))}, appended after the module's own. */
    private void writeGlobals(WasmBytes out, Section original) {
        byte[] depth = {(byte) I32, MUTABLE, I32_CONST, 0, END};
        writeSection(out, SECTION_GLOBAL, withEntriesAppended(original, List.of(depth)));
    }

    /** The content of a section of entries: the original's, if any, then {@code added}. */
    private WasmBytes withEntriesAppended(Section original, List<byte[]> added) {
        WasmBytes content = new WasmBytes(original == null ? 16 : original.end() - original.contentStart() + 64);
        if (original == null) {
            content.writeU32(added.size());
        } else {
            WasmBytes.U32 count = WasmBytes.readU32(wasm, original.contentStart());
            content.writeU32(count.value() + added.size());
            content.writeBytes(wasm, original.contentStart() + count.length(), original.end());
        }
        added.forEach(entry -> content.writeBytes(entry, 0, entry.length));
        return content;
    }

    private static void writeSection(WasmBytes out, int id, WasmBytes content) {
        out.writeByte(id).writeU32(content.size()).writeBytes(content);
    }

    private void writeCode(WasmBytes out, Section original, List<Frame> frames) {
        WasmBytes content = new WasmBytes(original.end() - original.contentStart() + 64 * frames.size());
        WasmBytes.U32 count = WasmBytes.readU32(wasm, original.contentStart());
        content.writeU32(count.value());
        int position = original.contentStart() + count.length();
        for (int function = 0; function < count.value(); function++) {
            WasmBytes.U32 size = WasmBytes.readU32(wasm, position);
            int bodyStart = position + size.length();
            int bodyEnd = bodyStart + (int) size.value();
            Frame frame = frames.get(function);
            if (frame == null) {
                content.writeBytes(wasm, position, bodyEnd);
            } else {
                WasmBytes body = rewriteBody(function, bodyStart, bodyEnd, frame);
                content.writeU32(body.size()).writeBytes(body);
            }
            position = bodyEnd;
        }
        writeSection(out, SECTION_CODE, content);
    }

    // ---- function bodies ----

    private WasmBytes rewriteBody(int function, int bodyStart, int bodyEnd, Frame frame) {
        List<AnnotatedInstruction> code = module.codeSection().getFunctionBody(function).instructions();
        int codeStart = code.get(0).address();
        AnnotatedInstruction last = code.get(code.size() - 1);
        if (last.opcode() != OpCode.END || last.address() != bodyEnd - 1 || codeStart <= bodyStart) {
            throw new IllegalStateException("function " + function + ": Chicory's instruction addresses do not match the body's bytes");
        }
        WasmBytes rewritten = new WasmBytes(bodyEnd - bodyStart + 64);
        WasmBytes.U32 localGroups = WasmBytes.readU32(wasm, bodyStart);
        rewritten.writeU32(localGroups.value() + 1)
                .writeBytes(wasm, bodyStart + localGroups.length(), codeStart)
                .writeU32(1).writeByte(I32);
        rewritten.writeBytes(enter(frame));
        boolean wrapped = frame.blockType() != null;
        if (wrapped) {
            rewritten.writeByte(BLOCK).writeBytes(frame.blockType(), 0, frame.blockType().length);
        }
        int copied = codeStart;
        for (Edit edit : edits(code, frame)) {
            rewritten.writeBytes(wasm, copied, edit.address()).writeBytes(edit.inserted());
            copied = edit.address() + edit.replaced();
        }
        // wrapped, the original's last END closes the block, and a branch to the function's label lands after it
        rewritten.writeBytes(wasm, copied, wrapped ? bodyEnd : last.address());
        return rewritten.writeBytes(restore(frame)).writeByte(END);
    }

    /**
     * Whether the body catches exceptions. It must then be counted even if it does not recurse:
     * where a catch lands, it puts back the depth that the frames the exception unwound could not.
     */
    private static boolean catchesExceptions(List<AnnotatedInstruction> code) {
        return code.stream().anyMatch(instruction -> instruction.opcode() == OpCode.TRY_TABLE);
    }

    /**
     * Whether a branch or a catch in the body leaves the function through its outermost label,
     * which skips the restore at the end of the body unless the body is wrapped in a block. Code
     * from LLVM returns with {@code return} instead, so most bodies need no block (which costs the
     * interpreter a control frame per call).
     */
    private static boolean branchesToFunctionLabel(List<AnnotatedInstruction> code) {
        for (AnnotatedInstruction instruction : code) {
            // depth() counts the blocks around an instruction, so label depth() is the function's
            int functionLabel = instruction.depth();
            boolean leaves = switch (instruction.opcode()) {
                case BR, BR_IF, BR_ON_NULL, BR_ON_NON_NULL -> instruction.operand(0) == functionLabel;
                case BR_ON_CAST, BR_ON_CAST_FAIL -> instruction.operand(1) == functionLabel;
                case BR_TABLE -> Arrays.stream(instruction.operands()).anyMatch(label -> label == functionLabel);
                // a try_table is a block itself: its catches' labels count from outside it
                case TRY_TABLE -> instruction.catches().stream().anyMatch(handler -> handler.label() == functionLabel - 1);
                default -> false;
            };
            if (leaves) {
                return true;
            }
        }
        return false;
    }

    /**
     * One change to a body: at {@code address}, {@code inserted} replaces {@code replaced} bytes of
     * the original. Edits at the same address apply in {@code order}.
     */
    private record Edit(int address, int order, int replaced, WasmBytes inserted) {}

    /**
     * The edits of one body, in the order to apply them. A tail call becomes a plain call followed
     * by a return, counted like any call: Chicory's compiler translates tail calls that way anyway
     * (the JVM has none), and its interpreter's tail call of a function to itself loses the
     * function's locals. Both modes thus nest tail calls equally deep.
     */
    private List<Edit> edits(List<AnnotatedInstruction> code, Frame frame) {
        List<Edit> edits = new ArrayList<>();
        for (int i = 0; i < code.size(); i++) {
            AnnotatedInstruction instruction = code.get(i);
            switch (instruction.opcode()) {
                case RETURN -> edits.add(new Edit(instruction.address(), LEAVE, 0, restore(frame)));
                case RETURN_CALL, RETURN_CALL_INDIRECT, RETURN_CALL_REF -> {
                    tailCallsCounted = true;
                    // the plain call takes the same immediates as the tail call
                    WasmBytes call = new WasmBytes(1).writeByte(plainCall(instruction.opcode()));
                    edits.add(new Edit(instruction.address(), LEAVE, 1, call));
                    edits.add(new Edit(code.get(i + 1).address(), LEAVE, 0, restore(frame).writeByte(RETURN)));
                }
                case TRY_TABLE -> {
                    for (CatchOpCode.Catch handler : instruction.catches()) {
                        landing(code, handler.resolvedLabel()).ifPresent(address ->
                                edits.add(new Edit(address, ARRIVE, 0, reenter(frame))));
                    }
                }
                default -> {}
            }
        }
        edits.sort(Comparator.comparingInt(Edit::address).thenComparingInt(Edit::order));
        return edits;
    }

    private static int plainCall(OpCode tailCall) {
        return switch (tailCall) {
            case RETURN_CALL -> CALL;
            case RETURN_CALL_INDIRECT -> CALL_INDIRECT;
            case RETURN_CALL_REF -> CALL_REF;
            default -> throw new IllegalArgumentException("not a tail call: " + tailCall);
        };
    }

    /**
     * Where execution continues after a branch to the label Chicory resolved to instruction {@code
     * target}: after the END of a block, or at the first instruction of a loop. Empty for the
     * function's own label: the restore after the wrapping block covers it.
     */
    private static Optional<Integer> landing(List<AnnotatedInstruction> code, int target) {
        if (target >= code.size() - 1) {
            return Optional.empty();
        }
        AnnotatedInstruction instruction = code.get(target);
        boolean endOfBlock = instruction.opcode() == OpCode.END && instruction.scope().opcode() != OpCode.LOOP;
        return Optional.of(endOfBlock ? code.get(target + 1).address() : instruction.address());
    }

    /** {@code saved = depth; if (saved + units > limit) { depth = -1; unreachable }; depth = saved + units} */
    private WasmBytes enter(Frame frame) {
        long lowestTooDeep = Math.max(0, maxUnits - frame.units() + 1);
        return new WasmBytes(32)
                .writeByte(GLOBAL_GET).writeU32(depthGlobal)
                .writeByte(LOCAL_TEE).writeU32(frame.saved())
                .writeByte(I32_CONST).writeSigned(lowestTooDeep)
                .writeByte(I32_GE_U)
                .writeByte(IF).writeByte(EMPTY_BLOCK_TYPE)
                .writeByte(I32_CONST).writeSigned(EXCEEDED)
                .writeByte(GLOBAL_SET).writeU32(depthGlobal)
                .writeByte(UNREACHABLE)
                .writeByte(END)
                .writeBytes(reenter(frame));
    }

    /** {@code depth = saved + units} */
    private WasmBytes reenter(Frame frame) {
        return new WasmBytes(16)
                .writeByte(LOCAL_GET).writeU32(frame.saved())
                .writeByte(I32_CONST).writeSigned(frame.units())
                .writeByte(I32_ADD)
                .writeByte(GLOBAL_SET).writeU32(depthGlobal);
    }

    /** {@code depth = saved} */
    private WasmBytes restore(Frame frame) {
        return new WasmBytes(16)
                .writeByte(LOCAL_GET).writeU32(frame.saved())
                .writeByte(GLOBAL_SET).writeU32(depthGlobal);
    }

    // ---- block types ----

    /** The type of a block that yields what a function of type {@code typeIndex} returns. */
    private byte[] blockType(int typeIndex) {
        FunctionType type = module.typeSection().getType(typeIndex);
        List<ValType> results = type.returns();
        WasmBytes encoded = new WasmBytes(8);
        if (results.isEmpty()) {
            encoded.writeByte(EMPTY_BLOCK_TYPE);
        } else if (results.size() == 1) {
            writeValueType(encoded, results.get(0));
        } else if (type.params().isEmpty()) {
            encoded.writeSigned(typeIndex);
        } else {
            encoded.writeSigned(typeIndexReturning(results));
        }
        return encoded.toByteArray();
    }

    /** The index of an appended type {@code [] -> results}, appending it on first use. */
    private int typeIndexReturning(List<ValType> results) {
        WasmBytes type = new WasmBytes(8).writeByte(FUNCTION_TYPE).writeU32(0).writeU32(results.size());
        results.forEach(result -> writeValueType(type, result));
        byte[] encoded = type.toByteArray();
        return appendedTypeIndices.computeIfAbsent(HexFormat.of().formatHex(encoded), key -> {
            appendedTypes.add(encoded);
            return module.typeSection().subTypeCount() + appendedTypes.size() - 1;
        });
    }

    private static void writeValueType(WasmBytes out, ValType type) {
        int opcode = type.opcode();
        if (opcode != ValType.ID.RefNull && opcode != ValType.ID.Ref) {
            out.writeByte(opcode);
        } else if (opcode == ValType.ID.RefNull && type.typeIdx() < 0) {
            out.writeByte(type.typeIdx() & 0x7F); // shorthand: funcref, externref, ...
        } else {
            out.writeByte(opcode).writeSigned(type.typeIdx());
        }
    }
}
