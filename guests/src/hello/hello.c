/*
 * hello: the smallest guest there is. It ignores stdin and prints {"hello":"world"}; use it to
 * check that a node runs guests at all.
 */
#include <stdio.h>

int main(void) {
    return puts("{\"hello\":\"world\"}") < 0 ? 3 : 0;
}
