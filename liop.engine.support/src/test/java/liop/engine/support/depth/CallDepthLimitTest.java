package liop.engine.support.depth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.TrapException;
import com.dylibso.chicory.wabt.Wat2Wasm;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.OpCode;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.junit.jupiter.api.Test;

/** The rewrite itself, run on Chicory's interpreter; the engine's tests run it in both modes. */
class CallDepthLimitTest {

    private static CallDepthLimit.Limited limit(String wat, int maxUnits) {
        byte[] wasm = Wat2Wasm.parse(wat);
        return CallDepthLimit.apply(wasm, Parser.parse(wasm), maxUnits, 64);
    }

    private static Instance instantiate(CallDepthLimit.Limited limited) {
        return Instance.builder(Parser.parse(limited.wasm())).build();
    }

    private static List<OpCode> opcodes(WasmModule module, int function) {
        return module.codeSection().getFunctionBody(function).instructions().stream().map(i -> i.opcode()).toList();
    }

    @Test
    void a_module_whose_functions_cannot_nest_is_left_as_it_is() {
        String wat = """
                (module
                  (func $helper (result i32) (i32.const 5))
                  (func (export "run") (result i32) (i32.add (call $helper) (i32.const 1))))
                """;

        CallDepthLimit.Limited limited = limit(wat, 100);

        assertThat(limited.wasm()).isEqualTo(Wat2Wasm.parse(wat));
        assertThat(limited.depthGlobal()).isEmpty();
    }

    @Test
    void only_the_functions_that_can_nest_are_counted() {
        String wat = """
                (module
                  (global $g (mut i32) (i32.const 5))
                  (func $helper (result i32) (global.get $g))
                  (func $down (param i32) (call $down (local.get 0)))
                  (func (export "run") (result i32) (i32.add (call $helper) (i32.const 1))))
                """;
        WasmModule original = Parser.parse(Wat2Wasm.parse(wat));

        CallDepthLimit.Limited limited = limit(wat, 100);
        WasmModule rewritten = Parser.parse(limited.wasm());

        assertThat(limited.depthGlobal()).hasValue(1);
        assertThat(rewritten.globalSection().globalCount()).isEqualTo(2);
        assertThat(opcodes(rewritten, 0)).isEqualTo(opcodes(original, 0));
        assertThat(opcodes(rewritten, 1)).isNotEqualTo(opcodes(original, 1));
        assertThat(opcodes(rewritten, 2)).isEqualTo(opcodes(original, 2));
        assertThat(instantiate(limited).export("run").apply()[0]).isEqualTo(6);
    }

    @Test
    void the_depth_global_gets_a_section_of_its_own_in_its_place() {
        // no global section, and sections after it that Chicory checks the order of
        String wat = """
                (module
                  (memory 1)
                  (func $down (export "down") (param i32) (call $down (local.get 0)))
                  (data (i32.const 0) "x"))
                """;

        CallDepthLimit.Limited limited = limit(wat, 100);

        assertThat(limited.depthGlobal()).hasValue(0);
        assertThat(Parser.parse(limited.wasm()).globalSection().globalCount()).isEqualTo(1);
    }

    @Test
    void the_trap_at_the_limit_is_marked_in_the_depth_global() {
        String wat = "(module (func $down (export \"down\") (call $down)))";
        CallDepthLimit.Limited limited = limit(wat, 50);
        Instance instance = instantiate(limited);

        assertThatThrownBy(() -> instance.export("down").apply()).isInstanceOf(TrapException.class);
        assertThat(CallDepthLimit.Limited.exceeded(instance.global(limited.depthGlobal().getAsInt()).getValue())).isTrue();
        assertThat(CallDepthLimit.Limited.exceeded(50)).isFalse();
    }

    @Test
    void a_body_that_leaves_through_its_own_label_with_several_results_keeps_them() {
        // $pair(n) returns (1, 2) through a branch to its own label when n is 0, else recurses:
        // the wrapping block needs a type of its own, appended to the type section
        String wat = """
                (module
                  (func $pair (param $n i32) (result i32 i32)
                    (if (i32.eqz (local.get $n)) (then (br 1 (i32.const 1) (i32.const 2))))
                    (call $pair (i32.sub (local.get $n) (i32.const 1))))
                  (func (export "run") (result i32 i32) (call $pair (i32.const 5))))
                """;
        WasmModule original = Parser.parse(Wat2Wasm.parse(wat));

        CallDepthLimit.Limited limited = limit(wat, 100);

        assertThat(Parser.parse(limited.wasm()).typeSection().subTypeCount()).isEqualTo(original.typeSection().subTypeCount() + 1);
        assertThat(instantiate(limited).export("run").apply()).containsExactly(1, 2);
    }

    @Test
    void recursion_to_the_limit_returns_and_one_call_more_traps() {
        String wat = """
                (module
                  (func $to (export "to") (param $n i32) (param $target i32)
                    (if (i32.lt_u (local.get $n) (local.get $target))
                      (then (call $to (i32.add (local.get $n) (i32.const 1)) (local.get $target))))))
                """;
        Instance instance = instantiate(limit(wat, 50));

        instance.export("to").apply(1, 50);
        assertThatThrownBy(() -> instance.export("to").apply(1, 51)).isInstanceOf(TrapException.class);
    }

    @Test
    void the_depth_is_given_back_on_every_way_out() {
        // 40 deep of a limit of 50, ten times over, leaving by return, by falling off the end and by
        // a branch to the function's own label: a depth not given back would trap in the second round
        String wat = """
                (module
                  (func $viaReturn (export "viaReturn") (param $n i32) (result i32)
                    (if (i32.ge_u (local.get $n) (i32.const 40)) (then (return (i32.const 7))))
                    (call $viaReturn (i32.add (local.get $n) (i32.const 1))))
                  (func $viaEnd (export "viaEnd") (param $n i32)
                    (if (i32.lt_u (local.get $n) (i32.const 40))
                      (then (call $viaEnd (i32.add (local.get $n) (i32.const 1))))))
                  (func $viaBranch (export "viaBranch") (param $n i32)
                    (block
                      (br_if 1 (i32.ge_u (local.get $n) (i32.const 40)))
                      (call $viaBranch (i32.add (local.get $n) (i32.const 1))))))
                """;
        CallDepthLimit.Limited limited = limit(wat, 50);
        Instance instance = instantiate(limited);

        for (int round = 0; round < 10; round++) {
            assertThat(instance.export("viaReturn").apply(1)[0]).isEqualTo(7);
            instance.export("viaEnd").apply(1);
            instance.export("viaBranch").apply(1);
        }
        assertThat(instance.global(limited.depthGlobal().getAsInt()).getValue()).isZero();
    }

    /** A chain of {@code length} distinct functions, each calling the next; the first exported as "chain". */
    private static String chain(int length) {
        StringBuilder wat = new StringBuilder("(module (func (export \"chain\") (call $f1))");
        for (int i = 1; i < length; i++) {
            wat.append(" (func $f").append(i).append(i + 1 < length ? " (call $f" + (i + 1) + ")" : "").append(")");
        }
        return wat.append(")").toString();
    }

    /**
     * Calls {@code chain} on a thread with the stack the engines give their guests: a thousand
     * nested calls in Chicory's interpreter can overflow a test thread's stack while the JIT has
     * not yet compiled the interpreter's loop.
     */
    private static void callOnGuestStack(CallDepthLimit.Limited limited) throws Exception {
        FutureTask<long[]> call = new FutureTask<>(() -> instantiate(limited).export("chain").apply());
        new Thread(null, call, "guest", CallStack.THREAD_STACK_BYTES).start();
        try {
            call.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException trap ? trap : e;
        }
    }

    @Test
    void a_short_chain_of_calls_is_not_counted_and_a_long_one_is() throws Exception {
        CallDepthLimit.Limited shortChain = limit(chain(CallDepthLimit.LONGEST_UNCOUNTED_CHAIN), 500);
        CallDepthLimit.Limited longChain = limit(chain(CallDepthLimit.LONGEST_UNCOUNTED_CHAIN + 600), 500);

        assertThat(shortChain.depthGlobal()).isEmpty();
        callOnGuestStack(shortChain);
        assertThatThrownBy(() -> callOnGuestStack(longChain)).isInstanceOf(TrapException.class);
    }
}
