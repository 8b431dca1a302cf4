package liop.node.metering;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import liop.node.metering.Chicory.Mode;
import liop.node.metering.Chicory.Outcome;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sample guests (C compiled by clang) behave exactly the same metered as unmetered: the same
 * stdout, stderr and exit code, and the metered run reports the fuel it used.
 */
class GuestsDifferentialTest {

    private static final long LIMIT = 10_000_000_000L;

    static Stream<Arguments> runs() {
        return Stream.of(
                Arguments.of("hello", "{}"),
                Arguments.of("echo", "{\"params\": {\"a\": [1, 2.50, \"x\"], \"b\": null}, \"records\": [{}, {}]}"),
                Arguments.of("echo", "not json"),
                Arguments.of("aggregate", """
                        {"params": {"group_by": "condition", "field": "age"},
                         "records": [{"condition": "flu", "age": 34}, {"condition": "flu", "age": 39},
                                     {"condition": "cold", "age": 7}, {"condition": 3}, "x"]}"""),
                Arguments.of("aggregate", "{\"params\": {\"field\": 3}}"),
                Arguments.of("primes", "{\"params\": {\"n\": 20000}}"),
                Arguments.of("primes", "{\"params\": {\"n\": -1}}"),
                Arguments.of("logsearch", "{\"params\": {\"dir\": \"/nowhere\", \"pattern\": \"x\"}}"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("runs")
    void meteredGuestDoesExactlyWhatTheOriginalDoes(String guest, String stdin) throws MeteringException {
        byte[] original = Chicory.guest(guest);
        byte[] metered = FuelMeter.meter(original, LIMIT);

        Outcome expected = Chicory.runCommand(original, stdin, Mode.INTERPRETER);
        Outcome actual = Chicory.runCommand(metered, stdin, Mode.INTERPRETER);

        assertThat(actual.withoutFuel()).isEqualTo(expected);
        assertThat(actual.fuelUsed()).isPositive().isLessThanOrEqualTo(LIMIT);
        System.out.printf("fuel %-9s %,15d  %s%n", guest, actual.fuelUsed(), stdin.replaceAll("\\s+", " "));
    }
}
