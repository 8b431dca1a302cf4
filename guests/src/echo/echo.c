/*
 * echo: shows a guest what it was given.
 *   stdin:  {"params": <any>, "records": [...]}
 *   stdout: {"params": <params exactly as given>, "records": <number of records>}
 * Numbers in params keep their digits as written, so 1.50 and 12345678901234567890 come back
 * unchanged; whitespace is not kept.
 */
#include "guest.h"

int main(void) {
    guest_input input;
    guest_read_input("echo", &input);

    json_writer out;
    json_writer_init(&out, stdout);
    json_begin_object(&out);
    json_key(&out, "params");
    json_write_value(&out, input.params);
    json_key(&out, "records");
    json_write_integer(&out, (long long)input.records->as.children.count);
    json_end_object(&out);
    guest_finish_output(&out);
    return 0;
}
