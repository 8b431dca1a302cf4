package liop.libp2p.wire;

import io.netty.buffer.ByteBuf;

/**
 * The multiformats unsigned varint: 7 bits per byte, least significant group first, at most 9
 * bytes (63 bits) and always in its shortest form, so that every number has exactly one encoding.
 * Used by multistream-select, multiaddrs, multihashes and length-prefixed messages.
 */
public final class Varint {

    /** The multiformats limit: 9 bytes carry 63 bits. */
    public static final int MAX_BYTES = 9;

    private Varint() {}

    /** How many bytes {@code value} takes. */
    public static int size(long value) {
        requireUnsigned(value);
        int size = 1;
        while ((value >>>= 7) != 0) {
            size++;
        }
        return size;
    }

    public static void write(ByteBuf out, long value) {
        requireUnsigned(value);
        while ((value & ~0x7FL) != 0) {
            out.writeByte((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.writeByte((int) value);
    }

    public static byte[] encode(long value) {
        byte[] bytes = new byte[size(value)];
        int i = 0;
        while ((value & ~0x7FL) != 0) {
            bytes[i++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        bytes[i] = (byte) value;
        return bytes;
    }

    /**
     * Reads a varint from {@code in}, or returns -1 and leaves the reader index where it was when
     * the bytes end before the varint does.
     *
     * @param maxBytes the longest encoding accepted, at most {@link #MAX_BYTES}
     * @throws ProtocolException if the varint is longer than {@code maxBytes} or not minimal
     */
    public static long read(ByteBuf in, int maxBytes, String what) throws ProtocolException {
        int start = in.readerIndex();
        long value = 0;
        for (int i = 0; i < maxBytes; i++) {
            if (!in.isReadable()) {
                in.readerIndex(start);
                return -1;
            }
            int b = in.readUnsignedByte();
            value |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                if (b == 0 && i > 0) {
                    throw new ProtocolException(what + ": varint is not in its shortest form");
                }
                return value;
            }
        }
        throw new ProtocolException(what + ": varint longer than " + maxBytes + " bytes");
    }

    private static void requireUnsigned(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("varints are unsigned: " + value);
        }
    }
}
