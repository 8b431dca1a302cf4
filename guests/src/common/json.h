/*
 * A small JSON reader and writer for LIOP guests.
 *
 * The reader turns a whole document held in memory into a tree of json_value nodes. It is strict
 * (RFC 8259) and bounded: nesting deeper than JSON_MAX_DEPTH, invalid UTF-8, lone surrogates,
 * trailing data and allocation failures come back as errors with a line and column, never as a
 * crash. Strings without escapes point into the input, so the input must outlive the tree.
 *
 * The writer streams to a FILE and places commas and colons itself; whatever bytes it is handed,
 * it writes valid JSON (invalid UTF-8 becomes U+FFFD).
 */
#ifndef LIOP_GUEST_JSON_H
#define LIOP_GUEST_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Deep enough for any real payload, shallow enough that recursion stays within the wasm stack. */
#define JSON_MAX_DEPTH 64

typedef enum {
    JSON_NULL,
    JSON_FALSE,
    JSON_TRUE,
    JSON_NUMBER,
    JSON_STRING,
    JSON_ARRAY,
    JSON_OBJECT,
} json_type;

typedef struct json_value json_value;
struct json_value {
    json_type type;
    const char *key;  /* member name when the value sits in an object (UTF-8, not NUL-terminated) */
    size_t key_len;
    json_value *next; /* next element or member of the enclosing array or object */
    union {
        /* text is the number as written, so that it can be echoed without losing digits */
        struct { double value; const char *text; size_t text_len; } number;
        /* UTF-8, not NUL-terminated, may contain NUL bytes (from \u0000) */
        struct { const char *chars; size_t len; } string;
        /* elements of an array or members of an object, in input order */
        struct { json_value *first; size_t count; } children;
    } as;
};

typedef struct json_arena json_arena;

typedef struct {
    json_value *root;
    json_arena *arena; /* owns every node and every decoded string */
} json_document;

typedef struct {
    size_t offset; /* bytes from the start of the input */
    size_t line;   /* 1-based */
    size_t column; /* 1-based, in bytes */
    bool out_of_memory; /* the input may well be valid, just too large for this memory */
    char message[120];
} json_error;

/* Parses exactly one JSON value (surrounded by optional whitespace) from text[0..len). */
bool json_parse(const char *text, size_t len, json_document *doc, json_error *error);
void json_document_free(json_document *doc);

/* The member of an object named key, or NULL. With duplicate names the last one wins, as in
 * JavaScript's JSON.parse and Jackson. Returns NULL when object is not an object. */
const json_value *json_get(const json_value *object, const char *key);
const json_value *json_get_n(const json_value *object, const char *key, size_t key_len);

const char *json_type_name(json_type type);

typedef struct {
    FILE *out;
    int depth;
    bool has_items[JSON_MAX_DEPTH + 8]; /* per open container: a comma goes before the next item */
    bool after_key;
    bool failed; /* misuse or I/O error; reported by json_writer_finish */
} json_writer;

void json_writer_init(json_writer *w, FILE *out);
/* Ends the document with a newline and flushes; false when anything went wrong on the way. */
bool json_writer_finish(json_writer *w);

void json_begin_object(json_writer *w);
void json_end_object(json_writer *w);
void json_begin_array(json_writer *w);
void json_end_array(json_writer *w);
void json_key(json_writer *w, const char *key);
void json_key_n(json_writer *w, const char *key, size_t len);

void json_write_null(json_writer *w);
void json_write_bool(json_writer *w, bool value);
void json_write_integer(json_writer *w, long long value);
/* Shortest form that reads back as the same double; null when value is not finite. */
void json_write_number(json_writer *w, double value);
/* Exactly `decimals` digits after the point (2 -> 41.50); null when value is not finite. */
void json_write_fixed(json_writer *w, double value, int decimals);
void json_write_string(json_writer *w, const char *s);
void json_write_string_n(json_writer *w, const char *s, size_t len);
/* Writes a parsed value back out; numbers keep the digits they were written with. */
void json_write_value(json_writer *w, const json_value *value);

#endif
