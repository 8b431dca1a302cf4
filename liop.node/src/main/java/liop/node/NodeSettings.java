package liop.node;

import java.util.List;
import liop.api.engine.Limits;
import liop.node.guardian.ModuleLimits;
import liop.node.tier.Tier;

/**
 * The node's limits, read once from {@link NodeConfig} so that the pipeline never sees a half-applied
 * configuration.
 *
 * @param executionsMax executions running at once, all agents together
 * @param executionsQueueMillis how long a request waits for a slot
 * @param moduleStoreBytes modules kept for content addressing
 * @param moduleLimits what a module may declare before it is compiled
 * @param limits what one execution may spend (memory, time, output)
 * @param defaultTier fuel and per-agent executions of agents no tier names
 */
public record NodeSettings(
        int executionsMax,
        long executionsQueueMillis,
        long moduleStoreBytes,
        ModuleLimits moduleLimits,
        Limits limits,
        Tier defaultTier) {

    public static final Tier DEFAULT_TIER = new Tier("default", List.of("*"), 5_000_000_000L, 8);
    public static final NodeSettings DEFAULT = new NodeSettings(64, 5_000, 64L << 20, ModuleLimits.DEFAULT, Limits.DEFAULT, DEFAULT_TIER);

    public NodeSettings {
        if (executionsMax < 1) {
            throw new IllegalArgumentException("executions.max must be at least 1, got " + executionsMax);
        }
        if (executionsQueueMillis < 0) {
            throw new IllegalArgumentException("executions.queue.millis must not be negative, got " + executionsQueueMillis);
        }
        if (moduleLimits.memoryMaxPages() != limits.memoryMaxPages()) {
            throw new IllegalArgumentException("the Guardian's and the engines' memory limits must agree");
        }
    }

    /** Reads and checks a configuration; throws with a message naming the bad setting. */
    public static NodeSettings from(NodeConfig config) {
        ModuleLimits moduleLimits = new ModuleLimits(config.module_max_bytes(), config.memory_max_pages(), config.table_max_elements(),
                config.functions_max(), config.locals_per_function_max(), config.globals_max(), config.types_max(), config.segments_max());
        Limits limits;
        try {
            limits = new Limits(config.memory_max_pages(), config.deadline_millis(), config.stdout_max_bytes(), config.stderr_max_bytes());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().replace("memoryMaxPages", "memory.max.pages").replace("deadlineMillis", "deadline.millis"), e);
        }
        Tier defaultTier = new Tier("default", List.of("*"), config.fuel_limit(), config.executions_per_agent());
        return new NodeSettings(config.executions_max(), config.executions_queue_millis(), config.module_store_bytes(), moduleLimits, limits, defaultTier);
    }

    /** The same settings with other execution limits; for tests and the shell. */
    public NodeSettings withLimits(Limits newLimits) {
        ModuleLimits m = moduleLimits;
        return new NodeSettings(executionsMax, executionsQueueMillis, moduleStoreBytes,
                new ModuleLimits(m.moduleMaxBytes(), newLimits.memoryMaxPages(), m.tableMaxElements(), m.functionsMax(), m.localsPerFunctionMax(), m.globalsMax(), m.typesMax(), m.segmentsMax()),
                newLimits, defaultTier);
    }

    public NodeSettings withExecutions(int max, long queueMillis) {
        return new NodeSettings(max, queueMillis, moduleStoreBytes, moduleLimits, limits, defaultTier);
    }

    public NodeSettings withDefaultTier(Tier tier) {
        return new NodeSettings(executionsMax, executionsQueueMillis, moduleStoreBytes, moduleLimits, limits, tier);
    }
}
