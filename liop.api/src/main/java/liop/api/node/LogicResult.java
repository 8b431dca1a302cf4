package liop.api.node;

import java.util.Objects;
import liop.api.engine.ExecutionStatus;

/**
 * How a request ended.
 *
 * @param status how the execution ended
 * @param outputJson the module's output, a JSON value that passed policy; {@code null} unless
 *     {@code status} is {@code OK}
 * @param error what went wrong and what to do about it; empty when {@code status} is {@code OK}
 * @param engine the engine that ran the module, empty if none did
 * @param moduleSha256 the module's SHA-256, empty if the module could not be read
 * @param fuelUsed fuel the module spent, 0 where it was not metered
 * @param elapsedMillis wall-clock time from request to result
 * @param peakMemoryBytes the largest linear memory the module had
 * @param diagnostics the module's stderr; only local operators receive it
 */
public record LogicResult(
        ExecutionStatus status,
        String outputJson,
        String error,
        String engine,
        String moduleSha256,
        long fuelUsed,
        long elapsedMillis,
        long peakMemoryBytes,
        String diagnostics) {

    public LogicResult {
        Objects.requireNonNull(status, "status");
        error = error == null ? "" : error;
        engine = engine == null ? "" : engine;
        moduleSha256 = moduleSha256 == null ? "" : moduleSha256;
        diagnostics = diagnostics == null ? "" : diagnostics;
    }

    /** A result for a request that never reached an engine. */
    public static LogicResult refused(ExecutionStatus status, String error, String moduleSha256) {
        return new LogicResult(status, null, error, "", moduleSha256, 0, 0, 0, "");
    }

    public boolean ok() {
        return status == ExecutionStatus.OK;
    }
}
