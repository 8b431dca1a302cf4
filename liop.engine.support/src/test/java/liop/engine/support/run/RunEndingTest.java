package liop.engine.support.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.TrapException;
import com.dylibso.chicory.wasi.WasiExitException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import liop.api.engine.ExecutionStatus;
import liop.api.engine.RunResult;
import org.junit.jupiter.api.Test;

/** How runs end, in the words both engines use. */
class RunEndingTest {

    @Test
    void an_exit_is_ok_with_code_zero_and_a_failure_with_any_other() {
        assertThat(RunEnding.thrown(RunEnding.Phase.RUN, new WasiExitException(0))).isEqualTo(RunEnding.returned());

        RunEnding failed = RunEnding.thrown(RunEnding.Phase.RUN, new WasiExitException(3));

        assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(failed.message()).isEqualTo("the module exited with code 3");
        assertThat(failed.exitCode()).isEqualTo(3);
    }

    @Test
    void a_trap_says_where_the_guest_was() {
        TrapException trap = new TrapException("integer divide by zero");

        assertThat(RunEnding.thrown(RunEnding.Phase.RUN, trap).message()).isEqualTo("the module trapped: integer divide by zero");
        assertThat(RunEnding.thrown(RunEnding.Phase.INSTANTIATION, trap).message())
                .isEqualTo("the module trapped: instantiation failed: integer divide by zero");
    }

    @Test
    void the_host_running_out_is_not_the_guests_trap() {
        RunEnding stack = RunEnding.thrown(RunEnding.Phase.RUN, new RuntimeException(new StackOverflowError()));
        RunEnding heap = RunEnding.thrown(RunEnding.Phase.RUN, new OutOfMemoryError("Java heap space"));
        RunEnding interrupted = RunEnding.thrown(RunEnding.Phase.RUN, new ChicoryInterruptedException("Thread interrupted"));

        assertThat(stack.stackExhausted()).isTrue();
        assertThat(heap.status()).isEqualTo(ExecutionStatus.OUT_OF_MEMORY);
        assertThat(interrupted).isEqualTo(RunEnding.interrupted());
    }

    @Test
    void a_failure_at_the_memory_cap_says_a_grow_may_have_been_refused() {
        RunEnding trap = RunEnding.trap(RunEnding.Phase.RUN, "unreachable instruction executed");

        assertThat(trap.withMemoryHint(true, 16).message()).isEqualTo("the module trapped: unreachable instruction executed; "
                + "its memory had reached the limit of 16 pages, so a memory.grow may have been refused");
        assertThat(trap.withMemoryHint(false, 16)).isEqualTo(trap);
        assertThat(RunEnding.returned().withMemoryHint(true, 16)).isEqualTo(RunEnding.returned());
    }

    @Test
    void running_out_of_calls_says_when_tail_calls_were_counted() {
        RunEnding exhausted = RunEnding.trap(RunEnding.Phase.RUN, Traps.STACK_EXHAUSTED);

        assertThat(exhausted.withTailCallHint(true).message()).endsWith("; the module's tail calls count as calls on this engine");
        assertThat(exhausted.withTailCallHint(false)).isEqualTo(exhausted);
        assertThat(RunEnding.deadline(100).withTailCallHint(true)).isEqualTo(RunEnding.deadline(100));
    }

    @Test
    void a_result_carries_the_output_and_what_the_guest_left() {
        BoundedOutput stdout = new BoundedOutput(2);
        stdout.write("{}!".getBytes(StandardCharsets.UTF_8), 0, 3);

        RunResult result = RunEnding.returned().result(stdout, new BoundedOutput(10), 65_536, 42, Map.of("fuel", 7L));

        assertThat(result.status()).isEqualTo(ExecutionStatus.OK);
        assertThat(result.stdout()).asString(StandardCharsets.UTF_8).isEqualTo("{}");
        assertThat(result.stdoutTruncated()).isTrue();
        assertThat(result.globals()).containsEntry("fuel", 7L);
    }

    @Test
    void a_failure_of_the_engine_is_a_result_without_output() {
        RunResult result = RunEnding.engineFailed(new IllegalStateException("bug")).resultWithoutOutput(42);

        assertThat(result.status()).isEqualTo(ExecutionStatus.UNAVAILABLE);
        assertThat(result.message()).isEqualTo("the engine failed while running the module: java.lang.IllegalStateException: bug");
        assertThat(result.exitCode()).isEqualTo(RunEnding.NO_EXIT);
        assertThat(result.stdout()).isEmpty();
    }
}
