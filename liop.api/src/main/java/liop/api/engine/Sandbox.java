package liop.api.engine;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything one execution may see and spend. Nothing outside it is reachable by the guest: no
 * files but the preopens, no environment but {@code environment}, no clock and no randomness unless
 * granted (without them, the WASI clock and random calls fail with {@code ENOTCAPABLE}).
 *
 * @param stdin the bytes the guest reads from file descriptor 0
 * @param arguments {@code argv}, the module name first
 * @param environment environment variables
 * @param preopens read-only directories
 * @param limits memory, time and output limits
 * @param clock whether the guest may read the real clocks
 * @param random whether the guest may read real random bytes
 * @param reportedGlobals names of exported integer globals whose final values the run reports
 *     (the node's fuel counter lives in one)
 */
public record Sandbox(
        byte[] stdin,
        List<String> arguments,
        Map<String, String> environment,
        List<Preopen> preopens,
        Limits limits,
        boolean clock,
        boolean random,
        Set<String> reportedGlobals) {

    public Sandbox {
        Objects.requireNonNull(stdin, "stdin");
        arguments = List.copyOf(arguments);
        environment = Map.copyOf(environment);
        preopens = List.copyOf(preopens);
        Objects.requireNonNull(limits, "limits");
        reportedGlobals = Set.copyOf(reportedGlobals);
    }

    /** A sandbox with nothing but stdin, the argument {@code module} and the default limits. */
    public static Sandbox of(byte[] stdin) {
        return new Sandbox(stdin, List.of("module"), Map.of(), List.of(), Limits.DEFAULT, false, false, Set.of());
    }

    public Sandbox withPreopens(List<Preopen> preopens) {
        return new Sandbox(stdin, arguments, environment, preopens, limits, clock, random, reportedGlobals);
    }

    public Sandbox withLimits(Limits limits) {
        return new Sandbox(stdin, arguments, environment, preopens, limits, clock, random, reportedGlobals);
    }

    public Sandbox withClock(boolean clock) {
        return new Sandbox(stdin, arguments, environment, preopens, limits, clock, random, reportedGlobals);
    }

    public Sandbox withRandom(boolean random) {
        return new Sandbox(stdin, arguments, environment, preopens, limits, clock, random, reportedGlobals);
    }

    public Sandbox withReportedGlobals(Set<String> reportedGlobals) {
        return new Sandbox(stdin, arguments, environment, preopens, limits, clock, random, reportedGlobals);
    }
}
