package liop.node.metering;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Which calls the meter must flush before: those that may reach the host (the global must be exact
 * whenever the host runs) and those that may recurse. Functions are numbered as in the module:
 * imports first.
 */
class CallGraphTest {

    private static final String CALLS = """
            (module
              (import "env" "host" (func $host))                                ;; 0
              (type $unary (func (param i32) (result i32)))
              (type $void (func))
              (table 4 funcref)
              (elem (i32.const 0) $double $talks)
              (func $leaf (param i32) (result i32) (local.get 0))              ;; 1
              (func $double (param i32) (result i32)                          ;; 2
                (i32.add (call $leaf (local.get 0)) (call $leaf (local.get 0))))
              (func $talks (call $host))                                        ;; 3
              (func $talks_too (call $talks))                                   ;; 4
              (func $pure_indirect (param i32) (result i32)                    ;; 5
                (call_indirect (type $unary) (local.get 0) (i32.const 0)))
              (func $host_indirect (call_indirect (type $void) (i32.const 1)))  ;; 6
              (func $ping (param i32) (if (local.get 0) (then (call $pong (i32.sub (local.get 0) (i32.const 1))))))  ;; 7
              (func $pong (param i32) (call $ping (local.get 0)))               ;; 8
              (func $self (call $self)))                                        ;; 9
            """;

    @Test
    void callsReachTheHostThroughImportsAndCallers() throws MeteringException {
        CallGraph graph = graph(CALLS);
        assertThat(graph.mayReachHost(0)).as("the import").isTrue();
        assertThat(graph.mayReachHost(1)).as("a leaf").isFalse();
        assertThat(graph.mayReachHost(2)).as("calls leaves only").isFalse();
        assertThat(graph.mayReachHost(3)).as("calls the import").isTrue();
        assertThat(graph.mayReachHost(4)).as("calls a caller of the import").isTrue();
    }

    @Test
    void callsThroughATableReachTheHostWhenAFunctionOfThatTypeMay() throws MeteringException {
        CallGraph graph = graph(CALLS);
        assertThat(graph.indirectMayReachHost(0)).as("(i32) -> i32: only $double is in the table").isFalse();
        assertThat(graph.indirectMayReachHost(1)).as("() -> (): $talks is in the table").isTrue();
        assertThat(graph.mayReachHost(5)).isFalse();
        assertThat(graph.mayReachHost(6)).isTrue();
    }

    @Test
    void typesAreComparedByTheirSignature() throws MeteringException {
        CallGraph graph = graph("""
                (module
                  (import "env" "host" (func $host))
                  (type $a (func (param i32) (result i32)))
                  (type $b (func (param i32) (result i32)))
                  (table 1 funcref)
                  (elem (i32.const 0) $talks)
                  (func $talks (type $a) (call $host) (local.get 0))
                  (func (param i32) (result i32) (call_indirect (type $b) (local.get 0) (i32.const 0))))
                """);
        assertThat(graph.indirectMayReachHost(1)).as("$b is $a by another index").isTrue();
        assertThat(graph.mayReachHost(2)).isTrue();
    }

    @Test
    void aReferenceTakenAnywhereCanLandInATable() throws MeteringException {
        CallGraph graph = graph("""
                (module
                  (import "env" "host" (func $host))
                  (type $void (func))
                  (table 1 funcref)
                  (elem declare func $host)
                  (func (table.set (i32.const 0) (ref.func $host)))
                  (func (call_indirect (type $void) (i32.const 0))))
                """);
        assertThat(graph.indirectMayReachHost(0)).isTrue();
        assertThat(graph.mayReachHost(2)).isTrue();
    }

    @Test
    void aTableFromOrForTheHostMayHoldAnything() throws MeteringException {
        String pure = """
                (type $void (func))
                (func $nothing)
                (func (call_indirect (type $void) (i32.const 0)))
                """;
        assertThat(graph("(module (table 1 funcref) " + pure + ")").indirectMayReachHost(0)).isFalse();
        assertThat(graph("(module (table (export \"t\") 1 funcref) " + pure + ")").indirectMayReachHost(0)).isTrue();
        assertThat(graph("(module (import \"env\" \"t\" (table 1 funcref)) " + pure + ")").indirectMayReachHost(0)).isTrue();
        assertThat(graph("(module (import \"env\" \"f\" (global funcref)) (table 1 funcref) " + pure + ")").indirectMayReachHost(0)).isTrue();
    }

    @Test
    void callsWithinACycleMayRecurse() throws MeteringException {
        CallGraph graph = graph(CALLS);
        // defined functions count from 0 here: $leaf is 0, $double 1, ..., $ping 6, $pong 7, $self 8
        assertThat(graph.mayRecurse(1, 1)).as("$double calls $leaf").isFalse();
        assertThat(graph.mayRecurse(6, 8)).as("$ping calls $pong").isTrue();
        assertThat(graph.mayRecurse(7, 7)).as("$pong calls $ping").isTrue();
        assertThat(graph.mayRecurse(8, 9)).as("$self calls itself").isTrue();
        assertThat(graph.indirectMayRecurse(4, 0)).as("$pure_indirect reaches $double, which does not call back").isFalse();
    }

    @Test
    void aCallThroughATableCanCallBack() throws MeteringException {
        CallGraph graph = graph("""
                (module
                  (type $void (func))
                  (table 1 funcref)
                  (elem (i32.const 0) $down)
                  (func $down (call_indirect (type $void) (i32.const 0))))
                """);
        assertThat(graph.indirectMayRecurse(0, 0)).isTrue();
    }

    private static CallGraph graph(String wat) throws MeteringException {
        byte[] module = Chicory.wat(wat);
        return CallGraph.read(module, Sections.read(module));
    }
}
