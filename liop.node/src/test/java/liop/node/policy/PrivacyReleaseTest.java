package liop.node.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.SecureRandom;
import liop.node.privacy.SecureNoise;
import org.junit.jupiter.api.Test;

/** Checked by distribution: the noise's centre and spread follow each number's role. */
class PrivacyReleaseTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final PrivacyRelease release = new PrivacyRelease(new SecureNoise(new SecureRandom()));

    @Test
    void noiseFollowsEachNumbersRole() throws Exception {
        JsonNode output = JSON.readTree("{\"count\": 40, \"avg_age\": 45.0, \"total_age\": 1800}");
        int samples = 4_000;
        double[] sums = new double[3];
        double[] sumsAbs = new double[3];
        for (int i = 0; i < samples; i++) {
            // epsilon 3 over 3 numbers: 1 each. Age sensitivity 120, 40 records.
            JsonNode noisy = release.release(output, 3, 40, field -> field.equals("age") ? 120 : 1);
            assertThat(noisy.get("count").isIntegralNumber()).isTrue();
            double[] deltas = {noisy.get("count").asDouble() - 40, noisy.get("avg_age").asDouble() - 45, noisy.get("total_age").asDouble() - 1800};
            for (int j = 0; j < 3; j++) {
                sums[j] += deltas[j];
                sumsAbs[j] += Math.abs(deltas[j]);
            }
        }
        // scales: count 1/1, average 120/40/1 = 3, sum 120/1 = 120
        double[] scales = {1, 3, 120};
        for (int j = 0; j < 3; j++) {
            double sd = Math.sqrt(2) * scales[j];
            assertThat(sums[j] / samples).as("mean of noise %d", j).isCloseTo(0, offset(5 * sd / Math.sqrt(samples) + 0.01));
            assertThat(sumsAbs[j] / samples).as("mean absolute noise %d", j).isCloseTo(scales[j], offset(5 * sd / Math.sqrt(samples) + 0.1 * scales[j]));
        }
        assertThat(output.get("count").asInt()).as("the original is untouched").isEqualTo(40);
    }

    @Test
    void countsNeverGoBelowZero() throws Exception {
        JsonNode output = JSON.readTree("{\"groups\": [{\"n\": 0}]}");
        for (int i = 0; i < 500; i++) {
            assertThat(release.release(output, 0.1, 10, f -> 1).get("groups").get(0).get("n").asLong()).isGreaterThanOrEqualTo(0);
        }
    }

    @Test
    void rolesAreReadFromKeys() {
        assertThat(NumberRole.of("count")).isEqualTo(new NumberRole(NumberRole.Kind.COUNT, ""));
        assertThat(NumberRole.of("asthmaCount").kind()).isEqualTo(NumberRole.Kind.COUNT);
        assertThat(NumberRole.of("total").kind()).isEqualTo(NumberRole.Kind.COUNT);
        assertThat(NumberRole.of("avg_age")).isEqualTo(new NumberRole(NumberRole.Kind.AVERAGE, "age"));
        assertThat(NumberRole.of("meanHeartRate")).isEqualTo(new NumberRole(NumberRole.Kind.AVERAGE, "heart_rate"));
        assertThat(NumberRole.of("total_income")).isEqualTo(new NumberRole(NumberRole.Kind.SUM, "income"));
        assertThat(NumberRole.of("age_sum")).isEqualTo(new NumberRole(NumberRole.Kind.SUM, "age"));
    }
}
