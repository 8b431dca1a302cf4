package liop.node.metering;

/** The opcodes the meter decodes by name or emits itself. */
final class Opcodes {

    static final int UNREACHABLE = 0x00;
    static final int NOP = 0x01;
    static final int BLOCK = 0x02;
    static final int LOOP = 0x03;
    static final int IF = 0x04;
    static final int ELSE = 0x05;
    static final int END = 0x0B;
    static final int BR = 0x0C;
    static final int BR_IF = 0x0D;
    static final int BR_TABLE = 0x0E;
    static final int RETURN = 0x0F;
    static final int CALL = 0x10;
    static final int CALL_INDIRECT = 0x11;
    static final int RETURN_CALL = 0x12;
    static final int RETURN_CALL_INDIRECT = 0x13;
    static final int DROP = 0x1A;
    static final int SELECT = 0x1B;
    static final int SELECT_TYPED = 0x1C;
    static final int LOCAL_GET = 0x20;
    static final int LOCAL_SET = 0x21;
    static final int LOCAL_TEE = 0x22;
    static final int GLOBAL_GET = 0x23;
    static final int GLOBAL_SET = 0x24;
    static final int TABLE_GET = 0x25;
    static final int TABLE_SET = 0x26;
    static final int FIRST_LOAD_OR_STORE = 0x28;
    static final int LAST_LOAD_OR_STORE = 0x3E;
    static final int MEMORY_SIZE = 0x3F;
    static final int MEMORY_GROW = 0x40;
    static final int I32_CONST = 0x41;
    static final int I64_CONST = 0x42;
    static final int F32_CONST = 0x43;
    static final int F64_CONST = 0x44;
    /** i32.eqz up to f64.reinterpret_i64, then the sign-extension operators up to i64.extend32_s. */
    static final int FIRST_NUMERIC = 0x45;
    static final int LAST_NUMERIC = 0xC4;
    static final int I32_WRAP_I64 = 0xA7;
    static final int I32_LT_S = 0x48;
    static final int I64_GT_S = 0x55;
    static final int I32_SUB = 0x6B;
    static final int I32_SHR_U = 0x76;
    static final int I64_ADD = 0x7C;
    static final int I64_SUB = 0x7D;
    static final int I64_MUL = 0x7E;
    static final int I64_SHR_U = 0x88;
    static final int I64_EXTEND_I32_S = 0xAC;
    static final int I64_EXTEND_I32_U = 0xAD;
    static final int REF_NULL = 0xD0;
    static final int REF_IS_NULL = 0xD1;
    static final int REF_FUNC = 0xD2;

    /** Block type of a block without parameters or results. */
    static final int EMPTY_BLOCK_TYPE = 0x40;

    static final int PREFIX_GC = 0xFB;
    static final int PREFIX_MISC = 0xFC;
    static final int PREFIX_SIMD = 0xFD;
    static final int PREFIX_THREADS = 0xFE;

    // Sub-opcodes after PREFIX_MISC: 0-7 are the saturating truncations.
    static final int LAST_TRUNC_SAT = 7;
    static final int MEMORY_INIT = 8;
    static final int DATA_DROP = 9;
    static final int MEMORY_COPY = 10;
    static final int MEMORY_FILL = 11;
    static final int TABLE_INIT = 12;
    static final int ELEM_DROP = 13;
    static final int TABLE_COPY = 14;
    static final int TABLE_GROW = 15;
    static final int TABLE_SIZE = 16;
    static final int TABLE_FILL = 17;

    private Opcodes() {}
}
