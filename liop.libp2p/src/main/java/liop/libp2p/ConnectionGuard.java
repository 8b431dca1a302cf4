package liop.libp2p;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.concurrent.TimeUnit;
import liop.libp2p.wire.ProtocolException;

/**
 * The last handler of every connection: bounds the handshake in time, and turns the first failure
 * of any layer into one log line and a closed connection. Protocol violations, limits and
 * timeouts are logged as warnings (a peer misbehaved); a peer that merely hangs up, at debug.
 */
final class ConnectionGuard extends ChannelInboundHandlerAdapter {

    static final System.Logger LOG = System.getLogger("liop.libp2p");

    private final Connection connection;
    private final Libp2pLimits limits;
    private boolean failed;

    ConnectionGuard(Connection connection, Libp2pLimits limits) {
        this.connection = connection;
        this.limits = limits;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        connection.connected();
        long millis = limits.handshakeTimeout().toMillis();
        ctx.executor().schedule(() -> {
            if (!connection.established().isDone() && ctx.channel().isActive()) {
                fail(ctx, new HandshakeTimeoutException("handshake not complete within " + millis + " ms"));
            }
        }, millis, TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ctx, cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause);
    }

    private void fail(ChannelHandlerContext ctx, Throwable cause) {
        if (failed) {
            return;
        }
        failed = true;
        boolean peerMisbehaved = cause instanceof ProtocolException || cause instanceof HandshakeTimeoutException
                || cause instanceof ConnectionLimitException;
        boolean peerHungUp = cause instanceof IOException && !peerMisbehaved;
        Level level = peerMisbehaved ? Level.WARNING : peerHungUp ? Level.DEBUG : Level.ERROR;
        if (level == Level.ERROR) {
            LOG.log(level, "libp2p: closed " + connection + ": " + cause, cause);
        } else {
            LOG.log(level, "libp2p: closed " + connection + ": " + cause.getMessage());
        }
        connection.failed(cause);
        ctx.close();
    }

    /** Nothing should reach the end of the pipeline; whatever does is dropped. */
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg);
    }

    /** The handshake took too long. */
    static final class HandshakeTimeoutException extends IOException {
        private static final long serialVersionUID = 1L;

        HandshakeTimeoutException(String message) {
            super(message);
        }
    }
}
