package liop.node;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import liop.api.engine.WasmEngine;
import liop.api.node.AgentIdentity;
import liop.api.node.DataNode;
import liop.api.node.LogicRequest;
import liop.api.node.LogicResult;
import liop.api.node.NodeDescription;
import liop.node.data.ConfiguredDataset;
import liop.node.data.Dataset;
import liop.node.manifest.CapabilityManifest;
import liop.node.policy.PolicyComponent;
import liop.node.tier.ConfiguredTier;
import liop.node.tier.Tier;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The {@link DataNode} service: the {@link Pipeline} wired to the service registry.
 *
 * <p>The serving engine is a dynamic, greedy reference named {@code engine}: a higher-ranked engine
 * or a new {@code engine.target} in the {@code liop.node} configuration rebinds it without
 * reactivating anything. Each request reads it once, so executions in flight finish on the engine
 * they started on while new ones start on the new one.
 *
 * <p>Immediate, so that the node (its module store, its execution slots) lives as long as its
 * bundle rather than as long as someone happens to hold the service.
 */
@Component(service = DataNode.class, immediate = true, configurationPid = NodeConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = NodeConfig.class)
public final class DataNodeComponent implements DataNode, Pipeline.Engines, DatasetCatalog {

    private static final System.Logger LOG = System.getLogger(DataNodeComponent.class.getName());

    @Reference(name = "engine", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile WasmEngine engine;

    @Reference(name = "engines", service = WasmEngine.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<WasmEngine> engines;

    @Reference(name = "datasets", service = ConfiguredDataset.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<ConfiguredDataset> datasets;

    @Reference(name = "tiers", service = ConfiguredTier.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<ConfiguredTier> tiers;

    private final CapabilityManifest manifest;
    private final Pipeline pipeline;

    @Activate
    public DataNodeComponent(@Reference CapabilityManifest manifest, @Reference PolicyComponent policy, NodeConfig config) {
        this.manifest = manifest;
        this.pipeline = new Pipeline(settingsOrDefault(config), this, this, manifest::grants, this::configuredTiers, policy);
        LOG.log(System.Logger.Level.INFO, "data node up: " + pipeline.settings());
    }

    @Modified
    void modified(NodeConfig config) {
        pipeline.reconfigure(settingsOrDefault(config));
        LOG.log(System.Logger.Level.INFO, "data node reconfigured: " + pipeline.settings());
    }

    @Deactivate
    void deactivate() {
        pipeline.close();
    }

    private static NodeSettings settingsOrDefault(NodeConfig config) {
        try {
            return NodeSettings.from(config);
        } catch (IllegalArgumentException e) {
            // A bad configuration must not take the node down: keep serving on the defaults.
            LOG.log(System.Logger.Level.ERROR, "liop.node configuration rejected, using defaults: " + e.getMessage());
            return NodeSettings.DEFAULT;
        }
    }

    @Override
    public LogicResult execute(LogicRequest request, AgentIdentity caller) {
        return pipeline.execute(request, caller);
    }

    @Override
    public NodeDescription describe(AgentIdentity caller) {
        return pipeline.describe();
    }

    @Override
    public Optional<WasmEngine> serving() {
        return Optional.ofNullable(engine);
    }

    @Override
    public List<WasmEngine> installed() {
        List<WasmEngine> all = engines;
        return all == null ? List.of() : List.copyOf(all);
    }

    @Override
    public Lookup find(String name) {
        List<String> known = new ArrayList<>();
        for (ConfiguredDataset configured : configuredDatasets()) {
            if (configured.name().equals(name)) {
                Optional<Dataset> dataset = configured.dataset();
                return dataset.<Lookup>map(d -> new Lookup.Found(d, configured.policy()))
                        .orElseGet(() -> new Lookup.Broken(configured.problem().orElse("not loaded")));
            }
            known.add(configured.name());
        }
        return new Lookup.Missing(known.stream().sorted().toList());
    }

    @Override
    public List<Dataset> available() {
        return configuredDatasets().stream().flatMap(d -> d.dataset().stream()).toList();
    }

    private List<ConfiguredDataset> configuredDatasets() {
        List<ConfiguredDataset> all = datasets;
        return all == null ? List.of() : all;
    }

    private List<Tier> configuredTiers() {
        List<ConfiguredTier> all = tiers;
        return all == null ? List.of() : all.stream().flatMap(t -> t.tier().stream()).toList();
    }

    /** Problems an operator should know about, for the shell. */
    List<String> problems() {
        List<String> problems = new ArrayList<>(manifest.problems());
        configuredDatasets().forEach(d -> d.problem().ifPresent(problems::add));
        return problems;
    }
}
