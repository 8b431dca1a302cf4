package liop.engine.support.conformance;

import static liop.engine.support.conformance.WatGuests.sandbox;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import liop.api.engine.CompiledModule;
import liop.api.engine.ExecutionStatus;
import liop.api.engine.Limits;
import liop.api.engine.RunResult;
import liop.engine.support.run.DrainableEngine;
import org.junit.jupiter.api.Test;

/**
 * Draining an engine, without a framework: every engine's {@code EngineLifecycleTest} extends this
 * and supplies new engines. Registration, re-registration and retirement are tested in a real Felix
 * (liop.itest).
 */
public abstract class EngineLifecycleConformance {

    /** A new engine of its own, caching up to 4 modules; {@code name} says which test asks. */
    protected abstract DrainableEngine newEngine(String name);

    @Test
    void closing_waits_for_the_runs_in_flight() throws Exception {
        DrainableEngine engine = newEngine("draining");
        CompiledModule loop = compile(engine, WatGuests.INFINITE_LOOP);
        CompletableFuture<RunResult> running = CompletableFuture.supplyAsync(
                () -> loop.run(sandbox().withLimits(new Limits(1, 300, 1024, 1024))));
        awaitRunsInFlight(engine, 1);

        long started = System.nanoTime();
        boolean drained = engine.close(Duration.ofSeconds(5));

        assertThat(drained).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(Duration.ofMillis(100));
        assertThat(running.get().status()).isEqualTo(ExecutionStatus.DEADLINE);
        assertThat(engine.cachedModules()).isZero();
    }

    @Test
    void closing_gives_up_waiting_after_its_timeout_but_never_fails_a_run() throws Exception {
        DrainableEngine engine = newEngine("impatient");
        CompiledModule loop = compile(engine, WatGuests.INFINITE_LOOP);
        CompletableFuture<RunResult> running = CompletableFuture.supplyAsync(
                () -> loop.run(sandbox().withLimits(new Limits(1, 500, 1024, 1024))));
        awaitRunsInFlight(engine, 1);

        assertThat(engine.close(Duration.ofMillis(50))).isFalse();

        assertThat(running.get().status()).isEqualTo(ExecutionStatus.DEADLINE);
        // a request that picked the engine just before it was retired still runs
        assertThat(compile(engine, WatGuests.HELLO).run(sandbox()).status()).isEqualTo(ExecutionStatus.OK);
    }

    private static CompiledModule compile(DrainableEngine engine, String wat) throws Exception {
        return WatGuests.compile(engine, WatGuests.wasm(wat));
    }

    private static void awaitRunsInFlight(DrainableEngine engine, int count) throws InterruptedException {
        while (engine.runsInFlight() < count) {
            Thread.sleep(5);
        }
    }
}
