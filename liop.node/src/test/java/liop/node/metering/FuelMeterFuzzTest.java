package liop.node.metering;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.dylibso.chicory.wasm.Parser;
import java.util.Arrays;
import java.util.stream.Stream;
import liop.node.fuzzing.FuzzSupport;
import liop.node.fuzzing.FuzzSupport.Cost;
import liop.node.fuzzing.FuzzSupport.Worst;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzz target: the metering rewriter on any bytes. {@link FuelMeter#meter} returns a module or
 * throws {@link MeteringException}, never anything else; it never changes Chicory's verdict on a
 * module (a valid module stays valid, an invalid one stays invalid, so metering can never hand a
 * module its own fuel counter); it refuses as malformed only what Chicory refuses too (but for
 * the malformations Chicory lets through, see {@link MutationPropertyTest}); it is deterministic;
 * its output can not be metered again; and it spends time and memory linear in the input.
 *
 * <p>An input is a module, or the body of a function that {@link FuzzedModule} puts into a fixed
 * module. {@link MeteringDifferentialFuzzTest} checks that metered modules compute the same results.
 */
class FuelMeterFuzzTest {

    /** The meter builds a rewrite of at most 8 times the input, so allocates a bounded multiple of it. */
    static final long ALLOCATED_BYTES_PER_INPUT_BYTE = 64;
    static final long ALLOCATED_BYTES_FIXED = 256 << 10;
    /** CPU time: metering takes milliseconds per 50 KiB; only a quadratic path gets near it. */
    static final long MAX_MILLIS = 2_000;
    /**
     * Chicory takes about 20 ms to parse and validate a 50 KiB module, ten times what metering it
     * takes: larger inputs (mutants of the guests) are held to validity one in eight, so that the
     * fuzzer spends its time on the meter. Seeds and regression inputs are all held to it.
     */
    static final int ALWAYS_VALIDATED_BYTES = 16 << 10;
    private static final boolean FUZZING = System.getenv("JAZZER_FUZZ") != null || System.getProperty("JAZZER_FUZZ") != null;
    /** Limits of every size: the fuel limit is an immediate in the rewritten code. */
    private static final long[] FUEL_LIMITS = {0, 1, 1_000_000, FuelMeter.MAX_FUEL_LIMIT};

    private static final Worst WORST = new Worst();

    static Stream<Arguments> seeds() {
        Stream<Arguments> wat = Stream.of("control.wat", "bulk.wat", "numeric.wat")
                .map(name -> FuzzSupport.seed(name, Chicory.wat(new String(Chicory.resource(name), UTF_8))));
        Stream<Arguments> binaries = Stream.of("tailcall.wasm", "simd.wasm").map(name -> FuzzSupport.seed(name, Chicory.resource(name)));
        return Stream.of(FuzzSupport.guests(), wat, binaries, MeteringDifferentialFuzzTest.bodies()).flatMap(s -> s);
    }

    /** @param input a module, or the body of a function for {@link FuzzedModule#SKELETON} */
    @MethodSource("seeds")
    @FuzzTest(maxDuration = "20s")
    void meterAnyBytes(byte[] input) {
        byte[] module = FuzzedModule.of(input);
        long fuelLimit = FUEL_LIMITS[Math.floorMod(Arrays.hashCode(module), FUEL_LIMITS.length)];

        // The first pass links what this input reaches for the first time; the second is measured.
        Outcome first = Outcome.of(module, fuelLimit);
        Cost[] cost = new Cost[1];
        Outcome outcome = Cost.measure(() -> Outcome.of(module, fuelLimit), cost);
        long allocated = cost[0].allocatedBytes();
        WORST.record(module.length, allocated);

        assertThat(outcome.why()).as("the same bytes, the same refusal").isEqualTo(first.why());
        assertThat(outcome.metered()).as("the same bytes, the same rewrite").isEqualTo(first.metered());
        assertThat(cost[0].cpuMillis()).as("CPU milliseconds to meter %d bytes", module.length).isLessThan(MAX_MILLIS);
        assertThat(allocated)
                .as("bytes allocated metering %d bytes", module.length)
                .isLessThanOrEqualTo(ALLOCATED_BYTES_PER_INPUT_BYTE * module.length + ALLOCATED_BYTES_FIXED);

        boolean checkValidity = !FUZZING || module.length <= ALWAYS_VALIDATED_BYTES || Math.floorMod(Arrays.hashCode(module), 8) == 0;
        if (outcome.refusal() != null) {
            MeteringException e = outcome.refusal();
            assertThat(e.getMessage()).startsWith("cannot meter module: ");
            assertThat(e.offset()).isBetween(0, module.length);
            if (checkValidity && e.reason() == MeteringException.Reason.MALFORMED && !chicoryIsLenientAbout(e)) {
                assertThat(validates(module)).as("refused as malformed (%s), but Chicory accepts it", e.getMessage()).isFalse();
            }
            return;
        }
        byte[] metered = outcome.metered();
        assertThat(metered.length).as("rewritten size").isLessThanOrEqualTo(ModuleRewriter.MAX_GROWTH * module.length + 8192);
        if (checkValidity) {
            boolean valid = validates(module);
            assertThat(validates(metered)).as("metered module valid exactly when the original is (%s)", valid).isEqualTo(valid);
        }
        try {
            FuelMeter.meter(metered, fuelLimit);
            throw new AssertionError("a metered module was metered again");
        } catch (MeteringException e) {
            assertThat(e.reason()).isEqualTo(MeteringException.Reason.UNSUPPORTED);
            assertThat(e.getMessage()).contains(FuelMeter.FUEL_USED_GLOBAL);
        }
    }

    @AfterAll
    static void summary() {
        System.out.println("fuzz summary: metering, " + WORST);
    }

    /** The rewrite, or why there is none. Any other exception escapes, and is a finding. */
    record Outcome(byte[] metered, MeteringException refusal) {
        String why() {
            return refusal == null ? null : refusal.reason() + " " + refusal.getMessage();
        }

        static Outcome of(byte[] module, long fuelLimit) {
            try {
                return new Outcome(FuelMeter.meter(module, fuelLimit), null);
            } catch (MeteringException e) {
                return new Outcome(null, e);
            }
        }
    }

    /**
     * As {@link MutationPropertyTest}: malformations Chicory 1.7.5's parser accepts. Besides those,
     * {@code ref.null} of a one-byte heap type no proposal defines (such as 0x41), and an export of
     * a function that does not exist, and a {@code br_table} of 2^31 labels or more (Chicory reads
     * the count into an int, so it comes out negative and no label is read).
     */
    private static boolean chicoryIsLenientAbout(MeteringException e) {
        return e.getMessage().contains("not valid UTF-8") || e.getMessage().contains("ends before its final end")
                || UNDEFINED_HEAP_TYPE.matcher(e.getMessage()).find() || EXPORT_OF_NO_FUNCTION.matcher(e.getMessage()).find()
                || brTableCountAboveIntRange(e.getMessage());
    }

    private static boolean brTableCountAboveIntRange(String message) {
        java.util.regex.Matcher count = BR_TABLE_COUNT.matcher(message);
        return count.find() && Long.parseLong(count.group(1)) > Integer.MAX_VALUE;
    }

    private static final java.util.regex.Pattern BR_TABLE_COUNT = java.util.regex.Pattern.compile("br_table label count (\\d{1,10}) cannot fit");

    private static final java.util.regex.Pattern EXPORT_OF_NO_FUNCTION = java.util.regex.Pattern.compile("export \".*\" names function \\d+, which does not exist");

    private static final java.util.regex.Pattern UNDEFINED_HEAP_TYPE = java.util.regex.Pattern.compile("invalid heap type 0x[4-7][0-9a-f]\\b");

    static boolean validates(byte[] module) {
        try {
            Parser.parse(module);
            return true;
        } catch (RuntimeException | StackOverflowError | AssertionError e) {
            // Chicory throws all kinds of things at garbage, even its own assertions' errors.
            return false;
        } catch (OutOfMemoryError e) {
            // Chicory's parser sizes lists by the counts it reads: garbage can ask for gigabytes
            // at once, which fails at once, before filling the heap.
            return false;
        }
    }
}
