package liop.engine.support.depth;

import java.util.Arrays;

/**
 * A growable byte buffer that writes the encodings of the WebAssembly binary format, and reads the
 * one it needs back ({@link #readU32}).
 */
final class WasmBytes {

    private byte[] bytes;
    private int size;

    WasmBytes(int initialCapacity) {
        this.bytes = new byte[Math.max(16, initialCapacity)];
    }

    WasmBytes writeByte(int value) {
        ensureRoom(1);
        bytes[size++] = (byte) value;
        return this;
    }

    WasmBytes writeBytes(byte[] source, int from, int to) {
        ensureRoom(to - from);
        System.arraycopy(source, from, bytes, size, to - from);
        size += to - from;
        return this;
    }

    WasmBytes writeBytes(WasmBytes source) {
        return writeBytes(source.bytes, 0, source.size);
    }

    /** Unsigned LEB128, as used for counts, sizes and indices. */
    WasmBytes writeU32(long value) {
        long rest = value & 0xFFFF_FFFFL;
        do {
            int low = (int) (rest & 0x7F);
            rest >>>= 7;
            writeByte(rest == 0 ? low : low | 0x80);
        } while (rest != 0);
        return this;
    }

    /** Signed LEB128, as used for {@code i32.const} and, with 33 bits, for block types. */
    WasmBytes writeSigned(long value) {
        long rest = value;
        while (true) {
            int low = (int) (rest & 0x7F);
            rest >>= 7;
            boolean done = (rest == 0 && (low & 0x40) == 0) || (rest == -1 && (low & 0x40) != 0);
            writeByte(done ? low : low | 0x80);
            if (done) {
                return this;
            }
        }
    }

    int size() {
        return size;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    private void ensureRoom(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }

    /** An unsigned LEB128 read from {@code bytes} at {@code offset}, and how many bytes it took. */
    record U32(long value, int length) {}

    static U32 readU32(byte[] bytes, int offset) {
        long value = 0;
        for (int i = 0; i < 5; i++) {
            int b = bytes[offset + i] & 0xFF;
            value |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                return new U32(value, i + 1);
            }
        }
        throw new IllegalArgumentException("malformed u32 at offset " + offset);
    }
}
