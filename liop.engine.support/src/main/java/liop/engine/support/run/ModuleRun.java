package liop.engine.support.run;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.WARNING;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import liop.api.engine.EngineInfo;
import liop.api.engine.RunResult;
import liop.api.engine.Sandbox;

/**
 * What each engine's compiled module does around one run of its guest: counts it in flight, names
 * the guest's thread, logs how it ended, and turns a failure inside the engine into a result. The
 * engine supplies only the run itself.
 */
public final class ModuleRun {

    private ModuleRun() {}

    /**
     * Runs a guest of the module {@code sha256} on {@code engine}. Never throws but for a null sandbox.
     *
     * @param log the engine module's logger, so that its log lines keep their logger's name
     * @param guest runs the guest in the sandbox on a thread of the name it is given
     */
    public static RunResult run(System.Logger log, EngineInfo engine, String sha256, InFlightRuns inFlight, Sandbox sandbox,
            Function<String, RunResult> guest) {
        Objects.requireNonNull(sandbox, "sandbox");
        String hash = ModuleHash.shortForm(sha256);
        inFlight.started();
        long started = System.nanoTime();
        try {
            RunResult result = guest.apply("liop-guest-" + engine.name() + "-" + hash);
            log.log(DEBUG, "engine {0}: run of {1} ended {2} in {3} ms", engine.name(), hash,
                    result.status().wireName(), Duration.ofNanos(result.elapsedNanos()).toMillis());
            return result;
        } catch (RuntimeException e) {
            log.log(WARNING, "engine {0}: run of {1} failed inside the engine: {2}", engine.name(), hash, e);
            return RunEnding.engineFailed(e).resultWithoutOutput(System.nanoTime() - started);
        } finally {
            inFlight.finished();
        }
    }
}
