package liop.libp2p;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import liop.libp2p.crypto.Ed25519KeyPair;
import liop.libp2p.multiaddr.Multiaddr;
import liop.libp2p.multiaddr.Protocol;
import liop.libp2p.multistream.MultistreamSelect;
import liop.libp2p.noise.NoiseIdentity;
import liop.libp2p.peer.PeerId;
import liop.libp2p.protocol.Identify;
import liop.libp2p.protocol.IdentifyMessage;
import liop.libp2p.protocol.Ping;
import liop.libp2p.yamux.YamuxStreamChannel;

/**
 * A libp2p host on TCP: listens, dials, secures connections with Noise, multiplexes them with
 * yamux and hands the peers' streams to the {@link StreamHandler} of the protocol they ask for.
 * Always speaks ping ({@value Ping#PROTOCOL}) and identify ({@value Identify#PROTOCOL}).
 *
 * <pre>{@code
 * Libp2pHost host = Libp2pHost.builder(identity)
 *         .listen(Multiaddr.parse("/ip4/0.0.0.0/tcp/4001"))
 *         .handle("/liop/echo/1.0.0", Echo.responder())
 *         .start();
 * Connection connection = host.dial(Multiaddr.parse("/ip4/192.0.2.7/tcp/4001/p2p/12D3KooW...")).join();
 * Duration rtt = Ping.ping(connection).join();
 * }</pre>
 */
public final class Libp2pHost implements AutoCloseable {

    private static final System.Logger LOG = ConnectionGuard.LOG;

    private final Ed25519KeyPair identity;
    private final PeerId peerId;
    private final NoiseIdentity noiseIdentity;
    private final Libp2pLimits limits;
    private final Map<String, StreamHandler> handlers;
    private final String agentVersion;
    private final EventLoopGroup group;
    private final boolean ownsGroup;
    private final List<Channel> listeners = new CopyOnWriteArrayList<>();
    private final List<Multiaddr> listenAddresses = new CopyOnWriteArrayList<>();
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger openChannels = new AtomicInteger();

    private Libp2pHost(Builder builder) {
        this.identity = builder.identity;
        this.peerId = PeerId.of(identity.publicKey());
        this.noiseIdentity = new NoiseIdentity(identity, builder.random);
        this.limits = builder.limits;
        this.agentVersion = builder.agentVersion;
        Map<String, StreamHandler> all = new LinkedHashMap<>();
        all.put(Ping.PROTOCOL, Ping.responder());
        all.put(Identify.PROTOCOL, Identify.responder(this::identifyMessage));
        all.putAll(builder.handlers);
        this.handlers = Map.copyOf(all);
        this.ownsGroup = builder.eventLoops == null;
        this.group = ownsGroup ? new MultiThreadIoEventLoopGroup(builder.ioThreads, NioIoHandler.newFactory()) : builder.eventLoops;
    }

    public static Builder builder(Ed25519KeyPair identity) {
        return new Builder(identity);
    }

    public PeerId peerId() {
        return peerId;
    }

    /** Where peers can reach this host, each ending in {@code /p2p/<this host's PeerId>}. */
    public List<Multiaddr> listenAddresses() {
        return listenAddresses.stream().map(address -> address.withPeerId(peerId)).toList();
    }

    /** The protocols peers can open streams for. */
    public Set<String> protocols() {
        return handlers.keySet();
    }

    public Libp2pLimits limits() {
        return limits;
    }

    /** The established connections. */
    public List<Connection> connections() {
        return connections.stream().filter(Connection::isOpen).toList();
    }

    /**
     * Connects to the peer at {@code address}, which must end in {@code /p2p/<PeerId>}: the
     * handshake fails unless the peer proves that identity. Host names ({@code /dns4}, {@code
     * /dns6}, {@code /dns}) are resolved first, off the event loops.
     */
    public CompletableFuture<Connection> dial(Multiaddr address) {
        PeerId expected = address.peerId().orElseThrow(() -> new IllegalArgumentException(
                "dial " + address + ": the address must end in /p2p/<PeerId>, so the handshake can check who answers"));
        return resolve(address).thenCompose(target -> connect(address, target, expected));
    }

    private CompletableFuture<Connection> connect(Multiaddr address, InetSocketAddress target, PeerId expected) {
        CompletableFuture<Connection> result = new CompletableFuture<>();
        new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) limits.handshakeTimeout().toMillis())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        if (!reserveChannel()) {
                            result.completeExceptionally(new ConnectionLimitException("dial " + address + ": already "
                                    + limits.maxConnections() + " connections open (maxConnections)"));
                            channel.close();
                            return;
                        }
                        Connection connection = new Connection(channel, true, Multiaddr.of(target), limits);
                        track(channel, connection);
                        connection.established().whenComplete(Futures.completing(result));
                        ConnectionSetup.dialling(Libp2pHost.this, connection, expected);
                    }
                })
                .connect(target)
                .addListener((ChannelFuture connected) -> {
                    if (!connected.isSuccess()) {
                        result.completeExceptionally(new IOException("dial " + address + ": " + connected.cause().getMessage(), connected.cause()));
                    }
                });
        return result;
    }

    /** An IP address stays as it is; a host name is looked up on a virtual thread, in the family its protocol names. */
    private static CompletableFuture<InetSocketAddress> resolve(Multiaddr address) {
        InetSocketAddress target = address.toSocketAddress();
        if (!target.isUnresolved()) {
            return CompletableFuture.completedFuture(target);
        }
        Protocol protocol = address.components().getFirst().protocol();
        return CompletableFuture.supplyAsync(() -> {
            try {
                for (InetAddress candidate : InetAddress.getAllByName(target.getHostString())) {
                    boolean ip4 = candidate instanceof Inet4Address;
                    if (protocol == Protocol.DNS || (protocol == Protocol.DNS4) == ip4) {
                        return new InetSocketAddress(candidate, target.getPort());
                    }
                }
                throw new CompletionException(new UnknownHostException("dial " + address + ": "
                        + target.getHostString() + " has no " + (protocol == Protocol.DNS4 ? "IPv4" : "IPv6") + " address"));
            } catch (UnknownHostException e) {
                throw new CompletionException(new UnknownHostException("dial " + address + ": " + e.getMessage()));
            }
        }, task -> Thread.ofVirtual().name("libp2p-resolve").start(task));
    }

    private void listen(Multiaddr address) throws IOException {
        ServerBootstrap server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        accepted(channel);
                    }
                });
        ChannelFuture bound = server.bind(address.toSocketAddress()).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            throw new IOException("cannot listen on " + address + ": " + bound.cause().getMessage(), bound.cause());
        }
        listeners.add(bound.channel());
        listenAddresses.add(Multiaddr.of((InetSocketAddress) bound.channel().localAddress()));
    }

    private void accepted(SocketChannel channel) {
        Multiaddr remote = Multiaddr.of(channel.remoteAddress());
        if (!reserveChannel()) {
            LOG.log(Level.WARNING, "libp2p: refused connection from " + remote + ": already " + limits.maxConnections()
                    + " connections open (maxConnections)");
            channel.close();
            return;
        }
        Connection connection = new Connection(channel, false, remote, limits);
        track(channel, connection);
        ConnectionSetup.listening(this, connection);
    }

    /** Counts a connection against maxConnections; false (and nothing counted) if it would exceed it. */
    private boolean reserveChannel() {
        if (openChannels.incrementAndGet() > limits.maxConnections()) {
            openChannels.decrementAndGet();
            return false;
        }
        return true;
    }

    private void track(Channel channel, Connection connection) {
        connections.add(connection);
        channel.closeFuture().addListener(f -> {
            connections.remove(connection);
            openChannels.decrementAndGet();
        });
    }

    /** After the handshake: refuses a connection that would exceed the connections allowed per peer. */
    synchronized void admit(Connection connection, PeerId peer) throws ConnectionLimitException {
        connection.secured(peer);
        long others = connections.stream().filter(c -> c != connection && peer.equals(c.remotePeer())).count();
        if (others >= limits.maxConnectionsPerPeer()) {
            throw new ConnectionLimitException("peer " + peer + " already has " + others + " connections (maxConnectionsPerPeer)");
        }
    }

    /** A stream the peer opened: negotiate its protocol, then hand it to that protocol's handler. */
    void acceptStream(Connection connection, YamuxStreamChannel stream) {
        StreamNegotiation.start(stream, limits.protocolNegotiationTimeout(),
                        agreed -> MultistreamSelect.listener(handlers.keySet(), agreed), handlers::get)
                .whenComplete((agreed, failure) -> {
                    if (failure != null) {
                        LOG.log(Level.DEBUG, () -> "libp2p: reset " + stream + ": " + failure);
                    }
                });
    }

    private IdentifyMessage identifyMessage(Multiaddr observed) {
        return new IdentifyMessage(Identify.PROTOCOL_VERSION, agentVersion, identity.publicKey().toProtobuf(),
                List.copyOf(listenAddresses), observed, List.copyOf(handlers.keySet()));
    }

    NoiseIdentity noiseIdentity() {
        return noiseIdentity;
    }

    /** The event loops its connections and streams run on. */
    public EventLoopGroup eventLoops() {
        return group;
    }

    /**
     * Stops listening, closes every connection (telling the peers) and the event loops, unless
     * they were {@linkplain Builder#eventLoops given} to it.
     */
    @Override
    public void close() {
        listeners.forEach(Channel::close);
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (Connection connection : new ArrayList<>(connections)) {
            closing.add(connection.close());
        }
        if (ownsGroup) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        } else {
            // The group goes on running others' channels: wait for ours to have said goodbye.
            CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).completeOnTimeout(null, 2, TimeUnit.SECONDS).join();
        }
    }

    @Override
    public String toString() {
        return "libp2p host " + peerId + " on " + listenAddresses;
    }

    /** Sets up a host; {@link #start()} binds its listen addresses. */
    public static final class Builder {
        private final Ed25519KeyPair identity;
        private final List<Multiaddr> listen = new ArrayList<>();
        private final Map<String, StreamHandler> handlers = new LinkedHashMap<>();
        private Libp2pLimits limits = Libp2pLimits.DEFAULT;
        private String agentVersion = "liop-java/libp2p";
        private SecureRandom random = new SecureRandom();
        private int ioThreads = Math.min(4, Runtime.getRuntime().availableProcessors());
        private EventLoopGroup eventLoops;

        private Builder(Ed25519KeyPair identity) {
            this.identity = identity;
        }

        /** A TCP address to listen on, e.g. {@code /ip4/127.0.0.1/tcp/0} (0: any free port). */
        public Builder listen(Multiaddr address) {
            listen.add(address);
            return this;
        }

        /** Serves {@code protocol} on the streams peers open for it. */
        public Builder handle(String protocol, StreamHandler handler) {
            handlers.put(protocol, handler);
            return this;
        }

        public Builder limits(Libp2pLimits limits) {
            this.limits = limits;
            return this;
        }

        /** What identify tells peers this software is. */
        public Builder agentVersion(String agentVersion) {
            this.agentVersion = agentVersion;
            return this;
        }

        public Builder random(SecureRandom random) {
            this.random = random;
            return this;
        }

        public Builder ioThreads(int ioThreads) {
            this.ioThreads = ioThreads;
            return this;
        }

        /**
         * Runs on these NIO event loops instead of {@link #ioThreads} of its own, e.g. to share them
         * with a server that its streams are spliced to. The caller shuts them down, after the host.
         */
        public Builder eventLoops(EventLoopGroup eventLoops) {
            this.eventLoops = eventLoops;
            return this;
        }

        /** Starts the event loops and listens; a host without listen addresses only dials. */
        public Libp2pHost start() throws IOException {
            Libp2pHost host = new Libp2pHost(this);
            try {
                for (Multiaddr address : listen) {
                    host.listen(address);
                }
            } catch (IOException | RuntimeException e) {
                host.close();
                throw e;
            }
            return host;
        }
    }
}
