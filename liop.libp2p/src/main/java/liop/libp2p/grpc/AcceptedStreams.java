package liop.libp2p.grpc;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.AbstractEventExecutorGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;

/**
 * The "worker group" grpc-netty's server registers accepted connections with. Those are libp2p
 * streams, registered already on their connection's event loop by their yamux session; so
 * registering one only lets it read ({@link HeldReads#release}), after grpc-netty has put its
 * handlers in. Everything else goes to the host's event loops.
 */
final class AcceptedStreams extends AbstractEventExecutorGroup implements EventLoopGroup {

    private final EventLoopGroup loops;

    AcceptedStreams(EventLoopGroup loops) {
        this.loops = loops;
    }

    @Override
    public ChannelFuture register(Channel stream) {
        // A task, so that it runs after the handlers grpc-netty has just added from another thread.
        stream.eventLoop().execute(() -> HeldReads.release(stream));
        return stream.newSucceededFuture();
    }

    @Override
    public ChannelFuture register(ChannelPromise promise) {
        register(promise.channel());
        return promise.setSuccess();
    }

    @Override
    @Deprecated
    public ChannelFuture register(Channel stream, ChannelPromise promise) {
        return register(promise);
    }

    @Override
    public EventLoop next() {
        return loops.next();
    }

    @Override
    public Iterator<EventExecutor> iterator() {
        return loops.iterator();
    }

    @Override
    public boolean isShuttingDown() {
        return loops.isShuttingDown();
    }

    /** The host owns its event loops: shutting this group down does not stop them. */
    @Override
    public Future<?> shutdownGracefully(long quietPeriod, long timeout, TimeUnit unit) {
        return loops.terminationFuture();
    }

    @Override
    public Future<?> terminationFuture() {
        return loops.terminationFuture();
    }

    @Override
    @Deprecated
    public void shutdown() {
        // as shutdownGracefully
    }

    @Override
    public boolean isShutdown() {
        return loops.isShutdown();
    }

    @Override
    public boolean isTerminated() {
        return loops.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return loops.awaitTermination(timeout, unit);
    }
}
