package liop.libp2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import liop.libp2p.crypto.Ed25519KeyPair;
import liop.libp2p.multiaddr.Multiaddr;
import liop.libp2p.noise.UnexpectedPeerException;
import liop.libp2p.peer.PeerId;
import liop.libp2p.protocol.Echo;
import liop.libp2p.protocol.Identify;
import liop.libp2p.protocol.IdentifyMessage;
import liop.libp2p.protocol.Ping;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two Java hosts on loopback: the whole stack, both ways. */
class Libp2pHostTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private Libp2pHost server;
    private Libp2pHost client;

    /** The server side of the sink protocol: counts what it reads, reads only while allowed. */
    private final AtomicLong sunk = new AtomicLong();
    private final CompletableFuture<Channel> sinkStream = new CompletableFuture<>();

    @BeforeEach
    void start() throws Exception {
        server = Libp2pHost.builder(Ed25519KeyPair.generate(RANDOM))
                .listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"))
                .handle(Echo.PROTOCOL, Echo.responder())
                .handle("/test/sink/1.0.0", stream -> {
                    stream.config().setAutoRead(false);
                    stream.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                        @Override
                        public void channelRead(ChannelHandlerContext ctx, Object msg) {
                            sunk.addAndGet(((ByteBuf) msg).readableBytes());
                            ((ByteBuf) msg).release();
                        }
                    });
                    sinkStream.complete(stream);
                })
                .agentVersion("server/1.0")
                .start();
        client = Libp2pHost.builder(Ed25519KeyPair.generate(RANDOM)).agentVersion("client/1.0").start();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void listenAddressesEndInThePeerId() {
        assertThat(server.listenAddresses()).singleElement().satisfies(address -> {
            assertThat(address.toString()).startsWith("/ip4/127.0.0.1/tcp/").endsWith("/p2p/" + server.peerId());
            assertThat(address.peerId()).contains(server.peerId());
        });
    }

    @Test
    void pingsIdentifiesAndEchoes() throws Exception {
        Connection connection = client.dial(server.listenAddresses().getFirst()).get(5, TimeUnit.SECONDS);
        assertThat(connection.remotePeer()).isEqualTo(server.peerId());

        Duration rtt = Ping.ping(connection).get(5, TimeUnit.SECONDS);
        assertThat(rtt).isPositive().isLessThan(Duration.ofSeconds(5));

        IdentifyMessage identify = Identify.request(connection).get(5, TimeUnit.SECONDS);
        assertThat(identify.agentVersion()).isEqualTo("server/1.0");
        assertThat(identify.protocols()).contains(Ping.PROTOCOL, Identify.PROTOCOL, Echo.PROTOCOL);
        assertThat(identify.listenAddresses()).containsExactly(server.listenAddresses().getFirst().withoutPeerId());
        assertThat(identify.observedAddress()).isEqualTo(connection.localAddress());

        byte[] data = new byte[1 << 20];
        RANDOM.nextBytes(data);
        assertThat(Echo.echo(connection, data).get(10, TimeUnit.SECONDS)).isEqualTo(data);
    }

    @Test
    void manyStreamsAtOnce() throws Exception {
        Connection connection = client.dial(server.listenAddresses().getFirst()).get(5, TimeUnit.SECONDS);
        var echoes = java.util.stream.IntStream.range(0, 64)
                .mapToObj(i -> Echo.echo(connection, ("stream " + i).getBytes()))
                .toList();
        for (int i = 0; i < echoes.size(); i++) {
            assertThat(new String(echoes.get(i).get(10, TimeUnit.SECONDS))).isEqualTo("stream " + i);
        }
    }

    @Test
    void dialsHostNames() throws Exception {
        int port = server.listenAddresses().getFirst().toSocketAddress().getPort();
        Multiaddr named = Multiaddr.parse("/dns4/localhost/tcp/" + port + "/p2p/" + server.peerId());
        Connection connection = client.dial(named).get(5, TimeUnit.SECONDS);
        assertThat(connection.remoteAddress()).isEqualTo(Multiaddr.parse("/ip4/127.0.0.1/tcp/" + port));
        assertThat(Ping.ping(connection).get(5, TimeUnit.SECONDS)).isPositive();
    }

    @Test
    void dialFailuresSayWhat() {
        assertThatThrownBy(() -> client.dial(Multiaddr.parse("/ip4/127.0.0.1/tcp/4001")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must end in /p2p/<PeerId>");
        Multiaddr nobody = Multiaddr.parse("/ip4/127.0.0.1/tcp/1/p2p/" + server.peerId());
        assertThatThrownBy(() -> client.dial(nobody).get(5, TimeUnit.SECONDS))
                .hasMessageContaining("dial " + nobody).hasMessageContaining("refused");
        Multiaddr unknown = Multiaddr.parse("/dns4/no-such-host.invalid/tcp/1/p2p/" + server.peerId());
        assertThatThrownBy(() -> client.dial(unknown).get(10, TimeUnit.SECONDS)).hasMessageContaining("no-such-host.invalid");
    }

    @Test
    void closingAConnectionEndsItOnBothSides() throws Exception {
        Connection connection = client.dial(server.listenAddresses().getFirst()).get(5, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (server.connections().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        Connection serverSide = server.connections().getFirst();
        assertThat(serverSide.remotePeer()).isEqualTo(client.peerId());
        assertThat(serverSide.isInitiator()).isFalse();
        connection.close().get(5, TimeUnit.SECONDS);
        serverSide.closeFuture().get(5, TimeUnit.SECONDS);
        assertThat(connection.isOpen()).isFalse();
        assertThat(connection.openStream(Ping.PROTOCOL, stream -> {})).isCompletedExceptionally();
    }

    /**
     * A reader that stops stops the writer, across yamux, Noise and TCP: flow control end to end,
     * before and after a fast reader has grown the stream's window.
     */
    @Test
    void aStreamIsANettyChannelWithBackpressure() throws Exception {
        Connection connection = client.dial(server.listenAddresses().getFirst()).get(5, TimeUnit.SECONDS);
        Channel stream = connection.openStream("/test/sink/1.0.0", s -> {}).get(5, TimeUnit.SECONDS);
        assertThat(stream.remoteAddress()).isInstanceOfSatisfying(PeerAddress.class,
                address -> assertThat(address.peerId()).isEqualTo(server.peerId()));
        Channel serverSide = sinkStream.get(5, TimeUnit.SECONDS);
        assertThat(((PeerAddress) serverSide.remoteAddress()).peerId()).isEqualTo(client.peerId());

        int total = 4 << 20;
        ChannelFuture written = stream.writeAndFlush(Unpooled.wrappedBuffer(new byte[total]));
        Thread.sleep(300);
        assertThat(written.isDone()).as("the write waits for a reader that does not read").isFalse();
        assertThat(stream.isWritable()).isFalse();
        assertThat(sunk.get()).isZero();

        serverSide.config().setAutoRead(true);
        assertThat(written.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(written.isSuccess()).isTrue();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (sunk.get() < total && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(sunk.get()).isEqualTo(total);
        assertThat(stream.isWritable()).isTrue();

        // That reader kept up, so its window grew; stopped again, it still holds back a write
        // larger than the most a window grows to.
        serverSide.config().setAutoRead(false);
        int more = Libp2pLimits.DEFAULT.maxStreamWindowBytes() + (4 << 20);
        ChannelFuture writtenMore = stream.writeAndFlush(Unpooled.wrappedBuffer(new byte[more]));
        Thread.sleep(300);
        assertThat(writtenMore.isDone()).as("the write waits again for a reader that stopped").isFalse();
        assertThat(stream.isWritable()).isFalse();
        assertThat(sunk.get()).isLessThan((long) total + more);

        serverSide.config().setAutoRead(true);
        assertThat(writtenMore.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(writtenMore.isSuccess()).isTrue();
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (sunk.get() < (long) total + more && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(sunk.get()).isEqualTo((long) total + more);
    }

    @Test
    void refusesAPeerOtherThanTheOneDialled() {
        PeerId someoneElse = PeerId.of(Ed25519KeyPair.generate(RANDOM).publicKey());
        Multiaddr wrong = server.listenAddresses().getFirst().withPeerId(someoneElse);
        assertThatThrownBy(() -> client.dial(wrong).join())
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(UnexpectedPeerException.class)
                .hasMessageContaining("expected peer " + someoneElse)
                .hasMessageContaining(server.peerId().toString());
    }

    @Test
    void aProtocolThePeerDoesNotSpeakFailsTheStreamOnly() throws Exception {
        Connection connection = client.dial(server.listenAddresses().getFirst()).get(5, TimeUnit.SECONDS);
        assertThatThrownBy(() -> connection.openStream("/nobody/1.0.0", stream -> {}).join())
                .hasCauseInstanceOf(liop.libp2p.multistream.ProtocolNotSupportedException.class);
        assertThat(Ping.ping(connection).get(5, TimeUnit.SECONDS)).isPositive();
    }
}
