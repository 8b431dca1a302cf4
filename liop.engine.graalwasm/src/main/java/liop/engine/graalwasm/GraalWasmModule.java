package liop.engine.graalwasm;

import java.security.SecureRandom;
import liop.api.engine.CompiledModule;
import liop.api.engine.EngineInfo;
import liop.api.engine.RunResult;
import liop.api.engine.Sandbox;
import liop.engine.graalwasm.runtime.GraalWasm;
import liop.engine.graalwasm.runtime.GuestRun;
import liop.engine.graalwasm.runtime.LoadedModule;
import liop.engine.support.run.InFlightRuns;
import liop.engine.support.run.ModuleRun;

/** A module compiled by a {@link GraalWasmEngine}; each run gets its own context and instance. */
final class GraalWasmModule implements CompiledModule {

    private static final System.Logger LOG = System.getLogger(GraalWasmModule.class.getName());

    private final String sha256;
    private final EngineInfo engine;
    private final GraalWasm graalWasm;
    private final LoadedModule loaded;
    private final InFlightRuns inFlight;
    private final SecureRandom random;

    GraalWasmModule(String sha256, EngineInfo engine, GraalWasm graalWasm, LoadedModule loaded, InFlightRuns inFlight,
            SecureRandom random) {
        this.sha256 = sha256;
        this.engine = engine;
        this.graalWasm = graalWasm;
        this.loaded = loaded;
        this.inFlight = inFlight;
        this.random = random;
    }

    @Override
    public String sha256() {
        return sha256;
    }

    @Override
    public EngineInfo engine() {
        return engine;
    }

    @Override
    public RunResult run(Sandbox sandbox) {
        return ModuleRun.run(LOG, engine, sha256, inFlight, sandbox,
                threadName -> GuestRun.run(graalWasm, loaded, sandbox, random, threadName));
    }

    @Override
    public String toString() {
        return "module " + sha256 + " on " + engine;
    }
}
