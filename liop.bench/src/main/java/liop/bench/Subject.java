package liop.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import liop.api.engine.CompiledModule;
import liop.api.engine.InvalidModuleException;
import liop.api.engine.Limits;
import liop.api.engine.RunResult;
import liop.api.engine.Sandbox;
import liop.engine.chicory.ChicoryEngine;
import liop.engine.chicory.ExecutionMode;
import liop.node.metering.FuelMeter;
import liop.node.metering.MeteringException;

/**
 * A guest as the node would run it: the module (metered with the default tier's fuel limit, or
 * not), compiled by a Chicory engine in one mode, and the sandbox of one request.
 */
record Subject(Workload workload, ExecutionMode mode, boolean metered, byte[] wasm, CompiledModule module, Sandbox sandbox) {

    /** The default limits but the deadline: a cold interpreter on a busy machine may need longer. */
    private static final Limits BENCHMARK_LIMITS = new Limits(
            Limits.DEFAULT.memoryMaxPages(), 600_000, Limits.DEFAULT.stdoutMaxBytes(), Limits.DEFAULT.stderrMaxBytes());

    /** The node's default tier (NodeConfig.fuel_limit). */
    static final long FUEL_LIMIT = 5_000_000_000L;

    static Subject of(Workload workload, ExecutionMode mode, boolean metered) throws MeteringException, InvalidModuleException {
        byte[] wasm = metered ? FuelMeter.meter(workload.wasm(), FUEL_LIMIT) : workload.wasm();
        ChicoryEngine engine = new ChicoryEngine(ChicoryEngine.DEFAULT_NAME, mode, ChicoryEngine.DEFAULT_CACHE_SIZE);
        CompiledModule module = engine.compile(wasm, sha256(wasm));
        Sandbox sandbox = Sandbox.of(workload.stdinBytes())
                .withLimits(BENCHMARK_LIMITS)
                .withReportedGlobals(FuelMeter.REPORTED_GLOBALS);
        return new Subject(workload, mode, metered, wasm, module, sandbox);
    }

    /** The result of a run that must have succeeded, or an exception saying why it did not. */
    RunResult requireOk(RunResult result) {
        if (!result.ok() || result.exitCode() != 0) {
            throw new IllegalStateException(this + ": " + result.status() + " exit " + result.exitCode() + " " + result.message()
                    + "\nstderr: " + new String(result.stderr(), UTF_8));
        }
        return result;
    }

    /** The fuel the run used, from the exported counter. */
    static long fuelUsed(RunResult result) {
        Long fuel = result.globals().get(FuelMeter.FUEL_USED_GLOBAL);
        if (fuel == null) {
            throw new IllegalStateException("the run did not report " + FuelMeter.FUEL_USED_GLOBAL);
        }
        return fuel;
    }

    @Override
    public String toString() {
        return workload.guest() + " " + mode.configValue() + (metered ? " metered" : " unmetered");
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
