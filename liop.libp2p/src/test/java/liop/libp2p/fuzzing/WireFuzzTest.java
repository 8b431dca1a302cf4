package liop.libp2p.fuzzing;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.stream.Stream;
import liop.libp2p.multistream.MultistreamFuzzTest;
import liop.libp2p.noise.NoiseFuzzTest;
import liop.libp2p.yamux.YamuxFuzzTest;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzz target of the build's short campaign: the four wire decoder targets behind one, the first
 * input byte choosing which gets the rest. Jazzer fuzzes one target per JVM and spends some 20 s
 * starting one, so one JVM for all four leaves the campaign's time for fuzzing. Long campaigns
 * fuzz the targets one by one (FUZZING.md).
 */
public class WireFuzzTest {

    private enum Decoder {
        MULTISTREAM(input -> new MultistreamFuzzTest().negotiate(input)),
        NOISE_HANDSHAKE(input -> new NoiseFuzzTest().handshakeMessages(input)),
        NOISE_TRANSPORT(input -> new NoiseFuzzTest().transportFrames(input)),
        YAMUX(input -> new YamuxFuzzTest().frames(input));

        final Consumer<byte[]> target;

        Decoder(Consumer<byte[]> target) {
            this.target = target;
        }
    }

    /** Every target's seeds, each behind the byte that chooses its target. */
    static Stream<Arguments> seeds() throws Exception {
        return Stream.of(
                        routed(Decoder.MULTISTREAM, MultistreamFuzzTest.seeds()),
                        routed(Decoder.NOISE_HANDSHAKE, NoiseFuzzTest.handshakeSeeds()),
                        routed(Decoder.NOISE_TRANSPORT, NoiseFuzzTest.transportSeeds()),
                        routed(Decoder.YAMUX, YamuxFuzzTest.seeds()))
                .flatMap(seeds -> seeds);
    }

    @MethodSource("seeds")
    @FuzzTest(maxDuration = "30s")
    public void anyDecoder(byte[] input) {
        if (input.length > 0) {
            Decoder decoder = Decoder.values()[(input[0] & 0xFF) % Decoder.values().length];
            decoder.target.accept(Arrays.copyOfRange(input, 1, input.length));
        }
    }

    private static Stream<Arguments> routed(Decoder decoder, Stream<Arguments> seeds) {
        return seeds.map(arguments -> {
            Named<?> seed = (Named<?>) arguments.get()[0];
            byte[] bytes = (byte[]) seed.getPayload();
            byte[] input = new byte[bytes.length + 1];
            input[0] = (byte) decoder.ordinal();
            System.arraycopy(bytes, 0, input, 1, bytes.length);
            return FuzzSupport.seed(decoder.name().toLowerCase() + "-" + seed.getName(), input);
        });
    }
}
