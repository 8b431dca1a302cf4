package liop.node.metering;

import java.util.Objects;
import java.util.Set;

/**
 * Rewrites a WebAssembly module so that it counts the fuel it spends and traps when it has spent
 * more than its limit. The count lives in the module, not in the engine, so the same module with
 * the same input spends the same fuel on every engine and in every execution mode.
 *
 * <p>The rewritten module has one more global, appended after all others and exported as {@value
 * #FUEL_USED_GLOBAL}: a mutable i64 holding the fuel used so far, starting at 0. Every basic block
 * adds its cost (see {@link CostModel} for the table) before it runs; bulk memory and table
 * instructions add a cost proportional to their length just before they run. The count is checked
 * against the limit at function entry, at every loop iteration, before bulk operations, before
 * calls to the host or through a table, and before returning; a check that finds the count above
 * the limit saves it and executes {@code unreachable}. So a module cannot loop, recurse, call the
 * host or finish once its fuel has run out, and between two checks it runs at most one path
 * without loops or calls. After a run, read the global (engines report it when its name is in
 * {@code Sandbox.reportedGlobals}; use {@link #REPORTED_GLOBALS}):
 *
 * <ul>
 *   <li>{@code used > limit} ({@link #isOutOfFuel}): it ran out of fuel, and the trap is the
 *       meter's. {@code used} may exceed the limit by up to one such path's cost.</li>
 *   <li>{@code used <= limit}: it did not run out of fuel; any trap had another cause. Runs that
 *       end normally, by {@code proc_exit} or by the module's own {@code unreachable} report
 *       their exact count. After other traps (out of bounds, division by zero, ...) {@code used}
 *       lacks what the trapping function counted since its last call: functions keep the count
 *       in a local and save it to the global only when control leaves them.</li>
 * </ul>
 *
 * <p>Instantiation is bounded too: the start function is metered like any other function, and the
 * other code that runs during instantiation (global, element and data segment initializers) is
 * constant expressions, which cannot branch.
 *
 * <p>Supported: the MVP, sign extension, saturating truncation, bulk memory, reference types,
 * multi-value, tail calls, fixed-width SIMD (metered like any instruction). Refused with {@link
 * MeteringException.Reason#UNSUPPORTED}: exception handling, typed function references and GC,
 * threads and shared memory, memory64, multiple memories, relaxed SIMD (nondeterministic across
 * engines), binary versions other than 1 (components), a module that already exports {@value
 * #FUEL_USED_GLOBAL}, and one that metering would make more than 8 times larger. Custom sections
 * are kept. The meter does not type-check code: an invalid module stays exactly as invalid, for
 * the engine to refuse.
 *
 * <p>Cost: on the sample guests the rewritten module is about twice the size of the original. On
 * Chicory's compiler, a compute loop ({@code primes}) runs as fast as unmetered and a
 * parse-sort-aggregate run ({@code aggregate}, 20000 records) about 30% slower; on Chicory's
 * interpreter metered code runs about 1.7 times as long. The meter itself is linear in the
 * module's size, allocates memory proportional to it, never recurses, and ends every input,
 * however malformed, in a result or a {@link MeteringException}.
 */
public final class FuelMeter {

    /** The exported global holding the fuel used so far (mutable i64). */
    public static final String FUEL_USED_GLOBAL = "liop_fuel_used";

    /** The globals an engine should report after a run of a metered module. */
    public static final Set<String> REPORTED_GLOBALS = Set.of(FUEL_USED_GLOBAL);

    /** The largest fuel limit, low enough that the counter can never overflow. */
    public static final long MAX_FUEL_LIMIT = 1L << 62;

    /** Larger modules are refused: the meter keeps the whole module and its rewrite in memory. */
    public static final int MAX_MODULE_BYTES = 64 << 20;

    private FuelMeter() {}

    /**
     * Returns the module rewritten to count fuel and trap once it has used more than {@code
     * fuelLimit}. The result depends only on the bytes and the limit, so it can be cached by both.
     *
     * @param module a WebAssembly binary module
     * @param fuelLimit fuel the module may use, from 0 to {@link #MAX_FUEL_LIMIT}
     * @throws MeteringException the module is malformed or uses a feature metering does not support
     * @throws IllegalArgumentException the fuel limit is out of range
     */
    public static byte[] meter(byte[] module, long fuelLimit) throws MeteringException {
        Objects.requireNonNull(module, "module");
        if (fuelLimit < 0 || fuelLimit > MAX_FUEL_LIMIT) {
            throw new IllegalArgumentException("fuel limit " + fuelLimit + " is outside 0.." + MAX_FUEL_LIMIT);
        }
        if (module.length > MAX_MODULE_BYTES) {
            throw MeteringException.unsupported(0, "modules larger than " + MAX_MODULE_BYTES + " bytes (this one has " + module.length + ")");
        }
        return new ModuleRewriter(module, FUEL_USED_GLOBAL, fuelLimit).rewrite();
    }

    /** Whether a run that ended with {@code fuelUsed} in {@link #FUEL_USED_GLOBAL} ran out of fuel. */
    public static boolean isOutOfFuel(long fuelUsed, long fuelLimit) {
        return Long.compareUnsigned(fuelUsed, fuelLimit) > 0;
    }
}
