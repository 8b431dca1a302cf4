package liop.libp2p.noise;

import io.netty.buffer.ByteBuf;

/**
 * The framing of libp2p Noise: every handshake and transport message is preceded by its length as
 * two big-endian bytes, so no message exceeds {@value #MAX_FRAME_BYTES} bytes (16 of them the
 * tag of a transport message).
 */
public final class NoiseFrames {

    public static final int MAX_FRAME_BYTES = 0xFFFF;
    public static final int MAX_PLAINTEXT_BYTES = MAX_FRAME_BYTES - CipherState.TAG_BYTES;
    static final int LENGTH_BYTES = 2;

    private NoiseFrames() {}

    /** The next whole frame as a slice of {@code in}, or null (consuming nothing) if it has not all arrived. */
    public static ByteBuf read(ByteBuf in) {
        if (in.readableBytes() < LENGTH_BYTES) {
            return null;
        }
        int length = in.getUnsignedShort(in.readerIndex());
        if (in.readableBytes() < LENGTH_BYTES + length) {
            return null;
        }
        in.skipBytes(LENGTH_BYTES);
        return in.readSlice(length);
    }

    public static void writeLength(ByteBuf out, int length) {
        if (length > MAX_FRAME_BYTES) {
            throw new IllegalArgumentException("a noise frame holds at most 65535 bytes, not " + length);
        }
        out.writeShort(length);
    }
}
