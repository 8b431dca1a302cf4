package liop.node.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.runtime.GlobalInstance;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportGlobal;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.MutabilityType;
import com.dylibso.chicory.wasm.types.ValType;
import com.dylibso.chicory.wasm.types.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import liop.node.metering.Chicory.Mode;
import liop.node.metering.Chicory.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The fuel a metered module reports is what the cost model says, counted by regions (see {@link
 * FunctionRewriter}), in either execution mode.
 */
class FuelAccountingTest {

    private static final long PLENTY = 1_000_000_000L;

    private static final String COUNTER = """
            (module
              (func (export "three") (result i32)
                i32.const 1  i32.const 2  i32.add)
              (func (export "count") (param $n i32) (result i32) (local $i i32)
                (block $exit
                  (loop $next                                                 ;; one region, 9 per iteration:
                    (br_if $exit (i32.ge_u (local.get $i) (local.get $n)))  ;;   this skips 5 instructions, too
                    (local.set $i (i32.add (local.get $i) (i32.const 1)))   ;;   few to count apart, so the last
                    (br $next)))                                              ;;   check pays 9 as well
                (local.get $i))                                               ;; 1
              (func (export "skip") (param $skip i32)
                (block $over
                  (br_if $over (local.get $skip))                           ;; 2
                  (drop (i32.const 1)) (drop (i32.const 2)) (drop (i32.const 3)) (drop (i32.const 4))
                  (drop (i32.const 5)) (drop (i32.const 6)) (drop (i32.const 7)) (drop (i32.const 8))
                  (drop (i32.const 9))))                                      ;; 18, a region of its own
              (func (export "hop") (param $hop i32)
                (block $over
                  (br_if $over (local.get $hop))                            ;; 2
                  (drop (i32.const 1)) (drop (i32.const 2)) (drop (i32.const 3)) (drop (i32.const 4))
                  (drop (i32.const 5)) (drop (i32.const 6)) (drop (i32.const 7)) (drop (i32.const 8))))
                                                                              ;; 16: charged either way
              (func (export "dead") (result i32)
                (block $b
                  (br $b)                        ;; 1
                  (drop (i32.const 1)))          ;; never runs, never charged
                (return (i32.const 7))           ;; 2
                (drop (i32.const 2)))            ;; never runs, never charged
              (func (export "spin") (loop $forever (br $forever))))
            """;

    @ParameterizedTest
    @EnumSource(Mode.class)
    void straightLineCodeCostsOnePerInstruction(Mode mode) throws MeteringException {
        Instance instance = meteredInstance(COUNTER, PLENTY, mode);
        assertThat(instance.export("three").apply()).containsExactly(3);
        assertThat(fuelUsed(instance)).isEqualTo(3);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void aLoopPaysForEveryIteration(Mode mode) throws MeteringException {
        Instance instance = meteredInstance(COUNTER, PLENTY, mode);
        assertThat(instance.export("count").apply(10)).containsExactly(10);
        assertThat(fuelUsed(instance)).isEqualTo(9 * 11 + 1);
        instance.export("count").apply(1000);
        assertThat(fuelUsed(instance)).isEqualTo(100 + 9 * 1001 + 1);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void aBranchOverMoreThanSixteenInstructionsIsChargedOnlyWhenItIsNotTaken(Mode mode) throws MeteringException {
        Instance instance = meteredInstance(COUNTER, PLENTY, mode);
        instance.export("skip").apply(1);
        assertThat(fuelUsed(instance)).isEqualTo(2);
        instance.export("skip").apply(0);
        assertThat(fuelUsed(instance)).isEqualTo(2 + 2 + 18);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void aBranchOverSixteenInstructionsOrFewerIsChargedEitherWay(Mode mode) throws MeteringException {
        Instance instance = meteredInstance(COUNTER, PLENTY, mode);
        instance.export("hop").apply(1);
        assertThat(fuelUsed(instance)).isEqualTo(2 + 16);
        instance.export("hop").apply(0);
        assertThat(fuelUsed(instance)).isEqualTo(18 + 18);
    }

    @Test
    void codeThatNeverRunsIsNotCharged() throws MeteringException {
        Instance instance = meteredInstance(COUNTER, PLENTY, Mode.INTERPRETER);
        assertThat(instance.export("dead").apply()).containsExactly(7);
        assertThat(fuelUsed(instance)).isEqualTo(3);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void anInfiniteLoopRunsOutOfFuel(Mode mode) throws MeteringException {
        Instance instance = meteredInstance(COUNTER, 1000, mode);
        assertThatThrownBy(() -> instance.export("spin").apply()).hasMessageContaining("unreachable");
        assertThat(fuelUsed(instance)).isEqualTo(1001);
        assertThat(FuelMeter.isOutOfFuel(fuelUsed(instance), 1000)).isTrue();
    }

    @Test
    void theLimitItselfMayBeSpent() throws MeteringException {
        Instance exact = meteredInstance(COUNTER, 3, Mode.INTERPRETER);
        assertThat(exact.export("three").apply()).containsExactly(3);
        assertThat(fuelUsed(exact)).isEqualTo(3);
        assertThat(FuelMeter.isOutOfFuel(3, 3)).isFalse();

        Instance short1 = meteredInstance(COUNTER, 2, Mode.INTERPRETER);
        assertThatThrownBy(() -> short1.export("three").apply()).hasMessageContaining("unreachable");
        assertThat(fuelUsed(short1)).isEqualTo(3);
    }

    private static final String TRAPS = """
            (module
              (import "env" "tick" (func $tick))
              (func $nothing)
              (func (export "div_after_if") (param $d i32) (result i32)
                (if (local.get $d) (then nop))                   ;; 2, then 1 in the then arm
                (i32.div_u (i32.const 1) (local.get $d)))        ;; 3
              (func (export "div_after_call") (param $d i32) (result i32)
                (if (local.get $d) (then nop))                   ;; 2, then 1 in the then arm
                (call $nothing)                                  ;; 4 for this and the rest of the region
                (i32.div_u (i32.const 1) (local.get $d)))
              (func (export "div_after_host_call") (param $d i32) (result i32)
                (if (local.get $d) (then nop))                   ;; 2, and 1 for the short then arm
                (call $tick)                                     ;; 4 for this and the rest of the region
                (i32.div_u (i32.const 1) (local.get $d)))
              (func (export "crash") (param $d i32)
                (if (local.get $d) (then nop))                   ;; 2, and 1 for the short then arm
                (unreachable)))                                  ;; 1
            """;

    @Test
    void afterAnotherTrapTheCountIsWhatItWasWhenTheTrappingFunctionLastFlushed() throws MeteringException {
        Instance instance = meteredInstanceWithTick(TRAPS, PLENTY, Mode.INTERPRETER, inst -> { });
        assertThatThrownBy(() -> instance.export("div_after_if").apply(0)).hasMessageContaining("divide by zero");
        assertThat(fuelUsed(instance)).as("nothing called: the 5 spent stayed in the function").isZero();

        assertThatThrownBy(() -> instance.export("div_after_call").apply(0)).hasMessageContaining("divide by zero");
        assertThat(fuelUsed(instance)).as("a callee that cannot reach the host: the count stayed in the caller").isZero();

        assertThatThrownBy(() -> instance.export("div_after_host_call").apply(0)).hasMessageContaining("divide by zero");
        assertThat(fuelUsed(instance)).as("the host call flushed the count, including the rest of its region").isEqualTo(3 + 4);

        assertThatThrownBy(() -> instance.export("crash").apply(0)).hasMessageContaining("unreachable");
        assertThat(fuelUsed(instance)).as("the module's own unreachable flushes the count").isEqualTo(7 + 3 + 1);
    }

    /** Peeks at the fuel global from the host, in the middle of runs. */
    private static final String PEEKS = """
            (module
              (import "env" "tick" (func $tick))
              (func $inner (param $n i32) (local $i i32)
                (loop $again                                                  ;; 8 per iteration
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br_if $again (i32.lt_u (local.get $i) (local.get $n))))
                (call $tick))                                                 ;; 1
              (func $pure (param $n i32) (result i32) (local $i i32)
                (loop $again                                                  ;; 8 per iteration
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br_if $again (i32.lt_u (local.get $i) (local.get $n))))
                (local.get $i))                                               ;; 1
              (func (export "run") (param $n i32)
                (drop (call $pure (local.get $n)))                            ;; 6 for the whole region,
                (call $inner (local.get $n))                                  ;;   charged at its start
                (call $tick)))
            """;

    @ParameterizedTest
    @EnumSource(Mode.class)
    void theCountIsExactWheneverTheHostRuns(Mode mode) throws MeteringException {
        List<Long> seen = new ArrayList<>();
        Instance instance = meteredInstanceWithTick(PEEKS, PLENTY, mode, inst -> seen.add(fuelUsed(inst)));
        int n = 10 * FuelCharges.ALLOWANCE; // long enough that the loops flush along the way
        instance.export("run").apply(n);
        long total = 6 + (8L * n + 1) + (8L * n + 1);
        assertThat(seen).as("what the host saw").containsExactly(total, total);
        assertThat(fuelUsed(instance)).isEqualTo(total);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void noHostCallHappensAfterTheFuelRanOut(Mode mode) throws MeteringException {
        byte[] metered = FuelMeter.meter(Chicory.wat("""
                (module
                  (import "env" "tick" (func $tick))
                  (func (export "run") (param $x i32)
                    (if (local.get $x)                                  ;; 2, checked at entry
                      (then (drop (i32.const 1)) (drop (i32.const 2))    ;; 4, not checked:
                            (drop (i32.const 3)) (drop (i32.const 4))))  ;; 4  no loop, no call
                    (call $tick)))                                       ;; 1, checked before the call
                """), 5);
        AtomicInteger ticks = new AtomicInteger();
        var module = Parser.parse(metered);
        Instance instance = Instance.builder(module)
                .withImportValues(ImportValues.builder()
                        .addFunction(new HostFunction("env", "tick", FunctionType.empty(), (inst, args) -> {
                            ticks.incrementAndGet();
                            return null;
                        }))
                        .build())
                .withMachineFactory(mode.machineFactory(module))
                .build();
        assertThatThrownBy(() -> instance.export("run").apply(1)).hasMessageContaining("unreachable");
        assertThat(ticks).as("host calls").hasValue(0);
        assertThat(fuelUsed(instance)).isEqualTo(2 + 8 + 1);
    }

    private static final String ENDLESS = """
            (module
              (type $void (func))
              (table 2 funcref)
              (elem (i32.const 0) $nothing $down_indirect)
              (func $nothing)
              (func $down (call $down))                                         ;; 1 per call
              (func $down_indirect (call_indirect (type $void) (i32.const 1)))  ;; 2 per call
              (func $fib (param $n i32) (result i32)                           ;; no loop, 2^n calls
                (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
                  (then (local.get $n))
                  (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1)))
                                 (call $fib (i32.sub (local.get $n) (i32.const 2)))))))
              (func (export "recurse") (call $down))
              (func (export "recurse_indirect") (call $down_indirect))
              (func (export "fib") (param i32) (result i32) (call $fib (local.get 0)))
              (func (export "loop_indirect") (loop $forever (call_indirect (type $void) (i32.const 0)) (br $forever))))
            """;

    @ParameterizedTest
    @EnumSource(Mode.class)
    void recursionThatNeverReturnsRunsOutOfFuel(Mode mode) throws MeteringException {
        Instance instance = meteredInstance(ENDLESS, 1000, mode);
        assertThatThrownBy(() -> onGuestSizedStack(() -> instance.export("recurse").apply())).hasMessageContaining("unreachable");
        assertThat(fuelUsed(instance)).as("a call that may recurse flushes first").isEqualTo(1001);

        Instance indirect = meteredInstance(ENDLESS, 1000, mode);
        assertThatThrownBy(() -> onGuestSizedStack(() -> indirect.export("recurse_indirect").apply())).hasMessageContaining("unreachable");
        assertThat(fuelUsed(indirect)).as("through a table too").isBetween(1001L, 1002L);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void callsWithoutLoopsRunOutOfFuel(Mode mode) throws MeteringException {
        Instance instance = meteredInstance(ENDLESS, 100_000, mode);
        assertThatThrownBy(() -> instance.export("fib").apply(40)).hasMessageContaining("unreachable");
        assertThat(FuelMeter.isOutOfFuel(fuelUsed(instance), 100_000)).isTrue();
        assertThat(fuelUsed(instance)).isLessThan(100_000 + 100);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void aLoopOfCallsThroughATableRunsOutOfFuel(Mode mode) throws MeteringException {
        Instance instance = meteredInstance(ENDLESS, 100_000, mode);
        assertThatThrownBy(() -> instance.export("loop_indirect").apply()).hasMessageContaining("unreachable");
        assertThat(FuelMeter.isOutOfFuel(fuelUsed(instance), 100_000)).isTrue();
        assertThat(fuelUsed(instance)).isLessThanOrEqualTo(100_000 + FuelCharges.ALLOWANCE + 10);
    }

    private static final String BULK = """
            (module
              (memory (export "memory") 1 8)
              (table 2 16 funcref)
              (func (export "fill") (param $at i32) (param $n i32)
                (memory.fill (local.get $at) (i32.const 0xAB) (local.get $n)))   ;; 4 + n / 8
              (func (export "copy") (param $n i32)
                (memory.copy (i32.const 1000) (i32.const 0) (local.get $n)))      ;; 4 + n / 8
              (func (export "grow") (param $pages i32) (result i32)
                (memory.grow (local.get $pages)))                                  ;; 2 + 8192 per page
              (func (export "table_grow") (param $n i32) (result i32)
                (table.grow (ref.null func) (local.get $n))))                      ;; 3 + n
            """;

    @ParameterizedTest
    @EnumSource(Mode.class)
    void bulkOperationsPayForTheirLength(Mode mode) throws MeteringException {
        Instance instance = meteredInstance(BULK, PLENTY, mode);
        instance.export("fill").apply(0, 800);
        assertThat(fuelUsed(instance)).isEqualTo(4 + 100);
        instance.export("fill").apply(0, 7);
        assertThat(fuelUsed(instance)).isEqualTo(104 + 4);
        instance.export("copy").apply(4096);
        assertThat(fuelUsed(instance)).isEqualTo(108 + 4 + 512);
        instance.export("table_grow").apply(10);
        assertThat(fuelUsed(instance)).isEqualTo(624 + 3 + 10);
    }

    @Test
    void memoryGrowPaysPerPageRequestedEvenWhenItFails() throws MeteringException {
        Instance instance = meteredInstance(BULK, PLENTY, Mode.INTERPRETER);
        assertThat(instance.export("grow").apply(3)).containsExactly(1);
        assertThat(fuelUsed(instance)).isEqualTo(2 + 3 * 8192);
        assertThat(instance.export("grow").apply(100)).containsExactly(-1);
        assertThat(fuelUsed(instance)).isEqualTo(2 * 2 + 103 * 8192);
    }

    @Test
    void aBulkOperationBeyondTheLimitTrapsBeforeItDoesAnything() throws MeteringException {
        Instance instance = meteredInstance(BULK, 1000, Mode.INTERPRETER);
        assertThatThrownBy(() -> instance.export("fill").apply(0, 65536)).hasMessageContaining("unreachable");
        assertThat(fuelUsed(instance)).isEqualTo(4 + 65536 / 8);
        assertThat(instance.memory().read(0)).as("memory untouched").isZero();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void theStartFunctionIsMeteredAndBounded(Mode mode) throws MeteringException {
        byte[] metered = FuelMeter.meter(Chicory.wat("""
                (module
                  (func $spin (loop $forever (br $forever)))
                  (start $spin))
                """), 5000);
        Instance instance = Chicory.instantiateLazily(metered, mode);
        assertThatThrownBy(() -> instance.initialize(false)).hasStackTraceContaining("unreachable");
        assertThat(fuelUsed(instance)).isEqualTo(5001);
    }

    @Test
    void aGuestUsesTheSameFuelInTheInterpreterAndInCompiledCode() throws MeteringException {
        for (String guest : new String[] {"aggregate", "primes"}) {
            byte[] metered = FuelMeter.meter(Chicory.guest(guest), PLENTY);
            String stdin = "{\"params\": {\"n\": 3000}, \"records\": [{\"condition\": \"flu\", \"age\": 34}]}";
            Outcome interpreted = Chicory.runCommand(metered, stdin, Mode.INTERPRETER);
            Outcome compiled = Chicory.runCommand(metered, stdin, Mode.COMPILER);
            assertThat(compiled).as(guest).isEqualTo(interpreted);
            assertThat(compiled.exitCode()).as(guest + " exit code").isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void aGuestOutOfFuelStopsWithUsedAboveTheLimit(Mode mode) throws MeteringException {
        byte[] metered = FuelMeter.meter(Chicory.guest("primes"), 1_000_000);
        Outcome outcome = Chicory.runCommand(metered, "{\"params\": {\"n\": 1000000}}", mode);
        assertThat(outcome.trap()).contains("unreachable");
        assertThat(outcome.stdout()).isEmpty();
        assertThat(FuelMeter.isOutOfFuel(outcome.fuelUsed(), 1_000_000)).isTrue();
        // the allowance a function may count before flushing, plus a path without loops, at most
        assertThat(outcome.fuelUsed()).isLessThan(1_000_000 + FuelCharges.ALLOWANCE + 1000);
    }

    @Test
    void theFuelGlobalIsTheLastGlobalAfterImportedOnes() throws MeteringException {
        byte[] metered = FuelMeter.meter(Chicory.wat("""
                (module
                  (import "env" "base" (global $base i32))
                  (global $own (mut i32) (i32.const 5))
                  (func (export "sum") (result i32) (i32.add (global.get $base) (global.get $own))))
                """), PLENTY);
        var module = Parser.parse(metered);
        assertThat(module.globalSection().globalCount()).isEqualTo(2);
        var fuel = module.globalSection().getGlobal(1);
        assertThat(fuel.valueType()).isEqualTo(ValType.I64);
        assertThat(fuel.mutabilityType()).isEqualTo(MutabilityType.Var);
        var export = module.exportSection().getExport(1);
        assertThat(export.name()).isEqualTo(FuelMeter.FUEL_USED_GLOBAL);
        assertThat(export.exportType()).isEqualTo(ExternalType.GLOBAL);
        assertThat(export.index()).isEqualTo(2); // after the imported global and the module's own

        Instance instance = Instance.builder(module)
                .withImportValues(ImportValues.builder()
                        .addGlobal(new ImportGlobal("env", "base", new GlobalInstance(Value.i32(37))))
                        .build())
                .build();
        assertThat(instance.export("sum").apply()).containsExactly(42);
        assertThat(fuelUsed(instance)).isEqualTo(3);
    }

    @Test
    void anEmptyModuleGetsAGlobalAndAnExport() throws MeteringException {
        byte[] metered = FuelMeter.meter(Chicory.wat("(module)"), PLENTY);
        Instance instance = Chicory.instantiate(metered, Mode.INTERPRETER);
        assertThat(fuelUsed(instance)).isZero();
    }

    @Test
    void theLimitIsBakedIntoTheModuleAndTheRewriteIsDeterministic() throws MeteringException {
        byte[] original = Chicory.guest("hello");
        assertThat(FuelMeter.meter(original, 1000)).isEqualTo(FuelMeter.meter(original, 1000));
        assertThat(FuelMeter.meter(original, 1000)).isNotEqualTo(FuelMeter.meter(original, 1001));
    }

    /**
     * Runs {@code call} on a thread with a guest's stack, as the engines do: hundreds of nested calls
     * on Chicory's interpreter in a JVM that has not compiled it yet can exhaust a test thread's
     * default stack ("call stack exhausted") before the fuel runs out.
     */
    private static void onGuestSizedStack(Runnable call) throws Throwable {
        Throwable[] thrown = new Throwable[1];
        Thread thread = new Thread(null, () -> {
            try {
                call.run();
            } catch (Throwable t) {
                thrown[0] = t;
            }
        }, "deep-guest", 64L << 20);
        thread.start();
        thread.join();
        if (thrown[0] != null) {
            throw thrown[0];
        }
    }

    private static Instance meteredInstance(String wat, long limit, Mode mode) throws MeteringException {
        return Chicory.instantiate(FuelMeter.meter(Chicory.wat(wat), limit), mode);
    }

    /** A metered instance whose import {@code env.tick} runs {@code tick} with the instance. */
    private static Instance meteredInstanceWithTick(String wat, long limit, Mode mode, Consumer<Instance> tick) throws MeteringException {
        var module = Parser.parse(FuelMeter.meter(Chicory.wat(wat), limit));
        return Instance.builder(module)
                .withImportValues(ImportValues.builder()
                        .addFunction(new HostFunction("env", "tick", FunctionType.empty(), (inst, args) -> {
                            tick.accept(inst);
                            return null;
                        }))
                        .build())
                .withMachineFactory(mode.machineFactory(module))
                .build();
    }

    private static long fuelUsed(Instance instance) {
        return Chicory.fuelUsed(instance).orElseThrow();
    }
}
