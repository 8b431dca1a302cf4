package liop.libp2p.noise;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.stream.Stream;
import liop.libp2p.crypto.Ed25519KeyPair;
import liop.libp2p.crypto.X25519;
import liop.libp2p.fuzzing.FuzzSupport;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzz targets: Noise on any bytes, in both phases.
 *
 * <ul>
 *   <li>{@link #handshakeMessages}: handshake messages 1 and 3 to a responder, message 2 to an
 *       initiator, the handshake payload parser, and the handler fed the bytes as frames: each
 *       is accepted or refused with a ProtocolException, nothing else.
 *   <li>{@link #transportFrames}: the input scripts a stream of transport frames (good ones,
 *       garbage, tampered ones, split across reads anywhere); the handler delivers exactly the
 *       plaintext of the good frames before the first bad one, then refuses with a
 *       ProtocolException.
 * </ul>
 */
public class NoiseFuzzTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final X25519.KeyPair STATIC = X25519.KeyPair.fromPrivateKey(HEX.parseHex("e61ef9919cde45dd5f82166404bd08e38bceb5dfdfded0a34c8df7ed542214d1"));
    private static final X25519.KeyPair EPHEMERAL = X25519.KeyPair.fromPrivateKey(HEX.parseHex("893e28b9dc6ca8d611ab664754b8ceb7bac5117349a4439a6b0569da977c464a"));
    private static final Ed25519KeyPair IDENTITY = Ed25519KeyPair.fromSeed(new byte[32]);
    private static final byte[] PAYLOAD = HandshakePayload.signed(IDENTITY, STATIC.publicKey()).encode();
    private static final NoiseIdentity NODE = new NoiseIdentity(IDENTITY, new SecureRandom());
    private static final byte[] KEY = HEX.parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

    public static Stream<Arguments> handshakeSeeds() throws Exception {
        var initiator = XXHandshake.initiator(STATIC, EPHEMERAL);
        var responder = XXHandshake.responder(STATIC, EPHEMERAL);
        byte[] a = initiator.writeMessageA();
        responder.readMessageA(a);
        byte[] b = responder.writeMessageB(PAYLOAD);
        initiator.readMessageB(b);
        byte[] c = initiator.writeMessageC(PAYLOAD);
        return Stream.of(
                FuzzSupport.seed("message-1-then-3", concat(new byte[] {32}, a, c)),
                FuzzSupport.seed("message-2", concat(new byte[] {0}, b)),
                FuzzSupport.seed("payload", concat(new byte[] {0}, PAYLOAD)),
                FuzzSupport.seed("framed-message-1", concat(new byte[] {1}, new byte[] {0, 32}, a)));
    }

    @MethodSource("handshakeSeeds")
    @FuzzTest(maxDuration = "10s")
    public void handshakeMessages(byte[] input) {
        byte[][] parts = FuzzSupport.splitByFirstByte(input);
        FuzzSupport.refusesOnlyAsProtocolError(() -> {
            var responder = XXHandshake.responder(STATIC, EPHEMERAL);
            responder.readMessageA(parts[0]);
            responder.writeMessageB(PAYLOAD);
            HandshakePayload.decode(responder.readMessageC(parts[1])).verify(responder.remoteStaticKey());
        });
        FuzzSupport.refusesOnlyAsProtocolError(() -> {
            var initiator = XXHandshake.initiator(STATIC, EPHEMERAL);
            initiator.writeMessageA();
            HandshakePayload.decode(initiator.readMessageB(parts[1])).verify(initiator.remoteStaticKey());
        });
        FuzzSupport.refusesOnlyAsProtocolError(() -> HandshakePayload.decode(parts[1]).verify(STATIC.publicKey()));

        EmbeddedChannel responder = new EmbeddedChannel(NoiseHandler.responder(NODE, (ctx, peer) -> {
            throw new AssertionError("a handshake completed with forged messages");
        }));
        FuzzSupport.refusesOnlyAsProtocolError(() -> {
            responder.writeInbound(Unpooled.wrappedBuffer(parts[0]));
            responder.writeInbound(Unpooled.wrappedBuffer(parts[1]));
        });
        FuzzSupport.refusesOnlyAsProtocolError(responder::finishAndReleaseAll);
    }

    public static Stream<Arguments> transportSeeds() {
        return Stream.of(
                FuzzSupport.seed("good-frames-split", HEX.parseHex("00" + "05" + "68656c6c6f" + "03" + "07" + "00" + "02" + "6869" + "03" + "01")),
                FuzzSupport.seed("large-frame", HEX.parseHex("04" + "ffef" + "61" + "03" + "ff" + "00" + "01" + "21")),
                FuzzSupport.seed("tampered", HEX.parseHex("00" + "02" + "6869" + "02" + "03" + "616263" + "00" + "01" + "21")),
                FuzzSupport.seed("garbage-frame", HEX.parseHex("01" + "14" + "0000000000000000000000000000000000000000")),
                FuzzSupport.seed("short-frame", HEX.parseHex("01" + "03" + "616263")));
    }

    /**
     * The input scripts a stream, one operation per byte (its value mod 5) and its operands:
     * 0 good frame (length byte, plaintext), 1 raw frame (length byte, body), 2 tampered frame
     * (length byte, plaintext), 3 a read boundary (how many bytes back from the end so far),
     * 4 large good frame (two length bytes, one fill byte). The stream is fed in those reads.
     */
    @MethodSource("transportSeeds")
    @FuzzTest(maxDuration = "10s")
    public void transportFrames(byte[] input) {
        CipherState sender = new CipherState(KEY);
        ByteBuf stream = Unpooled.buffer();
        List<Integer> readBoundaries = new ArrayList<>();
        ByteArrayOutputStream expected = new ByteArrayOutputStream(); // the good frames before the first bad one
        boolean bad = false;
        for (int i = 0; i < input.length; ) {
            int operation = (input[i++] & 0xFF) % 5;
            int operand = i < input.length ? input[i++] & 0xFF : 0;
            if (operation == 3) {
                readBoundaries.add(Math.max(0, stream.writerIndex() - operand));
                continue;
            }
            byte[] body;
            if (operation == 4) {
                int length = Math.min(NoiseFrames.MAX_PLAINTEXT_BYTES, (operand << 8) | (i < input.length ? input[i++] & 0xFF : 0));
                body = new byte[length];
                Arrays.fill(body, i < input.length ? input[i++] : 0);
            } else {
                body = Arrays.copyOfRange(input, i, Math.min(input.length, i + operand));
                i += body.length;
            }
            if (operation == 1) {
                stream.writeShort(body.length).writeBytes(body); // a forged tag is astronomically unlikely
                bad = true;
                continue;
            }
            byte[] frame = sender.encrypt(new byte[0], body);
            if (operation == 2) {
                frame[frame.length - 1] ^= 1;
                bad = true;
            } else if (!bad) {
                expected.writeBytes(body);
            }
            stream.writeShort(frame.length).writeBytes(frame);
        }
        readBoundaries.add(stream.writerIndex());
        Collections.sort(readBoundaries);

        EmbeddedChannel receiver = new EmbeddedChannel(NoiseHandler.secured(new CipherState(KEY), new CipherState(KEY)));
        ByteArrayOutputStream delivered = new ByteArrayOutputStream();
        boolean refused = false;
        int from = 0;
        for (int boundary : readBoundaries) {
            if (boundary > from && !refused) {
                refused = !deliver(receiver, stream.retainedSlice(from, boundary - from), delivered);
                from = boundary;
            }
        }
        stream.release();
        FuzzSupport.refusesOnlyAsProtocolError(receiver::finishAndReleaseAll);
        assertThat(delivered.toByteArray()).as("exactly the plaintext of the good frames before the first bad one").isEqualTo(expected.toByteArray());
        assertThat(refused).as("refused if and only if a frame was bad").isEqualTo(bad);
    }

    /** Feeds one read; false if the handler refused it. */
    private static boolean deliver(EmbeddedChannel receiver, ByteBuf read, ByteArrayOutputStream delivered) {
        boolean accepted = FuzzSupport.refusesOnlyAsProtocolError(() -> receiver.writeInbound(read));
        ByteBuf plaintext;
        while ((plaintext = receiver.readInbound()) != null) {
            byte[] bytes = new byte[plaintext.readableBytes()];
            plaintext.readBytes(bytes);
            delivered.writeBytes(bytes);
            plaintext.release();
        }
        return accepted;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
