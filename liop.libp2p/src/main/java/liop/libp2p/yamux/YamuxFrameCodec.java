package liop.libp2p.yamux;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import liop.libp2p.wire.ProtocolException;

/**
 * Reads and writes yamux frames. Reading checks what a single frame can get wrong (version, type,
 * the session stream id 0 for ping and go away only, payload size); what a frame means for a
 * stream is the session's business.
 */
public final class YamuxFrameCodec {

    private static final int KNOWN_FLAGS = YamuxFrame.FLAG_SYN | YamuxFrame.FLAG_ACK | YamuxFrame.FLAG_FIN | YamuxFrame.FLAG_RST;

    private YamuxFrameCodec() {}

    /**
     * The next frame, or null (consuming nothing) if it has not all arrived.
     *
     * @param maxDataBytes the largest data payload accepted (no more than the receive window)
     * @throws ProtocolException for a frame no yamux peer may send
     */
    public static YamuxFrame decode(ByteBuf in, int maxDataBytes) throws ProtocolException {
        if (in.readableBytes() < YamuxFrame.HEADER_BYTES) {
            return null;
        }
        int start = in.readerIndex();
        int version = in.getUnsignedByte(start);
        int type = in.getUnsignedByte(start + 1);
        int flags = in.getUnsignedShort(start + 2);
        int streamId = in.getInt(start + 4);
        long length = in.getUnsignedInt(start + 8);
        if (version != YamuxFrame.VERSION) {
            throw new ProtocolException("yamux: frame version " + version + ", only 0 exists");
        }
        if (type > YamuxFrame.TYPE_GO_AWAY) {
            throw new ProtocolException("yamux: unknown frame type " + type);
        }
        if ((flags & ~KNOWN_FLAGS) != 0) {
            throw new ProtocolException("yamux: unknown flags 0x" + Integer.toHexString(flags) + " on a " + YamuxFrame.typeName(type) + " frame");
        }
        boolean sessionFrame = type == YamuxFrame.TYPE_PING || type == YamuxFrame.TYPE_GO_AWAY;
        if (sessionFrame != (streamId == 0)) {
            throw new ProtocolException("yamux: " + YamuxFrame.typeName(type) + " frame on stream " + Integer.toUnsignedString(streamId)
                    + (sessionFrame ? " (belongs on stream 0)" : " (stream 0 is the session's)"));
        }
        if (type != YamuxFrame.TYPE_DATA) {
            in.skipBytes(YamuxFrame.HEADER_BYTES);
            return new YamuxFrame(type, flags, streamId, length, null);
        }
        if (length > maxDataBytes) {
            throw new ProtocolException("yamux: data frame of " + length + " bytes exceeds the limit of " + maxDataBytes);
        }
        if (in.readableBytes() < YamuxFrame.HEADER_BYTES + length) {
            return null;
        }
        in.skipBytes(YamuxFrame.HEADER_BYTES);
        return new YamuxFrame(type, flags, streamId, length, in.readSlice((int) length));
    }

    public static ByteBuf header(ByteBufAllocator alloc, int type, int flags, int streamId, long length) {
        return writeHeader(alloc.buffer(YamuxFrame.HEADER_BYTES), type, flags, streamId, length);
    }

    public static ByteBuf writeHeader(ByteBuf out, int type, int flags, int streamId, long length) {
        return out.writeByte(YamuxFrame.VERSION)
                .writeByte(type)
                .writeShort(flags)
                .writeInt(streamId)
                .writeInt((int) length);
    }
}
