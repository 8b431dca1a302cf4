package liop.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the packed distribution the way a user does, through its bin/liop, after `package`
 * (maven-failsafe-plugin). Each test gets its own LIOP_BASE, so nothing touches target/liop/etc.
 */
class DistributionIT {

    private static final Path HOME = Path.of(System.getProperty("liop.dist", "target/liop")).toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path base;

    @Test
    void versionNamesLiopFelixAndJava() throws Exception {
        Run run = liop("version");

        assertThat(run.exitCode).isZero();
        assertThat(run.stdout).startsWith("LIOP ").contains("Apache Felix 7.0.5", "Java ");
    }

    @Test
    void execPrintsExactlyOneJsonObjectOnStdout() throws Exception {
        Run run = liop("exec", "hello", "--json");

        assertThat(run.exitCode).as(run.stderr).isZero();
        JsonNode result = JSON.readTree(run.stdout);
        assertThat(run.stdout.strip().lines()).hasSize(1);
        assertThat(result.get("status").asText()).isEqualTo("ok");
        assertThat(result.get("output")).isEqualTo(JSON.readTree("{\"hello\":\"world\"}"));
        assertThat(result.get("engine").asText()).isEqualTo("chicory");
        assertThat(result.get("module_sha256").asText()).hasSize(64);
    }

    @Test
    void theSampleDatasetIsGrantedOutOfTheBox() throws Exception {
        Run run = liop("exec", "aggregate", "--dataset", "patients", "--fields", "condition,age", "--json");

        assertThat(run.exitCode).as(run.stderr).isZero();
        JsonNode output = JSON.readTree(run.stdout).get("output");
        assertThat(output.get("total").asInt()).isEqualTo(5000);
        assertThat(output.get("groups").size()).isGreaterThanOrEqualTo(5);
    }

    @Test
    void theSampleLogsAreGrantedOutOfTheBox() throws Exception {
        Path logs = HOME.resolve("data/logs");
        Run run = liop("exec", "logsearch", "--params", "{\"dir\":\"" + logs + "\",\"pattern\":\"ERROR\"}", "--cap", "fs.read:" + logs, "--json");

        assertThat(run.exitCode).as(run.stderr).isZero();
        assertThat(JSON.readTree(run.stdout).get("output").get("matches").asInt()).isPositive();
    }

    @Test
    void webAssemblyTextIsCompiledOnTheFly() throws Exception {
        Path wat = Files.writeString(base.resolve("answer.wat"), """
                ;; writes {"n":42} to stdout
                (module
                  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
                  (memory (export "memory") 1 1)
                  (data (i32.const 16) "{\\"n\\":42}\\n")
                  (func (export "_start")
                    (i32.store (i32.const 0) (i32.const 16))
                    (i32.store (i32.const 4) (i32.const 9))
                    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
                """);

        Run run = liop("exec", wat.toString(), "--json");

        assertThat(run.exitCode).as(run.stderr).isZero();
        assertThat(JSON.readTree(run.stdout).get("output").get("n").asInt()).isEqualTo(42);
    }

    @Test
    void aRequestTheManifestDoesNotGrantEndsNotOkWithExitCode1() throws Exception {
        Run run = liop("exec", "hello", "--cap", "fs.read:/etc", "--json");

        assertThat(run.exitCode).isEqualTo(1);
        JsonNode result = JSON.readTree(run.stdout);
        assertThat(result.get("status").asText()).isNotEqualTo("ok");
        assertThat(result.get("error").asText()).isNotEmpty();
        assertThat(result.get("output").isNull()).isTrue();
    }

    @Test
    void usageErrorsExitWith2AndPrintTheUsageOnStderr() throws Exception {
        Run run = liop("exec", "hello", "--frobnicate");

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.stdout).isEmpty();
        assertThat(run.stderr).contains("unknown option --frobnicate", "usage: liop exec MODULE");
        assertThat(liop("frobnicate").exitCode).isEqualTo(2);
    }

    @Test
    void aConfigurationThatCannotBeReadIsReportedWithExitCode3() throws Exception {
        liop("exec", "hello").assertOk(); // creates the base with the default etc/
        Files.writeString(base.resolve("etc/liop.broken.cfg"), "<not xml");

        Run run = liop(Map.of("LIOP_OPTS", "-Dliop.ready.timeout.seconds=2"), "exec", "hello", "--json");

        assertThat(run.exitCode).isEqualTo(3);
        assertThat(run.stdout).isEmpty();
        assertThat(run.stderr).contains("the node was not ready", "etc/liop.broken.cfg is not in Config Admin");
    }

    @Test
    void theNodePrintsWhatRunsAndStopsOnSigterm() throws Exception {
        Process node = start(Map.of(), List.of());
        List<String> banner = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                banner.add(line);
                if (line.startsWith("running")) {
                    break;
                }
            }
            assertThat(banner).anyMatch(l -> l.startsWith("engines   chicory"))
                    .anyMatch(l -> l.startsWith("datasets  patients: 5,000 records"))
                    .anyMatch(l -> l.startsWith("grants    dataset:patients{*}"))
                    .anyMatch(l -> l.contains("fs.read:" + HOME.resolve("data/logs")));
            assertThat(banner).noneMatch(l -> l.contains(" ! "));
        } finally {
            node.destroy();
            assertThat(node.waitFor(20, TimeUnit.SECONDS)).as("the node stops on SIGTERM").isTrue();
        }
    }

    private Run liop(String... args) throws IOException, InterruptedException {
        return liop(Map.of(), args);
    }

    private Run liop(Map<String, String> environment, String... args) throws IOException, InterruptedException {
        Process process = start(environment, List.of(args));
        process.getOutputStream().close();
        // Read both streams at once, so that neither fills its pipe and blocks the process.
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        String stdout = readAll(process.getInputStream());
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("liop " + String.join(" ", args) + " did not finish within 60 s");
        }
        return new Run(process.exitValue(), stdout, stderr.join());
    }

    private Process start(Map<String, String> environment, List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(HOME.resolve("bin/liop").toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(base.toFile());
        builder.environment().put("LIOP_BASE", base.toString());
        builder.environment().remove("LIOP_HOME");
        builder.environment().putAll(environment);
        return builder.start();
    }

    private static String readAll(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Run(int exitCode, String stdout, String stderr) {
        void assertOk() {
            assertThat(exitCode).as(stderr).isZero();
        }
    }
}
