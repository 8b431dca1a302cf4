package liop.libp2p.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import liop.libp2p.Connection;
import liop.libp2p.StreamHandler;
import liop.libp2p.wire.ProtocolException;

/** Ping ({@value #PROTOCOL}): 32 random bytes, echoed; the round trip is the peer's latency. */
public final class Ping {

    public static final String PROTOCOL = "/ipfs/ping/1.0.0";
    public static final int PAYLOAD_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ping() {}

    /** Echoes pings. */
    public static StreamHandler responder() {
        return stream -> stream.pipeline().addLast(new EchoHandler());
    }

    /** One ping on a new stream: completes with the round-trip time, or fails if the echo differs. */
    public static CompletableFuture<Duration> ping(Connection connection) {
        CompletableFuture<Duration> result = new CompletableFuture<>();
        byte[] payload = new byte[PAYLOAD_BYTES];
        RANDOM.nextBytes(payload);
        connection.openStream(PROTOCOL, stream -> stream.pipeline().addLast(new Pinger(payload, result)))
                .whenComplete((stream, failure) -> {
                    if (failure != null) {
                        result.completeExceptionally(failure);
                    }
                });
        return result;
    }

    private static final class Pinger extends ChannelInboundHandlerAdapter {
        private final byte[] payload;
        private final CompletableFuture<Duration> result;
        private final byte[] echo = new byte[PAYLOAD_BYTES];
        private int received;
        private long sentNanos;

        Pinger(byte[] payload, CompletableFuture<Duration> result) {
            this.payload = payload;
            this.result = result;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            sentNanos = System.nanoTime();
            ctx.writeAndFlush(ctx.alloc().buffer(PAYLOAD_BYTES).writeBytes(payload));
            ((DuplexChannel) ctx.channel()).shutdownOutput();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf bytes = (ByteBuf) msg;
            try {
                int take = Math.min(bytes.readableBytes(), PAYLOAD_BYTES - received);
                bytes.readBytes(echo, received, take);
                received += take;
                if (bytes.isReadable()) {
                    result.completeExceptionally(new ProtocolException("ping: the peer answered more than " + PAYLOAD_BYTES + " bytes"));
                    ctx.close();
                } else if (received == PAYLOAD_BYTES) {
                    Duration rtt = Duration.ofNanos(System.nanoTime() - sentNanos);
                    if (Arrays.equals(echo, payload)) {
                        result.complete(rtt);
                    } else {
                        result.completeExceptionally(new ProtocolException("ping: the peer answered other bytes than it was sent"));
                    }
                }
            } finally {
                bytes.release();
            }
        }

        /** The peer finishes after us; the stream then closes on its own. */
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof ChannelInputShutdownEvent && !result.isDone()) {
                result.completeExceptionally(new ProtocolException("ping: the peer finished after " + received + " of " + PAYLOAD_BYTES + " bytes"));
                ctx.close();
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
