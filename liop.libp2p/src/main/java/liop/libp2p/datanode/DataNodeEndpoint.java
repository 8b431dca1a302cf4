package liop.libp2p.datanode;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import liop.api.node.AgentIdentity;
import liop.api.node.DataNode;
import liop.libp2p.Libp2pHost;
import liop.libp2p.Libp2pLimits;
import liop.libp2p.crypto.Ed25519KeyPair;
import liop.libp2p.grpc.GrpcLimits;
import liop.libp2p.grpc.GrpcStreamServer;
import liop.libp2p.grpc.VerifiedCaller;
import liop.libp2p.multiaddr.Multiaddr;
import liop.libp2p.peer.PeerId;

/**
 * A node on libp2p: a host listening on TCP that serves {@code liop.v1.DataNode} over gRPC inside
 * {@value GrpcStreamServer#PROTOCOL} streams (plus ping and identify), each call run by the
 * pipeline as the caller's Noise-proven PeerId, {@code AgentIdentity("peer", "12D3KooW...")}: the
 * identity budgets, tiers and policy are bound to.
 *
 * <pre>{@code
 * try (DataNodeEndpoint endpoint = DataNodeEndpoint.start(identity, List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/4001")),
 *         Libp2pLimits.DEFAULT, GrpcLimits.DEFAULT, () -> Optional.of(dataNode))) {
 *     endpoint.listenAddresses(); // [/ip4/127.0.0.1/tcp/4001/p2p/12D3KooW...]
 * }
 * }</pre>
 */
public final class DataNodeEndpoint implements AutoCloseable {

    private final EventLoopGroup loops;
    private final ExecutorService calls;
    private final GrpcStreamServer grpc;
    private final Libp2pHost host;

    private DataNodeEndpoint(EventLoopGroup loops, ExecutorService calls, GrpcStreamServer grpc, Libp2pHost host) {
        this.loops = loops;
        this.calls = calls;
        this.grpc = grpc;
        this.host = host;
    }

    /**
     * Listens on {@code listen} and serves.
     *
     * @param node the pipeline, read once per call (it may come and go: calls meanwhile get UNAVAILABLE)
     * @throws IOException when an address cannot be bound; nothing is left running then
     */
    public static DataNodeEndpoint start(Ed25519KeyPair identity, List<Multiaddr> listen, Libp2pLimits limits, GrpcLimits grpcLimits,
            Supplier<Optional<DataNode>> node) throws IOException {
        if (listen.isEmpty()) {
            throw new IllegalArgumentException("no listen address: give at least one, e.g. /ip4/127.0.0.1/tcp/4001");
        }
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(Math.max(2, Runtime.getRuntime().availableProcessors()), NioIoHandler.newFactory());
        // Calls block while a module runs; the pipeline bounds how many run at once.
        ExecutorService calls = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("liop-grpc-call-", 0).factory());
        GrpcStreamServer grpc = null;
        try {
            String nodeId = PeerId.of(identity.publicKey()).toString();
            DataNodeService service = new DataNodeService(node, DataNodeEndpoint::caller, nodeId);
            grpc = GrpcStreamServer.start(loops, calls, grpcLimits, service.definition());
            Libp2pHost.Builder builder = Libp2pHost.builder(identity)
                    .eventLoops(loops)
                    .limits(limits)
                    .agentVersion("liop-java/" + Optional.ofNullable(DataNodeEndpoint.class.getPackage().getImplementationVersion()).orElse("dev"))
                    .handle(GrpcStreamServer.PROTOCOL, grpc.streamHandler());
            listen.forEach(builder::listen);
            return new DataNodeEndpoint(loops, calls, grpc, builder.start());
        } catch (IOException | RuntimeException e) {
            if (grpc != null) {
                grpc.close();
            }
            calls.close();
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    /** The identity the pipeline sees for the call this thread serves. */
    static AgentIdentity caller() {
        return new AgentIdentity(AgentIdentity.PEER, VerifiedCaller.current().peerId().toString());
    }

    public PeerId peerId() {
        return host.peerId();
    }

    /** Full addresses agents dial, each ending in {@code /p2p/<PeerId>}. */
    public List<Multiaddr> listenAddresses() {
        return host.listenAddresses();
    }

    public Libp2pHost host() {
        return host;
    }

    /** gRPC streams being served now. */
    public int activeStreams() {
        return grpc.activeStreams();
    }

    /** Stops listening, ends the calls in flight (within a few seconds) and closes every connection. */
    @Override
    public void close() {
        try {
            host.close();
        } finally {
            grpc.close();
            calls.close();
            loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Override
    public String toString() {
        return "liop.v1.DataNode over libp2p at " + listenAddresses();
    }
}
