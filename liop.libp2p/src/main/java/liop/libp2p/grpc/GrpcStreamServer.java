package liop.libp2p.grpc;

import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.NettyServerBuilder;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.net.SocketAddress;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import liop.libp2p.StreamHandler;

/**
 * Serves gRPC services to libp2p peers: each stream a peer opens for {@value #PROTOCOL} is one
 * HTTP/2 connection of a grpc-netty server, whose handlers run in the stream's own pipeline.
 *
 * <p>grpc-netty accepts connections from a Netty server channel and registers them with an event
 * loop itself, while a yamux stream is created and registered by its session. So the server
 * listens on a {@link StreamServerChannel}, which opens no socket but hands over the streams
 * peers open, and its worker group, {@link AcceptedStreams}, leaves them on their connection's
 * event loop. gRPC's remote address of a connection is then the stream's {@link
 * liop.libp2p.PeerAddress}, with the PeerId the Noise handshake proved: every call learns its
 * {@link VerifiedCaller} without a lookup.
 *
 * <pre>{@code
 * GrpcStreamServer grpc = GrpcStreamServer.start(group, executor, GrpcLimits.DEFAULT, service);
 * Libp2pHost host = Libp2pHost.builder(identity).eventLoops(group)
 *         .handle(GrpcStreamServer.PROTOCOL, grpc.streamHandler())
 *         .listen(address).start();
 * }</pre>
 *
 * A peer that speaks anything but HTTP/2 on such a stream loses that stream (gRPC answers with a
 * GOAWAY and closes it); its libp2p connection and other streams go on.
 */
public final class GrpcStreamServer implements AutoCloseable {

    /** The libp2p protocol id of gRPC (HTTP/2) inside a stream. */
    public static final String PROTOCOL = "/liop/grpc/1.0.0";

    private final Server server;
    private final StreamServerChannel listener;

    private GrpcStreamServer(Server server, StreamServerChannel listener) {
        this.server = server;
        this.listener = listener;
    }

    /**
     * Starts a gRPC server for {@code services}.
     *
     * @param eventLoops the libp2p host's event loops
     * @param executor where calls run; they may block (a node's Execute runs a module)
     */
    public static GrpcStreamServer start(EventLoopGroup eventLoops, Executor executor, GrpcLimits limits,
            ServerServiceDefinition... services) throws IOException {
        AtomicReference<StreamServerChannel> listener = new AtomicReference<>();
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new ProtocolAddress(PROTOCOL))
                .channelFactory(() -> {
                    listener.set(new StreamServerChannel());
                    return listener.get();
                })
                .bossEventLoopGroup(eventLoops)
                .workerEventLoopGroup(new AcceptedStreams(eventLoops))
                .executor(executor)
                .addStreamTracerFactory(new CallLog())
                .maxInboundMessageSize(limits.maxMessageBytes())
                .maxConcurrentCallsPerConnection(limits.maxConcurrentCallsPerStream())
                .handshakeTimeout(limits.handshakeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        for (ServerServiceDefinition service : services) {
            builder.addService(ServerInterceptors.intercept(service, new CallerInterceptor()));
        }
        Server server = builder.build().start();
        return new GrpcStreamServer(server, listener.get());
    }

    /** What the host runs for each {@value #PROTOCOL} stream: hands it to this server. */
    public StreamHandler streamHandler() {
        return listener::accept;
    }

    /** Streams being served now. */
    public int activeStreams() {
        return listener.streams();
    }

    /** Ends the calls in flight (within a few seconds) and stops serving. */
    @Override
    public void close() {
        server.shutdown();
        try {
            if (!server.awaitTermination(3, TimeUnit.SECONDS)) {
                server.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "gRPC over libp2p (" + PROTOCOL + ")";
    }

    /** The server's "listen address": the protocol it serves, since it opens no socket. */
    static final class ProtocolAddress extends SocketAddress {
        private static final long serialVersionUID = 1L;
        private final String protocol;

        ProtocolAddress(String protocol) {
            this.protocol = protocol;
        }

        @Override
        public String toString() {
            return protocol;
        }
    }
}
