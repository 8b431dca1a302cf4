package liop.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import liop.client.ready.NodeNotReadyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The paths of {@code liop exec} that end before a node runs anything. Runs that reach a node are
 * tested on the real distribution (runtime's DistributionIT).
 */
class ExecCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path dir;

    /** A node that never comes up, as when etc/ holds a file fileinstall cannot read. */
    private final ExecCommand command = new ExecCommand(() -> {
        throw new NodeNotReadyException(Duration.ofSeconds(2), List.of("etc/broken.cfg is not in Config Admin yet"));
    }, SampleModules.none());

    @Test
    void helpGoesToStdoutAndSucceeds() {
        assertThat(run("--help")).isEqualTo(CliContract.EXIT_OK);

        assertThat(stdout()).startsWith("usage: liop exec MODULE");
        assertThat(stderr()).isEmpty();
    }

    @Test
    void aUsageErrorPrintsTheProblemAndTheUsageOnStderr() {
        assertThat(run("m.wasm", "--dataset", "patients")).isEqualTo(CliContract.EXIT_USAGE);

        assertThat(stdout()).isEmpty();
        assertThat(stderr()).startsWith("liop exec: --dataset patients needs --fields").contains("usage: liop exec MODULE");
    }

    @Test
    void aMissingModuleIsAUsageError() {
        assertThat(run(dir.resolve("nothing.wasm").toString())).isEqualTo(CliContract.EXIT_USAGE);

        assertThat(stderr()).contains("no module file");
    }

    @Test
    void textThatDoesNotCompileIsAnInvalidResult() throws Exception {
        Path wat = Files.writeString(dir.resolve("typo.wat"), "(module (func (export \"_start\") (i32.bogus)))");

        assertThat(run(wat.toString(), "--json")).isEqualTo(CliContract.EXIT_NOT_OK);

        JsonNode result = new ObjectMapper().readTree(stdout());
        assertThat(result.get("status").asText()).isEqualTo("invalid");
        assertThat(result.get("error").asText()).contains("typo.wat:1:").contains("i32.bogus");
    }

    @Test
    void aNodeThatDoesNotComeUpExitsWith3AndSaysWhy() throws Exception {
        Path wat = Files.writeString(dir.resolve("ok.wat"), "(module (func (export \"_start\")))");

        assertThat(run(wat.toString(), "--json")).isEqualTo(CliContract.EXIT_NODE_FAILED);

        assertThat(stdout()).isEmpty();
        assertThat(stderr()).contains("the node was not ready after 2.0 s", "etc/broken.cfg is not in Config Admin yet");
    }

    private int run(String... args) {
        return command.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
