package liop.libp2p.multistream;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.stream.Stream;
import liop.libp2p.fuzzing.FuzzSupport;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzz target: multistream-select on any bytes. The codec returns single lines of at most 1023
 * bytes or refuses with a ProtocolException; the listener and the dialer, fed the same bytes in
 * two reads, agree on a protocol, refuse, or fail with a ProtocolException, and write only
 * well-formed messages.
 */
public class MultistreamFuzzTest {

    public static Stream<Arguments> seeds() {
        return Stream.of(
                FuzzSupport.seed("listener-agrees", withSplit(4, messages("/multistream/1.0.0", "/yamux/1.0.0"))),
                FuzzSupport.seed("listener-refuses-then-agrees", withSplit(30, messages("/multistream/1.0.0", "/mplex/6.7.0", "ls", "/noise"))),
                FuzzSupport.seed("dialer-refused", withSplit(0, messages("/multistream/1.0.0", "na"))),
                FuzzSupport.seed("long-id", withSplit(2, messages("/multistream/1.0.0", "/" + "x".repeat(1000)))));
    }

    @MethodSource("seeds")
    @FuzzTest(maxDuration = "10s")
    public void negotiate(byte[] input) {
        byte[][] reads = FuzzSupport.splitByFirstByte(input);
        readMessages(Unpooled.wrappedBuffer(reads[0], reads[1]));

        EmbeddedChannel listener = new EmbeddedChannel(MultistreamSelect.listener(Set.of("/yamux/1.0.0", "/noise"), (ctx, protocol) ->
                assertThat(protocol).isIn("/yamux/1.0.0", "/noise")));
        feed(listener, reads);
        EmbeddedChannel dialer = new EmbeddedChannel(MultistreamSelect.dialer("/noise", (ctx, protocol) -> assertThat(protocol).isEqualTo("/noise")));
        feed(dialer, reads);
    }

    private static void feed(EmbeddedChannel channel, byte[][] reads) {
        FuzzSupport.refusesOnlyAsProtocolErrorOrRefusal(() -> {
            channel.writeInbound(Unpooled.wrappedBuffer(reads[0]));
            if (channel.isOpen()) {
                channel.writeInbound(Unpooled.wrappedBuffer(reads[1]));
            }
        });
        ByteBuf written;
        while ((written = channel.readOutbound()) != null) {
            ByteBuf ours = written;
            assertThat(FuzzSupport.refusesOnlyAsProtocolError(() -> readMessages(ours))).as("what we write is well formed").isTrue();
            written.release();
        }
        FuzzSupport.refusesOnlyAsProtocolErrorOrRefusal(channel::finishAndReleaseAll); // closing decodes what is left
    }

    private static void readMessages(ByteBuf in) {
        FuzzSupport.refusesOnlyAsProtocolError(() -> {
            String message;
            while ((message = MultistreamCodec.read(in)) != null) {
                assertThat(message.getBytes(StandardCharsets.UTF_8).length).isLessThan(MultistreamCodec.MAX_MESSAGE_BYTES);
                assertThat(message).doesNotContain("\n");
            }
        });
    }

    static byte[] messages(String... messages) {
        ByteBuf out = Unpooled.buffer();
        for (String message : messages) {
            MultistreamCodec.write(out, message);
        }
        byte[] bytes = new byte[out.readableBytes()];
        out.readBytes(bytes);
        return bytes;
    }

    static byte[] withSplit(int split, byte[] bytes) {
        byte[] input = new byte[bytes.length + 1];
        input[0] = (byte) split;
        System.arraycopy(bytes, 0, input, 1, bytes.length);
        return input;
    }
}
