package liop.libp2p.grpc;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;

/**
 * One end of a pipe between two channels (gRPC's in-process connection and a libp2p stream): what
 * this end's channel reads, the other channel writes; when either closes, so does the other. Reads
 * pause while the other channel is not writable and resume when it is again (each end resumes its
 * partner), so a slow stream holds back gRPC instead of filling memory. Until {@link #joinTo} (the
 * stream may still be opening) reads are held, and a close is remembered.
 */
final class Splice extends ChannelInboundHandlerAdapter {

    private final ArrayDeque<Object> held = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private volatile Channel other;
    private boolean closed;

    /** Joins this end to {@code other}: from now on what this end reads goes there. Any thread. */
    void joinTo(Channel other) {
        this.other = other;
        ChannelHandlerContext context = ctx;
        if (context == null) {
            return;
        }
        context.executor().execute(() -> {
            Object message;
            boolean any = false;
            while ((message = held.poll()) != null) {
                other.write(message);
                any = true;
            }
            if (any) {
                other.flush();
            }
            if (closed) {
                other.close();
            }
        });
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        Channel to = other;
        if (to == null || !held.isEmpty()) {
            held.add(message);
            return;
        }
        if (!to.isActive()) {
            ReferenceCountUtil.release(message);
            return;
        }
        to.write(message);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        Channel to = other;
        if (to != null) {
            to.flush();
            if (!to.isWritable()) {
                ctx.channel().config().setAutoRead(false); // resumed by the other end's writability
            }
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        Channel from = other;
        if (from != null && ctx.channel().isWritable()) {
            from.config().setAutoRead(true);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closed = true;
        Channel to = other;
        if (to != null) {
            to.close();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        Object message;
        while ((message = held.poll()) != null) {
            ReferenceCountUtil.release(message);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
