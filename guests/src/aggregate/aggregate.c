/*
 * aggregate: counts and averages per group, so that only aggregates leave the node.
 *   params:  {"group_by": "condition", "field": "age"}   (both optional; these are the defaults)
 *   records: [{"condition": "flu", "age": 34}, ...]
 *   stdout:  {"total": 2, "skipped": 1,
 *             "groups": [{"condition": "flu", "count": 2, "avg_age": 36.50}, ...]}
 * Groups are sorted by their key (byte order of the UTF-8, i.e. code point order). A record
 * counts in "total" when its group_by member is a string and its field member a finite number;
 * any other record (including one that is not an object) is counted in "skipped" instead.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "guest.h"

typedef struct {
    const char *key;
    size_t key_len;
    double value;
    size_t position; /* input order, so that equal keys keep it and sums are reproducible */
} sample;

static int compare_samples(const void *left, const void *right) {
    const sample *a = left, *b = right;
    size_t common = a->key_len < b->key_len ? a->key_len : b->key_len;
    int order = memcmp(a->key, b->key, common);
    if (order != 0) {
        return order;
    }
    if (a->key_len != b->key_len) {
        return a->key_len < b->key_len ? -1 : 1;
    }
    return a->position < b->position ? -1 : a->position > b->position;
}

static bool same_key(const sample *a, const sample *b) {
    return a->key_len == b->key_len && memcmp(a->key, b->key, a->key_len) == 0;
}

int main(void) {
    guest_input input;
    guest_read_input("aggregate", &input);
    guest_text group_by = guest_param_string(input.params, "group_by", "condition");
    guest_text field = guest_param_string(input.params, "field", "age");

    /* Output member names follow the parameters: grouping by "region" over "income" gives
     * {"region": ..., "count": ..., "avg_income": ...}. */
    char *average_name = malloc(field.len + sizeof "avg_");
    if (average_name == NULL) {
        guest_fail(GUEST_EXIT_BAD_INPUT, "out of memory");
    }
    memcpy(average_name, "avg_", 4);
    memcpy(average_name + 4, field.chars, field.len);
    size_t average_name_len = field.len + 4;
    if ((group_by.len == 5 && memcmp(group_by.chars, "count", 5) == 0)
        || (group_by.len == average_name_len && memcmp(group_by.chars, average_name, average_name_len) == 0)) {
        guest_fail(GUEST_EXIT_BAD_INPUT, "params.group_by must not be \"count\" or \"avg_<field>\": "
                                         "those names are taken in each group of the result");
    }

    /* Sorting the usable records by key turns grouping into one pass over runs of equal keys. */
    size_t record_count = input.records->as.children.count;
    sample *samples = malloc((record_count > 0 ? record_count : 1) * sizeof *samples);
    if (samples == NULL) {
        guest_fail(GUEST_EXIT_BAD_INPUT, "out of memory for %zu records", record_count);
    }
    size_t used = 0;
    size_t skipped = 0;
    for (const json_value *record = input.records->as.children.first; record != NULL; record = record->next) {
        const json_value *key = json_get_n(record, group_by.chars, group_by.len);
        const json_value *value = json_get_n(record, field.chars, field.len);
        if (key == NULL || key->type != JSON_STRING || value == NULL || value->type != JSON_NUMBER
            || !isfinite(value->as.number.value)) {
            skipped++;
            continue;
        }
        samples[used] = (sample){key->as.string.chars, key->as.string.len, value->as.number.value, used};
        used++;
    }
    qsort(samples, used, sizeof *samples, compare_samples);

    json_writer out;
    json_writer_init(&out, stdout);
    json_begin_object(&out);
    json_key(&out, "total");
    json_write_integer(&out, (long long)used);
    json_key(&out, "skipped");
    json_write_integer(&out, (long long)skipped);
    json_key(&out, "groups");
    json_begin_array(&out);
    for (size_t first = 0; first < used;) {
        size_t end = first;
        double sum = 0;
        while (end < used && same_key(&samples[first], &samples[end])) {
            sum += samples[end].value;
            end++;
        }
        size_t count = end - first;
        json_begin_object(&out);
        json_key_n(&out, group_by.chars, group_by.len);
        json_write_string_n(&out, samples[first].key, samples[first].key_len);
        json_key(&out, "count");
        json_write_integer(&out, (long long)count);
        json_key_n(&out, average_name, average_name_len);
        json_write_fixed(&out, sum / (double)count, 2);
        json_end_object(&out);
        first = end;
    }
    json_end_array(&out);
    json_end_object(&out);
    guest_finish_output(&out);
    return 0;
}
