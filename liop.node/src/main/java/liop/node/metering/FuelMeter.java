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
 * adds its cost (see {@link CostModel} for the table) before it runs, and bulk memory and table
 * instructions add a cost proportional to their length; when the total exceeds the limit the
 * module executes {@code unreachable}. So after a run:
 *
 * <ul>
 *   <li>{@code used <= limit}: the module never ran out of fuel; any trap had another cause;</li>
 *   <li>{@code used > limit}: it ran out of fuel ({@link #isOutOfFuel}). The trap came from the
 *       meter, before the block or bulk operation that would have exceeded the limit ran.</li>
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
 * engines), binary versions other than 1 (components). Custom sections are kept.
 *
 * <p>Cost of metering: about 10 extra instructions per executed basic block, and a rewritten
 * module at most about 8 times the size of the original (usually about 1.5 to 2 times). The meter
 * is linear in the module's size, allocates memory proportional to it, and never recurses; any
 * input, however malformed, ends in a result or a {@link MeteringException}.
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
