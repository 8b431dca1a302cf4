package liop.libp2p.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Cuts a stream into messages that are each preceded by their length as a varint (how identify
 * and most libp2p protocols frame protobufs), each at most {@code maxMessageBytes}.
 */
public final class LengthPrefixedDecoder extends ByteToMessageDecoder {

    private final int maxMessageBytes;

    public LengthPrefixedDecoder(int maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws ProtocolException {
        int start = in.readerIndex();
        long length = Varint.read(in, Varint.MAX_BYTES, "length prefix");
        if (length < 0) {
            return;
        }
        if (length > maxMessageBytes) {
            throw new ProtocolException("message of " + length + " bytes exceeds the limit of " + maxMessageBytes);
        }
        if (in.readableBytes() < length) {
            in.readerIndex(start);
            return;
        }
        out.add(in.readRetainedSlice((int) length));
    }

    /** A message with its length prefix, ready to write. */
    public static ByteBuf frame(ByteBuf out, byte[] message) {
        Varint.write(out, message.length);
        return out.writeBytes(message);
    }
}
