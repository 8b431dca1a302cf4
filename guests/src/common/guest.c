/* Input, output and parameters shared by the LIOP sample guests; see guest.h. */
#include "guest.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *guest_name = "guest";

static const json_value null_value = {.type = JSON_NULL};
static const json_value empty_array = {.type = JSON_ARRAY};

static void vreport(const char *format, va_list args) {
    fprintf(stderr, "%s: ", guest_name);
    vfprintf(stderr, format, args);
    fputc('\n', stderr);
}

noreturn void guest_fail(int exit_code, const char *format, ...) {
    va_list args;
    va_start(args, format);
    vreport(format, args);
    va_end(args);
    exit(exit_code);
}

void guest_warn(const char *format, ...) {
    va_list args;
    va_start(args, format);
    vreport(format, args);
    va_end(args);
}

/* All of stdin, up to GUEST_INPUT_MAX_BYTES: the parser needs the whole document at once. */
static char *read_stdin(size_t *out_len) {
    size_t capacity = 64 * 1024;
    size_t len = 0;
    char *buffer = malloc(capacity);
    if (buffer == NULL) {
        guest_fail(GUEST_EXIT_BAD_INPUT, "out of memory before reading stdin");
    }
    for (;;) {
        if (len == capacity) {
            if (capacity > GUEST_INPUT_MAX_BYTES) {
                guest_fail(GUEST_EXIT_BAD_INPUT, "stdin is larger than %u bytes; send fewer records",
                           GUEST_INPUT_MAX_BYTES);
            }
            /* One byte past the limit is enough to tell that the input is too large. */
            size_t grown = capacity * 2 > GUEST_INPUT_MAX_BYTES ? GUEST_INPUT_MAX_BYTES + 1 : capacity * 2;
            char *bigger = realloc(buffer, grown);
            if (bigger == NULL) {
                guest_fail(GUEST_EXIT_BAD_INPUT, "out of memory after reading %zu bytes of stdin", len);
            }
            buffer = bigger;
            capacity = grown;
        }
        size_t n = fread(buffer + len, 1, capacity - len, stdin);
        len += n;
        if (n == 0) {
            if (ferror(stdin)) {
                guest_fail(GUEST_EXIT_BAD_INPUT, "cannot read stdin");
            }
            break;
        }
    }
    *out_len = len;
    return buffer;
}

void guest_read_input(const char *name, guest_input *input) {
    guest_name = name;
    size_t len;
    char *text = read_stdin(&len); /* stays allocated: the tree points into it */

    json_error error;
    if (!json_parse(text, len, &input->doc, &error)) {
        if (error.out_of_memory) {
            guest_fail(GUEST_EXIT_BAD_INPUT, "stdin (%zu bytes) is too large to parse in this guest's memory: %s",
                       len, error.message);
        }
        guest_fail(GUEST_EXIT_BAD_INPUT, "stdin is not valid JSON: line %zu, column %zu: %s",
                   error.line, error.column, error.message);
    }
    const json_value *root = input->doc.root;
    if (root->type != JSON_OBJECT) {
        guest_fail(GUEST_EXIT_BAD_INPUT,
                   "stdin must be a JSON object {\"params\": ..., \"records\": [...]}, got %s",
                   json_type_name(root->type));
    }
    const json_value *params = json_get(root, "params");
    input->params = params != NULL ? params : &null_value;

    const json_value *records = json_get(root, "records");
    if (records == NULL || records->type == JSON_NULL) {
        input->records = &empty_array;
    } else if (records->type == JSON_ARRAY) {
        input->records = records;
    } else {
        guest_fail(GUEST_EXIT_BAD_INPUT, "\"records\" must be an array of records, got %s",
                   json_type_name(records->type));
    }
}

void guest_finish_output(json_writer *w) {
    if (!json_writer_finish(w)) {
        guest_fail(3, "cannot write the result to stdout");
    }
}

const json_value *guest_param(const json_value *params, const char *name) {
    if (params->type == JSON_NULL) {
        return NULL;
    }
    if (params->type != JSON_OBJECT) {
        guest_fail(GUEST_EXIT_BAD_INPUT, "params must be an object, got %s", json_type_name(params->type));
    }
    const json_value *value = json_get(params, name);
    return value != NULL && value->type != JSON_NULL ? value : NULL;
}

static noreturn void fail_wrong_type(const char *name, const char *expected, const json_value *value) {
    guest_fail(GUEST_EXIT_BAD_INPUT, "params.%s must be %s, got %s", name, expected, json_type_name(value->type));
}

guest_text guest_param_string(const json_value *params, const char *name, const char *fallback) {
    const json_value *value = guest_param(params, name);
    if (value == NULL) {
        if (fallback == NULL) {
            guest_fail(GUEST_EXIT_BAD_INPUT, "params.%s is required", name);
        }
        return (guest_text){fallback, strlen(fallback)};
    }
    if (value->type != JSON_STRING) {
        fail_wrong_type(name, "a string", value);
    }
    return (guest_text){value->as.string.chars, value->as.string.len};
}

char *guest_param_cstring(const json_value *params, const char *name, const char *fallback) {
    guest_text text = guest_param_string(params, name, fallback);
    if (memchr(text.chars, '\0', text.len) != NULL) {
        guest_fail(GUEST_EXIT_BAD_INPUT, "params.%s must not contain NUL characters", name);
    }
    char *copy = malloc(text.len + 1);
    if (copy == NULL) {
        guest_fail(GUEST_EXIT_BAD_INPUT, "out of memory copying params.%s", name);
    }
    memcpy(copy, text.chars, text.len);
    copy[text.len] = '\0';
    return copy;
}

static long long integer_in_range(const char *name, const json_value *value, long long min, long long max) {
    if (value->type != JSON_NUMBER) {
        fail_wrong_type(name, "an integer", value);
    }
    double number = value->as.number.value;
    /* The range test comes first so that the conversion below cannot overflow. */
    if (!(number >= (double)min && number <= (double)max) || number != trunc(number)) {
        guest_fail(GUEST_EXIT_BAD_INPUT, "params.%s must be an integer from %lld to %lld, got %.*s", name,
                   min, max, (int)(value->as.number.text_len > 40 ? 40 : value->as.number.text_len),
                   value->as.number.text);
    }
    return (long long)number;
}

long long guest_param_integer(const json_value *params, const char *name, long long fallback,
                              long long min, long long max) {
    const json_value *value = guest_param(params, name);
    return value == NULL ? fallback : integer_in_range(name, value, min, max);
}

long long guest_param_required_integer(const json_value *params, const char *name, long long min,
                                       long long max) {
    const json_value *value = guest_param(params, name);
    if (value == NULL) {
        guest_fail(GUEST_EXIT_BAD_INPUT, "params.%s is required (an integer from %lld to %lld)", name, min, max);
    }
    return integer_in_range(name, value, min, max);
}

bool guest_param_bool(const json_value *params, const char *name, bool fallback) {
    const json_value *value = guest_param(params, name);
    if (value == NULL) {
        return fallback;
    }
    if (value->type != JSON_TRUE && value->type != JSON_FALSE) {
        fail_wrong_type(name, "true or false", value);
    }
    return value->type == JSON_TRUE;
}
