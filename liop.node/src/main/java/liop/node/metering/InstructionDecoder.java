package liop.node.metering;

import static liop.node.metering.Opcodes.*;

import liop.node.metering.Instruction.Kind;

/**
 * Decodes instructions one at a time, reading exactly their immediates, so that the meter can copy
 * each instruction's bytes unchanged and knows where every one ends.
 *
 * <p>Decoded: the MVP, sign extension, saturating truncation, bulk memory and reference types,
 * multi-value block types, tail calls and fixed-width SIMD. Refused with a clear reason: exception
 * handling, typed function references and GC, threads, multi-memory and relaxed SIMD (whose results
 * may differ between engines, which would break the same-result-everywhere promise).
 *
 * <p>It does not type-check: a module the engine would find invalid stays invalid after metering.
 * The meter only checks what its own additions could turn from invalid into valid (local and global
 * indices, see {@link FunctionRewriter}).
 */
final class InstructionDecoder {

    private final BinaryReader in;

    InstructionDecoder(BinaryReader in) {
        this.in = in;
    }

    /** Reads the next instruction into {@code insn}. */
    void next(Instruction insn) throws MeteringException {
        int start = in.position();
        int op = in.readByte();
        insn.reset(op);
        switch (op) {
            case UNREACHABLE, RETURN -> insn.kind = Kind.EXIT;
            case NOP, DROP, SELECT, REF_IS_NULL -> { }
            case BLOCK -> block(insn, Kind.BLOCK);
            case LOOP -> block(insn, Kind.LOOP);
            case IF -> block(insn, Kind.IF);
            case ELSE -> insn.kind = Kind.ELSE;
            case END -> insn.kind = Kind.END;
            case BR -> indexed(insn, Kind.BRANCH);
            case BR_IF -> indexed(insn, Kind.BRANCH_IF);
            case BR_TABLE -> branchTable(insn);
            case CALL -> indexed(insn, Kind.CALL);
            case CALL_INDIRECT -> {
                indexed(insn, Kind.CALL); // the type
                in.readU32(); // the table
            }
            case REF_FUNC -> insn.index = in.readU32();
            case TABLE_GET, TABLE_SET -> in.readU32();
            case RETURN_CALL -> indexed(insn, Kind.EXIT);
            case RETURN_CALL_INDIRECT -> {
                indexed(insn, Kind.EXIT); // the type
                in.readU32(); // the table
            }
            case SELECT_TYPED -> {
                int count = in.readCount(1, "select result type");
                for (int i = 0; i < count; i++) {
                    ValueTypes.readValueType(in);
                }
            }
            case LOCAL_GET, LOCAL_SET, LOCAL_TEE -> indexed(insn, Kind.LOCAL);
            case GLOBAL_GET, GLOBAL_SET -> indexed(insn, Kind.GLOBAL);
            case MEMORY_SIZE, MEMORY_GROW -> readMemoryIndex();
            case I32_CONST -> in.readS32();
            case I64_CONST -> in.readS64();
            case F32_CONST -> in.skip(4, "f32.const");
            case F64_CONST -> in.skip(8, "f64.const");
            case REF_NULL -> ValueTypes.readHeapType(in);
            case PREFIX_MISC -> misc(insn);
            case PREFIX_SIMD -> simd(insn, start);
            case 0x06, 0x07, 0x08, 0x09, 0x0A, 0x18, 0x19, 0x1F ->
                    throw MeteringException.unsupported(start, String.format("exception handling (opcode 0x%02x)", op));
            case 0x14, 0x15, 0xD3, 0xD4, 0xD5, 0xD6 ->
                    throw MeteringException.unsupported(start, String.format("typed function references (opcode 0x%02x)", op));
            case PREFIX_GC -> throw MeteringException.unsupported(start, "garbage collection (0xFB instructions)");
            case PREFIX_THREADS -> throw MeteringException.unsupported(start, "threads (0xFE atomic instructions)");
            default -> {
                if (op >= FIRST_LOAD_OR_STORE && op <= LAST_LOAD_OR_STORE) {
                    readMemArg();
                } else if (op < FIRST_NUMERIC || op > LAST_NUMERIC) {
                    throw MeteringException.malformed(start, String.format("unknown opcode 0x%02x", op));
                }
            }
        }
    }

    private void indexed(Instruction insn, Kind kind) throws MeteringException {
        insn.kind = kind;
        insn.index = in.readU32();
    }

    private void readU32s(int count) throws MeteringException {
        for (int i = 0; i < count; i++) {
            in.readU32();
        }
    }

    private void block(Instruction insn, Kind kind) throws MeteringException {
        insn.kind = kind;
        insn.index = -1;
        int first = in.peekByte();
        if (first == EMPTY_BLOCK_TYPE || ValueTypes.isValueType(first)) {
            in.readByte();
        } else if (ValueTypes.isGcType(first)) {
            ValueTypes.readValueType(in); // throws "unsupported"
        } else {
            // Multi-value blocks name a function type by its (non-negative) index.
            insn.index = in.readS33();
            if (insn.index < 0) {
                throw in.malformed(String.format("invalid block type 0x%02x", first));
            }
        }
    }

    private void branchTable(Instruction insn) throws MeteringException {
        insn.kind = Kind.BRANCH_TABLE;
        int count = in.readCount(1, "br_table label");
        for (int i = 0; i <= count; i++) { // the targets, then the default
            insn.addLabel(in.readU32());
        }
    }

    private void readMemArg() throws MeteringException {
        long align = in.readU32();
        if ((align & 0x40) != 0) {
            throw in.unsupported("multiple memories (memory index in a load or store)");
        }
        in.readU32(); // offset
    }

    private void readMemoryIndex() throws MeteringException {
        if (in.readU32() != 0) {
            throw in.unsupported("multiple memories (memory index other than 0)");
        }
    }

    private void misc(Instruction insn) throws MeteringException {
        int start = in.position();
        long sub = in.readU32();
        if (sub > TABLE_FILL) {
            throw MeteringException.malformed(start, "unknown opcode 0xFC " + sub);
        }
        insn.subOpcode = (int) sub;
        switch (insn.subOpcode) {
            case MEMORY_INIT -> {
                in.readU32(); // data segment
                readMemoryIndex();
            }
            case MEMORY_COPY -> {
                readMemoryIndex();
                readMemoryIndex();
            }
            case MEMORY_FILL -> readMemoryIndex();
            case TABLE_INIT, TABLE_COPY -> readU32s(2); // element segment and table, or two tables
            case DATA_DROP, ELEM_DROP, TABLE_GROW, TABLE_SIZE, TABLE_FILL -> in.readU32();
            default -> { } // 0-7: saturating truncations
        }
    }

    private void simd(Instruction insn, int start) throws MeteringException {
        long sub = in.readU32();
        if (sub >= 0x100 && sub <= 0x113) {
            throw MeteringException.unsupported(start, "relaxed SIMD (opcode 0xFD " + sub + "), its results may differ between engines");
        }
        if (sub > 0xFF) {
            throw MeteringException.malformed(start, "unknown opcode 0xFD " + sub);
        }
        insn.subOpcode = (int) sub;
        if (sub <= 11 || sub == 92 || sub == 93) { // loads, splats, v128.store, load-zero
            readMemArg();
        } else if (sub == 12 || sub == 13) { // v128.const, i8x16.shuffle
            in.skip(16, "16-byte SIMD immediate");
        } else if (sub >= 21 && sub <= 34) { // extract_lane, replace_lane
            in.readByte();
        } else if (sub >= 84 && sub <= 91) { // load_lane, store_lane
            readMemArg();
            in.readByte();
        }
        // The rest of 0..255 has no immediates.
    }
}
