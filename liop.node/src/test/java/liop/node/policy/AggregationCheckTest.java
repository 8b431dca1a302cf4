package liop.node.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AggregationCheckTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<ObjectNode> records = new ArrayList<>();

    AggregationCheckTest() {
        for (int i = 0; i < 12; i++) {
            records.add((ObjectNode) json("{\"condition\": \"" + (i < 10 ? "asthma" : "gout") + "\", \"age\": " + (30 + i) + "}"));
        }
    }

    @Test
    void letsGroupsWithTheirCountsOut() {
        assertThat(check("{\"total\": 12, \"groups\": [{\"condition\": \"asthma\", \"count\": 10, \"avg_age\": 34.5}]}", 5)).isEmpty();
    }

    @Test
    void blocksGroupsSmallerThanK() {
        assertThat(check("{\"groups\": [{\"condition\": \"asthma\", \"count\": 10}, {\"condition\": \"gout\", \"count\": 2}]}", 5))
                .hasValueSatisfying(d -> {
                    assertThat(d.rule()).isEqualTo("aggregation.k");
                    assertThat(d.path()).isEqualTo("$.groups[1]");
                    assertThat(d.message()).contains("has 2 members, fewer than the 5");
                });
    }

    @Test
    void blocksRecordsCopiedOut() {
        assertThat(check("{\"rows\": [{\"condition\": \"gout\", \"age\": 40}]}", 5))
                .hasValueSatisfying(d -> assertThat(d.message()).contains("no group count"));
        assertThat(check("[[{\"nested\": {\"condition\": \"asthma\"}}]]", 5)).isPresent();
        assertThat(check("{\"conditions\": [\"asthma\", \"asthma\", \"gout\"]}", 5))
                .hasValueSatisfying(d -> assertThat(d.message()).contains("lists values of field condition"));
    }

    @Test
    void valuesTheModuleDidNotReadAreNotRecords() {
        assertThat(check("{\"label\": \"asthma\", \"note\": [\"a\", \"b\"]}", 5)).isEmpty();
    }

    private Optional<Denial> check(String output, int k) {
        return AggregationCheck.check(json(output), records, List.of("condition", "age"), k);
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
