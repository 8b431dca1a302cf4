package liop.libp2p.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CompletableFuture;
import liop.libp2p.Connection;
import liop.libp2p.StreamHandler;
import liop.libp2p.wire.ProtocolException;

/**
 * The echo protocol ({@value #PROTOCOL}): the peer writes back every byte it receives and
 * finishes the stream after we finish ours. A diagnostic (and the interop tests' custom
 * protocol): it exercises streams, flow control and half-close end to end.
 */
public final class Echo {

    public static final String PROTOCOL = "/liop/echo/1.0.0";

    private Echo() {}

    public static StreamHandler responder() {
        return stream -> stream.pipeline().addLast(new EchoHandler());
    }

    /** Sends {@code data}, finishes the stream and completes with what came back before the peer finished. */
    public static CompletableFuture<byte[]> echo(Connection connection, byte[] data) {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        connection.openStream(PROTOCOL, stream -> stream.pipeline().addLast(new Client(data, result)))
                .whenComplete((stream, failure) -> {
                    if (failure != null) {
                        result.completeExceptionally(failure);
                    }
                });
        return result;
    }

    private static final class Client extends ChannelInboundHandlerAdapter {
        private final byte[] data;
        private final CompletableFuture<byte[]> result;
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();

        Client(byte[] data, CompletableFuture<byte[]> result) {
            this.data = data;
            this.result = result;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            ctx.writeAndFlush(ctx.alloc().buffer(data.length).writeBytes(data));
            ((DuplexChannel) ctx.channel()).shutdownOutput();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf bytes = (ByteBuf) msg;
            try {
                if (received.size() + bytes.readableBytes() > data.length) {
                    result.completeExceptionally(new ProtocolException("echo: the peer answered more than the " + data.length + " bytes sent"));
                    ctx.close();
                    return;
                }
                bytes.readBytes(received, bytes.readableBytes());
            } catch (IOException e) {
                throw new IllegalStateException(e); // a ByteArrayOutputStream does not fail
            } finally {
                bytes.release();
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof ChannelInputShutdownEvent) {
                result.complete(received.toByteArray());
            }
            ReferenceCountUtil.release(event);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            result.completeExceptionally(new ClosedChannelException());
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            result.completeExceptionally(cause instanceof IOException ? cause : new IOException(cause));
            ctx.close();
        }
    }
}
