package guests;

import static guests.GuestRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** hello, echo and primes: the guests that check a node's plumbing and measure its engines. */
class SmallGuestsTest {

    @Test
    void helloGreetsWhateverItIsGiven() {
        assertThat(run("hello", "").stdout()).isEqualTo("{\"hello\":\"world\"}\n");
        assertThat(run("hello", "not even JSON").json().toString()).isEqualTo("{\"hello\":\"world\"}");
    }

    @Test
    void echoReturnsTheParamsAndCountsTheRecords() {
        String stdin = "{\"params\": {\"q\": \"a\\\"b\", \"n\": [1, 2.0]}, \"records\": [{\"age\": 3}, {}]}";
        assertThat(run("echo", stdin).stdout()).isEqualTo("{\"params\":{\"q\":\"a\\\"b\",\"n\":[1,2.0]},\"records\":2}\n");
    }

    @Test
    void primesCountsThePrimesUpToN() {
        assertThat(run("primes", "{\"params\": {\"n\": 10000}}").json().toString())
                .isEqualTo("{\"n\":10000,\"count\":1229,\"largest\":9973}");
        assertThat(run("primes", "{\"params\": {\"n\": 2}}").json().toString())
                .isEqualTo("{\"n\":2,\"count\":1,\"largest\":2}");
        assertThat(run("primes", "{\"params\": {\"n\": 1}}").json().toString())
                .isEqualTo("{\"n\":1,\"count\":0,\"largest\":null}");
    }

    @Test
    void primesNeedsAnIntegerN() {
        run("primes", "{}").assertFailed(1, "params.n is required (an integer from 0 to 4294967295)");
        run("primes", "{\"params\": {\"n\": -1}}").assertFailed(1, "params.n must be an integer from 0 to 4294967295, got -1");
        run("primes", "{\"params\": {\"n\": 4294967296}}").assertFailed(1, "got 4294967296");
        run("primes", "{\"params\": {\"n\": 1.5}}").assertFailed(1, "got 1.5");
        run("primes", "{\"params\": {\"n\": \"10\"}}").assertFailed(1, "params.n must be an integer, got a string");
    }
}
