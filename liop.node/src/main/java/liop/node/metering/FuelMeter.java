package liop.node.metering;

import java.util.Objects;
import java.util.Set;

/**
 * Rewrites a WebAssembly module so that it counts the fuel it spends and traps when it has spent
 * more than its limit. The count lives in the module, not in the engine, so the same module with
 * the same input spends the same fuel on every engine and in every execution mode.
 *
 * <p>The rewritten module has one more global, appended after all others and exported as {@value
 * #FUEL_USED_GLOBAL}: a mutable i64 holding the fuel used so far, starting at 0. What an instruction
 * costs is in {@link CostModel}: one unit for most, bulk memory and table instructions by their
 * length. How it is counted, from fast to rare:
 *
 * <ul>
 *   <li><b>Regions.</b> The meter cuts each function into regions: code that control enters at one
 *       point only and that only goes forward from there, such as a loop body up to its first long
 *       branch. A region's cost (of its most costly path) is counted at its start, before any of it
 *       runs, with one subtraction from a local. So a run is charged the cost of the instructions it
 *       executed, plus those that short forward branches (over at most 16 instructions, which do
 *       not split a region) skipped, plus, if it trapped or exited in the middle of a region, the
 *       rest of that region: an upper bound, the same on every engine (see {@link
 *       FunctionRewriter}). On the sample guests it is 0 to 14% above the exact count.
 *   <li><b>A local per function.</b> A function counts down an i32 local and adds what it counted
 *       to the global ("flushes", through a small helper function the meter appends) only when it
 *       must: before calling the host or a function that may reach the host ({@link CallGraph}),
 *       when it returns, tail-calls or traps, at a loop header once it has counted more than
 *       {@link FuelCharges#ALLOWANCE}, and before a call made after a loop once it has counted more
 *       than {@link FuelCharges#CALL_ALLOWANCE}. A call to a function that cannot reach the host
 *       touches no global on the caller's side. Engines that compile keep the local in a register;
 *       reading and writing a global is what costs (on Chicory's compiler, a method call and a few
 *       loads each).
 *   <li><b>The limit</b> is checked at every flush. A flush that finds the global above the limit
 *       traps with {@code unreachable}, after storing the global.
 * </ul>
 *
 * <p>So whenever the host runs (and so at {@code proc_exit}), the global is exact. At any other
 * moment it lacks what the functions on the call stack counted since they last flushed: the
 * innermost function at most the allowance plus one path without loops, each caller the call
 * allowance or the path without loops up to its call. That bounds how far a run can overrun its
 * limit; it can neither loop, nor recurse, nor call the host, nor finish once the fuel has run out.
 * After a run, read the global (engines report it when its name is in {@code
 * Sandbox.reportedGlobals}; use {@link #REPORTED_GLOBALS}):
 *
 * <ul>
 *   <li>{@code used > limit} ({@link #isOutOfFuel}): it ran out of fuel, and the trap is the
 *       meter's. {@code used} exceeds the limit by at most the amounts above.</li>
 *   <li>{@code used <= limit}: it did not run out of fuel; any trap had another cause. Runs that
 *       end normally or by {@code proc_exit} report their exact count. After a trap (the module's
 *       own {@code unreachable}, out of bounds, division by zero, stack exhausted, ...) {@code used}
 *       lacks what the functions on the stack had counted since they last flushed.</li>
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
 * <p>Cost, measured by {@code liop.bench} (docs/benchmarks.md, CPU time, metered / unmetered): the
 * rewritten sample guests are about 1.35 times the size of the originals. On Chicory's compiler a
 * parse-sort-aggregate run ({@code aggregate}, 5000 records) takes about 1.14 times as long metered
 * (runs from 1.11 to 1.16), a compute loop ({@code primes}) about as long as unmetered (1.00); on
 * Chicory's interpreter 1.3 times ({@code aggregate}) to 1.8 times ({@code primes}: its inner loop
 * runs 20 instructions, and the check at its header adds 7 plus the {@code end} of an {@code if}
 * not taken, which that interpreter executes as a control frame pushed and popped). The meter itself
 * is linear in the module's size, allocates memory proportional to it, never recurses, and ends
 * every input, however malformed, in a result or a {@link MeteringException}.
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
