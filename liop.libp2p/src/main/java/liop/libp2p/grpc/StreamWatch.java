package liop.libp2p.grpc;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;

/**
 * First in a {@value GrpcStreamServer#PROTOCOL} stream's pipeline: checks that the peer starts with
 * the HTTP/2 client preface, and says in one log line why a stream ends badly: not HTTP/2 (the
 * stream is closed at once, before gRPC sees a byte), or closed before any preface arrived (a
 * silent peer cut off by the handshake timeout, or one that gave up). Removes itself once the
 * preface is through. The connection and the peer's other streams are not touched.
 */
final class StreamWatch extends ChannelInboundHandlerAdapter {

    static final System.Logger LOG = System.getLogger("liop.libp2p");
    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private int matched;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (!(message instanceof ByteBuf bytes)) {
            ctx.fireChannelRead(message);
            return;
        }
        int checked = Math.min(bytes.readableBytes(), PREFACE.length - matched);
        for (int i = 0; i < checked; i++) {
            if (bytes.getByte(bytes.readerIndex() + i) != PREFACE[matched + i]) {
                String start = printable(bytes, Math.min(bytes.readableBytes(), 32));
                ReferenceCountUtil.release(message);
                LOG.log(Level.WARNING, "libp2p: closed " + GrpcStreamServer.PROTOCOL + " stream from " + ctx.channel().remoteAddress()
                        + ": not HTTP/2 (it began \"" + start + "\", not the HTTP/2 client preface); the connection stays");
                matched = -1;
                ctx.close();
                return;
            }
        }
        matched += checked;
        if (matched == PREFACE.length) {
            ctx.pipeline().remove(this);
        }
        ctx.fireChannelRead(message);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (matched >= 0 && matched < PREFACE.length) {
            LOG.log(Level.WARNING, "libp2p: closed " + GrpcStreamServer.PROTOCOL + " stream from " + ctx.channel().remoteAddress()
                    + ": it ended before the HTTP/2 preface was complete (" + matched + " of " + PREFACE.length
                    + " bytes; a silent peer is cut off after the handshake timeout)");
        }
        ctx.fireChannelInactive();
    }

    private static String printable(ByteBuf bytes, int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int b = bytes.getByte(bytes.readerIndex() + i) & 0xff;
            text.append(b >= 0x20 && b < 0x7f && b != '"' && b != '\\' ? (char) b : String.format("\\x%02x", b));
        }
        return text.toString();
    }
}
