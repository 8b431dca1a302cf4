package liop.node.metering;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.wasm.Parser;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Randomly mutated modules (seeded, so every run tries the same ones): the meter either refuses
 * one with a {@link MeteringException} or rewrites it into a module exactly as valid as the
 * mutant, by Chicory's validator. It never throws anything else, and never turns an invalid
 * module into a valid one (which could hand a module the fuel counter, see {@link
 * MeteringRefusalTest}) nor a valid module into an invalid one.
 *
 * <p>The meter does not type-check code (engines do), so "rewritten" does not mean "valid"; what it
 * guarantees is that metering never changes the verdict.
 */
class MutationPropertyTest {

    private static final long SEED = 0x11_0b_f0e1L;
    private static final int ITERATIONS = 4000;

    @Test
    void everyMutantIsRefusedCleanlyOrStaysExactlyAsValid() {
        List<byte[]> samples = List.of(
                Chicory.guest("hello"),
                Chicory.wat(new String(Chicory.resource("control.wat"), UTF_8)),
                Chicory.wat(new String(Chicory.resource("bulk.wat"), UTF_8)),
                Chicory.wat(new String(Chicory.resource("numeric.wat"), UTF_8)),
                Chicory.resource("tailcall.wasm"),
                Chicory.resource("simd.wasm"));
        byte[] bigGuest = Chicory.guest("aggregate");
        Random random = new Random(SEED);
        int refused = 0, valid = 0, invalid = 0;

        for (int i = 0; i < ITERATIONS; i++) {
            byte[] sample = i % 20 == 0 ? bigGuest : samples.get(random.nextInt(samples.size()));
            byte[] mutant = mutate(sample, random);
            byte[] metered;
            try {
                metered = FuelMeter.meter(mutant, 1_000_000);
            } catch (MeteringException e) {
                if (e.reason() == MeteringException.Reason.MALFORMED && !chicoryIsLenientAbout(e)) {
                    assertThat(validates(mutant)).as("iteration %d: refused as malformed but valid: %s %s", i, e.getMessage(), hex(mutant)).isFalse();
                }
                refused++;
                continue;
            } catch (Throwable e) {
                throw new AssertionError("iteration " + i + ": " + e + " metering " + hex(mutant), e);
            }
            boolean mutantValid = validates(mutant);
            assertThat(validates(metered))
                    .as("iteration %d: metered module valid exactly when the mutant is (%s): %s", i, mutantValid, hex(mutant))
                    .isEqualTo(mutantValid);
            if (mutantValid) {
                valid++;
            } else {
                invalid++;
            }
        }
        System.out.printf("mutants: %d refused by the meter, %d metered and valid, %d metered and invalid like the mutant%n",
                refused, valid, invalid);
        assertThat(valid).as("mutants that stayed valid (the test must reach the rewriter)").isGreaterThan(ITERATIONS / 20);
        assertThat(refused).as("mutants refused").isGreaterThan(ITERATIONS / 20);
    }

    /** Mostly one random edit, sometimes two to four: flip a bit, overwrite, insert or delete a byte, cut the tail. */
    static byte[] mutate(byte[] sample, Random random) {
        byte[] bytes = sample.clone();
        int edits = random.nextInt(4) == 0 ? 2 + random.nextInt(3) : 1;
        for (int e = 0; e < edits && bytes.length > 8; e++) {
            int at = 8 + random.nextInt(bytes.length - 8); // keep the header: past it is where bugs hide
            switch (random.nextInt(5)) {
                case 0 -> bytes[at] ^= (byte) (1 << random.nextInt(8));
                case 1 -> bytes[at] = (byte) random.nextInt(256);
                case 2 -> {
                    byte[] longer = new byte[bytes.length + 1];
                    System.arraycopy(bytes, 0, longer, 0, at);
                    longer[at] = (byte) random.nextInt(256);
                    System.arraycopy(bytes, at, longer, at + 1, bytes.length - at);
                    bytes = longer;
                }
                case 3 -> {
                    byte[] shorter = new byte[bytes.length - 1];
                    System.arraycopy(bytes, 0, shorter, 0, at);
                    System.arraycopy(bytes, at + 1, shorter, at, bytes.length - at - 1);
                    bytes = shorter;
                }
                default -> bytes = Arrays.copyOf(bytes, at);
            }
        }
        return bytes;
    }

    /**
     * Malformations the specification forbids but Chicory 1.7.5's parser lets through: names that
     * are not UTF-8, a body whose blocks are closed by its last byte without the function's own
     * {@code end}, and an export, start section or element segment naming a function that does not
     * exist (Chicory refuses that when it instantiates the module).
     */
    private static boolean chicoryIsLenientAbout(MeteringException e) {
        return e.getMessage().contains("not valid UTF-8") || e.getMessage().contains("ends before its final end")
                || e.getMessage().contains("names function");
    }

    private static boolean validates(byte[] module) {
        try {
            Parser.parse(module);
            return true;
        } catch (Throwable e) { // Chicory may throw anything on garbage; any failure is a "no"
            return false;
        }
    }

    private static String hex(byte[] bytes) {
        return bytes.length > 4096 ? bytes.length + " bytes" : HexFormat.of().formatHex(bytes);
    }
}
