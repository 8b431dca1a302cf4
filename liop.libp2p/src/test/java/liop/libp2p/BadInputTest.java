package liop.libp2p;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import liop.libp2p.crypto.Ed25519KeyPair;
import liop.libp2p.multiaddr.Multiaddr;
import liop.libp2p.multistream.MultistreamCodec;
import liop.libp2p.protocol.Echo;
import liop.libp2p.protocol.Ping;
import liop.libp2p.yamux.YamuxFrame;
import liop.libp2p.yamux.YamuxFrameCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Peers that misbehave at every layer, each on a connection of its own while a good peer keeps
 * pinging the same node: the bad connection is closed with one warning that says why, the good
 * one never notices.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Libp2pLimits LIMITS = Libp2pLimits.DEFAULT
            .withHandshakeTimeout(Duration.ofMillis(500))
            .withMaxInboundStreams(4)
            .withMaxBufferedBytes(64 << 10)
            .withMaxConnectionsPerPeer(2);

    private Libp2pHost node;
    private Multiaddr nodeAddress;
    private Libp2pHost goodPeer;
    private Connection goodConnection;
    private EventLoopGroup badPeers;
    private LogRecorder log;
    private Thread pinger;
    private final AtomicInteger pingsOk = new AtomicInteger();
    private final AtomicInteger pingsFailed = new AtomicInteger();

    @BeforeAll
    void startNodeAndGoodPeer() throws Exception {
        node = Libp2pHost.builder(Ed25519KeyPair.generate(RANDOM))
                .listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"))
                .handle(Echo.PROTOCOL, Echo.responder())
                .limits(LIMITS)
                .start();
        nodeAddress = node.listenAddresses().getFirst();
        goodPeer = Libp2pHost.builder(Ed25519KeyPair.generate(RANDOM)).start();
        goodConnection = goodPeer.dial(nodeAddress).get(5, TimeUnit.SECONDS);
        badPeers = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    }

    @AfterAll
    void stop() {
        badPeers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        goodPeer.close();
        node.close();
    }

    @BeforeEach
    void startPinging() {
        log = new LogRecorder();
        pingsOk.set(0);
        pingsFailed.set(0);
        pinger = Thread.ofVirtual().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Ping.ping(goodConnection).get(2, TimeUnit.SECONDS);
                    pingsOk.incrementAndGet();
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    pingsFailed.incrementAndGet();
                }
            }
        });
    }

    @AfterEach
    void theGoodPeerNeverNoticed() throws Exception {
        await(() -> pingsOk.get() > 0); // a quick test may end before the first ping does
        pinger.interrupt();
        pinger.join();
        log.close();
        assertThat(pingsFailed.get()).as("pings of the good peer that failed").isZero();
        assertThat(pingsOk.get()).as("pings of the good peer").isPositive();
        assertThat(goodConnection.isOpen()).isTrue();
        assertThat(Echo.echo(goodConnection, new byte[] {1, 2, 3}).get(5, TimeUnit.SECONDS)).containsExactly(1, 2, 3);
    }

    @Test
    void garbageInsteadOfMultistream() throws Exception {
        try (BadPeer bad = BadPeer.raw(badPeers, nodeAddress)) {
            bad.write("GET /index.html HTTP/1.1\r\nHost: node.example\r\nUser-Agent: curl/8.0\r\nAccept: */*\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertClosedWithOneWarning(bad, "multistream: ");
        }
    }

    @Test
    void silenceTimesOut() throws Exception {
        try (BadPeer bad = BadPeer.raw(badPeers, nodeAddress)) {
            assertClosedWithOneWarning(bad, "handshake not complete within 500 ms");
        }
    }

    @Test
    void aHandshakeThatStallsTimesOut() throws Exception {
        try (BadPeer bad = BadPeer.raw(badPeers, nodeAddress)) {
            ByteBuf proposal = Unpooled.buffer();
            MultistreamCodec.write(proposal, MultistreamCodec.PROTOCOL_ID);
            MultistreamCodec.write(proposal, "/noise");
            bad.write(proposal);
            bad.write(new byte[] {0, 32, 1, 2, 3}); // the first bytes of Noise message 1, then nothing
            assertClosedWithOneWarning(bad, "handshake not complete within 500 ms");
        }
    }

    @Test
    void aFailedNoiseHandshake() throws Exception {
        try (BadPeer bad = BadPeer.raw(badPeers, nodeAddress)) {
            ByteBuf proposal = Unpooled.buffer();
            MultistreamCodec.write(proposal, MultistreamCodec.PROTOCOL_ID);
            MultistreamCodec.write(proposal, "/noise");
            proposal.writeShort(10).writeBytes(new byte[10]);
            bad.write(proposal);
            assertClosedWithOneWarning(bad, "noise: handshake message 1 has 10 bytes, at least 32 expected");
        }
    }

    @Test
    void anOversizedYamuxFrame() throws Exception {
        try (BadPeer bad = BadPeer.multiplexed(badPeers, nodeAddress)) {
            bad.write(frame(YamuxFrame.TYPE_DATA, YamuxFrame.FLAG_SYN, 1, 10 << 20));
            assertClosedWithOneWarning(bad, "yamux: data frame of 10485760 bytes exceeds the limit of 262144");
        }
    }

    @Test
    void dataBeyondTheWindow() throws Exception {
        try (BadPeer bad = BadPeer.multiplexed(badPeers, nodeAddress)) {
            bad.write(frame(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_SYN, 1, 0));
            ByteBuf negotiation = Unpooled.buffer();
            MultistreamCodec.write(negotiation, MultistreamCodec.PROTOCOL_ID);
            MultistreamCodec.write(negotiation, Echo.PROTOCOL);
            bad.write(data(1, negotiation));
            // The node echoes into a window this peer never opens, stops reading, and the
            // window it gave runs out: everything past it is a violation.
            for (int i = 0; i < 40 && bad.channel.isActive(); i++) {
                bad.channel.writeAndFlush(data(1, Unpooled.wrappedBuffer(new byte[64 << 10])));
            }
            assertClosedWithOneWarning(bad, "bytes left in its receive window");
        }
    }

    @Test
    void aStreamFlood() throws Exception {
        try (BadPeer bad = BadPeer.multiplexed(badPeers, nodeAddress)) {
            for (int id = 1; id < 40 && bad.channel.isActive(); id += 2) {
                bad.channel.writeAndFlush(frame(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_SYN, id, 0));
            }
            assertClosedWithOneWarning(bad, "yamux: stream flood, peer opened 5 streams beyond the limit of 4 open streams");
        }
    }

    @Test
    void aStreamIdOfTheNodesParity() throws Exception {
        try (BadPeer bad = BadPeer.multiplexed(badPeers, nodeAddress)) {
            bad.write(frame(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_SYN, 2, 0));
            assertClosedWithOneWarning(bad, "yamux: peer opened stream 2, an id of our parity (even)");
        }
    }

    @Test
    void aPeerThatSendsButNeverReads() throws Exception {
        try (BadPeer bad = BadPeer.multiplexed(badPeers, nodeAddress)) {
            bad.channel.config().setAutoRead(false);
            ByteBuf pings = Unpooled.buffer();
            for (int i = 0; i < 5000; i++) {
                YamuxFrameCodec.writeHeader(pings, YamuxFrame.TYPE_PING, YamuxFrame.FLAG_SYN, 0, i);
            }
            for (int round = 0; round < 400 && bad.channel.isActive(); round++) {
                bad.channel.writeAndFlush(pings.retainedDuplicate()).await();
            }
            pings.release();
            assertClosedWithOneWarning(bad, "yamux: peer does not read");
        }
    }

    @Test
    void morePerPeerConnectionsThanAllowed() throws Exception {
        try (Libp2pHost greedy = Libp2pHost.builder(Ed25519KeyPair.generate(RANDOM)).start()) {
            greedy.dial(nodeAddress).get(5, TimeUnit.SECONDS);
            greedy.dial(nodeAddress).get(5, TimeUnit.SECONDS);
            var third = greedy.dial(nodeAddress);
            assertThat(third).failsWithin(5, TimeUnit.SECONDS);
            await(() -> log.warnings().stream().anyMatch(w -> w.contains("maxConnectionsPerPeer")));
            assertThat(log.warnings()).singleElement().asString()
                    .contains("peer " + greedy.peerId() + " already has 2 connections (maxConnectionsPerPeer)");
        }
    }

    @Test
    void moreConnectionsThanAllowed() throws Exception {
        try (Libp2pHost small = Libp2pHost.builder(Ed25519KeyPair.generate(RANDOM))
                .listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"))
                .limits(LIMITS.withMaxConnections(2).withHandshakeTimeout(Duration.ofSeconds(10)))
                .start();
                BadPeer first = BadPeer.raw(badPeers, small.listenAddresses().getFirst());
                BadPeer second = BadPeer.raw(badPeers, small.listenAddresses().getFirst());
                BadPeer third = BadPeer.raw(badPeers, small.listenAddresses().getFirst())) {
            assertThat(third.closedWithin(5000)).isTrue();
            assertThat(first.channel.isActive()).isTrue();
            assertThat(second.channel.isActive()).isTrue();
            assertThat(log.warnings()).singleElement().asString()
                    .contains("refused connection from /ip4/127.0.0.1" + portOf(third))
                    .contains("already 2 connections open (maxConnections)");
        }
    }

    // ---- helpers ----

    private void assertClosedWithOneWarning(BadPeer bad, String reason) throws Exception {
        assertThat(bad.closedWithin(5000)).as("the node closed the connection").isTrue();
        String port = portOf(bad);
        await(() -> !log.warnings().stream().filter(w -> w.contains(port)).toList().isEmpty());
        List<String> aboutThisConnection = log.warnings().stream().filter(w -> w.contains(port)).toList();
        assertThat(aboutThisConnection).as("warnings about " + port).singleElement().asString()
                .startsWith("libp2p: closed connection from /ip4/127.0.0.1/tcp/")
                .contains(reason);
    }

    private static String portOf(BadPeer bad) {
        return "/tcp/" + ((InetSocketAddress) bad.channel.localAddress()).getPort();
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    private static ByteBuf frame(int type, int flags, int streamId, long length) {
        return YamuxFrameCodec.writeHeader(Unpooled.buffer(), type, flags, streamId, length);
    }

    private static ByteBuf data(int streamId, ByteBuf payload) {
        return Unpooled.wrappedBuffer(frame(YamuxFrame.TYPE_DATA, 0, streamId, payload.readableBytes()), payload);
    }

}
