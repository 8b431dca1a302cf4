package liop.node;

import liop.api.engine.Limits;

/**
 * The node's limits, read once from {@link NodeConfig} so that the pipeline never sees a half-applied
 * configuration.
 */
public record NodeSettings(
        int executionsMax,
        long executionsQueueMillis,
        int moduleMaxBytes,
        long moduleStoreBytes,
        Limits limits) {

    public static final NodeSettings DEFAULT = new NodeSettings(64, 5_000, 16 << 20, 64L << 20, Limits.DEFAULT);

    public NodeSettings {
        if (executionsMax < 1) {
            throw new IllegalArgumentException("executions.max must be at least 1, got " + executionsMax);
        }
        if (executionsQueueMillis < 0) {
            throw new IllegalArgumentException("executions.queue.millis must not be negative, got " + executionsQueueMillis);
        }
        if (moduleMaxBytes < 8) {
            throw new IllegalArgumentException("module.max.bytes must be at least 8, got " + moduleMaxBytes);
        }
    }

    /** Reads and checks a configuration; throws with a message naming the bad setting. */
    public static NodeSettings from(NodeConfig config) {
        return new NodeSettings(
                config.executions_max(),
                config.executions_queue_millis(),
                config.module_max_bytes(),
                config.module_store_bytes(),
                new Limits(config.memory_max_pages(), config.deadline_millis(), config.stdout_max_bytes(), config.stderr_max_bytes()));
    }
}
