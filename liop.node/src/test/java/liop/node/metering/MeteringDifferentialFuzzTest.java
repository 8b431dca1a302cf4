package liop.node.metering;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionBody;
import com.dylibso.chicory.wasm.types.OpCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import liop.node.fuzzing.FuzzSupport;
import liop.node.metering.Chicory.Mode;
import liop.node.metering.DifferentialRun.End;
import liop.node.metering.DifferentialRun.Result;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzz target: a metered module computes what the original computes. For every input Chicory
 * accepts as a valid module (and can run within {@link DifferentialRun}'s caps), the original and
 * its rewrite with a small fuel limit run side by side on Chicory's interpreter: instantiation and
 * the start function, {@code _start} with a fixed stdin, then every exported function. Each step
 * must end the same way (results, trap, exit code) and leave the same memory, globals, tables and
 * output, up to the step where the metered module runs out of fuel (or either run reaches the
 * deadline). A difference on the interpreter is checked again on Chicory's compiler and reported
 * only if it shows there too.
 *
 * <p>Modules with tail calls or SIMD run on the compiler only: Chicory 1.7.5's interpreter loses
 * the declared locals of a function that tail-calls (every metered function declares some), never
 * checks for interruption in a tail-call loop (so the original could not be stopped), and does
 * not implement SIMD (its traps name instruction offsets, which metering moves).
 *
 * <p>An input is a module, or the body of a function that {@link FuzzedModule} puts into a fixed
 * module (most mutants of a body stay valid, most mutants of a module do not).
 *
 * <p>Modules the meter refuses, and inputs Chicory rejects, are skipped here: {@link
 * FuelMeterFuzzTest} holds the meter to account for those.
 */
class MeteringDifferentialFuzzTest {

    /**
     * Every seed finishes with less than a fifth of this (the guests with about 60 000); a fuzzed
     * infinite loop runs out of it within a fraction of a second.
     */
    static final long FUEL_LIMIT = 1_000_000;
    static final Duration DEADLINE = Duration.ofSeconds(3);

    private static final AtomicLong inputs = new AtomicLong();
    private static final AtomicLong compared = new AtomicLong();
    private static final AtomicLong stepsCompared = new AtomicLong();
    private static final AtomicLong outOfFuel = new AtomicLong();
    private static final AtomicLong unfinished = new AtomicLong();
    private static final AtomicLong interpreterOnly = new AtomicLong();
    private static final AtomicLong compilerOnly = new AtomicLong();

    static Stream<Arguments> seeds() {
        Stream<Arguments> wat = FuzzSupport.resources("/liop/node/metering/differential-seeds/", ".wat")
                .map(path -> FuzzSupport.seed(path.getFileName().toString(), Chicory.wat(new String(FuzzSupport.read(path), UTF_8))));
        Stream<Arguments> meteringTests = Stream.of("control.wat", "bulk.wat", "numeric.wat")
                .map(name -> FuzzSupport.seed(name, Chicory.wat(new String(Chicory.resource(name), UTF_8))));
        Stream<Arguments> binaries = Stream.of("tailcall.wasm", "simd.wasm").map(name -> FuzzSupport.seed(name, Chicory.resource(name)));
        return Stream.of(FuzzSupport.guests(), wat, meteringTests, binaries, bodies()).flatMap(s -> s);
    }

    /** Function bodies for {@link FuzzedModule#SKELETON}. */
    static Stream<Arguments> bodies() {
        return FuzzSupport.resources("/liop/node/metering/differential-seeds/bodies/", ".wat")
                .map(path -> FuzzSupport.seed("body " + path.getFileName(), FuzzedModule.body(new String(FuzzSupport.read(path), UTF_8))));
    }

    /** @param input a module, or the body of a function for {@link FuzzedModule#SKELETON} */
    @MethodSource("seeds")
    @FuzzTest(maxDuration = "30s")
    void meteredModuleComputesTheSame(byte[] input) {
        inputs.incrementAndGet();
        byte[] module = FuzzedModule.of(input);
        // Chicory first: it is not instrumented, so an invalid input reaches no new coverage and
        // does not stay in the corpus, which fills with valid modules instead. (The meter on
        // invalid input is FuelMeterFuzzTest's business.)
        WasmModule parsed;
        try {
            parsed = Parser.parse(module);
        } catch (RuntimeException | StackOverflowError | AssertionError e) {
            return; // not a valid module (Chicory even fails its own assertions on some)
        } catch (OutOfMemoryError e) {
            return; // Chicory sizes lists by counts it has not checked: garbage asks for gigabytes at once
        }
        if (DifferentialRun.beyondCaps(parsed).isPresent()) {
            return;
        }
        byte[] metered;
        try {
            metered = FuelMeter.meter(module, FUEL_LIMIT);
        } catch (MeteringException e) {
            return;
        }
        List<String> exports = exportedFunctions(parsed);

        if (needsTheCompiler(parsed)) {
            compilerOnly.incrementAndGet();
            difference(module, metered, exports, Mode.COMPILER, true).ifPresent(compiled -> {
                throw new AssertionError("the metered module computes something else than the original (compiler):\n" + compiled);
            });
            return;
        }
        Optional<String> difference = difference(module, metered, exports, Mode.INTERPRETER, true);
        if (difference.isPresent()) {
            Optional<String> compiled = difference(module, metered, exports, Mode.COMPILER, false);
            if (compiled.isPresent()) {
                throw new AssertionError("the metered module computes something else than the original (interpreter and compiler):\n"
                        + compiled.get() + "\non the interpreter:\n" + difference.get());
            }
            interpreterOnly.incrementAndGet();
        }
    }

    /** What differs between the runs of the original and the metered module, if anything; {@code count} for the summary. */
    private static Optional<String> difference(byte[] module, byte[] metered, List<String> exports, Mode mode, boolean count) {
        // The metered run first: fuel bounds it. The original then takes only the steps the metered
        // module finished, so an infinite loop costs no more than the fuel limit.
        Result actual = DifferentialRun.run(metered, exports, FUEL_LIMIT, Integer.MAX_VALUE, mode, DEADLINE);
        int stepsToCompare = actual.end() == End.COMPLETE ? Integer.MAX_VALUE : actual.steps().size();
        Result expected = DifferentialRun.run(module, exports, -1, stepsToCompare, mode, DEADLINE);
        if (count) {
            compared.incrementAndGet();
            stepsCompared.addAndGet(Math.min(expected.steps().size(), actual.steps().size()));
            if (actual.end() == End.OUT_OF_FUEL) {
                outOfFuel.incrementAndGet();
            } else if (actual.end() != End.COMPLETE || expected.end() != End.COMPLETE) {
                unfinished.incrementAndGet();
            }
        }
        int common = Math.min(expected.steps().size(), actual.steps().size());
        for (int i = 0; i < common; i++) {
            if (!expected.steps().get(i).equals(actual.steps().get(i))) {
                return Optional.of(report("step " + i + " differs", expected, actual));
            }
        }
        // A run that completed took every step; one that stopped early, no more than that.
        boolean expectedComplete = expected.end() == End.COMPLETE, actualComplete = actual.end() == End.COMPLETE;
        boolean consistent = expectedComplete && actualComplete ? expected.steps().size() == actual.steps().size()
                : expectedComplete ? actual.steps().size() <= expected.steps().size()
                : actualComplete ? expected.steps().size() <= actual.steps().size()
                : true;
        if (!consistent) {
            return Optional.of(report("the runs took different steps", expected, actual));
        }
        if (actual.end() == End.COMPLETE && expected.end() == End.DEADLINE) {
            return Optional.of(report("the original did not finish, within " + DEADLINE.toSeconds()
                    + " s, a step its metered rewrite finished within its fuel", expected, actual));
        }
        if (actual.end() == End.COMPLETE && actual.fuelUsed() > FUEL_LIMIT) {
            return Optional.of(report("the metered run completed with more fuel than its limit", expected, actual));
        }
        return Optional.empty();
    }

    private static String report(String what, Result expected, Result actual) {
        return what + "\n  original (" + expected.end() + " in " + expected.endedIn() + "):\n    "
                + String.join("\n    ", expected.steps().stream().map(Object::toString).toList())
                + "\n  metered (" + actual.end() + " in " + actual.endedIn() + ", fuel " + actual.fuelUsed() + "):\n    "
                + String.join("\n    ", actual.steps().stream().map(Object::toString).toList());
    }

    private static boolean needsTheCompiler(WasmModule module) {
        for (FunctionBody body : module.codeSection().functionBodies()) {
            for (var instruction : body.instructions()) {
                OpCode opcode = instruction.opcode();
                if (opcode == OpCode.RETURN_CALL || opcode == OpCode.RETURN_CALL_INDIRECT || (opcode.opcode() >> 8) == 0xFD) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<String> exportedFunctions(WasmModule module) {
        List<String> names = new ArrayList<>();
        var exports = module.exportSection();
        for (int i = 0; i < exports.exportCount() && names.size() < DifferentialRun.MAX_EXPORTS_CALLED; i++) {
            if (exports.getExport(i).exportType() == ExternalType.FUNCTION) {
                names.add(exports.getExport(i).name());
            }
        }
        return names;
    }

    @AfterAll
    static void summary() {
        System.out.printf("fuzz summary: %d inputs, %d valid modules run original and metered (%d steps compared),"
                        + " %d ran out of fuel, %d unfinished (deadline or stack), %d on the compiler only (tail calls, SIMD),"
                        + " %d differed on the interpreter only%n",
                inputs.get(), compared.get(), stepsCompared.get(), outOfFuel.get(), unfinished.get(), compilerOnly.get(), interpreterOnly.get());
    }
}
