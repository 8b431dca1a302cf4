package liop.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.wabt.Wat2Wasm;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import liop.api.engine.ExecutionStatus;
import liop.api.engine.Limits;
import liop.api.engine.WasmEngine;
import liop.api.node.AgentIdentity;
import liop.api.node.LogicRequest;
import liop.api.node.LogicResult;
import liop.engine.chicory.ChicoryEngine;
import liop.engine.chicory.ExecutionMode;
import liop.node.data.Dataset;
import liop.node.data.DatasetFormat;
import liop.node.data.DatasetLoader;
import liop.node.exec.Sha256;
import liop.node.manifest.Grants;
import liop.node.policy.NodePolicy;
import liop.node.policy.Policies;
import liop.node.tier.Tier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole pipeline on the real Chicory engine and the sample guests, without a framework. */
class PipelineTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AgentIdentity AGENT = new AgentIdentity(AgentIdentity.PEER, "12D3KooWAgent");

    @TempDir
    Path dir;

    private final WasmEngine chicory = new ChicoryEngine("chicory", ExecutionMode.COMPILER, 16);
    private final WasmEngine interpreter = new ChicoryEngine("chicory-interpreter", ExecutionMode.INTERPRETER, 16);
    private final List<Dataset> datasets = new CopyOnWriteArrayList<>();
    private volatile Grants grants = Grants.NONE;
    private volatile List<Tier> tiers = List.of();
    private Policies policies = Policies.inMemory(NodePolicy.withoutNoise());
    private volatile WasmEngine serving = chicory;
    private Pipeline pipeline;

    @BeforeEach
    void startPipeline() throws Exception {
        Path csv = Files.writeString(dir.resolve("patients.csv"), """
                id,age,condition,ssn
                1,30,asthma,123-45-6789
                2,40,asthma,223-45-6789
                3,71,diabetes,323-45-6789
                """);
        datasets.add(DatasetLoader.load("patients", "test patients", csv, DatasetFormat.AUTO));
        pipeline = newPipeline(NodeSettings.DEFAULT);
    }

    @AfterEach
    void stopPipeline() {
        pipeline.close();
    }

    private Pipeline newPipeline(NodeSettings settings) {
        Pipeline.Engines engines = new Pipeline.Engines() {
            @Override
            public Optional<WasmEngine> serving() {
                return Optional.ofNullable(serving);
            }

            @Override
            public List<WasmEngine> installed() {
                return List.of(chicory, interpreter);
            }
        };
        DatasetCatalog catalog = new DatasetCatalog() {
            @Override
            public Lookup find(String name) {
                if (name.equals("broken")) {
                    return new Lookup.Broken("file /data/broken.json does not exist");
                }
                return datasets.stream().filter(d -> d.name().equals(name)).findFirst().<Lookup>map(Lookup.Found::new)
                        .orElseGet(() -> new Lookup.Missing(datasets.stream().map(Dataset::name).toList()));
            }

            @Override
            public List<Dataset> available() {
                return datasets;
            }
        };
        return new Pipeline(settings, engines, catalog, () -> grants, () -> tiers, policies);
    }

    @Test
    void aggregatesOnlyTheDeclaredFields() throws Exception {
        grants = Grants.parse(List.of("dataset:patients{age,condition}"));

        LogicResult result = pipeline.execute(guest("aggregate").withCapabilities(List.of("dataset:patients{age,condition}")), AGENT);

        assertThat(result.status()).as(result.error()).isEqualTo(ExecutionStatus.OK);
        JsonNode output = JSON.readTree(result.outputJson());
        assertThat(output.get("total").intValue()).isEqualTo(3);
        assertThat(output.get("groups").get(0).get("condition").textValue()).isEqualTo("asthma");
        assertThat(output.get("groups").get(0).get("avg_age").doubleValue()).isEqualTo(35.0);
        assertThat(result.engine()).isEqualTo("chicory");
        assertThat(result.moduleSha256()).isEqualTo(Sha256.hex(bytes("aggregate")));
    }

    @Test
    void theModuleSeesOnlyProjectedFields() throws Exception {
        grants = Grants.parse(List.of("dataset:patients{*}"));
        // echo reports the record count; a WAT module that prints stdin shows what the guest received.
        LogicResult result = pipeline.execute(LogicRequest.of(catStdin()).withCapabilities(List.of("dataset:patients{age}")), AGENT);

        assertThat(result.status()).as(result.error()).isEqualTo(ExecutionStatus.OK);
        JsonNode seen = JSON.readTree(result.outputJson());
        assertThat(seen.get("records")).hasSize(3);
        assertThat(seen.get("records").get(0).fieldNames()).toIterable().containsExactly("age");
        assertThat(result.outputJson()).doesNotContain("123-45-6789");
    }

    @Test
    void echoesParamsOnEitherEngine() throws Exception {
        for (String engine : List.of("chicory", "chicory-interpreter")) {
            LogicResult result = pipeline.execute(guest("echo").withParams("{\"q\": [1, 2.50, \"x\"]}").withEngine(engine), AGENT);

            assertThat(result.status()).as(result.error()).isEqualTo(ExecutionStatus.OK);
            assertThat(JSON.readTree(result.outputJson()).get("params")).isEqualTo(JSON.readTree("{\"q\": [1, 2.50, \"x\"]}"));
            assertThat(result.engine()).isEqualTo(engine);
        }
    }

    @Test
    void searchesAGrantedDirectoryReadOnly() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Files.writeString(logs.resolve("app.log"), "INFO start\nERROR disk full\nINFO retry\nERROR disk still full\n");
        grants = Grants.parse(List.of("fs.read:" + logs));

        LogicResult result = pipeline.execute(guest("logsearch")
                .withParams("{\"dir\": \"" + logs + "\", \"pattern\": \"ERROR\"}")
                .withCapabilities(List.of("fs.read:" + logs)), AGENT);

        assertThat(result.status()).as(result.error()).isEqualTo(ExecutionStatus.OK);
        assertThat(JSON.readTree(result.outputJson()).get("matches").intValue()).isEqualTo(2);
    }

    @Test
    void acceptsAKnownModuleByItsHashAlone() throws Exception {
        byte[] echo = bytes("echo");
        String sha = Sha256.hex(echo);
        LogicResult unknown = pipeline.execute(new LogicRequest(new byte[0], sha, null, List.of(), ""), AGENT);
        assertThat(unknown.status()).isEqualTo(ExecutionStatus.MODULE_REQUIRED);
        assertThat(unknown.error()).isEqualTo("module " + sha + " is not known to this node; send its bytes");

        pipeline.execute(LogicRequest.of(echo), AGENT);
        LogicResult byHash = pipeline.execute(new LogicRequest(new byte[0], sha, "{\"a\":1}", List.of(), ""), AGENT);

        assertThat(byHash.status()).as(byHash.error()).isEqualTo(ExecutionStatus.OK);
        assertThat(byHash.moduleSha256()).isEqualTo(sha);
    }

    @Test
    void refusesAHashThatDoesNotMatchTheBytes() throws Exception {
        LogicResult result = pipeline.execute(new LogicRequest(bytes("echo"), "0".repeat(64), null, List.of(), ""), AGENT);

        assertThat(result.status()).isEqualTo(ExecutionStatus.INVALID);
        assertThat(result.error()).contains("does not match the module sent");
    }

    @Test
    void explainsEveryRefusal() throws Exception {
        grants = Grants.parse(List.of("dataset:patients{age,condition}", "dataset:broken{*}", "dataset:ghosts{*}"));

        assertRefused(guest("aggregate").withCapabilities(List.of("dataset:patients{age,ssn}")), ExecutionStatus.DENIED, "field(s) ssn");
        assertRefused(guest("aggregate").withCapabilities(List.of("clock")), ExecutionStatus.DENIED, "capability clock denied");
        assertRefused(guest("aggregate").withCapabilities(List.of("dataset:broken{x}")), ExecutionStatus.UNAVAILABLE, "configured but not available: file /data/broken.json does not exist");
        assertRefused(guest("aggregate").withCapabilities(List.of("dataset:ghosts{x}")), ExecutionStatus.INVALID, "no dataset named ghosts; datasets: patients");
        assertRefused(guest("aggregate").withCapabilities(List.of("dataset:patients{age}", "dataset:ghosts{x}")), ExecutionStatus.INVALID, "at most one dataset");
        assertRefused(guest("aggregate").withCapabilities(List.of("teleport")), ExecutionStatus.INVALID, "unknown capability 'teleport'");
        assertRefused(guest("echo").withParams("{\"unterminated"), ExecutionStatus.INVALID, "params is not valid JSON");
        assertRefused(LogicRequest.of(Wat2Wasm.parse("(module (import \"env\" \"f\" (func)) (func (export \"_start\")))")), ExecutionStatus.DENIED, "function env.f");
        assertRefused(guest("echo").withEngine("v8"), ExecutionStatus.UNAVAILABLE, "no engine named v8; installed: chicory, chicory-interpreter");

        serving = null;
        assertRefused(guest("echo"), ExecutionStatus.UNAVAILABLE, "no engine is serving");
    }

    @Test
    void unknownFieldsGetASuggestion() throws Exception {
        grants = Grants.parse(List.of("dataset:patients{*}"));

        assertRefused(guest("aggregate").withCapabilities(List.of("dataset:patients{agge}")), ExecutionStatus.INVALID, "dataset patients has no field agge; did you mean age?");
    }

    @Test
    void reportsWhatTheModuleDidWrong() throws Exception {
        byte[] notJson = wasi("(data (i32.const 16) \"hello\") (func (export \"_start\") (call $print (i32.const 16) (i32.const 5)))");
        LogicResult result = pipeline.execute(LogicRequest.of(notJson), AGENT);
        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.error()).contains("stdout is not one JSON value");

        byte[] exits3 = wasi("(func (export \"_start\") (call $exit (i32.const 3)))");
        LogicResult failed = pipeline.execute(LogicRequest.of(exits3), AGENT);
        assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(failed.error()).contains("exited with code 3");
    }

    @Test
    void stopsARunawayModuleAtItsDeadline() throws Exception {
        pipeline.reconfigure(settingsWith(new Limits(16, 200, 1 << 20, 1 << 16), 4, 1_000));
        byte[] loop = Wat2Wasm.parse("(module (func (export \"_start\") (loop $l (br $l))))");

        LogicResult result = pipeline.execute(LogicRequest.of(loop), AGENT);

        assertThat(result.status()).isEqualTo(ExecutionStatus.DEADLINE);
        assertThat(pipeline.execute(guest("echo"), AGENT).status()).as("the node keeps serving").isEqualTo(ExecutionStatus.OK);
    }

    @Test
    void turnsAwayRequestsBeyondTheConcurrencyLimit() throws Exception {
        pipeline.reconfigure(settingsWith(new Limits(16, 1_000, 1 << 20, 1 << 16), 1, 0));
        byte[] loop = Wat2Wasm.parse("(module (func (export \"_start\") (loop $l (br $l))))");

        CompletableFuture<LogicResult> busy = CompletableFuture.supplyAsync(() -> pipeline.execute(LogicRequest.of(loop), AGENT));
        while (pipeline.executionsRunning() == 0) {
            Thread.sleep(1);
        }

        LogicResult turnedAway = pipeline.execute(guest("echo"), AGENT);

        assertThat(turnedAway.status()).isEqualTo(ExecutionStatus.UNAVAILABLE);
        assertThat(turnedAway.error()).contains("the node is busy: all 1 execution slots stayed taken for 0 ms");
        assertThat(busy.get().status()).isEqualTo(ExecutionStatus.DEADLINE);
        assertThat(pipeline.executionsRunning()).isZero();
    }

    @Test
    void meteringCountsTheSameFuelOnEveryEngine() throws Exception {
        grants = Grants.parse(List.of("dataset:patients{*}"));
        LogicRequest aggregate = guest("aggregate").withCapabilities(List.of("dataset:patients{age,condition}"));

        LogicResult compiled = pipeline.execute(aggregate, AGENT);
        LogicResult interpreted = pipeline.execute(aggregate.withEngine("chicory-interpreter"), AGENT);

        assertThat(compiled.status()).as(compiled.error()).isEqualTo(ExecutionStatus.OK);
        assertThat(compiled.fuelUsed()).isPositive().isEqualTo(interpreted.fuelUsed());
        assertThat(compiled.outputJson()).isEqualTo(interpreted.outputJson());
    }

    @Test
    void aRunawayLoopRunsOutOfFuelBeforeItsDeadline() throws Exception {
        pipeline.reconfigure(NodeSettings.DEFAULT.withDefaultTier(new Tier("default", List.of("*"), 1_000_000, 8)));
        byte[] loop = Wat2Wasm.parse("(module (func (export \"_start\") (loop $l (br $l))))");

        LogicResult result = pipeline.execute(LogicRequest.of(loop), AGENT);

        assertThat(result.status()).isEqualTo(ExecutionStatus.OUT_OF_FUEL);
        assertThat(result.fuelUsed()).isGreaterThan(1_000_000);
        assertThat(result.error()).contains("ran out of fuel").contains("tier default allows (fuel.limit)");
    }

    @Test
    void anAgentGetsTheFuelOfTheTierNamingItMostSpecifically() throws Exception {
        tiers = List.of(
                new Tier("trusted", List.of(AGENT.toString()), 1_000_000_000, 8),
                new Tier("peers", List.of("peer:*"), 20_000, 8));
        byte[] echo = bytes("echo");

        assertThat(pipeline.execute(LogicRequest.of(echo), AGENT).status()).as("12D3KooWAgent is trusted").isEqualTo(ExecutionStatus.OK);
        LogicResult stranger = pipeline.execute(LogicRequest.of(echo), new AgentIdentity(AgentIdentity.PEER, "12D3KooWStranger"));
        assertThat(stranger.status()).isEqualTo(ExecutionStatus.OUT_OF_FUEL);
        assertThat(stranger.error()).contains("tier peers");
        assertThat(pipeline.execute(LogicRequest.of(echo), AgentIdentity.localOperator()).status()).as("local gets the default tier").isEqualTo(ExecutionStatus.OK);
    }

    @Test
    void oneAgentCannotTakeAllTheSlots() throws Exception {
        tiers = List.of(new Tier("greedy", List.of(AGENT.toString()), 1L << 40, 1));
        pipeline.reconfigure(settingsWith(new Limits(16, 1_000, 1 << 20, 1 << 16), 8, 0));
        byte[] loop = Wat2Wasm.parse("(module (func (export \"_start\") (loop $l (br $l))))");
        CompletableFuture<LogicResult> first = CompletableFuture.supplyAsync(() -> pipeline.execute(LogicRequest.of(loop), AGENT));
        while (pipeline.executionsRunning() == 0) {
            Thread.sleep(1);
        }

        LogicResult second = pipeline.execute(guest("echo"), AGENT);
        LogicResult someoneElse = pipeline.execute(guest("echo"), new AgentIdentity(AgentIdentity.PEER, "12D3KooWPatient"));

        assertThat(second.status()).isEqualTo(ExecutionStatus.UNAVAILABLE);
        assertThat(second.error()).contains("already has 1 executions running").contains("tier greedy");
        assertThat(someoneElse.status()).as(someoneElse.error()).isEqualTo(ExecutionStatus.OK);
        assertThat(first.get().status()).isEqualTo(ExecutionStatus.DEADLINE);
    }

    @Test
    void showsStderrOnlyToTheLocalOperator() throws Exception {
        byte[] complains = wasi("(data (i32.const 16) \"oops\") (func (export \"_start\") (call $eprint (i32.const 16) (i32.const 4)) (call $exit (i32.const 1)))");

        assertThat(pipeline.execute(LogicRequest.of(complains), AGENT).diagnostics()).isEmpty();
        assertThat(pipeline.execute(LogicRequest.of(complains), AgentIdentity.localOperator()).diagnostics()).isEqualTo("oops");
    }

    @Test
    void describesEnginesDatasetsAndGrants() {
        grants = Grants.parse(List.of("dataset:patients{age}"));
        serving = interpreter;

        var description = pipeline.describe();

        assertThat(description.engines()).extracting(e -> e.name()).containsExactly("chicory-interpreter", "chicory");
        assertThat(description.datasets()).singleElement().satisfies(d -> {
            assertThat(d.name()).isEqualTo("patients");
            assertThat(d.fields()).containsExactly("id", "age", "condition", "ssn");
            assertThat(d.recordCount()).isEqualTo(3);
        });
        assertThat(description.grants()).containsExactly("dataset:patients{age}");
    }

    private void assertRefused(LogicRequest request, ExecutionStatus status, String gist) {
        LogicResult result = pipeline.execute(request, AGENT);
        assertThat(result.status()).as(result.error()).isEqualTo(status);
        assertThat(result.error()).contains(gist);
        assertThat(result.outputJson()).isNull();
    }

    private static NodeSettings settingsWith(Limits limits, int executionsMax, long queueMillis) {
        return NodeSettings.DEFAULT.withLimits(limits).withExecutions(executionsMax, queueMillis);
    }

    private static LogicRequest guest(String name) throws IOException {
        return LogicRequest.of(bytes(name));
    }

    static byte[] bytes(String guest) throws IOException {
        try (InputStream in = PipelineTest.class.getResourceAsStream("/guests/" + guest + ".wasm")) {
            if (in == null) {
                throw new IOException("guest " + guest + " is not on the test class path (io.liop:guests)");
            }
            return in.readAllBytes();
        }
    }

    /** A WASI module with helpers $print/$eprint (ptr, len) and $exit (code) around {@code body}. */
    private static byte[] wasi(String body) {
        return Wat2Wasm.parse("""
                (module
                  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
                  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
                  (memory (export "memory") 1)
                  (func $write (param $fd i32) (param $ptr i32) (param $len i32)
                    (i32.store (i32.const 0) (local.get $ptr))
                    (i32.store (i32.const 4) (local.get $len))
                    (drop (call $fd_write (local.get $fd) (i32.const 0) (i32.const 1) (i32.const 8))))
                  (func $print (param i32 i32) (call $write (i32.const 1) (local.get 0) (local.get 1)))
                  (func $eprint (param i32 i32) (call $write (i32.const 2) (local.get 0) (local.get 1)))
                """ + body + ")");
    }

    /** A module that copies stdin to stdout: shows exactly what the node handed the guest. */
    private static byte[] catStdin() {
        return Wat2Wasm.parse("""
                (module
                  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
                  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
                  (memory (export "memory") 2)
                  (func (export "_start")
                    (loop $copy
                      (i32.store (i32.const 0) (i32.const 64))
                      (i32.store (i32.const 4) (i32.const 65000))
                      (drop (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 8)))
                      (if (i32.gt_u (i32.load (i32.const 8)) (i32.const 0))
                        (then
                          (i32.store (i32.const 4) (i32.load (i32.const 8)))
                          (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 12)))
                          (br $copy))))))
                """);
    }
}
