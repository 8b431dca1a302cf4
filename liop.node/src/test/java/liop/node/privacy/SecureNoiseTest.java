package liop.node.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The noise is checked by its distribution, never by exact values: its mean is the true value, its
 * spread is the Laplace scale, and the probability of no change at all matches the discrete
 * Laplace formula. Bounds are five standard errors wide, so a correct sampler fails about once in
 * three million runs.
 */
class SecureNoiseTest {

    private static final int SAMPLES = 20_000;
    private final SecureNoise noise = new SecureNoise(new SecureRandom());

    @Test
    void integerNoiseIsCentredWithTheLaplaceSpread() {
        double scale = 10; // sensitivity 1, epsilon 0.1
        double sum = 0;
        double sumAbs = 0;
        for (int i = 0; i < SAMPLES; i++) {
            long noisy = noise.noisyInteger(1000, 1, 0.1) - 1000;
            sum += noisy;
            sumAbs += Math.abs(noisy);
        }
        double sd = Math.sqrt(2) * scale;
        assertThat(sum / SAMPLES).isCloseTo(0, org.assertj.core.data.Offset.offset(5 * sd / Math.sqrt(SAMPLES)));
        // E|X| of the discrete Laplace with scale b is 2q/(1-q^2) for q = exp(-1/b): 9.992 for b = 10.
        double q = Math.exp(-1 / scale);
        double expectedMeanAbs = 2 * q / (1 - q * q);
        assertThat(sumAbs / SAMPLES).isCloseTo(expectedMeanAbs, org.assertj.core.data.Offset.offset(5 * sd / Math.sqrt(SAMPLES)));
    }

    @Test
    void integerNoiseLeavesTheValueUnchangedAsOftenAsTheFormulaSays() {
        // P(0) = (1-q)/(1+q) with q = exp(-epsilon/sensitivity): 0.4621 for epsilon 1.
        double q = Math.exp(-1);
        double expected = (1 - q) / (1 + q);
        int unchanged = 0;
        for (int i = 0; i < SAMPLES; i++) {
            if (noise.noisyInteger(7, 1, 1) == 7) {
                unchanged++;
            }
        }
        double standardError = Math.sqrt(expected * (1 - expected) / SAMPLES);
        assertThat((double) unchanged / SAMPLES).isCloseTo(expected, org.assertj.core.data.Offset.offset(5 * standardError));
    }

    @Test
    void realNoiseIsCentredWithTheLaplaceSpread() {
        double scale = 0.5; // e.g. an average of ages: sensitivity 120 / 240 records, epsilon 1
        double sum = 0;
        double sumAbs = 0;
        for (int i = 0; i < SAMPLES; i++) {
            double noisy = noise.noisyReal(45.25, 0.5, 1) - 45.25;
            sum += noisy;
            sumAbs += Math.abs(noisy);
        }
        double sd = Math.sqrt(2) * scale;
        assertThat(sum / SAMPLES).isCloseTo(0, org.assertj.core.data.Offset.offset(5 * sd / Math.sqrt(SAMPLES)));
        assertThat(sumAbs / SAMPLES).isCloseTo(scale, org.assertj.core.data.Offset.offset(5 * sd / Math.sqrt(SAMPLES)));
    }

    @Test
    void realResultsAreOnTheGridWhateverTheInput() {
        // Mironov's attack reads the true value off which doubles can come out; on a fixed grid,
        // the possible outputs for two different inputs are the same set.
        Set<Long> gridSteps = new HashSet<>();
        double grid = Math.pow(2, Math.getExponent(0.5) - 40);
        for (double input : new double[] {45.25, 45.250000001, 1e-9}) {
            for (int i = 0; i < 200; i++) {
                double noisy = noise.noisyReal(input, 0.5, 1);
                double steps = noisy / grid;
                assertThat(steps).isEqualTo(Math.rint(steps));
                gridSteps.add((long) steps);
            }
        }
        assertThat(gridSteps).hasSizeGreaterThan(500);
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> noise.noisyInteger(1, 0, 1)).hasMessageContaining("positive");
        assertThatThrownBy(() -> noise.noisyInteger(1, 1, -1)).hasMessageContaining("positive");
        assertThatThrownBy(() -> noise.noisyReal(Double.NaN, 1, 1)).hasMessageContaining("finite");
    }
}
