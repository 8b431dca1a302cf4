package liop.node.metering;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A cursor over a window of a module's bytes that decodes the binary format's primitives: bytes,
 * LEB128 integers exactly as strict as the specification (no overlong or overflowing encodings)
 * and names. It never reads outside its window; running out of bytes is a {@link
 * MeteringException}, never an {@link IndexOutOfBoundsException}.
 */
final class BinaryReader {

    private final byte[] bytes;
    private final int end;
    private int position;

    BinaryReader(byte[] bytes) {
        this(bytes, 0, bytes.length);
    }

    BinaryReader(byte[] bytes, int from, int to) {
        this.bytes = bytes;
        this.position = from;
        this.end = to;
    }

    byte[] bytes() {
        return bytes;
    }

    int position() {
        return position;
    }

    int remaining() {
        return end - position;
    }

    boolean atEnd() {
        return position >= end;
    }

    /** A reader over the next {@code length} bytes; this reader moves past them. */
    BinaryReader slice(long length, String what) throws MeteringException {
        if (length > remaining()) {
            throw malformed(what + " claims " + length + " bytes but only " + remaining() + " remain (truncated module?)");
        }
        BinaryReader slice = new BinaryReader(bytes, position, position + (int) length);
        position += (int) length;
        return slice;
    }

    int peekByte() throws MeteringException {
        if (position >= end) {
            throw malformed("unexpected end of data");
        }
        return bytes[position] & 0xFF;
    }

    int readByte() throws MeteringException {
        if (position >= end) {
            throw malformed("unexpected end of data");
        }
        return bytes[position++] & 0xFF;
    }

    void skip(int length, String what) throws MeteringException {
        if (length > remaining()) {
            throw malformed("truncated " + what);
        }
        position += length;
    }

    long readFixedU32() throws MeteringException {
        long value = 0;
        for (int i = 0; i < 4; i++) {
            value |= (long) readByte() << (8 * i);
        }
        return value;
    }

    long readU32() throws MeteringException {
        long value = 0;
        for (int i = 0; i < 5; i++) {
            int b = readByte();
            value |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                if (i == 4 && (b & 0x70) != 0) {
                    throw malformedBefore(1, "integer too large for 32 bits");
                }
                return value;
            }
        }
        throw malformed("integer representation too long");
    }

    long readS32() throws MeteringException {
        return readSigned(32);
    }

    long readS33() throws MeteringException {
        return readSigned(33);
    }

    long readS64() throws MeteringException {
        return readSigned(64);
    }

    private long readSigned(int bits) throws MeteringException {
        int maxBytes = (bits + 6) / 7;
        int bitsInLastByte = bits - 7 * (maxBytes - 1);
        // In the last byte the sign bit and the unused bits above it must all be equal.
        int signAndUnused = (0x7F << (bitsInLastByte - 1)) & 0x7F;
        long value = 0;
        for (int i = 0; i < maxBytes; i++) {
            int b = readByte();
            value |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                if (i == maxBytes - 1) {
                    int top = b & signAndUnused;
                    if (top != 0 && top != signAndUnused) {
                        throw malformedBefore(1, "integer too large for " + bits + " bits");
                    }
                }
                int shift = 7 * (i + 1);
                if (shift < 64 && (b & 0x40) != 0) {
                    value |= -1L << shift;
                }
                return value;
            }
        }
        throw malformed("integer representation too long");
    }

    /**
     * Reads a vector length and checks that the bytes left could hold that many items of at least
     * {@code minBytesEach} bytes, so that nothing sized by it can be larger than the module.
     */
    int readCount(int minBytesEach, String what) throws MeteringException {
        long count = readU32();
        if (count * minBytesEach > remaining()) {
            throw malformedBefore(1, what + " count " + count + " cannot fit in the " + remaining() + " bytes left");
        }
        return (int) count;
    }

    String readName(String what) throws MeteringException {
        long length = readU32();
        if (length > remaining()) {
            throw malformed(what + " of " + length + " bytes overruns its section");
        }
        int start = position;
        position += (int) length;
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, start, (int) length))
                    .toString();
        } catch (CharacterCodingException e) {
            throw MeteringException.malformed(start, what + " is not valid UTF-8");
        }
    }

    MeteringException malformed(String detail) {
        return MeteringException.malformed(position, detail);
    }

    MeteringException unsupported(String feature) {
        return MeteringException.unsupported(position, feature);
    }

    /** For problems with something already read: points at where it started. */
    private MeteringException malformedBefore(int back, String detail) {
        return MeteringException.malformed(Math.max(0, position - back), detail);
    }
}
