package liop.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.wabt.Wat2Wasm;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import liop.api.engine.ExecutionStatus;
import liop.api.engine.WasmEngine;
import liop.api.node.AgentIdentity;
import liop.api.node.LogicRequest;
import liop.api.node.LogicResult;
import liop.engine.chicory.ChicoryEngine;
import liop.engine.chicory.ExecutionMode;
import liop.node.budget.Budgets;
import liop.node.budget.BudgetLimits;
import liop.node.data.Dataset;
import liop.node.data.DatasetFormat;
import liop.node.data.DatasetLoader;
import liop.node.manifest.Grants;
import liop.node.policy.DatasetPolicy;
import liop.node.policy.DpMode;
import liop.node.policy.NodePolicy;
import liop.node.policy.Policies;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What may leave the node, through the whole pipeline on the real engine: agents try to get around
 * the egress filter, the aggregation rule, the query budgets and the privacy accounts.
 */
class PolicyPipelineTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AgentIdentity MALLORY = new AgentIdentity(AgentIdentity.PEER, "12D3KooWMallory");
    private static final AgentIdentity TRUDY = new AgentIdentity(AgentIdentity.PEER, "12D3KooWTrudy");

    @TempDir
    Path dir;

    private final WasmEngine engine = new ChicoryEngine("chicory", ExecutionMode.COMPILER, 16);
    private Dataset patients;
    private DatasetPolicy datasetPolicy = DatasetPolicy.INHERIT;
    private Policies policies;
    private Pipeline pipeline;

    @BeforeEach
    void start() throws Exception {
        StringBuilder csv = new StringBuilder("id,ssn,age,condition\n");
        for (int i = 0; i < 30; i++) {
            csv.append(i).append(",9").append(String.format("%02d-45-%04d", i, 6789 + i)).append(',').append(20 + i).append(',')
                    .append(i < 20 ? "asthma" : i < 28 ? "flu" : "gout").append('\n');
        }
        patients = DatasetLoader.load("patients", "", Files.writeString(dir.resolve("patients.csv"), csv.toString()), DatasetFormat.AUTO);
        usePolicy(NodePolicy.withoutNoise());
    }

    @AfterEach
    void stop() {
        pipeline.close();
    }

    private void usePolicy(NodePolicy policy) {
        if (pipeline != null) {
            pipeline.close();
        }
        policies = Policies.inMemory(policy);
        DatasetCatalog catalog = new DatasetCatalog() {
            @Override
            public Lookup find(String name) {
                return name.equals("patients") ? new Lookup.Found(patients, datasetPolicy) : new Lookup.Missing(List.of("patients"));
            }

            @Override
            public List<Dataset> available() {
                return List.of(patients);
            }
        };
        Pipeline.Engines engines = Pipeline.Engines.only(engine);
        pipeline = new Pipeline(NodeSettings.DEFAULT, engines, catalog, () -> Grants.parse(List.of("dataset:patients{*}")), List::of, policies);
    }

    @Test
    void forbiddenKeysNeverLeaveWhateverTheSpelling() throws Exception {
        for (String key : List.of("ssn", "SSN", "s_s_n", "patient_ssn")) {
            LogicResult result = pipeline.execute(guest("echo").withParams("{\"rows\": [{\"" + key + "\": \"x\"}]}")
                    .withCapabilities(List.of("dataset:patients{age}")), MALLORY);

            assertThat(result.status()).as(key).isEqualTo(ExecutionStatus.DENIED);
            assertThat(result.error()).contains("forbidden field ssn").contains("egress.forbidden.keys");
            assertThat(result.outputJson()).isNull();
        }
    }

    @Test
    void forbiddenValuesTheModuleSawNeverLeaveInAnyForm() throws Exception {
        usePolicy(generousBudgets(DpMode.OFF));
        String ssn = patients.records().get(3).get("ssn").asText(); // 903-45-6792
        String reversed = new StringBuilder(ssn).reverse().toString();
        String base64 = java.util.Base64.getEncoder().encodeToString(ssn.getBytes());
        for (String smuggled : List.of(ssn, "id " + ssn.replace("-", " "), reversed, base64)) {
            LogicResult result = pipeline.execute(LogicRequest.of(printing("{\"note\": \"" + smuggled + "\"}"))
                    .withCapabilities(List.of("dataset:patients{ssn,age}")), MALLORY);

            assertThat(result.status()).as(smuggled).isEqualTo(ExecutionStatus.DENIED);
            assertThat(result.error()).contains("egress.forbidden.values").doesNotContain(ssn);
        }
        LogicResult unseen = pipeline.execute(LogicRequest.of(printing("{\"note\": \"" + ssn + "\"}"))
                .withCapabilities(List.of("dataset:patients{age}")), MALLORY);
        assertThat(unseen.status()).as("a module that never read ssn cannot leak it; the text is its own").isEqualTo(ExecutionStatus.OK);
    }

    @Test
    void aggregationFirstDatasetsLetOnlyBigEnoughGroupsOut() throws Exception {
        datasetPolicy = DatasetPolicy.aggregation(true, 5);
        usePolicy(NodePolicy.withoutNoise());

        LogicResult groups = pipeline.execute(guest("aggregate").withCapabilities(List.of("dataset:patients{age,condition}")), MALLORY);
        assertThat(groups.status()).as(groups.error() + " " + groups.outputJson()).isEqualTo(ExecutionStatus.DENIED);
        assertThat(groups.error()).as("gout has 2 members").contains("has 2 members, fewer than the 5");

        LogicResult rows = pipeline.execute(LogicRequest.of(printing("{\"rows\": [{\"condition\": \"flu\", \"age\": 40}]}"))
                .withCapabilities(List.of("dataset:patients{age,condition}")), MALLORY);
        assertThat(rows.status()).isEqualTo(ExecutionStatus.DENIED);
        assertThat(rows.error()).contains("no group count");

        datasetPolicy = DatasetPolicy.aggregation(true, 2);
        usePolicy(NodePolicy.withoutNoise());
        assertThat(pipeline.execute(guest("aggregate").withCapabilities(List.of("dataset:patients{age,condition}")), MALLORY).status())
                .isEqualTo(ExecutionStatus.OK);
    }

    @Test
    void queryBudgetsFollowTheFieldsClassification() throws Exception {
        LogicRequest readsSsn = guest("echo").withCapabilities(List.of("dataset:patients{ssn}"));
        for (int i = 0; i < 3; i++) {
            assertThat(pipeline.execute(readsSsn, MALLORY).status()).isEqualTo(ExecutionStatus.OK);
        }

        LogicResult fourth = pipeline.execute(readsSsn, MALLORY);

        assertThat(fourth.status()).isEqualTo(ExecutionStatus.DENIED);
        assertThat(fourth.error()).contains("has made its 3 queries of the forbidden field ssn of dataset patients")
                .contains("budget.forbidden").contains(Budgets.ROTATE_SESSION);
        assertThat(pipeline.execute(readsSsn, TRUDY).status()).as("budgets are per agent").isEqualTo(ExecutionStatus.OK);
        assertThat(pipeline.execute(guest("echo").withCapabilities(List.of("dataset:patients{age}")), MALLORY).status())
                .as("other fields have their own budgets").isEqualTo(ExecutionStatus.OK);
        LogicResult both = pipeline.execute(guest("echo").withCapabilities(List.of("dataset:patients{age,ssn}")), TRUDY);
        assertThat(pipeline.execute(guest("echo").withCapabilities(List.of("dataset:patients{age}")), TRUDY).status()).isEqualTo(ExecutionStatus.OK);
        assertThat(both.status()).isEqualTo(ExecutionStatus.OK);
    }

    @Test
    void aRefusedQueryCostsNothing() throws Exception {
        LogicRequest readsSsn = guest("echo").withCapabilities(List.of("dataset:patients{ssn}"));
        for (int i = 0; i < 3; i++) {
            pipeline.execute(readsSsn, MALLORY);
        }
        // age and ssn together: refused on ssn, so age is not charged either.
        for (int i = 0; i < 30; i++) {
            pipeline.execute(guest("echo").withCapabilities(List.of("dataset:patients{age,ssn}")), MALLORY);
        }
        int ageQueries = 0;
        while (pipeline.execute(guest("echo").withCapabilities(List.of("dataset:patients{age}")), MALLORY).ok()) {
            ageQueries++;
        }
        assertThat(ageQueries).isEqualTo(25);
    }

    @Test
    void concurrentQueriesNeverOverspendABudget() throws Exception {
        LogicRequest readsSsn = guest("echo").withCapabilities(List.of("dataset:patients{ssn}"));
        List<Future<LogicResult>> racing = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(12)) {
            for (int i = 0; i < 24; i++) {
                racing.add(pool.submit(() -> pipeline.execute(readsSsn, MALLORY)));
            }
        }
        long ok = 0;
        for (Future<LogicResult> r : racing) {
            if (r.get().ok()) {
                ok++;
            }
        }
        assertThat(ok).isEqualTo(3);
    }

    @Test
    void smallDatasetsGetNoiseAndThePrivacyAccountStopsAveragingItAway() throws Exception {
        // 30 records < 50: noise applies; epsilon 1 per query, 5 per agent, 8 per dataset.
        usePolicy(generousBudgets(DpMode.THRESHOLD));
        LogicRequest count = guest("aggregate").withCapabilities(List.of("dataset:patients{age,condition}"));

        Set<String> outputs = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            LogicResult result = pipeline.execute(count, MALLORY);
            assertThat(result.status()).as(result.error()).isEqualTo(ExecutionStatus.OK);
            outputs.add(result.outputJson());
            assertThat(JSON.readTree(result.outputJson()).get("total").isIntegralNumber()).isTrue();
        }
        assertThat(outputs).as("noisy answers differ").hasSizeGreaterThan(1);

        LogicResult sixth = pipeline.execute(count, MALLORY);
        assertThat(sixth.status()).isEqualTo(ExecutionStatus.DENIED);
        assertThat(sixth.error()).contains("privacy budget exhausted").contains("dp.epsilon.agent.max");

        // Trudy colludes: the dataset's account (8) counts both agents.
        for (int i = 0; i < 3; i++) {
            assertThat(pipeline.execute(count, TRUDY).status()).isEqualTo(ExecutionStatus.OK);
        }
        LogicResult colluding = pipeline.execute(count, TRUDY);
        assertThat(colluding.status()).isEqualTo(ExecutionStatus.DENIED);
        assertThat(colluding.error()).contains("across all agents").contains("dp.epsilon.dataset.max");
    }

    /** Query budgets out of the way: 1000 per field. */
    private static NodePolicy generousBudgets(DpMode dp) {
        return new NodePolicy(new BudgetLimits(0, 0, 0, 1000), NodePolicy.DEFAULT.window(), NodePolicy.DEFAULT.egress(), 4,
                false, 5, dp, 50, 1.0, 5.0, 8.0, 1.0);
    }

    private static LogicRequest guest(String name) throws Exception {
        try (InputStream in = PolicyPipelineTest.class.getResourceAsStream("/guests/" + name + ".wasm")) {
            return LogicRequest.of(in.readAllBytes());
        }
    }

    /** A module that prints {@code json} whatever it is given: what a smuggler would compute. */
    private static byte[] printing(String json) {
        String escaped = json.replace("\\", "\\\\").replace("\"", "\\\"");
        return Wat2Wasm.parse("""
                (module
                  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
                  (memory (export "memory") 1)
                  (data (i32.const 64) "%s")
                  (func (export "_start")
                    (i32.store (i32.const 0) (i32.const 64))
                    (i32.store (i32.const 4) (i32.const %d))
                    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
                """.formatted(escaped, json.getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
    }
}
