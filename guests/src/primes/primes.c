/*
 * primes: counts the primes up to n, a compute-bound guest for benchmarks.
 *   params: {"n": <integer from 0 to 4294967295>}
 *   stdout: {"n": n, "count": <primes <= n>, "largest": <the largest of them, or null>}
 * Trial division on purpose, not a sieve: the work is integer arithmetic in tight loops over
 * almost no memory, so the run time measures the engine (and its fuel metering), not memory.
 * The work grows like n^1.5 / ln n: n = 10^5 takes 1.3 million divisions, n = 10^6
 * 34 million, n = 10^7 870 million.
 */
#include <stdbool.h>
#include <stdint.h>

#include "guest.h"

static bool is_odd_prime(uint64_t candidate) {
    for (uint64_t divisor = 3; divisor * divisor <= candidate; divisor += 2) {
        if (candidate % divisor == 0) {
            return false;
        }
    }
    return true;
}

int main(void) {
    guest_input input;
    guest_read_input("primes", &input);
    uint64_t n = (uint64_t)guest_param_required_integer(input.params, "n", 0, UINT32_MAX);

    uint64_t count = 0;
    uint64_t largest = 0;
    if (n >= 2) {
        count = 1;
        largest = 2;
    }
    for (uint64_t candidate = 3; candidate <= n; candidate += 2) {
        if (is_odd_prime(candidate)) {
            count++;
            largest = candidate;
        }
    }

    json_writer out;
    json_writer_init(&out, stdout);
    json_begin_object(&out);
    json_key(&out, "n");
    json_write_integer(&out, (long long)n);
    json_key(&out, "count");
    json_write_integer(&out, (long long)count);
    json_key(&out, "largest");
    if (largest == 0) {
        json_write_null(&out);
    } else {
        json_write_integer(&out, (long long)largest);
    }
    json_end_object(&out);
    guest_finish_output(&out);
    return 0;
}
