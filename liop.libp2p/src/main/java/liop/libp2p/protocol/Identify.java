package liop.libp2p.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import liop.libp2p.Connection;
import liop.libp2p.PeerAddress;
import liop.libp2p.StreamHandler;
import liop.libp2p.crypto.Ed25519PublicKey;
import liop.libp2p.multiaddr.Multiaddr;
import liop.libp2p.peer.PeerId;
import liop.libp2p.wire.LengthPrefixedDecoder;
import liop.libp2p.wire.ProtocolException;

/**
 * Identify ({@value #PROTOCOL}): the dialler opens a stream, the listener writes one
 * length-prefixed {@link IdentifyMessage} and finishes the stream.
 */
public final class Identify {

    public static final String PROTOCOL = "/ipfs/id/1.0.0";
    public static final String PROTOCOL_VERSION = "ipfs/0.1.0";
    /** As go- and js-libp2p: a larger identify message is refused. */
    public static final int MAX_MESSAGE_BYTES = 8 * 1024;
    /** As go- and js-libp2p: more messages on one identify stream are not read. */
    static final int MAX_MESSAGES = 10;

    private Identify() {}

    /** Answers identify requests with the message {@code messageFor} makes for the address the peer is seen at. */
    public static StreamHandler responder(Function<Multiaddr, IdentifyMessage> messageFor) {
        return stream -> stream.pipeline().addLast(new Responder(messageFor.apply(((PeerAddress) stream.remoteAddress()).address())));
    }

    /**
     * Asks the peer of {@code connection} who it is. Fails if its answer is malformed or carries a
     * key other than the one the connection's handshake proved.
     */
    public static CompletableFuture<IdentifyMessage> request(Connection connection) {
        CompletableFuture<IdentifyMessage> result = new CompletableFuture<>();
        connection.openStream(PROTOCOL, stream -> stream.pipeline().addLast(
                        new LengthPrefixedDecoder(MAX_MESSAGE_BYTES), new Reader(result, connection.remotePeer())))
                .whenComplete((stream, failure) -> {
                    if (failure != null) {
                        result.completeExceptionally(failure);
                    }
                });
        return result;
    }

    private static final class Responder extends ChannelInboundHandlerAdapter {
        private final IdentifyMessage message;

        Responder(IdentifyMessage message) {
            this.message = message;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            ctx.write(LengthPrefixedDecoder.frame(ctx.alloc().buffer(), message.encode()));
            ctx.flush();
            ((DuplexChannel) ctx.channel()).shutdownOutput();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg); // the requester has nothing to say
        }
    }

    private static final class Reader extends ChannelInboundHandlerAdapter {
        private final CompletableFuture<IdentifyMessage> result;
        private final PeerId expected;
        private final List<IdentifyMessage> messages = new ArrayList<>();

        Reader(CompletableFuture<IdentifyMessage> result, PeerId expected) {
            this.result = result;
            this.expected = expected;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws ProtocolException {
            ByteBuf frame = (ByteBuf) msg;
            try {
                if (messages.size() < MAX_MESSAGES) {
                    byte[] bytes = new byte[frame.readableBytes()];
                    frame.readBytes(bytes);
                    messages.add(IdentifyMessage.decode(bytes));
                }
            } finally {
                frame.release();
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof ChannelInputShutdownEvent) {
                finish();
                ctx.close();
            }
            ReferenceCountUtil.release(event);
        }

        private void finish() {
            try {
                if (messages.isEmpty()) {
                    throw new ProtocolException("identify: the peer finished the stream without a message");
                }
                IdentifyMessage merged = IdentifyMessage.merge(messages);
                if (merged.publicKey() == null || !expected.matches(Ed25519PublicKey.fromProtobuf(merged.publicKey()))) {
                    throw new ProtocolException("identify: the peer's message carries a key other than " + expected + "'s");
                }
                result.complete(merged);
            } catch (ProtocolException e) {
                result.completeExceptionally(e);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            result.completeExceptionally(new ClosedChannelException());
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            Throwable reason = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
            result.completeExceptionally(reason instanceof IOException ? reason : new IOException(reason));
            ctx.close();
        }
    }
}
