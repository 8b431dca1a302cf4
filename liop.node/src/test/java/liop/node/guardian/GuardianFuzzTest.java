package liop.node.guardian;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.stream.Stream;
import liop.node.fuzzing.FuzzSupport;
import liop.node.fuzzing.FuzzSupport.Cost;
import liop.node.fuzzing.FuzzSupport.Worst;
import liop.node.guardian.Guardian.Verdict;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzz target: the Guardian's module reader and its judgement, on any bytes. For every input,
 * {@link WasmBinaryReader#read} returns a structure or throws {@link ModuleFormatException} (never
 * anything else), {@link Guardian#judge} returns a verdict (never throws), the two agree on what
 * is malformed, and neither spends more than a linear amount of time or memory on the input.
 *
 * <p>Without {@code JAZZER_FUZZ} this runs the seeds only (the guests, a minimal WASI command, and
 * every file under {@code GuardianFuzzTestInputs/readAndJudge/}); see {@code liop.node/FUZZING.md}
 * for the fuzzing campaigns.
 */
class GuardianFuzzTest {

    /** The node's defaults, and limits so small that the fuzzer reaches every refusal. */
    private static final Guardian DEFAULT = new Guardian(ModuleLimits.DEFAULT);
    private static final Guardian STRICT = new Guardian(new ModuleLimits(4096, 2, 16, 8, 8, 4, 4, 4));

    /**
     * Reading may allocate a bounded amount per input byte (names are decoded into strings, every
     * import and export becomes a record) and a fixed amount besides; nothing may grow with the
     * counts a module merely claims.
     */
    static final long ALLOCATED_BYTES_PER_INPUT_BYTE = 64;
    static final long ALLOCATED_BYTES_FIXED = 64 << 10;
    /** CPU time: far above what reading takes (microseconds per kilobyte); only a quadratic path gets near it. */
    static final long MAX_MILLIS = 2_000;

    private static final Worst WORST = new Worst();

    static Stream<Arguments> seeds() {
        return Stream.concat(
                FuzzSupport.guests(),
                Stream.of(FuzzSupport.seed("wasi-command", WasmBytes.wasiCommand())));
    }

    @MethodSource("seeds")
    @FuzzTest(maxDuration = "20s")
    void readAndJudge(byte[] module) {
        // The first pass links whatever this input reaches for the first time (lambdas, string
        // concatenations), which allocates far more than reading does; the second pass is measured.
        Outcome first = Outcome.of(module);
        Cost[] cost = new Cost[1];
        Outcome outcome = Cost.measure(() -> Outcome.of(module), cost);
        long allocated = cost[0].allocatedBytes();
        WORST.record(module.length, allocated / 3);

        assertThat(outcome).as("the same bytes, the same outcome").isEqualTo(first);
        assertThat(outcome.verdict()).isNotNull();
        assertThat(outcome.strict()).isNotNull();
        if (outcome.malformed() != null) {
            assertThat(outcome.malformed()).as("the reader says why").isNotBlank()
                    .doesNotContainPattern("-\\d+ bytes");
            assertThat(outcome.verdict()).as("judge refuses what the reader cannot read").isInstanceOf(Verdict.Refused.class);
        } else {
            assertThat(outcome.info().sizeBytes()).isEqualTo(module.length);
            assertThat(outcome.info().functionCount()).isNotNegative();
            if (outcome.verdict() instanceof Verdict.Accepted accepted) {
                assertThat(accepted.info()).as("judge reads what the reader reads").isEqualTo(outcome.info());
            } else {
                assertThat(((Verdict.Refused) outcome.verdict()).rejection().message())
                        .as("a readable module is not called malformed")
                        .doesNotStartWith("malformed module");
            }
        }
        if (outcome.strict() instanceof Verdict.Accepted) {
            assertThat(outcome.verdict()).as("what strict limits accept, the defaults accept").isInstanceOf(Verdict.Accepted.class);
        }
        assertThat(cost[0].cpuMillis()).as("CPU milliseconds to read and judge %d bytes (three times)", module.length).isLessThan(MAX_MILLIS);
        assertThat(allocated)
                .as("bytes allocated reading and judging %d bytes (three times)", module.length)
                .isLessThanOrEqualTo(3 * (ALLOCATED_BYTES_PER_INPUT_BYTE * module.length + ALLOCATED_BYTES_FIXED));
    }

    @AfterAll
    static void summary() {
        System.out.println("fuzz summary: reading and judging (each of three), " + WORST);
    }

    /** What the reader and both Guardians made of one input. */
    record Outcome(ModuleInfo info, String malformed, Verdict verdict, Verdict strict) {
        static Outcome of(byte[] module) {
            ModuleInfo info = null;
            String malformed = null;
            try {
                info = WasmBinaryReader.read(module);
            } catch (ModuleFormatException e) {
                malformed = e.getMessage();
            }
            return new Outcome(info, malformed, DEFAULT.judge(module), STRICT.judge(module));
        }
    }
}
