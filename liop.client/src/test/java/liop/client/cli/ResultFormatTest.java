package liop.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import liop.api.engine.ExecutionStatus;
import liop.api.node.LogicResult;
import org.junit.jupiter.api.Test;

class ResultFormatTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LogicResult OK = new LogicResult(ExecutionStatus.OK, "{\"total\":3,\"groups\":[1,2]}", "", "chicory", "ab12", 1_234_567, 42, 2 * 1024 * 1024, "");

    @Test
    void jsonIsOneLineWithExactlyTheDocumentedMembersInOrder() throws Exception {
        String line = ResultFormat.json(OK);

        assertThat(line).doesNotContain("\n");
        JsonNode node = JSON.readTree(line);
        assertThat(iterable(node.fieldNames())).containsExactly(
                "status", "output", "error", "engine", "module_sha256", "fuel_used", "elapsed_ms", "peak_memory_bytes");
        assertThat(node.get("status").asText()).isEqualTo("ok");
        assertThat(node.get("output")).isEqualTo(JSON.readTree("{\"total\":3,\"groups\":[1,2]}"));
        assertThat(node.get("error").asText()).isEmpty();
        assertThat(node.get("engine").asText()).isEqualTo("chicory");
        assertThat(node.get("module_sha256").asText()).isEqualTo("ab12");
        assertThat(node.get("fuel_used").asLong()).isEqualTo(1_234_567);
        assertThat(node.get("elapsed_ms").asLong()).isEqualTo(42);
        assertThat(node.get("peak_memory_bytes").asLong()).isEqualTo(2 * 1024 * 1024);
    }

    @Test
    void aRefusedRequestHasNullOutputAndItsError() throws Exception {
        LogicResult denied = LogicResult.refused(ExecutionStatus.OUT_OF_FUEL, "ran out of fuel after 10", "cd34");

        JsonNode node = JSON.readTree(ResultFormat.json(denied));

        assertThat(node.get("status").asText()).isEqualTo("out_of_fuel");
        assertThat(node.get("output").isNull()).isTrue();
        assertThat(node.get("error").asText()).isEqualTo("ran out of fuel after 10");
    }

    @Test
    void outputThatIsNotJsonStaysAString() throws Exception {
        LogicResult odd = new LogicResult(ExecutionStatus.OK, "not json", "", "chicory", "ab", 0, 1, 0, "");

        assertThat(JSON.readTree(ResultFormat.json(odd)).get("output").asText()).isEqualTo("not json");
    }

    @Test
    void humanFormLabelsEachValueAndPrettyPrintsTheOutput() {
        String text = ResultFormat.human(OK);

        assertThat(text.lines().toList()).startsWith(
                "status  ok",
                "engine  chicory",
                "module  sha256:ab12",
                "fuel    1,234,567",
                "time    42 ms",
                "memory  2.0 MiB peak",
                "output:",
                "{");
        assertThat(text).contains("  \"total\": 3,");
    }

    @Test
    void humanFormKeepsTheLinesOfAnErrorAligned() {
        LogicResult invalid = LogicResult.refused(ExecutionStatus.INVALID, "m.wat:1:2: error: oops\n(module x)\n ^", "");

        assertThat(ResultFormat.human(invalid).lines().toList()).startsWith(
                "status  invalid",
                "error   m.wat:1:2: error: oops",
                "        (module x)",
                "         ^");
    }

    @Test
    void diagnosticsAreMarkedAsTheModulesStderr() {
        LogicResult withStderr = new LogicResult(ExecutionStatus.FAILED, null, "exit 3", "chicory", "ab", 0, 1, 0, "line one\nline two");
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        ResultFormat.diagnostics(withStderr, new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(err.toString(StandardCharsets.UTF_8).lines().toList()).containsExactly("module stderr:", "  | line one", "  | line two");
    }

    @Test
    void bytesReadLikeAPersonWouldSayThem() {
        assertThat(ResultFormat.bytes(512)).isEqualTo("512 B");
        assertThat(ResultFormat.bytes(1536)).isEqualTo("1.5 KiB");
        assertThat(ResultFormat.bytes(64L * 1024 * 1024)).isEqualTo("64.0 MiB");
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> list = new java.util.ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }
}
