package liop.libp2p.grpc;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;

/**
 * Keeps a stream from reading while the handlers that speak its protocol are not in its pipeline
 * yet, and holds on to what it had already read (the bytes that followed the protocol
 * negotiation), so that they reach those handlers first.
 */
final class HeldReads extends ChannelInboundHandlerAdapter {

    private final ArrayDeque<Object> held = new ArrayDeque<>();

    /** On the stream's event loop, before the protocol's handlers are added after this one. */
    static void install(Channel stream) {
        stream.config().setAutoRead(false);
        stream.pipeline().addLast(new HeldReads());
    }

    /** On the stream's event loop, once the protocol's handlers are in: what was held goes to them, and reading resumes. */
    static void release(Channel stream) {
        HeldReads reads = stream.pipeline().get(HeldReads.class);
        if (reads != null) {
            stream.pipeline().remove(reads);
            stream.config().setAutoRead(true);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        held.add(message);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // completes when the held reads are passed on
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        boolean passOn = ctx.channel().isActive() && !held.isEmpty();
        Object message;
        while ((message = held.poll()) != null) {
            if (passOn) {
                ctx.fireChannelRead(message);
            } else {
                ReferenceCountUtil.release(message);
            }
        }
        if (passOn) {
            ctx.fireChannelReadComplete();
        }
    }
}
