package liop.node.metering;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * How the metering fuzz targets turn their input into a module. An input that starts like a
 * module ({@code \0asm}) is one. Any other input is the body of a function (its local
 * declarations, its instructions, its {@code end}) and goes into a fixed module, the {@link
 * #SKELETON}, as the exported function {@code fuzzed}. Mutating a whole module mostly breaks it;
 * mutating a body inside a valid module keeps far more mutants valid, which is what the
 * rewriter's code paths (blocks, branches, calls, bulk instructions) need to be reached.
 */
final class FuzzedModule {

    /**
     * The module a fuzzed body runs in: a host function and a function table to call, a memory
     * that can grow once, globals, passive segments for the bulk instructions. Functions: 0 the
     * import, 1 the fuzzed body {@code [] -> [i32]}, 2 {@code inc}, 3 {@code twice} (calls back
     * into the fuzzed body), 4 {@code again}.
     */
    static final String SKELETON = """
            (module
              (type $v_i (func (result i32)))
              (type $i_i (func (param i32) (result i32)))
              (type $il_l (func (param i32 i64) (result i64)))
              (import "env" "host" (func $host (param i32) (result i32)))
              (memory (export "memory") 1 2)
              (table $t 4 8 funcref)
              (global $g32 (export "g32") (mut i32) (i32.const 7))
              (global $g64 (mut i64) (i64.const -3))
              (global $f64 (mut f64) (f64.const 0.5))
              (elem (i32.const 0) $inc $twice $fuzzed $inc)
              (elem $passive func $inc $twice)
              (data (i32.const 16) "seed data: 0123456789")
              (data $bytes "abcdefghijklmnopqrstuvwxyz")
              (func $fuzzed (export "fuzzed") (type $v_i)
                BODY)
              (func $inc (export "inc") (type $i_i) (i32.add (local.get 0) (i32.const 1)))
              (func $twice (type $i_i) (i32.add (call $fuzzed) (call $host (local.get 0))))
              (func (export "again") (result i32) (call_indirect $t (type $i_i) (i32.const 3) (i32.const 1))))
            """;

    private static final byte[] TEMPLATE = Chicory.wat(SKELETON.replace("BODY", "(i32.const 0)"));
    private static final int CODE = 10;

    private FuzzedModule() {}

    static byte[] of(byte[] input) {
        return isModule(input) ? input : withBody(input);
    }

    static boolean isModule(byte[] input) {
        return input.length >= 4 && input[0] == 0 && input[1] == 'a' && input[2] == 's' && input[3] == 'm';
    }

    /** The body of {@code fuzzed} when its source (locals, then instructions) is {@code wat}: a seed. */
    static byte[] body(String wat) {
        byte[] module = Chicory.wat(SKELETON.replace("BODY", wat));
        Reader in = new Reader(module, 8);
        while (in.pos < module.length) {
            int id = in.u8();
            int size = (int) in.u32();
            int end = in.pos + size;
            if (id == CODE) {
                in.u32(); // count
                int bodySize = (int) in.u32();
                return Arrays.copyOfRange(module, in.pos, in.pos + bodySize);
            }
            in.pos = end;
        }
        throw new AssertionError("the skeleton has no code section");
    }

    /** The skeleton with {@code body} as the first body of its code section. */
    static byte[] withBody(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(TEMPLATE.length + body.length + 16);
        out.write(TEMPLATE, 0, 8);
        Reader in = new Reader(TEMPLATE, 8);
        while (in.pos < TEMPLATE.length) {
            int start = in.pos;
            int id = in.u8();
            int size = (int) in.u32();
            int end = in.pos + size;
            if (id != CODE) {
                out.write(TEMPLATE, start, end - start);
            } else {
                ByteArrayOutputStream code = new ByteArrayOutputStream();
                long count = in.u32();
                writeU32(code, count);
                for (long i = 0; i < count; i++) {
                    int bodySize = (int) in.u32();
                    if (i == 0) {
                        writeU32(code, body.length);
                        code.writeBytes(body);
                    } else {
                        writeU32(code, bodySize);
                        code.write(TEMPLATE, in.pos, bodySize);
                    }
                    in.pos += bodySize;
                }
                out.write(id);
                writeU32(out, code.size());
                out.writeBytes(code.toByteArray());
            }
            in.pos = end;
        }
        return out.toByteArray();
    }

    private static void writeU32(ByteArrayOutputStream out, long value) {
        do {
            int low = (int) (value & 0x7f);
            value >>>= 7;
            out.write(value != 0 ? low | 0x80 : low);
        } while (value != 0);
    }

    private static final class Reader {
        final byte[] bytes;
        int pos;

        Reader(byte[] bytes, int pos) {
            this.bytes = bytes;
            this.pos = pos;
        }

        int u8() {
            return bytes[pos++] & 0xff;
        }

        long u32() {
            long result = 0;
            for (int shift = 0; ; shift += 7) {
                int b = u8();
                result |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return result;
                }
            }
        }
    }
}
