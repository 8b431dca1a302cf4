package liop.engine.graalwasm;

import static liop.engine.graalwasm.Guests.run;
import static liop.engine.graalwasm.Guests.sandbox;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import liop.api.engine.ExecutionStatus;
import liop.api.engine.RunResult;
import org.junit.jupiter.api.Test;

/** The final values of exported integer globals, e.g. the fuel counter the node's metering adds. */
class ReportedGlobalsTest {

    static final String COUNTERS = """
            (module
              (global $fuel (export "fuel") (mut i64) (i64.const 1000000))
              (global $balance (export "balance") (mut i32) (i32.const 0))
              (global $ratio (export "ratio") (mut f64) (f64.const 0.5))
              (global $hidden (mut i32) (i32.const 7))
              (func (export "_start")
                (global.set $fuel (i64.sub (global.get $fuel) (i64.const 42)))
                (global.set $balance (i32.const -5))
                %s))
            """;

    private static final Set<String> WANTED = Set.of("fuel", "balance", "ratio", "hidden", "absent");

    @Test
    void exported_i32_and_i64_globals_are_reported_after_the_run() throws Exception {
        RunResult result = run(COUNTERS.formatted(""), sandbox().withReportedGlobals(WANTED));

        assertThat(result.status()).isEqualTo(ExecutionStatus.OK);
        // i32 is sign-extended; f64, unexported and missing names are left out
        assertThat(result.globals()).containsOnlyKeys("fuel", "balance")
                .containsEntry("fuel", 999_958L)
                .containsEntry("balance", -5L);
    }

    @Test
    void they_are_reported_after_a_trap_too() throws Exception {
        RunResult result = run(COUNTERS.formatted("unreachable"), sandbox().withReportedGlobals(WANTED));

        assertThat(result.status()).isEqualTo(ExecutionStatus.TRAP);
        assertThat(result.globals()).containsEntry("fuel", 999_958L).containsEntry("balance", -5L);
    }

    @Test
    void only_the_globals_asked_for_are_reported() throws Exception {
        RunResult result = run(COUNTERS.formatted(""), sandbox());

        assertThat(result.globals()).isEmpty();
    }
}
