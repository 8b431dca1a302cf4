package liop.libp2p.wire;

import java.util.Arrays;

/**
 * A cursor over a byte array that refuses to read past its end: the decoders of multiaddrs,
 * multihashes and CIDs read with it and fail with a {@link ProtocolException} naming what was cut
 * short.
 */
public final class ByteReader {

    private final byte[] bytes;
    private final String what;
    private int position;

    /** @param what what the bytes are, for error messages ({@code "multiaddr"}) */
    public ByteReader(byte[] bytes, String what) {
        this.bytes = bytes;
        this.what = what;
    }

    public boolean hasRemaining() {
        return position < bytes.length;
    }

    public int remaining() {
        return bytes.length - position;
    }

    public int position() {
        return position;
    }

    public int readUnsignedByte() throws ProtocolException {
        if (!hasRemaining()) {
            throw new ProtocolException(what + ": ends in the middle of a value");
        }
        return bytes[position++] & 0xFF;
    }

    /** A multiformats varint (see {@link Varint}): at most 9 bytes, shortest form. */
    public long readVarint() throws ProtocolException {
        long value = 0;
        for (int i = 0; i < Varint.MAX_BYTES; i++) {
            int b = readUnsignedByte();
            value |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                if (b == 0 && i > 0) {
                    throw new ProtocolException(what + ": varint is not in its shortest form");
                }
                return value;
            }
        }
        throw new ProtocolException(what + ": varint longer than " + Varint.MAX_BYTES + " bytes");
    }

    /** A varint that must fit an {@code int} no larger than {@code max}. */
    public int readLength(int max) throws ProtocolException {
        long length = readVarint();
        if (length > max) {
            throw new ProtocolException(what + ": length " + length + " exceeds the limit of " + max + " bytes");
        }
        return (int) length;
    }

    public byte[] readBytes(int count) throws ProtocolException {
        if (count > remaining()) {
            throw new ProtocolException(what + ": claims " + count + " bytes but only " + remaining() + " are left");
        }
        byte[] read = Arrays.copyOfRange(bytes, position, position + count);
        position += count;
        return read;
    }

    public byte[] readRemaining() {
        byte[] read = Arrays.copyOfRange(bytes, position, bytes.length);
        position = bytes.length;
        return read;
    }
}
