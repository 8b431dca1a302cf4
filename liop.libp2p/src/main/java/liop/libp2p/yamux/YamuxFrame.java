package liop.libp2p.yamux;

import io.netty.buffer.ByteBuf;

/**
 * One yamux frame: the 12-byte header (version 0, type, flags, stream id, length) and, for data
 * frames, the {@code length} bytes that follow. The meaning of {@code length} depends on the type:
 * payload size (data), window delta (window update), opaque value (ping), error code (go away).
 *
 * @param data the payload of a data frame (a slice of the decoder's buffer, valid only while the
 *     frame is handled), null for the other types
 */
public record YamuxFrame(int type, int flags, int streamId, long length, ByteBuf data) {

    public static final int HEADER_BYTES = 12;
    public static final int VERSION = 0;

    public static final int TYPE_DATA = 0;
    public static final int TYPE_WINDOW_UPDATE = 1;
    public static final int TYPE_PING = 2;
    public static final int TYPE_GO_AWAY = 3;

    public static final int FLAG_SYN = 1;
    public static final int FLAG_ACK = 2;
    public static final int FLAG_FIN = 4;
    public static final int FLAG_RST = 8;

    public static final int GO_AWAY_NORMAL = 0;
    public static final int GO_AWAY_PROTOCOL_ERROR = 1;
    public static final int GO_AWAY_INTERNAL_ERROR = 2;

    /** The spec's initial window of every stream, before any window update. */
    public static final int INITIAL_WINDOW_BYTES = 256 * 1024;

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }

    static String typeName(int type) {
        return switch (type) {
            case TYPE_DATA -> "data";
            case TYPE_WINDOW_UPDATE -> "window update";
            case TYPE_PING -> "ping";
            case TYPE_GO_AWAY -> "go away";
            default -> "type " + type;
        };
    }

    @Override
    public String toString() {
        return typeName(type) + " stream=" + Integer.toUnsignedString(streamId) + " flags=" + flags + " length=" + length;
    }
}
