package liop.node.shell;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import liop.api.engine.EngineInfo;
import liop.api.engine.WasmEngine;
import liop.api.node.AgentIdentity;
import liop.api.node.DataNode;
import liop.api.node.DatasetDescription;
import liop.api.node.LogicRequest;
import liop.api.node.LogicResult;
import liop.api.node.NodeDescription;
import liop.node.NodeConfig;
import liop.node.data.ConfiguredDataset;
import liop.node.data.DictionaryFile;
import liop.node.policy.DpMode;
import liop.node.policy.NodePolicy;
import liop.node.policy.PolicyComponent;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.CollectionType;

/**
 * Gogo shell commands for operators, scope {@code liop}: {@code engines}, {@code swap}, {@code exec},
 * {@code datasets}, {@code grants}. Swapping sets {@code engine.target} in the {@code liop.node}
 * configuration and in {@code etc/liop.node.cfg}, so a swap from the shell and an edit of the file
 * are the same thing.
 */
@Component(service = NodeCommands.class, property = {
        "osgi.command.scope=liop",
        "osgi.command.function=engines",
        "osgi.command.function=swap",
        "osgi.command.function=exec",
        "osgi.command.function=datasets",
        "osgi.command.function=grants",
        "osgi.command.function=dictionary",
        "osgi.command.function=policy",
        "osgi.command.function=budgets",
})
public final class NodeCommands {

    private final DataNode node;
    private final ConfigurationAdmin configurationAdmin;
    private final BundleContext context;

    @Reference(service = WasmEngine.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, collectionType = CollectionType.TUPLE)
    private volatile List<Map.Entry<Map<String, Object>, WasmEngine>> engines;

    @Reference(service = ConfiguredDataset.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<ConfiguredDataset> datasets;

    private final PolicyComponent policy;

    @Activate
    public NodeCommands(BundleContext context, @Reference DataNode node, @Reference ConfigurationAdmin configurationAdmin, @Reference PolicyComponent policy) {
        this.context = context;
        this.policy = policy;
        this.node = node;
        this.configurationAdmin = configurationAdmin;
    }

    /** Lists the engines; the one marked * serves requests that name none. */
    public String engines() throws IOException {
        NodeDescription description = node.describe(AgentIdentity.localOperator());
        String serving = description.engines().isEmpty() ? "" : description.engines().get(0).name();
        StringBuilder out = new StringBuilder();
        List<Map.Entry<Map<String, Object>, WasmEngine>> all = engines == null ? List.of() : engines;
        if (all.isEmpty()) {
            return "no engine installed: drop an engine bundle into deploy/";
        }
        for (Map.Entry<Map<String, Object>, WasmEngine> e : all) {
            EngineInfo info = e.getValue().info();
            Object ranking = e.getKey().getOrDefault(Constants.SERVICE_RANKING, 0);
            out.append(info.name().equals(serving) ? "* " : "  ")
                    .append(info).append("  ranking=").append(ranking).append('\n');
        }
        out.append("engine.target = ").append(currentTarget().orElse("(unset: highest ranking serves)"));
        return out.toString();
    }

    /**
     * Makes {@code name} the serving engine, or with {@code auto} lets the highest ranking serve.
     * Executions in flight finish on the engine they started on. The choice is applied through
     * Config Admin at once and written into the {@code .cfg} file the configuration came from (or
     * {@code etc/liop.node.cfg}), so it survives a restart.
     */
    public String swap(String name) throws IOException {
        String target = null;
        if (!name.equals("auto")) {
            List<String> names = installedNames();
            if (!names.contains(name)) {
                return "no engine named " + name + "; installed: " + (names.isEmpty() ? "none" : String.join(", ", names));
            }
            target = "(" + WasmEngine.NAME_PROPERTY + "=" + name + ")";
        }
        Configuration configuration = configurationAdmin.getConfiguration(NodeConfig.PID, "?");
        Dictionary<String, Object> properties = configuration.getProperties();
        if (properties == null) {
            properties = new Hashtable<>();
        }
        if (target == null) {
            properties.remove("engine.target");
        } else {
            properties.put("engine.target", target);
        }
        configuration.update(properties);

        String applied = target == null ? "engine.target removed: the highest-ranked engine serves" : "engine.target = " + target + ": new executions run on " + name;
        Path file = cfgFile(properties);
        if (file == null) {
            return applied + " (until restart: no etc/ folder to keep it in)";
        }
        CfgFile.set(file, "engine.target", target);
        return applied + " (kept in " + file + ")";
    }

    private Path cfgFile(Dictionary<String, Object> properties) {
        Object fromFile = properties.get("felix.fileinstall.filename");
        if (fromFile != null) {
            return CfgFile.of(fromFile);
        }
        String etc = context.getProperty("liop.etc");
        return etc == null ? null : Path.of(etc).resolve(NodeConfig.PID + ".cfg");
    }

    /**
     * Runs a module through the full pipeline as the local operator:
     * {@code exec FILE [--params JSON] [--cap CAP]... [--engine NAME]}.
     */
    public String exec(String file, String... options) throws IOException {
        String params = null;
        String engine = "";
        List<String> capabilities = new ArrayList<>();
        for (int i = 0; i < options.length; i++) {
            String option = options[i];
            if (i + 1 >= options.length) {
                return "option " + option + " needs a value; usage: exec FILE [--params JSON] [--cap CAP]... [--engine NAME]";
            }
            String value = options[++i];
            switch (option) {
                case "--params" -> params = value;
                case "--cap" -> capabilities.add(value);
                case "--engine" -> engine = value;
                default -> {
                    return "unknown option " + option + "; usage: exec FILE [--params JSON] [--cap CAP]... [--engine NAME]";
                }
            }
        }
        Path path = Path.of(file);
        if (!Files.isRegularFile(path)) {
            return "no such file: " + path.toAbsolutePath();
        }
        LogicRequest request = new LogicRequest(Files.readAllBytes(path), "", params, capabilities, engine);
        LogicResult result = node.execute(request, AgentIdentity.localOperator());
        StringBuilder out = new StringBuilder("status: ").append(result.status().wireName()).append('\n');
        if (result.ok()) {
            out.append("output: ").append(result.outputJson()).append('\n');
        } else {
            out.append("error:  ").append(result.error()).append('\n');
        }
        out.append("engine: ").append(result.engine().isEmpty() ? "-" : result.engine())
                .append("  fuel: ").append(result.fuelUsed())
                .append("  time: ").append(result.elapsedMillis()).append(" ms");
        if (!result.diagnostics().isBlank()) {
            out.append("\nstderr: ").append(result.diagnostics().strip());
        }
        return out.toString();
    }

    /** Lists the datasets modules can be granted. */
    public String datasets() {
        List<DatasetDescription> all = node.describe(AgentIdentity.localOperator()).datasets();
        if (all.isEmpty()) {
            return "no datasets: add a liop.dataset-NAME.cfg to etc/";
        }
        StringBuilder out = new StringBuilder();
        for (DatasetDescription d : all) {
            out.append(d.name()).append(": ").append(d.recordCount()).append(" records, fields ").append(d.fields()).append('\n');
        }
        return out.toString().stripTrailing();
    }

    /**
     * Prints a dataset's data dictionary as JSON: save it to a file, edit the classifications,
     * descriptions and sensitivities, and name the file in the dataset's {@code dictionary} setting.
     */
    public String dictionary(String dataset) throws IOException {
        List<ConfiguredDataset> all = datasets == null ? List.of() : datasets;
        for (ConfiguredDataset configured : all) {
            if (configured.name().equals(dataset)) {
                return configured.dataset()
                        .map(d -> DictionaryFile.toJson(d.dictionary()).toPrettyString())
                        .orElseGet(() -> "dataset " + dataset + " is not available: " + configured.problem().orElse("not loaded"));
            }
        }
        return "no dataset named " + dataset;
    }

    /** The output policy in force and where budgets are kept. */
    public String policy() {
        NodePolicy p = policy.policy();
        return "budgets      forbidden " + p.budgets().forbidden() + ", sensitive " + p.budgets().sensitive() + ", public " + p.budgets().open()
                + (p.budgets().uniform() > 0 ? ", uniform " + p.budgets().uniform() : "") + " per " + p.window().length() + "\n"
                + "store        " + policy.budgets().store() + "\n"
                + "egress       forbidden keys " + p.egress().forbiddenKeys() + " (plus the dictionaries' forbidden fields), match " + p.egress().keyMatch().name().toLowerCase() + "\n"
                + "aggregation  " + (p.aggregationRequired() ? "required, k = " + p.minGroupSize() : "where a dataset requires it") + "\n"
                + "privacy      " + p.dpMode().name().toLowerCase() + (p.dpMode() == DpMode.THRESHOLD ? " (under " + p.dpThresholdRecords() + " records)" : "")
                + ", epsilon " + p.epsilon() + " per query, " + p.epsilonAgentMax() + " per agent and dataset, " + p.epsilonDatasetMax() + " per dataset";
    }

    /** Budget and privacy-loss counters, optionally only those whose key contains {@code filter}. */
    public String budgets(String... filter) throws Exception {
        String contains = filter.length == 0 ? "" : filter[0];
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, Long> e : policy.budgets().read("").entrySet()) {
            if (e.getKey().contains(contains)) {
                String value = e.getKey().startsWith("epsilon/") ? String.valueOf(e.getValue() / 1_000_000.0) : String.valueOf(e.getValue());
                out.append(e.getKey()).append(" = ").append(value).append('\n');
            }
        }
        return out.length() == 0 ? "no budget used yet (" + policy.budgets().store() + ")" : out.toString().stripTrailing();
    }

    /** Lists what the manifest grants. */
    public String grants() {
        List<String> grants = node.describe(AgentIdentity.localOperator()).grants();
        return grants.isEmpty() ? "the manifest grants nothing: edit etc/liop.manifest.cfg" : String.join("\n", grants);
    }

    private List<String> installedNames() {
        List<Map.Entry<Map<String, Object>, WasmEngine>> all = engines == null ? List.of() : engines;
        return all.stream().map(e -> e.getValue().info().name()).toList();
    }

    private java.util.Optional<String> currentTarget() throws IOException {
        Configuration configuration = configurationAdmin.getConfiguration(NodeConfig.PID, "?");
        Dictionary<String, Object> properties = configuration.getProperties();
        return java.util.Optional.ofNullable(properties == null ? null : (String) properties.get("engine.target"));
    }
}
