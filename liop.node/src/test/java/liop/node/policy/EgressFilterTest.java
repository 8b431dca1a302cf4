package liop.node.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EgressFilterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EgressFilter.Rules SSN_KEYS = new EgressFilter.Rules(Set.of("ssn", "name"), KeyMatch.WORDS);

    private final ForbiddenValues seen = ForbiddenValues.of(List.of(
            record("{\"ssn\": \"912-45-6789\", \"name\": \"Ada Lovelace\", \"sex\": \"F\", \"age\": 36}"),
            record("{\"ssn\": \"934-56-7890\", \"name\": \"Alan Turing\", \"sex\": \"M\", \"age\": 41}")),
            List.of("ssn", "name", "sex"), 4);

    @Test
    void letsAggregatesOut() {
        assertThat(check("{\"total\": 2, \"groups\": [{\"sex\": \"both\", \"count\": 2, \"avg_age\": 38.5}]}")).isEmpty();
    }

    @Test
    void blocksForbiddenKeysAtAnyDepthWhateverTheirSpelling() {
        for (String key : List.of("ssn", "SSN", "s_s_n", "S-S-N", "ssn_hash", "patientSSN", "Patient_Name", "s_s_n_hash")) {
            assertThat(check("{\"rows\": [[{\"ok\": 1}], [{\"" + key + "\": \"x\"}]]}"))
                    .as(key).hasValueSatisfying(d -> {
                        assertThat(d.rule()).isEqualTo("egress.forbidden.keys");
                        assertThat(d.path()).isEqualTo("$.rows[1][0]." + key);
                    });
        }
        assertThat(check("{\"lessness\": 1, \"username_count\": 2}")).as("words, not substrings").isEmpty();
    }

    @Test
    void keyMatchIsConfigurable() {
        assertThat(EgressFilter.check(json("{\"ssn_hash\": 1}"), new EgressFilter.Rules(Set.of("ssn"), KeyMatch.EXACT), ForbiddenValues.NONE)).isEmpty();
        assertThat(EgressFilter.check(json("{\"lessness\": 1}"), new EgressFilter.Rules(Set.of("ssn"), KeyMatch.CONTAINS), ForbiddenValues.NONE)).isPresent();
    }

    @Test
    void blocksForbiddenValuesUnderAnyKeyAndInsideAnyString() {
        assertThat(check("{\"id\": \"912-45-6789\"}")).hasValueSatisfying(d -> assertThat(d.message()).contains("forbidden field ssn").doesNotContain("912"));
        assertThat(check("{\"note\": \"patient 912 45 6789 was seen\"}")).isPresent();
        assertThat(check("{\"note\": \"912456789\"}")).isPresent();
        assertThat(check("{\"v\": 912456789}")).as("as a number").isPresent();
        assertThat(check("{\"who\": \"ADA lovelace!\"}")).isPresent();
        assertThat(check("{\"912-45-6789\": 1}")).as("as a key").isPresent();
    }

    @Test
    void blocksReversedAndEncodedValues() {
        assertThat(check("{\"x\": \"9876-54-219\"}")).as("reversed").isPresent();
        String base64 = Base64.getEncoder().encodeToString("912-45-6789".getBytes(StandardCharsets.UTF_8));
        assertThat(check("{\"x\": \"" + base64 + "\"}")).as("base64").hasValueSatisfying(d -> assertThat(d.message()).contains("(encoded)"));
        String inside = Base64.getUrlEncoder().withoutPadding().encodeToString("id=934-56-7890;".getBytes(StandardCharsets.UTF_8));
        assertThat(check("{\"x\": \"token:" + inside + "\"}")).as("url-safe base64 inside a longer string").isPresent();
        String hex = HexFormat.of().formatHex("Alan Turing".getBytes(StandardCharsets.UTF_8));
        assertThat(check("{\"x\": [\"" + hex + "\"]}")).as("hex").isPresent();
    }

    @Test
    void shortValuesMatchOnlyWhole() {
        assertThat(check("{\"sex\": \"F\"}")).as("the key is not forbidden, the whole value is").isPresent();
        assertThat(check("{\"text\": \"Fine\"}")).as("F inside a word is not the value F").isEmpty();
    }

    @Test
    void survivesDeepOutputs() {
        String deep = "[".repeat(200) + "\"912-45-6789\"" + "]".repeat(200);
        assertThat(check(deep)).isPresent();
    }

    private Optional<Denial> check(String output) {
        return EgressFilter.check(json(output), SSN_KEYS, seen);
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static ObjectNode record(String text) {
        return (ObjectNode) json(text);
    }
}
