package liop.engine.support.depth;

import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.wabt.Wat2Wasm;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CallGraphTest {

    private static CallGraph graph(String wat) {
        return CallGraph.of(Parser.parse(Wat2Wasm.parse(wat)));
    }

    /** The module's own functions, counted from 0 after the imports, that lie on a cycle. */
    private static List<Integer> onCycles(String wat) {
        WasmModule module = Parser.parse(Wat2Wasm.parse(wat));
        CallGraph graph = CallGraph.of(module);
        return IntStream.range(0, module.functionSection().functionCount()).filter(graph::onCycle).boxed().toList();
    }

    @Test
    void a_function_that_calls_itself() {
        assertThat(onCycles("(module (func $f (call $f)) (func (call $f)))")).containsExactly(0);
    }

    @Test
    void functions_that_call_each_other_but_not_those_that_only_call_into_them() {
        String wat = "(module (func $main (call $ping)) (func $ping (call $pong)) (func $pong (call $ping)))";

        assertThat(onCycles(wat)).containsExactly(1, 2);
    }

    @Test
    void a_chain_of_calls_is_no_cycle() {
        assertThat(onCycles("(module (func $a (call $b)) (func $b (call $c)) (func $c))")).isEmpty();
    }

    @Test
    void calls_through_a_table_reach_every_function_whose_reference_is_taken() {
        // $f calls through the table, which holds $f and $g; $g calls nothing; $h is not in the table
        String wat = """
                (module
                  (type $t (func))
                  (table 2 funcref)
                  (elem (i32.const 0) $f $g)
                  (func $f (type $t) (call_indirect (type $t) (i32.const 0)))
                  (func $g (type $t))
                  (func $h (call $f)))
                """;

        assertThat(onCycles(wat)).containsExactly(0);
    }

    @Test
    void host_functions_do_not_call_back() {
        String wat = """
                (module
                  (import "wasi_snapshot_preview1" "sched_yield" (func $yield (result i32)))
                  (func $a (drop (call $yield)) (call $b))
                  (func $b (drop (call $yield))))
                """;

        assertThat(onCycles(wat)).isEmpty();
    }

    @Test
    void the_longest_chain_counts_the_frames_of_functions_on_no_cycle_through_any_cycles() {
        // $top -> $a -> $loop (recursive) -> $b -> $c: $top can stack $top, $a, $b and $c
        String wat = """
                (module
                  (func $top (call $a))
                  (func $a (call $loop))
                  (func $loop (call $loop) (call $b))
                  (func $b (call $c))
                  (func $c))
                """;

        CallGraph graph = graph(wat);

        assertThat(IntStream.range(0, 5).map(graph::longestChain).toArray()).containsExactly(4, 3, 2, 2, 1);
    }
}
