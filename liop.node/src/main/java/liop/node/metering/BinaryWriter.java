package liop.node.metering;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte buffer that encodes the binary format's primitives (bytes, LEB128, names). */
final class BinaryWriter {

    private byte[] buffer;
    private int size;

    BinaryWriter() {
        this(64);
    }

    BinaryWriter(int initialCapacity) {
        buffer = new byte[Math.max(16, initialCapacity)];
    }

    int size() {
        return size;
    }

    void reset() {
        size = 0;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    BinaryWriter writeByte(int value) {
        ensureRoom(1);
        buffer[size++] = (byte) value;
        return this;
    }

    BinaryWriter writeBytes(byte[] source, int from, int length) {
        ensureRoom(length);
        System.arraycopy(source, from, buffer, size, length);
        size += length;
        return this;
    }

    BinaryWriter writeBytes(byte[] source) {
        return writeBytes(source, 0, source.length);
    }

    BinaryWriter writeAll(BinaryWriter other) {
        return writeBytes(other.buffer, 0, other.size);
    }

    /** Everything a reader has not read yet, verbatim. */
    BinaryWriter writeRest(BinaryReader reader) {
        return writeBytes(reader.bytes(), reader.position(), reader.remaining());
    }

    BinaryWriter writeU32(long value) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("not an unsigned 32-bit value: " + value);
        }
        do {
            int low = (int) (value & 0x7F);
            value >>>= 7;
            writeByte(value == 0 ? low : low | 0x80);
        } while (value != 0);
        return this;
    }

    BinaryWriter writeS64(long value) {
        while (true) {
            int low = (int) (value & 0x7F);
            value >>= 7;
            boolean done = (value == 0 && (low & 0x40) == 0) || (value == -1 && (low & 0x40) != 0);
            writeByte(done ? low : low | 0x80);
            if (done) {
                return this;
            }
        }
    }

    BinaryWriter writeName(String name) {
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        writeU32(utf8.length);
        return writeBytes(utf8);
    }

    /** Writes a section: its id, its size, then its content. */
    BinaryWriter writeSection(int id, BinaryWriter content) {
        writeByte(id);
        writeU32(content.size);
        return writeAll(content);
    }

    private void ensureRoom(int extra) {
        if (buffer.length - size < extra) {
            long wanted = Math.max((long) buffer.length * 2, (long) size + extra);
            if (wanted > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("output larger than 2 GiB");
            }
            buffer = Arrays.copyOf(buffer, (int) wanted);
        }
    }
}
