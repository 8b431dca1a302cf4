/*
 * What every LIOP guest does first and last: read {"params": ..., "records": [...]} from stdin,
 * check its shape, pick out named parameters, and on bad input say why on stderr and exit
 * non-zero. See ../../README.md for the guest ABI.
 */
#ifndef LIOP_GUEST_GUEST_H
#define LIOP_GUEST_GUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdnoreturn.h>

#include "json.h"

/* The node caps a guest's memory (64 MiB by default); the parsed tree needs room beside the text. */
#define GUEST_INPUT_MAX_BYTES (16u << 20)

/* Exit code for input the guest cannot work with: malformed JSON, missing or mistyped params. */
#define GUEST_EXIT_BAD_INPUT 1

typedef struct {
    json_document doc;
    const json_value *params;  /* as given; a JSON null when absent, never NULL */
    const json_value *records; /* an array, empty when absent or null, never NULL */
} guest_input;

/* Reads and checks stdin; on failure prints "<name>: <why>" and exits with GUEST_EXIT_BAD_INPUT.
 * name also prefixes every later guest_fail and guest_warn message. */
void guest_read_input(const char *name, guest_input *input);

noreturn void guest_fail(int exit_code, const char *format, ...);
void guest_warn(const char *format, ...);

/* Ends the result on stdout; exits 3 with a message if it could not be written. */
void guest_finish_output(json_writer *w);

/*
 * Named parameters. params may be an object or null (then every parameter takes its default, as
 * does a parameter given as null); anything else, or a parameter of the wrong type or out of range,
 * ends the guest with a message that names the parameter.
 */
typedef struct {
    const char *chars; /* UTF-8, not NUL-terminated */
    size_t len;
} guest_text;

const json_value *guest_param(const json_value *params, const char *name); /* NULL when absent */
/* fallback NULL makes the parameter required. */
guest_text guest_param_string(const json_value *params, const char *name, const char *fallback);
/* The same as a NUL-terminated copy, for C APIs such as opendir; rejects embedded NUL bytes. */
char *guest_param_cstring(const json_value *params, const char *name, const char *fallback);
long long guest_param_integer(const json_value *params, const char *name, long long fallback,
                              long long min, long long max);
long long guest_param_required_integer(const json_value *params, const char *name, long long min,
                                       long long max);
bool guest_param_bool(const json_value *params, const char *name, bool fallback);

#endif
