package liop.libp2p.grpc;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.DefaultChannelConfig;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import java.lang.System.Logger.Level;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import liop.libp2p.Connection;

/**
 * A gRPC channel to a libp2p peer: each HTTP/2 connection gRPC makes is a {@value
 * GrpcStreamServer#PROTOCOL} stream on one libp2p connection. The mirror image of {@link
 * GrpcStreamServer}: gRPC connects an in-process {@link LocalChannel} to a {@link
 * LocalServerChannel} of this client's, which opens a stream for each connection and splices the
 * two.
 *
 * <pre>{@code
 * try (GrpcStreamClient grpc = GrpcStreamClient.open(connection, GrpcLimits.DEFAULT)) {
 *     LogicResponse response = ClientCalls.blockingUnaryCall(grpc.channel(), method, CallOptions.DEFAULT, request);
 * }
 * }</pre>
 *
 * Closing it closes its streams, not the libp2p connection.
 */
public final class GrpcStreamClient implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("liop.libp2p");

    private final Connection connection;
    private final Channel acceptor;
    private final ManagedChannel channel;

    /** gRPC's side of the splice: in-process channels need a local-transport event loop of their own. */
    private final EventLoopGroup localLoops = new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());

    private GrpcStreamClient(Connection connection, GrpcLimits limits) {
        EventLoopGroup eventLoops = localLoops;
        this.connection = connection;
        LocalAddress address = new LocalAddress("liop-grpc-client-" + UUID.randomUUID());
        this.acceptor = new ServerBootstrap()
                .group(eventLoops)
                .channel(LocalServerChannel.class)
                .childHandler(new ChannelInitializer<LocalChannel>() {
                    @Override
                    protected void initChannel(LocalChannel local) {
                        spliceToNewStream(local);
                    }
                })
                .bind(address)
                .syncUninterruptibly()
                .channel();
        this.channel = NettyChannelBuilder.forAddress(address)
                .channelType(InProcessChannel.class, LocalAddress.class)
                .eventLoopGroup(eventLoops)
                .usePlaintext() // Noise already encrypts and authenticates the stream
                .overrideAuthority(connection.remotePeer().toString())
                .maxInboundMessageSize(limits.maxMessageBytes())
                .build();
    }

    /**
     * A channel whose calls go to the peer of {@code connection}.
     */
    public static GrpcStreamClient open(Connection connection, GrpcLimits limits) {
        return new GrpcStreamClient(connection, limits);
    }

    /** For calls ({@code ClientCalls}, stubs) to the peer. */
    public io.grpc.Channel channel() {
        return channel;
    }

    private void spliceToNewStream(LocalChannel local) {
        Splice localEnd = new Splice();
        local.pipeline().addLast("grpc-splice", localEnd);
        connection.openStream(GrpcStreamServer.PROTOCOL, stream -> {
            Splice streamEnd = new Splice();
            stream.pipeline().addLast("grpc-splice", streamEnd);
            streamEnd.joinTo(local);
            localEnd.joinTo(stream);
        }).whenComplete((stream, failure) -> {
            if (failure != null) {
                LOG.log(Level.DEBUG, () -> "libp2p: no gRPC stream to " + connection + ": " + failure);
                local.close(); // gRPC sees its connection fail and reports UNAVAILABLE
            }
        });
    }

    /**
     * gRPC's end of the splice: an in-process channel that takes SO_KEEPALIVE, which grpc-netty sets
     * on every connection it makes, and ignores it (the libp2p connection has yamux's keep-alive).
     */
    public static final class InProcessChannel extends LocalChannel {
        private ChannelConfig quietConfig; // no initializer: LocalChannel's constructor already asks for it

        @Override
        public ChannelConfig config() {
            if (quietConfig == null) {
                quietConfig = new DefaultChannelConfig(this) {
                    @Override
                    public <T> boolean setOption(ChannelOption<T> option, T value) {
                        return option == ChannelOption.SO_KEEPALIVE || super.setOption(option, value);
                    }
                };
            }
            return quietConfig;
        }
    }

    /** Ends the calls in flight (within a few seconds) and closes the streams. */
    @Override
    public void close() {
        channel.shutdown();
        try {
            if (!channel.awaitTermination(3, TimeUnit.SECONDS)) {
                channel.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            channel.shutdownNow();
            Thread.currentThread().interrupt();
        } finally {
            acceptor.close().syncUninterruptibly();
            localLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }
}
