package liop.node.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import liop.api.engine.ExecutionStatus;
import liop.api.engine.WasmEngine;
import liop.api.node.AgentIdentity;
import liop.api.node.LogicRequest;
import liop.api.node.LogicResult;
import liop.engine.chicory.ChicoryEngine;
import liop.engine.graalwasm.GraalWasmEngine;
import liop.node.Pipeline;
import liop.node.hostile.HostileCorpus.Entry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Swapping engines changes speed, never answers: every sample guest and every entry of the hostile
 * corpus goes through the node's whole pipeline (Guardian, fuel metering, plan, run, egress) twice,
 * once on the Chicory engine in its default compiler mode and once on GraalWasm, with the corpus's
 * limits and grants, and both must end alike: the same status, output, error (the engine's name
 * aside), fuel used, peak memory and stderr. Corpus entries must also end with the status
 * {@code expectations.json} gives them. A module stopped at its deadline is the one exception: the
 * fuel, memory and stderr it reached by then measure how fast the engine ran, so they only have to
 * stay within the limits.
 *
 * <p>The caller is the local operator, the one caller shown the module's stderr, so that stderr is
 * compared too; nothing else in the pipeline depends on who calls. The sample guests get small
 * inputs, GraalWasm running here in its interpreter.
 */
class EngineParityTest {

    private static final HostileCorpus CORPUS = HostileCorpus.load();
    private static final AgentIdentity OPERATOR = AgentIdentity.localOperator();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    private static Path preopen;
    private static WasmEngine chicory;
    private static WasmEngine graalWasm;
    private static Pipeline onChicory;
    private static Pipeline onGraalWasm;
    private static final List<String> table = new ArrayList<>();

    @BeforeAll
    static void startBothNodes() throws Exception {
        preopen = CORPUS.fixture().createUnder(Files.createDirectories(dir.resolve("fixture")));
        chicory = new ChicoryEngine("chicory", liop.engine.chicory.ExecutionMode.COMPILER, 64);
        graalWasm = new GraalWasmEngine("graalwasm", liop.engine.graalwasm.ExecutionMode.AUTO, 64);
        onChicory = CORPUS.pipeline(chicory, Files.createDirectories(dir.resolve("chicory")), preopen);
        onGraalWasm = CORPUS.pipeline(graalWasm, Files.createDirectories(dir.resolve("graalwasm")), preopen);
    }

    @AfterAll
    static void stopBothNodes() {
        if (onChicory != null) {
            onChicory.close();
        }
        if (onGraalWasm != null) {
            onGraalWasm.close();
        }
        if (graalWasm instanceof GraalWasmEngine engine) {
            engine.close(java.time.Duration.ofSeconds(5));
        }
    }

    /** A request to run on both nodes; {@code expected} is null where only parity is required. */
    private record Case(String name, LogicRequest request, ExecutionStatus expected) {}

    @TestFactory
    Stream<DynamicNode> both_engines_answer_every_request_alike() {
        List<Case> cases = new ArrayList<>(samples());
        for (Entry entry : CORPUS.entries()) {
            LogicRequest request = LogicRequest.of(entry.bytes())
                    .withCapabilities(entry.capabilitiesFor(preopen))
                    .withParams(entry.paramsFor(preopen));
            cases.add(new Case("hostile " + entry.name(), request, entry.knownDefect().isPresent() ? null : entry.status()));
        }
        Stream<DynamicNode> compared = cases.stream().map(c -> dynamicTest(c.name(), () -> compare(c)));
        Stream<DynamicNode> summary = Stream.of(dynamicTest("summary: every request was compared", () -> {
            System.out.printf("%nEngine parity through the pipeline: %d requests (%d sample guest requests, %d hostile corpus entries) on %s and %s%n",
                    cases.size(), cases.size() - CORPUS.entries().size(), CORPUS.entries().size(), chicory.info(), graalWasm.info());
            System.out.printf("%-48s %-14s %10s %9s %9s%n", "request", "status", "fuel", "chicory", "graalwasm");
            table.forEach(System.out::println);
            assertThat(table).as("requests compared on both engines").hasSize(cases.size());
        }));
        return Stream.concat(compared, summary);
    }

    /** Each sample guest, on inputs that end ok and on inputs that make it fail. */
    private static List<Case> samples() {
        String patients = HostileCorpus.PATIENTS_GRANT;
        String granted = "fs.read:" + preopen;
        return List.of(
                sample("hello", "hello", List.of(), null),
                sample("echo with records", "echo", List.of(patients), "{\"n\": [1, 2.50, 12345678901234567890], \"s\": \"\\u00e9\"}"),
                sample("echo without params", "echo", List.of(), null),
                sample("aggregate by condition", "aggregate", List.of(patients), "{\"group_by\": \"condition\", \"field\": \"age\"}"),
                sample("aggregate with defaults", "aggregate", List.of(patients), null),
                sample("aggregate with a bad group_by", "aggregate", List.of(patients), "{\"group_by\": 7}"),
                sample("primes up to 2000", "primes", List.of(), "{\"n\": 2000}"),
                sample("primes with a negative n", "primes", List.of(), "{\"n\": -1}"),
                sample("primes past the fuel limit", "primes", List.of(), "{\"n\": 1000000}"),
                sample("logsearch in the preopen", "logsearch", List.of(granted),
                        "{\"dir\": \"" + preopen + "\", \"pattern\": \"e\", \"max_lines\": 5}"),
                sample("logsearch ignoring case", "logsearch", List.of(granted),
                        "{\"dir\": \"" + preopen + "\", \"pattern\": \"HELLO\", \"ignore_case\": true}"),
                sample("logsearch in an ungranted dir", "logsearch", List.of(), "{\"dir\": \"/etc\", \"pattern\": \"root\"}"));
    }

    private static Case sample(String name, String guest, List<String> capabilities, String params) {
        return new Case("sample " + name, LogicRequest.of(guest(guest)).withCapabilities(capabilities).withParams(params), null);
    }

    private static void compare(Case c) {
        LogicResult chicoryResult = onChicory.execute(c.request(), OPERATOR);
        LogicResult graalWasmResult = onGraalWasm.execute(c.request(), OPERATOR);

        table.add(String.format("%-48s %-14s %10d %7d ms %6d ms", c.name(), graalWasmResult.status().wireName(), graalWasmResult.fuelUsed(),
                chicoryResult.elapsedMillis(), graalWasmResult.elapsedMillis()));
        Outcome expected = Outcome.of(chicoryResult, chicory);
        Outcome got = Outcome.of(graalWasmResult, graalWasm);
        if (expected.status() == ExecutionStatus.DEADLINE && got.status() == ExecutionStatus.DEADLINE) {
            // Stopped by the clock, a module has spent whatever fuel and memory it reached by then, on
            // either engine and from one run to the next: that is how fast it ran, not how it ended.
            assertThat(List.of(chicoryResult.fuelUsed(), graalWasmResult.fuelUsed())).as("%s: fuel used by the deadline", c.name())
                    .allSatisfy(fuel -> assertThat(fuel).isBetween(0L, CORPUS.limits().fuelLimit()));
            expected = expected.stoppedByTheClock();
            got = got.stoppedByTheClock();
        }
        assertThat(got).as("%s on GraalWasm, compared with Chicory", c.name()).isEqualTo(expected);
        if (c.expected() != null) {
            assertThat(graalWasmResult.status()).as("%s: %s", c.name(), graalWasmResult.error()).isEqualTo(c.expected());
        }
    }

    /** What an agent or operator learns from a result, with the serving engine's name taken out of the error. */
    private record Outcome(ExecutionStatus status, JsonNode output, String error, long fuelUsed, long peakMemoryBytes, String stderr) {

        static Outcome of(LogicResult result, WasmEngine engine) {
            String error = result.error().replace("engine " + engine.info().name() + " ", "engine <serving engine> ");
            return new Outcome(result.status(), json(result.outputJson()), error, result.fuelUsed(), result.peakMemoryBytes(), result.diagnostics());
        }

        /** The outcome without what depends on how far the module got before its deadline. */
        Outcome stoppedByTheClock() {
            return new Outcome(status, output, error, -1, -1, stderr.isEmpty() ? "" : "(stderr up to the deadline)");
        }
    }

    private static JsonNode json(String text) {
        try {
            return text == null ? null : JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] guest(String name) {
        try (InputStream in = EngineParityTest.class.getResourceAsStream("/guests/" + name + ".wasm")) {
            return Objects.requireNonNull(in, "guests/" + name + ".wasm is not on the test class path (io.liop:guests)").readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
