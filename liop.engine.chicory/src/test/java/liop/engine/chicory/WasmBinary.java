package liop.engine.chicory;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Modules written byte by byte, for what the tests' WAT parser cannot express (tail calls,
 * exception handling) or what would take it too long (huge functions). Code is written in hex
 * with {@code ;;} comments, e.g. {@code hex("20 00  ;; local.get 0")}; this class adds the sizes
 * and counts.
 */
public final class WasmBinary {

    public static final int TYPE = 1;
    public static final int IMPORT = 2;
    public static final int FUNCTION = 3;
    public static final int TABLE = 4;
    public static final int MEMORY = 5;
    public static final int GLOBAL = 6;
    public static final int EXPORT = 7;
    public static final int START = 8;
    public static final int ELEMENT = 9;
    public static final int CODE = 10;
    public static final int DATA = 11;
    public static final int TAG = 13;

    private WasmBinary() {}

    /** A module: the header, then {@code sections} as given. */
    public static byte[] module(byte[]... sections) {
        return concat(hex("00 61 73 6d 01 00 00 00"), concat(sections));
    }

    /** A section of entries: its id, its size, the number of entries, the entries. */
    public static byte[] section(int id, byte[]... entries) {
        return rawSection(id, concat(u32(entries.length), concat(entries)));
    }

    /** A section whose content is not a vector (the start section). */
    public static byte[] rawSection(int id, byte[] content) {
        return concat(new byte[] {(byte) id}, u32(content.length), content);
    }

    /** A function body: its size, then {@code localsAndCode} (local declarations, instructions, end). */
    public static byte[] body(byte[] localsAndCode) {
        return concat(u32(localsAndCode.length), localsAndCode);
    }

    /** An export of function {@code index} as {@code name}. */
    public static byte[] exportFunction(String name, int index) {
        return concat(name(name), new byte[] {0x00}, u32(index));
    }

    /** An export of global {@code index} as {@code name}. */
    public static byte[] exportGlobal(String name, int index) {
        return concat(name(name), new byte[] {0x03}, u32(index));
    }

    public static byte[] name(String name) {
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        return concat(u32(utf8.length), utf8);
    }

    /** Hex bytes; blanks and {@code ;;} comments (to the end of the line) are ignored. */
    public static byte[] hex(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String line : text.split("\n")) {
            int comment = line.indexOf(";;");
            String digits = (comment < 0 ? line : line.substring(0, comment)).replaceAll("\\s", "");
            for (int i = 0; i < digits.length(); i += 2) {
                out.write(Integer.parseInt(digits.substring(i, i + 2), 16));
            }
        }
        return out.toByteArray();
    }

    /** Unsigned LEB128. */
    public static byte[] u32(long value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long rest = value;
        do {
            int low = (int) (rest & 0x7F);
            rest >>>= 7;
            out.write(rest == 0 ? low : low | 0x80);
        } while (rest != 0);
        return out.toByteArray();
    }

    /** Signed LEB128, for the immediates of {@code i32.const} and {@code i64.const}. */
    public static byte[] sleb(long value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long rest = value;
        boolean more = true;
        while (more) {
            int low = (int) (rest & 0x7F);
            rest >>= 7;
            more = !((rest == 0 && (low & 0x40) == 0) || (rest == -1 && (low & 0x40) != 0));
            out.write(more ? low | 0x80 : low);
        }
        return out.toByteArray();
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** {@code part} {@code times} times over. */
    public static byte[] repeat(byte[] part, int times) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(part.length * times);
        for (int i = 0; i < times; i++) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
