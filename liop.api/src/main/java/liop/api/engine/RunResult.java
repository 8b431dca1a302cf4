package liop.api.engine;

import java.util.Map;
import java.util.Objects;

/**
 * How one run ended and what it produced.
 *
 * @param status how it ended
 * @param message what happened, for a person; empty when {@code status} is {@code OK}
 * @param exitCode the WASI exit code, 0 when the module returned from {@code _start}, -1 when it
 *     did not exit (trap, deadline, ...)
 * @param stdout captured standard output, at most {@link Limits#stdoutMaxBytes()}
 * @param stdoutTruncated whether stdout went past its limit
 * @param stderr captured standard error, at most {@link Limits#stderrMaxBytes()}
 * @param stderrTruncated whether stderr went past its limit
 * @param peakMemoryBytes the largest linear memory the instance had
 * @param elapsedNanos wall-clock time of instantiation and run
 * @param globals final values of the globals the sandbox asked for, where the module exported them
 */
public record RunResult(
        ExecutionStatus status,
        String message,
        int exitCode,
        byte[] stdout,
        boolean stdoutTruncated,
        byte[] stderr,
        boolean stderrTruncated,
        long peakMemoryBytes,
        long elapsedNanos,
        Map<String, Long> globals) {

    public RunResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
        globals = Map.copyOf(globals);
    }

    public boolean ok() {
        return status == ExecutionStatus.OK;
    }
}
