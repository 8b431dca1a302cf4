package liop.engine.chicory;

import static liop.engine.chicory.Guests.run;
import static liop.engine.chicory.Guests.sandbox;
import static org.assertj.core.api.Assertions.assertThat;

import liop.api.engine.ExecutionStatus;
import liop.api.engine.RunResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A trap is a result that says which trap, the same in both modes; the host carries on. Stack overflows: {@link CallDepthTest}. */
class TrapTest {

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void unreachable(ExecutionMode mode) throws Exception {
        RunResult result = run(mode, "(module (func (export \"_start\") unreachable))", sandbox());

        assertThat(result.status()).isEqualTo(ExecutionStatus.TRAP);
        assertThat(result.message()).isEqualTo("the module trapped: unreachable instruction executed");
        assertThat(result.exitCode()).isEqualTo(-1);
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void out_of_bounds_memory_access(ExecutionMode mode) throws Exception {
        String wat = "(module (memory 1 1) (func (export \"_start\") (drop (i32.load (i32.const 70000)))))";

        RunResult result = run(mode, wat, sandbox());

        assertThat(result.status()).isEqualTo(ExecutionStatus.TRAP);
        assertThat(result.message()).isEqualTo("the module trapped: out of bounds memory access");
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void integer_divide_by_zero(ExecutionMode mode) throws Exception {
        String wat = "(module (func (export \"_start\") (drop (i32.div_s (i32.const 1) (i32.const 0)))))";

        RunResult result = run(mode, wat, sandbox());

        assertThat(result.status()).isEqualTo(ExecutionStatus.TRAP);
        assertThat(result.message()).isEqualTo("the module trapped: integer divide by zero");
    }
}
