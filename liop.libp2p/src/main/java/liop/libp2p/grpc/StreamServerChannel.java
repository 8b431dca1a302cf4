package liop.libp2p.grpc;

import io.netty.channel.AbstractServerChannel;
import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelMetadata;
import io.netty.channel.DefaultChannelConfig;
import io.netty.channel.EventLoop;
import java.net.SocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What grpc-netty's server listens on: a server channel whose accepted connections are the libp2p
 * streams peers open for {@value GrpcStreamServer#PROTOCOL}. It opens no socket: {@link #accept}
 * hands it a stream, and grpc-netty takes that as it takes an accepted socket, putting its
 * handlers into the stream's pipeline, so HTTP/2 runs directly on the stream.
 */
final class StreamServerChannel extends AbstractServerChannel {

    private static final ChannelMetadata METADATA = new ChannelMetadata(false);

    private final ChannelConfig config = new DefaultChannelConfig(this);
    private volatile SocketAddress localAddress;
    private volatile boolean open = true;
    private final AtomicInteger streams = new AtomicInteger();

    /**
     * Accepts a stream whose protocol was just agreed (on its own event loop): it reads nothing
     * until {@link AcceptedStreams} lets it, once gRPC's handlers are in.
     */
    void accept(Channel stream) {
        stream.pipeline().addLast(new StreamWatch());
        HeldReads.install(stream);
        streams.incrementAndGet();
        stream.closeFuture().addListener(closed -> streams.decrementAndGet());
        eventLoop().execute(() -> {
            if (isActive()) {
                pipeline().fireChannelRead(stream); // to ServerBootstrap's acceptor, as an accepted socket
            } else {
                stream.close();
            }
        });
    }

    /** Streams accepted and not yet closed. */
    int streams() {
        return streams.get();
    }

    @Override
    public ChannelConfig config() {
        return config;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public boolean isActive() {
        return open && localAddress != null;
    }

    @Override
    public ChannelMetadata metadata() {
        return METADATA;
    }

    /** It does no I/O of its own, so any event loop does. */
    @Override
    protected boolean isCompatible(EventLoop loop) {
        return true;
    }

    @Override
    protected SocketAddress localAddress0() {
        return localAddress;
    }

    @Override
    protected void doBind(SocketAddress address) {
        localAddress = address;
    }

    @Override
    protected void doClose() {
        open = false;
    }

    @Override
    protected void doBeginRead() {
        // Streams arrive through accept(), whenever peers open them.
    }
}
