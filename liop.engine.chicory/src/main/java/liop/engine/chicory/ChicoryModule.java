package liop.engine.chicory;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.WARNING;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;
import liop.api.engine.CompiledModule;
import liop.api.engine.EngineInfo;
import liop.api.engine.RunResult;
import liop.api.engine.Sandbox;
import liop.engine.chicory.runtime.GuestRun;
import liop.engine.chicory.runtime.LoadedModule;
import liop.engine.support.run.InFlightRuns;
import liop.engine.support.run.ModuleHash;
import liop.engine.support.run.RunEnding;

/** A module compiled by a {@link ChicoryEngine}; each run gets its own instance. */
final class ChicoryModule implements CompiledModule {

    private static final System.Logger LOG = System.getLogger(ChicoryModule.class.getName());

    private final String sha256;
    private final long wasmBytes;
    private final EngineInfo engine;
    private final LoadedModule loaded;
    private final InFlightRuns inFlight;
    private final SecureRandom random;

    ChicoryModule(String sha256, long wasmBytes, EngineInfo engine, LoadedModule loaded, InFlightRuns inFlight, SecureRandom random) {
        this.sha256 = sha256;
        this.wasmBytes = wasmBytes;
        this.engine = engine;
        this.loaded = loaded;
        this.inFlight = inFlight;
        this.random = random;
    }

    @Override
    public String sha256() {
        return sha256;
    }

    /** The size of the bytes it was compiled from. */
    long wasmBytes() {
        return wasmBytes;
    }

    @Override
    public EngineInfo engine() {
        return engine;
    }

    @Override
    public RunResult run(Sandbox sandbox) {
        Objects.requireNonNull(sandbox, "sandbox");
        String hash = ModuleHash.shortForm(sha256);
        inFlight.started();
        long started = System.nanoTime();
        try {
            RunResult result = GuestRun.run(loaded, sandbox, random, "liop-guest-" + engine.name() + "-" + hash);
            LOG.log(DEBUG, "engine {0}: run of {1} ended {2} in {3} ms", engine.name(), hash,
                    result.status().wireName(), Duration.ofNanos(result.elapsedNanos()).toMillis());
            return result;
        } catch (RuntimeException e) {
            LOG.log(WARNING, "engine {0}: run of {1} failed inside the engine: {2}", engine.name(), hash, e);
            return RunEnding.engineFailed(e).resultWithoutOutput(System.nanoTime() - started);
        } finally {
            inFlight.finished();
        }
    }

    @Override
    public String toString() {
        return "module " + sha256 + " on " + engine;
    }
}
