package liop.engine.support.depth;

import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.wabt.Wat2Wasm;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import org.junit.jupiter.api.Test;

class OperandStackBoundTest {

    /** The bound for the last function of a module made of {@code functions}. */
    private static int bound(String functions) {
        WasmModule module = Parser.parse(Wat2Wasm.parse("(module (memory 1) " + functions + ")"));
        int last = module.codeSection().functionBodyCount() - 1;
        return new OperandStackBound(module).of(module.codeSection().getFunctionBody(last).instructions());
    }

    @Test
    void follows_the_height_of_straight_code_exactly() {
        assertThat(bound("(func (param i32 i32) (drop (i32.add (local.get 0) (local.get 1))))")).isEqualTo(2);
        assertThat(bound("(func (i32.store (i32.const 0) (i32.load (i32.const 4))) (drop (i32.const 1)))")).isEqualTo(2);
    }

    @Test
    void counts_values_piled_up_before_they_are_used() {
        String consts = "(i32.const 1) ".repeat(100);
        String adds = "i32.add ".repeat(99);

        assertThat(bound("(func (result i32) " + consts + adds + ")")).isEqualTo(100);
    }

    @Test
    void a_block_leaves_its_results_and_no_more() {
        String wat = "(func (result i32) (i32.add (block (result i32) (i32.const 1) (i32.const 2) (drop)) (block (result i32) (i32.const 3))))";

        assertThat(bound(wat)).isEqualTo(2);
    }

    @Test
    void both_arms_of_an_if_start_from_the_same_height() {
        String wat = "(func (param i32) (result i32) (if (result i32) (local.get 0) (then (i32.const 1)) (else (i32.add (i32.const 2) (i32.const 3)))))";

        assertThat(bound(wat)).isEqualTo(2);
    }

    @Test
    void a_call_takes_its_parameters_and_leaves_its_results() {
        String wat = """
                (func $three (param i32 i32 i32) (result i32) (local.get 0))
                (func (result i32) (i32.add (call $three (i32.const 1) (i32.const 2) (i32.const 3)) (i32.const 4)))
                """;

        assertThat(bound(wat)).isEqualTo(3);
    }

    @Test
    void code_after_a_branch_starts_again_from_the_block() {
        String wat = "(func (block (i32.const 1) (i32.const 2) (br 0)) (drop (i32.const 3)))";

        assertThat(bound(wat)).isEqualTo(2);
    }

    @Test
    void instructions_it_does_not_know_push_one_value_each() {
        // memory.atomic.fence (threads) pushes nothing: counted as one, an overestimate
        assertThat(OperandStackBound.change(0xFE03)).isEqualTo(1);
    }
}
