package liop.engine.chicory;

import java.security.SecureRandom;
import liop.api.engine.CompiledModule;
import liop.api.engine.EngineInfo;
import liop.api.engine.RunResult;
import liop.api.engine.Sandbox;
import liop.engine.chicory.runtime.GuestRun;
import liop.engine.chicory.runtime.LoadedModule;
import liop.engine.support.run.InFlightRuns;
import liop.engine.support.run.ModuleRun;

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
        return ModuleRun.run(LOG, engine, sha256, inFlight, sandbox,
                threadName -> GuestRun.run(loaded, sandbox, random, threadName));
    }

    @Override
    public String toString() {
        return "module " + sha256 + " on " + engine;
    }
}
