package liop.node.metering;

import java.io.ByteArrayOutputStream;

/** Builds small binary modules byte by byte, for inputs no WAT assembler would produce. */
final class ModuleBytes {

    static final int[] HEADER = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
    static final int TYPE = 1, IMPORT = 2, FUNCTION = 3, TABLE = 4, MEMORY = 5, GLOBAL = 6, EXPORT = 7, CODE = 10, TAG = 13;

    private ModuleBytes() {}

    static byte[] module(byte[]... sections) {
        var out = new ByteArrayOutputStream();
        out.writeBytes(bytes(HEADER));
        for (byte[] section : sections) {
            out.writeBytes(section);
        }
        return out.toByteArray();
    }

    /** A section with its id and size (sizes here stay below 128, so one byte). */
    static byte[] section(int id, int... content) {
        if (content.length > 127) {
            throw new IllegalArgumentException("keep test sections small");
        }
        var out = new ByteArrayOutputStream();
        out.write(id);
        out.write(content.length);
        out.writeBytes(bytes(content));
        return out.toByteArray();
    }

    /** One function of type {@code [] -> []} whose body is {@code locals} then {@code code} (which must end with 0x0B). */
    static byte[] functionModule(int[] locals, int... code) {
        int[] body = concat(locals, code);
        return module(
                section(TYPE, 0x01, 0x60, 0x00, 0x00),
                section(FUNCTION, 0x01, 0x00),
                section(CODE, concat(new int[] {0x01, body.length}, body)));
    }

    /** One function without locals. */
    static byte[] functionModule(int... code) {
        return functionModule(new int[] {0x00}, code);
    }

    static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    static int[] concat(int[] a, int[] b) {
        int[] all = new int[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
