package liop.node.guardian;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Builds WebAssembly binaries byte by byte, so tests can make exactly the malformed module they
 * need. Only structure is encoded: sections, imports, memories, exports.
 */
final class WasmBytes {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static WasmBytes module() {
        WasmBytes b = new WasmBytes();
        b.raw(0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00);
        return b;
    }

    /** A minimal valid WASI command: imports fd_write, one memory, exports memory and _start. */
    static byte[] wasiCommand() {
        return module()
                .section(1, vec(bytes(0x60, 0x00, 0x00), bytes(0x60, 0x04, 0x7f, 0x7f, 0x7f, 0x7f, 0x01, 0x7f)))
                .section(2, vec(concat(name("wasi_snapshot_preview1"), name("fd_write"), bytes(0x00, 0x01))))
                .section(3, vec(bytes(0x00)))
                .section(5, vec(bytes(0x00, 0x01)))
                .section(7, vec(concat(name("memory"), bytes(0x02, 0x00)), concat(name("_start"), bytes(0x00, 0x01))))
                .section(10, vec(bytes(0x02, 0x00, 0x0b)))
                .bytes();
    }

    WasmBytes raw(int... values) {
        for (int v : values) {
            out.write(v);
        }
        return this;
    }

    WasmBytes raw(byte[] values) {
        out.writeBytes(values);
        return this;
    }

    WasmBytes section(int id, byte[] contents) {
        out.write(id);
        out.writeBytes(u32(contents.length));
        out.writeBytes(contents);
        return this;
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    static byte[] vec(byte[]... entries) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(u32(entries.length));
        for (byte[] e : entries) {
            b.writeBytes(e);
        }
        return b.toByteArray();
    }

    static byte[] name(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        return concat(u32(utf8.length), utf8);
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }

    static byte[] u32(long value) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        do {
            int lowBits = (int) (value & 0x7f);
            value >>>= 7;
            b.write(value != 0 ? lowBits | 0x80 : lowBits);
        } while (value != 0);
        return b.toByteArray();
    }
}
