package liop.libp2p.yamux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import liop.libp2p.PeerAddress;
import liop.libp2p.crypto.Ed25519KeyPair;
import liop.libp2p.multiaddr.Multiaddr;
import liop.libp2p.peer.PeerId;
import liop.libp2p.wire.ProtocolException;
import org.junit.jupiter.api.Test;

/** A yamux session (the listening side: it opens even streams) driven frame by frame. */
class YamuxSessionTest {

    private static final int WINDOW = YamuxFrame.INITIAL_WINDOW_BYTES;
    private final List<YamuxStreamChannel> accepted = new ArrayList<>();
    private final List<String> events = new ArrayList<>();

    private EmbeddedChannel session(YamuxConfig config) {
        PeerAddress local = address();
        PeerAddress remote = address();
        return new EmbeddedChannel(new YamuxSession(false, config, local, remote, stream -> {
            accepted.add(stream);
            stream.pipeline().addLast(new Recorder());
        }));
    }

    @Test
    void acceptsAStreamDeliversItsDataAndItsEnd() throws Exception {
        EmbeddedChannel channel = session(YamuxConfig.DEFAULT);
        channel.writeInbound(frame(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_SYN, 1, 0));
        assertThat(readFrame(channel)).isEqualTo("window update stream=1 flags=2 length=0"); // ACK
        assertThat(accepted).singleElement().satisfies(stream -> {
            assertThat(stream.streamId()).isEqualTo(1);
            assertThat(stream.isOutbound()).isFalse();
            assertThat(stream.remoteAddress().peerId()).isNotNull();
        });

        channel.writeInbound(data(1, YamuxFrame.FLAG_FIN, "hello"));
        assertThat(events).containsExactly("read hello", "input shutdown");
        assertThat(accepted.getFirst().isInputShutdown()).isTrue();
    }

    @Test
    void closingAFinishedStreamSendsFinAndAnUnfinishedOneRst() throws Exception {
        EmbeddedChannel channel = session(YamuxConfig.DEFAULT);
        channel.writeInbound(frame(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_SYN, 1, 0));
        channel.writeInbound(frame(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_SYN, 3, 0));
        readFrame(channel);
        readFrame(channel);
        channel.writeInbound(frame(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_FIN, 1, 0));
        accepted.get(0).close();
        accepted.get(1).close();
        channel.runPendingTasks();
        assertThat(readFrame(channel)).isEqualTo("window update stream=1 flags=4 length=0");
        assertThat(readFrame(channel)).isEqualTo("window update stream=3 flags=8 length=0");
    }

    @Test
    void writesStopAtThePeersWindowAndResumeWithAnUpdate() throws Exception {
        EmbeddedChannel channel = session(YamuxConfig.DEFAULT);
        channel.writeInbound(frame(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_SYN, 1, 0));
        readFrame(channel);
        Channel stream = accepted.getFirst();
        stream.writeAndFlush(Unpooled.wrappedBuffer(new byte[WINDOW + 1000]));
        assertThat(dataBytesSent(channel)).isEqualTo(WINDOW);
        assertThat(stream.isWritable()).isFalse();

        channel.writeInbound(frame(YamuxFrame.TYPE_WINDOW_UPDATE, 0, 1, 600));
        assertThat(dataBytesSent(channel)).isEqualTo(600);
        channel.writeInbound(frame(YamuxFrame.TYPE_WINDOW_UPDATE, 0, 1, 10_000));
        assertThat(dataBytesSent(channel)).isEqualTo(400);
        assertThat(stream.isWritable()).isTrue();
    }

    @Test
    void windowIsReturnedOnlyForWhatTheApplicationRead() throws Exception {
        EmbeddedChannel channel = session(YamuxConfig.DEFAULT);
        channel.writeInbound(frame(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_SYN, 1, 0));
        readFrame(channel);
        Channel stream = accepted.getFirst();
        stream.config().setAutoRead(false);
        channel.writeInbound(data(1, 0, new byte[WINDOW / 2]));
        channel.writeInbound(data(1, 0, new byte[WINDOW / 2]));
        Object windowUpdate = channel.readOutbound();
        assertThat(windowUpdate).as("no window update while nothing is read").isNull();
        assertThatThrownBy(() -> channel.writeInbound(data(1, 0, new byte[1])))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("received a data frame of 1 bytes with only 0 bytes left in its receive window");
    }

    @Test
    void readingReturnsTheWindow() throws Exception {
        EmbeddedChannel channel = session(YamuxConfig.DEFAULT);
        channel.writeInbound(frame(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_SYN, 1, 0));
        readFrame(channel);
        accepted.getFirst().config().setAutoRead(false);
        channel.writeInbound(data(1, 0, new byte[WINDOW]));
        accepted.getFirst().read();
        assertThat(readFrame(channel)).isEqualTo("window update stream=1 flags=0 length=" + WINDOW);
        channel.writeInbound(data(1, 0, new byte[WINDOW])); // allowed again
    }

    private static final YamuxConfig GROWING = new YamuxConfig(8, 8, WINDOW, 4 * WINDOW, 1 << 20, Duration.ofSeconds(30));

    @Test
    void aReaderThatKeepsUpDoublesTheWindowUpToItsMaximum() throws Exception {
        EmbeddedChannel channel = session(GROWING);
        channel.writeInbound(frame(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_SYN, 1, 0));
        readFrame(channel);
        YamuxStreamChannel stream = accepted.getFirst();

        channel.writeInbound(data(1, 0, new byte[WINDOW / 2])); // read at once: half the window back, plus one window more
        assertThat(readFrame(channel)).isEqualTo("window update stream=1 flags=0 length=" + (WINDOW / 2 + WINDOW));
        assertThat(stream.receiveWindowBytes()).isEqualTo(2 * WINDOW);

        channel.writeInbound(data(1, 0, new byte[WINDOW])); // half of the doubled window
        assertThat(readFrame(channel)).isEqualTo("window update stream=1 flags=0 length=" + (WINDOW + 2 * WINDOW));
        assertThat(stream.receiveWindowBytes()).isEqualTo(4 * WINDOW);

        channel.writeInbound(data(1, 0, new byte[WINDOW]));
        channel.writeInbound(data(1, 0, new byte[WINDOW])); // at the maximum: only what was read comes back
        assertThat(readFrame(channel)).isEqualTo("window update stream=1 flags=0 length=" + 2 * WINDOW);
        assertThat(stream.receiveWindowBytes()).isEqualTo(4 * WINDOW);

        // The grown window is what the peer may send ahead of a reader that stops, and no more.
        stream.config().setAutoRead(false);
        for (int i = 0; i < 4; i++) {
            channel.writeInbound(data(1, 0, new byte[WINDOW]));
        }
        assertThat((Object) channel.readOutbound()).as("no window update while nothing is read").isNull();
        assertThatThrownBy(() -> channel.writeInbound(data(1, 0, new byte[1])))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("received a data frame of 1 bytes with only 0 bytes left in its receive window");
    }

    @Test
    void aReaderThatLetsDataWaitKeepsTheInitialWindow() throws Exception {
        EmbeddedChannel channel = session(GROWING);
        channel.writeInbound(frame(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_SYN, 1, 0));
        readFrame(channel);
        YamuxStreamChannel stream = accepted.getFirst();
        stream.config().setAutoRead(false);
        for (int round = 0; round < 4; round++) {
            channel.writeInbound(data(1, 0, new byte[WINDOW / 2]));
            channel.writeInbound(data(1, 0, new byte[WINDOW / 2]));
            stream.read();
            assertThat(readFrame(channel)).isEqualTo("window update stream=1 flags=0 length=" + WINDOW);
        }
        assertThat(stream.receiveWindowBytes()).isEqualTo(WINDOW);
        channel.writeInbound(data(1, 0, new byte[WINDOW]));
        assertThatThrownBy(() -> channel.writeInbound(data(1, 0, new byte[1])))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("with only 0 bytes left in its receive window");
    }

    @Test
    void theStreamsOfAConnectionShareOneGrowthBudget() throws Exception {
        EmbeddedChannel channel = session(new YamuxConfig(8, 8, WINDOW, 2 * WINDOW, 1 << 20, Duration.ofSeconds(30)));
        channel.writeInbound(frame(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_SYN, 1, 0));
        channel.writeInbound(frame(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_SYN, 3, 0));
        readFrame(channel);
        readFrame(channel);

        channel.writeInbound(data(1, 0, new byte[WINDOW / 2]));
        assertThat(readFrame(channel)).isEqualTo("window update stream=1 flags=0 length=" + (WINDOW / 2 + WINDOW));
        channel.writeInbound(data(3, 0, new byte[WINDOW / 2])); // the budget is spent on stream 1
        assertThat(readFrame(channel)).isEqualTo("window update stream=3 flags=0 length=" + WINDOW / 2);
        assertThat(accepted.get(1).receiveWindowBytes()).isEqualTo(WINDOW);

        accepted.get(0).close(); // its growth returns to the budget
        channel.runPendingTasks();
        assertThat(readFrame(channel)).isEqualTo("window update stream=1 flags=8 length=0");
        channel.writeInbound(data(3, 0, new byte[WINDOW / 2]));
        assertThat(readFrame(channel)).isEqualTo("window update stream=3 flags=0 length=" + (WINDOW / 2 + WINDOW));
        assertThat(accepted.get(1).receiveWindowBytes()).isEqualTo(2 * WINDOW);
    }

    @Test
    void aWindowViolationEndsTheSessionWithAProtocolError() {
        EmbeddedChannel channel = session(YamuxConfig.DEFAULT);
        channel.writeInbound(frame(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_SYN, 1, 0));
        readFrame(channel);
        assertThatThrownBy(() -> channel.writeInbound(data(1, 0, new byte[WINDOW + 1])))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("exceeds the limit of " + WINDOW);
        assertThat(readFrame(channel)).isEqualTo("go away stream=0 flags=0 length=1");
    }

    @Test
    void refusesStreamIdsOfItsOwnParityAndStreamsOpenedTwice() {
        EmbeddedChannel channel = session(YamuxConfig.DEFAULT);
        assertThatThrownBy(() -> channel.writeInbound(frame(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_SYN, 2, 0)))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("opened stream 2, an id of our parity (even)");
        EmbeddedChannel other = session(YamuxConfig.DEFAULT);
        other.writeInbound(frame(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_SYN, 1, 0));
        assertThatThrownBy(() -> other.writeInbound(frame(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_SYN, 1, 0)))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("opened stream 1 twice");
    }

    @Test
    void streamsBeyondTheLimitAreResetAndAFloodEndsTheSession() {
        EmbeddedChannel channel = session(new YamuxConfig(2, 2, WINDOW, WINDOW, 1 << 20, Duration.ofSeconds(30)));
        channel.writeInbound(frame(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_SYN, 1, 0));
        channel.writeInbound(frame(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_SYN, 3, 0));
        channel.writeInbound(frame(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_SYN, 5, 0));
        assertThat(readFrame(channel)).endsWith("flags=2 length=0");
        assertThat(readFrame(channel)).endsWith("flags=2 length=0");
        assertThat(readFrame(channel)).isEqualTo("window update stream=5 flags=8 length=0");
        assertThat(accepted).hasSize(2);

        channel.writeInbound(data(5, 0, "ignored")); // frames in flight for a reset stream are dropped
        channel.writeInbound(frame(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_SYN, 7, 0));
        assertThatThrownBy(() -> channel.writeInbound(frame(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_SYN, 9, 0)))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("stream flood, peer opened 3 streams beyond the limit of 2");
    }

    @Test
    void answersPingsAndPingsWhenIdle() {
        EmbeddedChannel channel = session(new YamuxConfig(8, 8, WINDOW, WINDOW, 1 << 20, Duration.ofSeconds(1)));
        channel.writeInbound(frame(YamuxFrame.TYPE_PING, YamuxFrame.FLAG_SYN, 0, 0xCAFE));
        assertThat(readFrame(channel)).isEqualTo("ping stream=0 flags=2 length=" + 0xCAFE);

        channel.advanceTimeBy(1, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        String ping = readFrame(channel);
        assertThat(ping).startsWith("ping stream=0 flags=1 length=");
        long opaque = Long.parseLong(ping.substring(ping.lastIndexOf('=') + 1));
        channel.writeInbound(frame(YamuxFrame.TYPE_PING, YamuxFrame.FLAG_ACK, 0, opaque));

        channel.advanceTimeBy(1, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat(readFrame(channel)).startsWith("ping stream=0 flags=1"); // answered, so the next one goes out
        channel.advanceTimeBy(1, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThatThrownBy(channel::checkException).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("keep-alive ping unanswered");
    }

    @Test
    void opensOddOrEvenStreamsByRole() throws Exception {
        EmbeddedChannel channel = session(YamuxConfig.DEFAULT);
        YamuxSession session = channel.pipeline().get(YamuxSession.class);
        YamuxStreamChannel first = session.openStream(stream -> {}).get();
        YamuxStreamChannel second = session.openStream(stream -> {}).get();
        assertThat(first.streamId()).isEqualTo(2);
        assertThat(second.streamId()).isEqualTo(4);
        assertThat(readFrame(channel)).isEqualTo("window update stream=2 flags=1 length=0"); // SYN
        first.writeAndFlush(Unpooled.copiedBuffer("x", StandardCharsets.UTF_8));
        readFrame(channel);
        assertThat(readFrame(channel)).isEqualTo("data stream=2 flags=0 length=1");
    }

    @Test
    void halfCloseSendsFinAfterTheQueuedData() throws Exception {
        EmbeddedChannel channel = session(YamuxConfig.DEFAULT);
        channel.writeInbound(frame(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_SYN, 1, 0));
        readFrame(channel);
        YamuxStreamChannel stream = accepted.getFirst();
        stream.writeAndFlush(Unpooled.wrappedBuffer(new byte[WINDOW + 10]));
        var finished = stream.shutdownOutput();
        assertThat(stream.isOutputShutdown()).isTrue();
        assertThat(dataBytesSent(channel)).isEqualTo(WINDOW);
        assertThat(finished.isDone()).isFalse();
        assertThat(stream.write(Unpooled.wrappedBuffer(new byte[1])).cause()).hasMessageContaining("output was shut down");
        channel.writeInbound(frame(YamuxFrame.TYPE_WINDOW_UPDATE, 0, 1, 100));
        assertThat(readFrame(channel)).isEqualTo("data stream=1 flags=0 length=10");
        assertThat(readFrame(channel)).isEqualTo("window update stream=1 flags=4 length=0");
        assertThat(finished.isSuccess()).isTrue();
    }

    @Test
    void aResetStreamCloses() {
        EmbeddedChannel channel = session(YamuxConfig.DEFAULT);
        channel.writeInbound(frame(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_SYN, 1, 0));
        channel.writeInbound(frame(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_RST, 1, 0));
        assertThat(accepted.getFirst().isOpen()).isFalse();
        assertThat(accepted.getFirst().isResetByPeer()).isTrue();
        assertThat(channel.pipeline().get(YamuxSession.class).streamCount()).isZero();
    }

    @Test
    void goAwayClosesTheSessionAndItsStreams() {
        EmbeddedChannel channel = session(YamuxConfig.DEFAULT);
        channel.writeInbound(frame(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_SYN, 1, 0));
        channel.writeInbound(frame(YamuxFrame.TYPE_GO_AWAY, 0, 0, YamuxFrame.GO_AWAY_PROTOCOL_ERROR));
        assertThat(channel.isOpen()).isFalse();
        assertThat(accepted.getFirst().isOpen()).isFalse();
    }

    // ---- helpers ----

    private final class Recorder extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf bytes = (ByteBuf) msg;
            events.add("read " + bytes.toString(StandardCharsets.UTF_8));
            bytes.release();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof ChannelInputShutdownEvent) {
                events.add("input shutdown");
            }
        }
    }

    static ByteBuf frame(int type, int flags, int streamId, long length) {
        return YamuxFrameCodec.writeHeader(Unpooled.buffer(), type, flags, streamId, length);
    }

    static ByteBuf data(int streamId, int flags, String text) {
        return data(streamId, flags, text.getBytes(StandardCharsets.UTF_8));
    }

    static ByteBuf data(int streamId, int flags, byte[] bytes) {
        return frame(YamuxFrame.TYPE_DATA, flags, streamId, bytes.length).writeBytes(bytes);
    }

    /** The next frame the session wrote, as text (data payloads are counted, not shown). */
    static String readFrame(EmbeddedChannel channel) {
        ByteBuf out = channel.readOutbound();
        assertThat(out).as("a frame was written").isNotNull();
        try {
            YamuxFrame frame = YamuxFrameCodec.decode(out, Integer.MAX_VALUE);
            return frame.toString();
        } catch (ProtocolException e) {
            throw new AssertionError(e);
        } finally {
            out.release();
        }
    }

    /** Data bytes in the frames written so far (control frames are skipped). */
    static long dataBytesSent(EmbeddedChannel channel) throws ProtocolException {
        long total = 0;
        ByteBuf out;
        while ((out = channel.readOutbound()) != null) {
            YamuxFrame frame = YamuxFrameCodec.decode(out, Integer.MAX_VALUE);
            if (frame.type() == YamuxFrame.TYPE_DATA) {
                total += frame.length();
            }
            out.release();
        }
        return total;
    }

    private static PeerAddress address() {
        return new PeerAddress(PeerId.of(Ed25519KeyPair.generate(new java.security.SecureRandom()).publicKey()),
                Multiaddr.parse("/ip4/127.0.0.1/tcp/4001"));
    }
}
