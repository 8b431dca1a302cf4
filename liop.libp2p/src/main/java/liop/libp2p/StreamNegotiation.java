package liop.libp2p;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import liop.libp2p.multistream.MultistreamSelect;
import liop.libp2p.yamux.YamuxStreamChannel;

/**
 * Agrees on the protocol of a new stream, in time: once agreed, the protocol's {@link
 * StreamHandler} takes the stream over; a refusal, a broken negotiation or the timeout resets it.
 * The future says which.
 */
final class StreamNegotiation extends ChannelInboundHandlerAdapter {

    private final CompletableFuture<Channel> result = new CompletableFuture<>();

    private StreamNegotiation() {}

    /**
     * Installs the negotiation on a stream that is not registered yet.
     *
     * @param negotiation the multistream dialer or listener, given what to do once agreed
     * @param handlerFor the handler of the agreed protocol
     */
    static CompletableFuture<Channel> start(YamuxStreamChannel stream, Duration timeout,
            Function<MultistreamSelect.Selected, MultistreamSelect> negotiation, Function<String, StreamHandler> handlerFor) {
        StreamNegotiation watch = new StreamNegotiation();
        stream.pipeline().addLast("multistream", negotiation.apply((ctx, protocol) -> {
            ctx.pipeline().remove(watch);
            try {
                handlerFor.apply(protocol).initStream(ctx.channel());
            } catch (Exception e) {
                watch.result.completeExceptionally(e);
                ctx.close();
                return;
            }
            watch.result.complete(ctx.channel());
        }));
        stream.pipeline().addLast("negotiation", watch);
        ScheduledFuture<?> timer = stream.parent().eventLoop().schedule(() -> {
            if (watch.result.completeExceptionally(new TimeoutException("no protocol agreed on " + stream + " within "
                    + timeout.toMillis() + " ms"))) {
                stream.close();
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        stream.closeFuture().addListener(f -> watch.result.completeExceptionally(stream.isResetByPeer()
                ? new IOException("the peer reset " + stream + " (it may have too many streams open)")
                : new ClosedChannelException()));
        watch.result.whenComplete((agreed, failure) -> timer.cancel(false));
        return watch.result;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        result.completeExceptionally(cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause);
        ctx.close();
    }
}
