package liop.node;

import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import liop.api.engine.CompiledModule;
import liop.api.engine.ExecutionStatus;
import liop.api.engine.InvalidModuleException;
import liop.api.engine.Preopen;
import liop.api.engine.RunResult;
import liop.api.engine.Sandbox;
import liop.api.engine.WasmEngine;
import liop.api.node.AgentIdentity;
import liop.api.node.Capability;
import liop.api.node.DataNode;
import liop.api.node.DatasetDescription;
import liop.api.node.FieldDescription;
import liop.api.node.LogicRequest;
import liop.api.node.LogicResult;
import liop.api.node.NodeDescription;
import liop.node.budget.Budgets;
import liop.node.data.Classification;
import liop.node.data.DataDictionary;
import liop.node.data.Dataset;
import liop.node.data.FieldInfo;
import liop.node.exec.GuestInput;
import liop.node.exec.GuestOutput;
import liop.node.exec.MeteredModules;
import liop.node.exec.ModuleStore;
import liop.node.exec.Sha256;
import liop.node.guardian.Guardian;
import liop.node.guardian.Rejection;
import liop.node.manifest.Grants;
import liop.node.metering.FuelMeter;
import liop.node.metering.MeteringException;
import liop.node.policy.AggregationCheck;
import liop.node.policy.Denial;
import liop.node.policy.EgressFilter;
import liop.node.policy.ForbiddenValues;
import liop.node.policy.NodePolicy;
import liop.node.policy.Policies;
import liop.node.policy.PrivacyRelease;
import liop.node.privacy.SecureNoise;
import liop.node.tier.AgentSlots;
import liop.node.tier.Tier;
import liop.node.tier.Tiers;

/**
 * The request pipeline: module resolution (content addressing), capability check against the
 * manifest, dataset projection, Guardian, engine choice, execution on a virtual thread within the
 * concurrency limit, and reading the output. Plain Java, so it is tested without a framework;
 * {@link DataNodeComponent} wires it to the service registry.
 *
 * <p>Every request ends in a {@link LogicResult}; nothing a request or a module does throws out of
 * {@link #execute}.
 */
public final class Pipeline implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Pipeline.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How long past its deadline the node waits for an engine to stop a module by itself. */
    private static final long BACKSTOP_GRACE_MILLIS = 2_000;

    /** The engines the pipeline can use; read once per request, never cached across requests. */
    public interface Engines {
        /** The engine serving requests that name none. */
        Optional<WasmEngine> serving();

        /** Every engine installed. */
        List<WasmEngine> installed();

        /** One engine, installed and serving: a pipeline outside the framework. */
        static Engines only(WasmEngine engine) {
            return new Engines() {
                @Override
                public Optional<WasmEngine> serving() {
                    return Optional.of(engine);
                }

                @Override
                public List<WasmEngine> installed() {
                    return List.of(engine);
                }
            };
        }
    }

    private final Engines engines;
    private final DatasetCatalog datasets;
    private final Supplier<Grants> grants;
    private final Supplier<List<Tier>> tiers;
    private final Policies nodePolicy;
    private final PrivacyRelease privacy = new PrivacyRelease(new SecureNoise());
    private final ExecutorService runner = Executors.newVirtualThreadPerTaskExecutor();
    private final AgentSlots agentSlots = new AgentSlots();

    /** Settings and what is derived from them, swapped as one on reconfiguration. */
    private record Config(NodeSettings settings, Guardian guardian, Semaphore slots, ModuleStore modules, MeteredModules metered) {}

    private volatile Config config;

    /**
     * @param tiers the configured agent tiers (agents no tier names get the settings' default tier)
     * @param policies what may leave the node, and the budgets it charges
     */
    public Pipeline(NodeSettings settings, Engines engines, DatasetCatalog datasets, Supplier<Grants> grants, Supplier<List<Tier>> tiers, Policies policies) {
        this.engines = engines;
        this.datasets = datasets;
        this.grants = grants;
        this.tiers = tiers;
        this.nodePolicy = policies;
        this.config = configFor(settings, null);
    }

    /**
     * Applies new settings to the next requests. Requests in flight keep the slots they hold; the
     * module store survives unless its size changed.
     */
    public void reconfigure(NodeSettings settings) {
        config = configFor(settings, config);
    }

    private static Config configFor(NodeSettings settings, Config previous) {
        boolean sameStore = previous != null && previous.settings().moduleStoreBytes() == settings.moduleStoreBytes();
        return new Config(settings,
                new Guardian(settings.moduleLimits()),
                new Semaphore(settings.executionsMax(), true),
                sameStore ? previous.modules() : new ModuleStore(settings.moduleStoreBytes()),
                sameStore ? previous.metered() : new MeteredModules(settings.moduleStoreBytes()));
    }

    public NodeSettings settings() {
        return config.settings();
    }

    /** Executions holding a slot right now (compiling or running). */
    public int executionsRunning() {
        Config cfg = config;
        return cfg.settings().executionsMax() - cfg.slots().availablePermits();
    }

    public LogicResult execute(LogicRequest request, AgentIdentity caller) {
        long started = System.nanoTime();
        Config cfg = config;
        LogicResult result;
        try {
            result = run(request, caller, cfg);
        } catch (Refused refused) {
            result = LogicResult.refused(refused.rejection.status(), refused.rejection.message(), refused.sha256);
        } catch (RuntimeException bug) {
            // A defect of ours must not take the transport down with it.
            LOG.log(ERROR, "internal error while executing a request from " + caller, bug);
            result = LogicResult.refused(ExecutionStatus.UNAVAILABLE, "internal error in the node (" + bug.getClass().getSimpleName() + "); the operator's log has the details", "");
        }
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
        result = withElapsed(result, elapsedMillis);
        LOG.log(INFO, "execute agent=" + caller + " module=" + shortSha(result.moduleSha256()) + " engine=" + (result.engine().isEmpty() ? "-" : result.engine())
                + " status=" + result.status().wireName() + " fuel=" + result.fuelUsed() + " ms=" + elapsedMillis
                + (result.ok() ? "" : " error=\"" + firstLine(result.error()) + "\""));
        return result;
    }

    private LogicResult run(LogicRequest request, AgentIdentity caller, Config cfg) throws Refused {
        byte[] module = resolveModule(request, cfg.modules());
        String sha256 = request.moduleSha256().isEmpty() ? Sha256.hex(module) : request.moduleSha256();
        Guardian.Verdict verdict = cfg.guardian().judge(module);
        if (verdict instanceof Guardian.Verdict.Refused refused) {
            throw new Refused(refused.rejection(), sha256);
        }
        cfg.modules().put(sha256, module);
        Tier tier = new Tiers(cfg.settings().defaultTier(), tiers.get()).of(caller);
        MeteredModules.Metered metered;
        try {
            metered = cfg.metered().meter(module, sha256, tier.fuelLimit());
        } catch (MeteringException e) {
            throw new Refused(Rejection.invalid(e.getMessage()), sha256);
        }
        Plan plan = plan(request, sha256);
        WasmEngine engine = chooseEngine(request.engine(), sha256);
        String engineName = engine.info().name();

        if (!agentSlots.tryAcquire(caller, tier.executionsPerAgent())) {
            throw new Refused(new Rejection(ExecutionStatus.UNAVAILABLE, "agent " + caller + " already has " + tier.executionsPerAgent()
                    + " executions running, the most its tier " + tier.name() + " allows (executions.per.agent); wait for one to finish"), sha256);
        }
        // Both slots are given back when the run really ends, which for a run the engine failed to
        // stop is later than the answer: a stuck run keeps counting against the limits.
        Runnable releaseAgent = () -> agentSlots.release(caller);
        Runnable releaseBoth = releaseAgent;
        try {
            if (!acquire(cfg)) {
                throw new Refused(new Rejection(ExecutionStatus.UNAVAILABLE, "the node is busy: all " + cfg.settings().executionsMax()
                        + " execution slots stayed taken for " + cfg.settings().executionsQueueMillis() + " ms; retry later"), sha256);
            }
            releaseBoth = () -> {
                cfg.slots().release();
                releaseAgent.run();
            };
            CompiledModule compiled;
            try {
                compiled = engine.compile(metered.bytes(), metered.sha256());
            } catch (InvalidModuleException e) {
                throw new Refused(Rejection.invalid("engine " + engineName + " rejected the module: " + e.getMessage()), sha256);
            }
            chargeBudgets(plan, caller, sha256);
            Sandbox sandbox = new Sandbox(plan.stdin(), List.of("module.wasm"), Map.of(), plan.preopens(), cfg.settings().limits(),
                    plan.clock(), plan.random(), FuelMeter.REPORTED_GLOBALS);
            Running running = new Running(runner, () -> compiled.run(sandbox), releaseBoth);
            releaseBoth = null; // from here on the run gives the slots back itself
            RunResult run = awaitWithBackstop(running, sandbox, engineName, sha256);
            return egress(toResult(run, engineName, sha256, caller, tier, cfg), plan);
        } finally {
            if (releaseBoth != null) {
                releaseBoth.run();
            }
        }
    }

    private static boolean acquire(Config cfg) {
        try {
            return cfg.slots().tryAcquire(cfg.settings().executionsQueueMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static byte[] resolveModule(LogicRequest request, ModuleStore store) throws Refused {
        String claimed = request.moduleSha256();
        if (!claimed.isEmpty() && !Sha256.isHex(claimed)) {
            throw new Refused(Rejection.invalid("module_sha256 must be 64 lowercase hex digits, got '" + abbreviate(claimed) + "'"), "");
        }
        if (request.module().length == 0) {
            if (claimed.isEmpty()) {
                throw new Refused(Rejection.invalid("the request carries no module: send the module's bytes, or its SHA-256 if the node has it already"), "");
            }
            return store.get(claimed).orElseThrow(() -> new Refused(
                    new Rejection(ExecutionStatus.MODULE_REQUIRED, "module " + claimed + " is not known to this node; send its bytes"), claimed));
        }
        if (!claimed.isEmpty()) {
            String actual = Sha256.hex(request.module());
            if (!actual.equals(claimed)) {
                throw new Refused(Rejection.invalid("module_sha256 " + claimed + " does not match the module sent, whose SHA-256 is " + actual), actual);
            }
        }
        return request.module();
    }

    /** What a request will get, once its capabilities, dataset and params have been checked. */
    private record Plan(byte[] stdin, List<Preopen> preopens, boolean clock, boolean random, Read read) {}

    /** What a request reads of a dataset, and under which policy; null when it reads none. */
    private record Read(Dataset dataset, List<String> fields, NodePolicy policy) {}

    private Plan plan(LogicRequest request, String sha256) throws Refused {
        Grants granted = grants.get();
        List<Capability> requested = new ArrayList<>();
        for (String text : request.capabilities()) {
            try {
                requested.add(Capability.parse(text));
            } catch (IllegalArgumentException e) {
                throw new Refused(Rejection.invalid(e.getMessage()), sha256);
            }
        }
        for (Capability capability : requested) {
            Optional<String> denial = granted.deny(capability);
            if (denial.isPresent()) {
                throw new Refused(Rejection.denied(denial.get()), sha256);
            }
        }

        List<Capability.Dataset> datasetRequests = requested.stream()
                .filter(Capability.Dataset.class::isInstance).map(Capability.Dataset.class::cast).toList();
        if (datasetRequests.size() > 1) {
            throw new Refused(Rejection.invalid("a request reads at most one dataset; it asked for " + datasetRequests.stream().map(Capability::text).toList()), sha256);
        }

        List<Preopen> preopens = new ArrayList<>();
        for (Capability capability : requested) {
            if (capability instanceof Capability.FsRead fs) {
                preopens.add(preopen(fs, granted, sha256));
            }
        }

        JsonNode params = parseParams(request.paramsJson(), sha256);
        byte[] stdin;
        Read read = null;
        if (datasetRequests.isEmpty()) {
            stdin = GuestInput.write(params, null, List.of());
        } else {
            Capability.Dataset ask = datasetRequests.get(0);
            DatasetCatalog.Lookup.Found found = dataset(ask.name(), sha256);
            Dataset dataset = found.dataset();
            List<String> fields = ask.allFields() ? dataset.fields() : checkedFields(ask, dataset, sha256);
            stdin = GuestInput.write(params, dataset.records(), fields);
            read = new Read(dataset, fields, nodePolicy.policy().forDataset(found.policy()));
        }
        boolean clock = requested.stream().anyMatch(Capability.Clock.class::isInstance);
        boolean random = requested.stream().anyMatch(Capability.Random.class::isInstance);
        return new Plan(stdin, preopens, clock, random, read);
    }

    /**
     * The directory a granted {@code fs.read} opens. The grant was checked on the path as written; a
     * symbolic link on that path could still lead elsewhere, so the real path is checked again
     * against the real paths of the granted directories, and the real path is what the guest gets.
     */
    private static Preopen preopen(Capability.FsRead fs, Grants granted, String sha256) throws Refused {
        Path dir = Path.of(fs.path()).normalize();
        Path real;
        try {
            real = dir.toRealPath();
        } catch (java.io.IOException e) {
            throw new Refused(Rejection.invalid("capability " + fs.text() + ": there is no directory " + dir + " on this node"), sha256);
        }
        if (!Files.isDirectory(real)) {
            throw new Refused(Rejection.invalid("capability " + fs.text() + ": " + dir + " is not a directory"), sha256);
        }
        if (!granted.grantsRealDirectory(real)) {
            throw new Refused(Rejection.denied("capability " + fs.text() + " denied: " + dir + " leads through a symbolic link to "
                    + "a directory the manifest does not grant; ask the operator or drop the request"), sha256);
        }
        return new Preopen(dir.toString(), real);
    }

    private static JsonNode parseParams(String paramsJson, String sha256) throws Refused {
        if (paramsJson == null || paramsJson.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(paramsJson);
        } catch (JsonProcessingException e) {
            throw new Refused(Rejection.invalid("params is not valid JSON: " + e.getOriginalMessage()), sha256);
        }
    }

    private DatasetCatalog.Lookup.Found dataset(String name, String sha256) throws Refused {
        return switch (datasets.find(name)) {
            case DatasetCatalog.Lookup.Found found -> found;
            case DatasetCatalog.Lookup.Broken broken -> throw new Refused(new Rejection(ExecutionStatus.UNAVAILABLE,
                    "dataset " + name + " is configured but not available: " + broken.problem()), sha256);
            case DatasetCatalog.Lookup.Missing missing -> throw new Refused(Rejection.invalid("there is no dataset named " + name
                    + (missing.known().isEmpty() ? " (this node has no datasets)" : "; datasets: " + String.join(", ", missing.known()))), sha256);
        };
    }

    private static List<String> checkedFields(Capability.Dataset ask, Dataset dataset, String sha256) throws Refused {
        List<String> fields = ask.fields().stream().sorted().toList();
        for (String field : fields) {
            if (!dataset.hasField(field)) {
                String hint = dataset.closestField(field).map(f -> "; did you mean " + f + "?").orElse("; fields: " + String.join(", ", dataset.fields()));
                throw new Refused(Rejection.invalid("dataset " + dataset.name() + " has no field " + field + hint), sha256);
            }
        }
        return fields;
    }

    private WasmEngine chooseEngine(String requested, String sha256) throws Refused {
        if (requested.isEmpty()) {
            return engines.serving().orElseThrow(() -> new Refused(new Rejection(ExecutionStatus.UNAVAILABLE,
                    "no engine is serving: none is installed, or none matches engine.target; install an engine bundle or fix the target"), sha256));
        }
        List<WasmEngine> installed = engines.installed();
        return installed.stream().filter(e -> e.info().name().equals(requested)).findFirst()
                .orElseThrow(() -> new Refused(new Rejection(ExecutionStatus.UNAVAILABLE, "there is no engine named " + requested + "; installed: "
                        + (installed.isEmpty() ? "none" : String.join(", ", installed.stream().map(e -> e.info().name()).toList()))), sha256));
    }

    /**
     * A run on its own virtual thread that releases its slots exactly once: when it returns, or at
     * once if it is cancelled before it ever started.
     */
    private static final class Running {
        private final Future<RunResult> future;
        private final AtomicBoolean claimed = new AtomicBoolean();
        private final Runnable release;

        Running(ExecutorService runner, java.util.function.Supplier<RunResult> run, Runnable release) {
            this.release = release;
            this.future = runner.submit(() -> {
                if (!claimed.compareAndSet(false, true)) {
                    return null; // cancelled before it started; cancel() released the slots
                }
                try {
                    return run.get();
                } finally {
                    release.run();
                }
            });
        }

        RunResult get(long millis) throws InterruptedException, ExecutionException, TimeoutException {
            return future.get(millis, TimeUnit.MILLISECONDS);
        }

        void cancel() {
            future.cancel(true);
            if (claimed.compareAndSet(false, true)) {
                release.run();
            }
        }
    }

    private RunResult awaitWithBackstop(Running running, Sandbox sandbox, String engineName, String sha256) throws Refused {
        long waitMillis = sandbox.limits().deadlineMillis() + BACKSTOP_GRACE_MILLIS;
        try {
            return running.get(waitMillis);
        } catch (TimeoutException e) {
            running.cancel();
            LOG.log(WARNING, "engine " + engineName + " did not stop module " + shortSha(sha256) + " within " + waitMillis
                    + " ms; answered deadline, its slot stays taken until it ends");
            throw new Refused(new Rejection(ExecutionStatus.DEADLINE, "the module ran past its deadline of " + sandbox.limits().deadlineMillis() + " ms"), sha256);
        } catch (ExecutionException e) {
            LOG.log(ERROR, "engine " + engineName + " failed on module " + shortSha(sha256), e.getCause());
            throw new Refused(new Rejection(ExecutionStatus.UNAVAILABLE, "engine " + engineName + " failed (" + e.getCause() + "); the operator's log has the details"), sha256);
        } catch (InterruptedException e) {
            running.cancel();
            Thread.currentThread().interrupt();
            throw new Refused(new Rejection(ExecutionStatus.UNAVAILABLE, "the node is shutting down"), sha256);
        }
    }

    private static LogicResult toResult(RunResult run, String engine, String sha256, AgentIdentity caller, Tier tier, Config cfg) {
        long fuel = run.globals().getOrDefault(FuelMeter.FUEL_USED_GLOBAL, 0L);
        // stderr is the operator's: only a local operator sees it with the result.
        String diagnostics = caller.isLocal() ? new String(run.stderr(), StandardCharsets.UTF_8) + (run.stderrTruncated() ? "\n[stderr truncated]" : "") : "";
        ExecutionStatus status = run.status();
        String output = null;
        String error = run.message();
        if (status == ExecutionStatus.TRAP && FuelMeter.isOutOfFuel(fuel, tier.fuelLimit())) {
            status = ExecutionStatus.OUT_OF_FUEL;
            error = "the module ran out of fuel: it needed more than the " + tier.fuelLimit() + " units its tier " + tier.name()
                    + " allows (fuel.limit); do less work per request, e.g. aggregate over fewer records";
        } else if (status == ExecutionStatus.OK) {
            switch (GuestOutput.parse(run.stdout(), run.stdoutTruncated(), cfg.settings().limits().stdoutMaxBytes())) {
                case GuestOutput.Parsed.Value value -> output = value.json().toString();
                case GuestOutput.Parsed.Malformed malformed -> {
                    status = ExecutionStatus.FAILED;
                    error = malformed.reason();
                }
            }
        } else if (status == ExecutionStatus.FAILED) {
            // WASI exit codes are unsigned; an engine's hint after the code is kept.
            String engineWords = "the module exited with code " + run.exitCode();
            String hint = error.startsWith(engineWords) ? error.substring(engineWords.length()) : "";
            error = "the module exited with code " + Integer.toUnsignedLong(run.exitCode()) + hint;
        }
        return new LogicResult(status, output, status == ExecutionStatus.OK ? "" : error, engine, sha256, fuel, 0, run.peakMemoryBytes(), diagnostics);
    }

    /**
     * Charges the query budgets of the fields the request declared and, when its output will get
     * noise, its epsilon: before the run, so that a run that crashes the node was still paid for.
     */
    private void chargeBudgets(Plan plan, AgentIdentity caller, String sha256) throws Refused {
        Read read = plan.read();
        if (read == null) {
            return;
        }
        NodePolicy policy = read.policy();
        double epsilon = policy.noiseFor(read.dataset().records().size()) ? policy.epsilon() : 0;
        Budgets.Query query = new Budgets.Query(caller, read.dataset().name(), read.fields(), read.dataset().dictionary(),
                policy.budgets(), policy.window(), epsilon, policy.epsilonAgentMax(), policy.epsilonDatasetMax());
        Optional<String> refusal = nodePolicy.budgets().charge(query);
        if (refusal.isPresent()) {
            throw new Refused(Rejection.denied(refusal.get()), sha256);
        }
    }

    /**
     * The output on its way out: forbidden keys and values, aggregation, noise. An output is let
     * out whole or not at all, and a blocked output says which rule blocked it.
     */
    private LogicResult egress(LogicResult result, Plan plan) {
        if (!result.ok()) {
            return result;
        }
        JsonNode output;
        try {
            output = JSON.readTree(result.outputJson());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the output was parsed once already", e);
        }
        NodePolicy policy = plan.read() == null ? nodePolicy.policy() : plan.read().policy();
        Set<String> forbiddenKeys = new HashSet<>(policy.egress().forbiddenKeys());
        ForbiddenValues values = ForbiddenValues.NONE;
        Read read = plan.read();
        if (read != null) {
            List<String> forbidden = read.dataset().dictionary().withClassification(Classification.FORBIDDEN);
            forbiddenKeys.addAll(forbidden);
            values = ForbiddenValues.of(read.dataset().records(), forbidden.stream().filter(read.fields()::contains).toList(), policy.valueMinLength());
        }
        Optional<Denial> denial = EgressFilter.check(output, new EgressFilter.Rules(forbiddenKeys, policy.egress().keyMatch()), values);
        if (denial.isEmpty() && read != null && policy.aggregationRequired()) {
            denial = AggregationCheck.check(output, read.dataset().records(), read.fields(), policy.minGroupSize());
        }
        if (denial.isPresent()) {
            LOG.log(WARNING, "output of module " + shortSha(result.moduleSha256()) + " blocked by " + denial.get().rule() + " at " + denial.get().path());
            return new LogicResult(ExecutionStatus.DENIED, null, denial.get().message(), result.engine(), result.moduleSha256(),
                    result.fuelUsed(), result.elapsedMillis(), result.peakMemoryBytes(), result.diagnostics());
        }
        if (read != null && policy.noiseFor(read.dataset().records().size())) {
            DataDictionary dictionary = read.dataset().dictionary();
            JsonNode noisy = privacy.release(output, policy.epsilon(), read.dataset().records().size(),
                    field -> dictionary.field(field).map(FieldInfo::sensitivity).filter(s -> s > 0).orElse(policy.defaultSensitivity()));
            return new LogicResult(result.status(), noisy.toString(), "", result.engine(), result.moduleSha256(),
                    result.fuelUsed(), result.elapsedMillis(), result.peakMemoryBytes(), result.diagnostics());
        }
        return result;
    }

    /** This pipeline as the {@link DataNode} service offers it, for a node outside the framework. */
    public DataNode asDataNode() {
        return new DataNode() {
            @Override
            public LogicResult execute(LogicRequest request, AgentIdentity caller) {
                return Pipeline.this.execute(request, caller);
            }

            @Override
            public NodeDescription describe(AgentIdentity caller) {
                return Pipeline.this.describe();
            }
        };
    }

    public NodeDescription describe() {
        List<liop.api.engine.EngineInfo> infos = new ArrayList<>();
        Optional<WasmEngine> serving = engines.serving();
        serving.ifPresent(e -> infos.add(e.info()));
        for (WasmEngine e : engines.installed()) {
            if (serving.map(s -> s != e).orElse(true)) {
                infos.add(e.info());
            }
        }
        List<DatasetDescription> described = datasets.available().stream()
                .map(d -> new DatasetDescription(d.name(), d.description(), d.fields(), d.records().size(),
                        d.dictionary().fields().stream()
                                .map(f -> new FieldDescription(f.name(), f.type(), f.description(), f.classification().wireName()))
                                .toList()))
                .toList();
        return new NodeDescription(infos, described, grants.get().texts());
    }

    @Override
    public void close() {
        runner.shutdownNow();
    }

    private static LogicResult withElapsed(LogicResult r, long elapsedMillis) {
        return new LogicResult(r.status(), r.outputJson(), r.error(), r.engine(), r.moduleSha256(), r.fuelUsed(), elapsedMillis, r.peakMemoryBytes(), r.diagnostics());
    }

    private static String shortSha(String sha256) {
        return sha256.isEmpty() ? "-" : sha256.substring(0, Math.min(12, sha256.length()));
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return (nl < 0 ? text : text.substring(0, nl)).replace('"', '\'');
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }

    /** A request turned down before it ran; carried as an exception to keep the steps linear. */
    private static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        final transient Rejection rejection;
        final String sha256;

        Refused(Rejection rejection, String sha256) {
            super(rejection.message(), null, false, false);
            this.rejection = rejection;
            this.sha256 = sha256;
        }
    }
}
