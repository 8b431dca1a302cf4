package liop.libp2p.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import liop.libp2p.crypto.Ed25519KeyPair;
import liop.libp2p.peer.PeerId;
import liop.libp2p.wire.ProtocolException;
import org.junit.jupiter.api.Test;

class NoiseHandlerTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private final NoiseIdentity alice = new NoiseIdentity(Ed25519KeyPair.generate(RANDOM), RANDOM);
    private final NoiseIdentity bob = new NoiseIdentity(Ed25519KeyPair.generate(RANDOM), RANDOM);
    private final List<PeerId> aliceSees = new ArrayList<>();
    private final List<PeerId> bobSees = new ArrayList<>();

    @Test
    void securesAConnectionBothWays() {
        EmbeddedChannel initiator = new EmbeddedChannel(NoiseHandler.initiator(alice, bob.peerId(), (ctx, peer) -> aliceSees.add(peer)));
        EmbeddedChannel responder = new EmbeddedChannel(NoiseHandler.responder(bob, (ctx, peer) -> bobSees.add(peer)));
        shuttle(initiator, responder);
        assertThat(aliceSees).containsExactly(bob.peerId());
        assertThat(bobSees).containsExactly(alice.peerId());

        initiator.writeAndFlush(text("hello"));
        responder.writeInbound(drain(initiator));
        assertThat(readText(responder)).isEqualTo("hello");
        responder.writeAndFlush(text("hi"));
        initiator.writeInbound(drain(responder));
        assertThat(readText(initiator)).isEqualTo("hi");
    }

    @Test
    void cutsLargeWritesIntoFramesAndCoalescesSmallOnes() {
        EmbeddedChannel initiator = new EmbeddedChannel(NoiseHandler.initiator(alice, bob.peerId(), (ctx, peer) -> {}));
        EmbeddedChannel responder = new EmbeddedChannel(NoiseHandler.responder(bob, (ctx, peer) -> {}));
        shuttle(initiator, responder);

        initiator.write(text("a"));
        initiator.write(text("b"));
        initiator.writeAndFlush(text("c"));
        ByteBuf coalesced = drain(initiator);
        assertThat(coalesced.readableBytes()).isEqualTo(2 + 3 + 16); // one frame
        responder.writeInbound(coalesced);
        assertThat(readText(responder)).isEqualTo("abc");

        byte[] large = new byte[200_000];
        RANDOM.nextBytes(large);
        initiator.writeAndFlush(Unpooled.wrappedBuffer(large));
        List<Integer> frameSizes = new ArrayList<>();
        ByteBuf frames = drain(initiator);
        for (int i = frames.readerIndex(); i < frames.writerIndex(); ) {
            int length = frames.getUnsignedShort(i);
            frameSizes.add(length);
            i += 2 + length;
        }
        assertThat(frameSizes).hasSize(4).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(NoiseFrames.MAX_FRAME_BYTES));
        responder.writeInbound(frames);
        ByteBuf received = Unpooled.buffer();
        ByteBuf part;
        while ((part = responder.readInbound()) != null) {
            received.writeBytes(part);
            part.release();
        }
        assertThat(received.array()).startsWith(large);
        assertThat(received.readableBytes()).isEqualTo(large.length);
    }

    @Test
    void refusesAPeerOtherThanExpectedBeforeProvingItself() {
        PeerId expected = PeerId.of(Ed25519KeyPair.generate(RANDOM).publicKey());
        EmbeddedChannel initiator = new EmbeddedChannel(NoiseHandler.initiator(alice, expected, (ctx, peer) -> aliceSees.add(peer)));
        EmbeddedChannel responder = new EmbeddedChannel(NoiseHandler.responder(bob, (ctx, peer) -> bobSees.add(peer)));
        responder.writeInbound(drain(initiator)); // message A
        ByteBuf messageB = drain(responder);
        assertThatThrownBy(() -> initiator.writeInbound(messageB))
                .isInstanceOf(UnexpectedPeerException.class)
                .hasMessage("noise: expected peer " + expected + " but the remote proved to be " + bob.peerId());
        Object messageC = initiator.readOutbound();
        assertThat(messageC).as("message C, which would prove alice's identity").isNull();
        assertThat(aliceSees).isEmpty();
    }

    @Test
    void garbageInsteadOfAHandshakeIsRefused() {
        EmbeddedChannel responder = new EmbeddedChannel(NoiseHandler.responder(bob, (ctx, peer) -> bobSees.add(peer)));
        assertThatThrownBy(() -> responder.writeInbound(Unpooled.wrappedBuffer(new byte[] {0, 3, 'G', 'E', 'T'})))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("handshake message 1 has 3 bytes");
        assertThat(bobSees).isEmpty();
    }

    @Test
    void aTamperedOrTruncatedTransportFrameIsRefused() {
        EmbeddedChannel initiator = new EmbeddedChannel(NoiseHandler.initiator(alice, bob.peerId(), (ctx, peer) -> {}));
        EmbeddedChannel responder = new EmbeddedChannel(NoiseHandler.responder(bob, (ctx, peer) -> {}));
        shuttle(initiator, responder);
        initiator.writeAndFlush(text("secret"));
        ByteBuf frame = drain(initiator);
        frame.setByte(5, frame.getByte(5) ^ 1);
        assertThatThrownBy(() -> responder.writeInbound(frame))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("does not authenticate");

        EmbeddedChannel other = new EmbeddedChannel(NoiseHandler.responder(bob, (ctx, peer) -> {}));
        EmbeddedChannel otherInitiator = new EmbeddedChannel(NoiseHandler.initiator(alice, bob.peerId(), (ctx, peer) -> {}));
        shuttle(otherInitiator, other);
        assertThatThrownBy(() -> other.writeInbound(Unpooled.wrappedBuffer(new byte[] {0, 5, 1, 2, 3, 4, 5})))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("shorter than its tag");
    }

    @Test
    void writingBeforeTheHandshakeFails() {
        EmbeddedChannel initiator = new EmbeddedChannel(NoiseHandler.initiator(alice, bob.peerId(), (ctx, peer) -> {}));
        drain(initiator);
        assertThat(initiator.writeAndFlush(text("too early")).cause()).isInstanceOf(IllegalStateException.class);
    }

    /** Passes the handshake messages back and forth until neither side has more to say. */
    private static void shuttle(EmbeddedChannel initiator, EmbeddedChannel responder) {
        for (int i = 0; i < 3; i++) {
            ByteBuf fromInitiator = drain(initiator);
            if (fromInitiator.isReadable()) {
                responder.writeInbound(fromInitiator);
            } else {
                fromInitiator.release();
            }
            ByteBuf fromResponder = drain(responder);
            if (fromResponder.isReadable()) {
                initiator.writeInbound(fromResponder);
            } else {
                fromResponder.release();
            }
        }
    }

    static ByteBuf drain(EmbeddedChannel channel) {
        ByteBuf all = Unpooled.buffer();
        ByteBuf part;
        while ((part = channel.readOutbound()) != null) {
            all.writeBytes(part);
            part.release();
        }
        return all;
    }

    private static ByteBuf text(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
    }

    private static String readText(EmbeddedChannel channel) {
        ByteBuf in = channel.readInbound();
        try {
            return in.toString(StandardCharsets.UTF_8);
        } finally {
            in.release();
        }
    }
}
