/* JSON reader and writer for LIOP guests; see json.h for the contract. */
#include "json.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------------------------------------
 * Arena: the tree is many small nodes that all die together, so they come from large blocks.
 */

#define ARENA_BLOCK_BYTES (64 * 1024)

typedef struct arena_block {
    struct arena_block *next;
    size_t used;
    size_t size;
} arena_block;

/* Keeps the block's payload 16-byte aligned whatever the header's size. */
#define ARENA_HEADER_BYTES ((sizeof(arena_block) + 15) & ~(size_t)15)

struct json_arena {
    arena_block *head;
};

static void *arena_alloc(json_arena *arena, size_t size) {
    if (size > SIZE_MAX - ARENA_HEADER_BYTES - 8) {
        return NULL;
    }
    size = (size + 7) & ~(size_t)7;
    arena_block *block = arena->head;
    if (block == NULL || block->size - block->used < size) {
        size_t capacity = size > ARENA_BLOCK_BYTES ? size : ARENA_BLOCK_BYTES;
        block = malloc(ARENA_HEADER_BYTES + capacity);
        if (block == NULL) {
            return NULL;
        }
        block->next = arena->head;
        block->used = 0;
        block->size = capacity;
        arena->head = block;
    }
    void *memory = (unsigned char *)block + ARENA_HEADER_BYTES + block->used;
    block->used += size;
    return memory;
}

static void arena_free(json_arena *arena) {
    if (arena == NULL) {
        return;
    }
    arena_block *block = arena->head;
    while (block != NULL) {
        arena_block *next = block->next;
        free(block);
        block = next;
    }
    free(arena);
}

/* ---------------------------------------------------------------------------------------------
 * UTF-8, shared by the reader (which rejects invalid text) and the writer (which repairs it).
 */

/* Length of the well-formed UTF-8 sequence at s (RFC 3629: no overlongs, no surrogates, nothing
 * above U+10FFFF), or 0 when the bytes there are not one. */
static size_t utf8_sequence_length(const unsigned char *s, size_t available) {
    unsigned char lead = s[0];
    size_t length;
    unsigned char second_min = 0x80, second_max = 0xBF;
    if (lead < 0x80) {
        return 1;
    } else if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        if (lead == 0xE0) second_min = 0xA0; /* overlong */
        if (lead == 0xED) second_max = 0x9F; /* UTF-16 surrogates */
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        if (lead == 0xF0) second_min = 0x90; /* overlong */
        if (lead == 0xF4) second_max = 0x8F; /* above U+10FFFF */
    } else {
        return 0;
    }
    if (available < length || s[1] < second_min || s[1] > second_max) {
        return 0;
    }
    for (size_t i = 2; i < length; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            return 0;
        }
    }
    return length;
}

/* Writes code point cp as UTF-8 into out (when not NULL) and returns its length. */
static size_t utf8_encode(uint32_t cp, char *out) {
    unsigned char bytes[4];
    size_t length;
    if (cp < 0x80) {
        bytes[0] = (unsigned char)cp;
        length = 1;
    } else if (cp < 0x800) {
        bytes[0] = (unsigned char)(0xC0 | (cp >> 6));
        bytes[1] = (unsigned char)(0x80 | (cp & 0x3F));
        length = 2;
    } else if (cp < 0x10000) {
        bytes[0] = (unsigned char)(0xE0 | (cp >> 12));
        bytes[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        bytes[2] = (unsigned char)(0x80 | (cp & 0x3F));
        length = 3;
    } else {
        bytes[0] = (unsigned char)(0xF0 | (cp >> 18));
        bytes[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
        bytes[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        bytes[3] = (unsigned char)(0x80 | (cp & 0x3F));
        length = 4;
    }
    if (out != NULL) {
        memcpy(out, bytes, length);
    }
    return length;
}

/* ---------------------------------------------------------------------------------------------
 * Reader: recursive descent over the input bytes.
 */

typedef struct {
    const unsigned char *start;
    const unsigned char *at;
    const unsigned char *end;
    json_arena *arena;
    json_error *error;
    int depth;
} parser;

static bool fail_at(parser *p, const unsigned char *where, const char *format, ...) {
    json_error *error = p->error;
    error->offset = (size_t)(where - p->start);
    error->line = 1;
    error->column = 1;
    for (const unsigned char *c = p->start; c < where; c++) {
        if (*c == '\n') {
            error->line++;
            error->column = 1;
        } else {
            error->column++;
        }
    }
    va_list args;
    va_start(args, format);
    vsnprintf(error->message, sizeof error->message, format, args);
    va_end(args);
    return false;
}

/* "expected X, found Y" at the current position, Y described so that a human can find it. */
static bool fail_unexpected(parser *p, const char *expected) {
    if (p->at >= p->end) {
        return fail_at(p, p->at, "%s, found the end of the input", expected);
    }
    unsigned char c = *p->at;
    if (c > 0x20 && c < 0x7F) {
        return fail_at(p, p->at, "%s, found '%c'", expected, c);
    }
    return fail_at(p, p->at, "%s, found byte 0x%02x", expected, c);
}

static bool out_of_memory(parser *p) {
    p->error->out_of_memory = true;
    return fail_at(p, p->at, "out of memory after reading %zu bytes", (size_t)(p->at - p->start));
}

static bool is_digit(unsigned char c) {
    return c >= '0' && c <= '9';
}

static bool next_is(const parser *p, unsigned char c) {
    return p->at < p->end && *p->at == c;
}

static void skip_whitespace(parser *p) {
    while (p->at < p->end && (*p->at == ' ' || *p->at == '\t' || *p->at == '\n' || *p->at == '\r')) {
        p->at++;
    }
}

static json_value *new_value(parser *p) {
    json_value *value = arena_alloc(p->arena, sizeof *value);
    if (value != NULL) {
        memset(value, 0, sizeof *value);
    }
    return value;
}

static bool parse_value(parser *p, json_value *value);

static bool read_hex4(const unsigned char *s, uint32_t *out) {
    uint32_t value = 0;
    for (int i = 0; i < 4; i++) {
        unsigned char c = s[i];
        uint32_t digit;
        if (c >= '0' && c <= '9') digit = c - '0';
        else if (c >= 'a' && c <= 'f') digit = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F') digit = c - 'A' + 10;
        else return false;
        value = value << 4 | digit;
    }
    *out = value;
    return true;
}

/* Checks the string body s[0..end) and, when out is not NULL, writes its decoded bytes there.
 * Decoding never grows the text, so out needs at most end - s bytes. */
static bool decode_string(parser *p, const unsigned char *s, const unsigned char *end, char *out,
                          size_t *out_len) {
    size_t n = 0;
    while (s < end) {
        unsigned char c = *s;
        if (c == '\\') {
            const unsigned char *escape = s++; /* the finder guarantees a byte after '\' */
            char simple = 0;
            switch (*s) {
            case '"': simple = '"'; break;
            case '\\': simple = '\\'; break;
            case '/': simple = '/'; break;
            case 'b': simple = '\b'; break;
            case 'f': simple = '\f'; break;
            case 'n': simple = '\n'; break;
            case 'r': simple = '\r'; break;
            case 't': simple = '\t'; break;
            case 'u': {
                uint32_t cp;
                if (end - s < 5 || !read_hex4(s + 1, &cp)) {
                    return fail_at(p, escape, "invalid \\u escape: expected four hex digits");
                }
                s += 5;
                if (cp >= 0xDC00 && cp <= 0xDFFF) {
                    return fail_at(p, escape, "invalid \\u escape: a low surrogate without a high one");
                }
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    uint32_t low;
                    if (end - s < 6 || s[0] != '\\' || s[1] != 'u' || !read_hex4(s + 2, &low)
                        || low < 0xDC00 || low > 0xDFFF) {
                        return fail_at(p, escape,
                                       "invalid \\u escape: a high surrogate must be followed by a low one (\\uDC00-\\uDFFF)");
                    }
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                    s += 6;
                }
                n += utf8_encode(cp, out != NULL ? out + n : NULL);
                continue;
            }
            default:
                if (*s > 0x20 && *s < 0x7F) {
                    return fail_at(p, escape, "invalid escape '\\%c' in a string", *s);
                }
                return fail_at(p, escape, "invalid escape in a string: '\\' followed by byte 0x%02x", *s);
            }
            if (out != NULL) {
                out[n] = simple;
            }
            n++;
            s++;
        } else if (c < 0x20) {
            return fail_at(p, s, "control character 0x%02x in a string: it must be written as an escape", c);
        } else {
            size_t length = utf8_sequence_length(s, (size_t)(end - s));
            if (length == 0) {
                return fail_at(p, s, "invalid UTF-8 in a string (byte 0x%02x)", c);
            }
            if (out != NULL) {
                memcpy(out + n, s, length);
            }
            n += length;
            s += length;
        }
    }
    *out_len = n;
    return true;
}

static bool parse_string(parser *p, const char **chars, size_t *len) {
    const unsigned char *open = p->at++;
    const unsigned char *body = p->at;
    const unsigned char *close = body;
    bool has_escapes = false;
    while (close < p->end && *close != '"') {
        if (*close == '\\') {
            has_escapes = true;
            if (++close == p->end) {
                break;
            }
        }
        close++;
    }
    if (close >= p->end) {
        return fail_at(p, open, "unterminated string");
    }
    /* Strings without escapes are used where they lie; the others are decoded into the arena. */
    char *decoded = NULL;
    if (has_escapes) {
        decoded = arena_alloc(p->arena, (size_t)(close - body));
        if (decoded == NULL) {
            return out_of_memory(p);
        }
    }
    if (!decode_string(p, body, close, decoded, len)) {
        return false;
    }
    *chars = has_escapes ? decoded : (const char *)body;
    p->at = close + 1;
    return true;
}

static bool parse_number(parser *p, json_value *value) {
    const unsigned char *start = p->at;
    const unsigned char *end = p->end;
    const unsigned char *c = start;
    if (*c == '-') {
        c++;
    }
    if (c < end && *c == '0') {
        c++;
        if (c < end && is_digit(*c)) {
            return fail_at(p, start, "invalid number: leading zeros are not allowed");
        }
    } else if (c < end && is_digit(*c)) {
        while (c < end && is_digit(*c)) c++;
    } else {
        return fail_at(p, c, "invalid number: expected a digit");
    }
    if (c < end && *c == '.') {
        c++;
        if (c >= end || !is_digit(*c)) {
            return fail_at(p, c, "invalid number: expected a digit after the decimal point");
        }
        while (c < end && is_digit(*c)) c++;
    }
    if (c < end && (*c == 'e' || *c == 'E')) {
        c++;
        if (c < end && (*c == '+' || *c == '-')) c++;
        if (c >= end || !is_digit(*c)) {
            return fail_at(p, c, "invalid number: expected a digit in the exponent");
        }
        while (c < end && is_digit(*c)) c++;
    }

    /* strtod needs a terminated copy, and must not see what follows (it would read "0x1" as hex).
     * Out-of-range numbers become +-inf or 0 here; their text is kept as written. */
    size_t length = (size_t)(c - start);
    char small[64];
    char *copy = length < sizeof small ? small : arena_alloc(p->arena, length + 1);
    if (copy == NULL) {
        return out_of_memory(p);
    }
    memcpy(copy, start, length);
    copy[length] = '\0';
    value->type = JSON_NUMBER;
    value->as.number.value = strtod(copy, NULL);
    value->as.number.text = (const char *)start;
    value->as.number.text_len = length;
    p->at = c;
    return true;
}

static bool parse_literal(parser *p, const char *literal, json_type type, json_value *value) {
    size_t length = strlen(literal);
    if ((size_t)(p->end - p->at) < length || memcmp(p->at, literal, length) != 0) {
        return fail_at(p, p->at, "invalid literal: expected '%s'", literal);
    }
    value->type = type;
    p->at += length;
    return true;
}

static bool enter_container(parser *p) {
    if (p->depth >= JSON_MAX_DEPTH) {
        return fail_at(p, p->at, "nesting deeper than %d levels", JSON_MAX_DEPTH);
    }
    p->depth++;
    p->at++; /* '[' or '{' */
    return true;
}

static bool parse_array(parser *p, json_value *array) {
    array->type = JSON_ARRAY;
    if (!enter_container(p)) {
        return false;
    }
    json_value **tail = &array->as.children.first;
    skip_whitespace(p);
    if (next_is(p, ']')) {
        p->at++;
        p->depth--;
        return true;
    }
    for (;;) {
        json_value *element = new_value(p);
        if (element == NULL) {
            return out_of_memory(p);
        }
        if (!parse_value(p, element)) {
            return false;
        }
        *tail = element;
        tail = &element->next;
        array->as.children.count++;
        skip_whitespace(p);
        if (next_is(p, ',')) {
            p->at++;
        } else if (next_is(p, ']')) {
            p->at++;
            p->depth--;
            return true;
        } else {
            return fail_unexpected(p, "expected ',' or ']' after an array element");
        }
    }
}

static bool parse_object(parser *p, json_value *object) {
    object->type = JSON_OBJECT;
    if (!enter_container(p)) {
        return false;
    }
    json_value **tail = &object->as.children.first;
    skip_whitespace(p);
    if (next_is(p, '}')) {
        p->at++;
        p->depth--;
        return true;
    }
    for (;;) {
        skip_whitespace(p);
        if (!next_is(p, '"')) {
            return fail_unexpected(p, "expected a member name in double quotes");
        }
        const char *key;
        size_t key_len;
        if (!parse_string(p, &key, &key_len)) {
            return false;
        }
        skip_whitespace(p);
        if (!next_is(p, ':')) {
            return fail_unexpected(p, "expected ':' after a member name");
        }
        p->at++;
        json_value *member = new_value(p);
        if (member == NULL) {
            return out_of_memory(p);
        }
        member->key = key;
        member->key_len = key_len;
        if (!parse_value(p, member)) {
            return false;
        }
        *tail = member;
        tail = &member->next;
        object->as.children.count++;
        skip_whitespace(p);
        if (next_is(p, ',')) {
            p->at++;
        } else if (next_is(p, '}')) {
            p->at++;
            p->depth--;
            return true;
        } else {
            return fail_unexpected(p, "expected ',' or '}' after an object member");
        }
    }
}

static bool parse_value(parser *p, json_value *value) {
    skip_whitespace(p);
    if (p->at >= p->end) {
        return fail_unexpected(p, "expected a value");
    }
    switch (*p->at) {
    case '{': return parse_object(p, value);
    case '[': return parse_array(p, value);
    case '"':
        value->type = JSON_STRING;
        return parse_string(p, &value->as.string.chars, &value->as.string.len);
    case 't': return parse_literal(p, "true", JSON_TRUE, value);
    case 'f': return parse_literal(p, "false", JSON_FALSE, value);
    case 'n': return parse_literal(p, "null", JSON_NULL, value);
    default:
        if (*p->at == '-' || is_digit(*p->at)) {
            return parse_number(p, value);
        }
        return fail_unexpected(p, "expected a value");
    }
}

bool json_parse(const char *text, size_t len, json_document *doc, json_error *error) {
    memset(doc, 0, sizeof *doc);
    memset(error, 0, sizeof *error);
    parser p = {
        .start = (const unsigned char *)text,
        .at = (const unsigned char *)text,
        .end = (const unsigned char *)text + len,
        .error = error,
    };
    p.arena = calloc(1, sizeof *p.arena);
    if (p.arena == NULL) {
        return out_of_memory(&p);
    }
    json_value *root = new_value(&p);
    bool ok = root != NULL ? parse_value(&p, root) : out_of_memory(&p);
    if (ok) {
        skip_whitespace(&p);
        if (p.at < p.end) {
            ok = fail_unexpected(&p, "expected the end of the input after the JSON value");
        }
    }
    if (!ok) {
        arena_free(p.arena);
        return false;
    }
    doc->root = root;
    doc->arena = p.arena;
    return true;
}

void json_document_free(json_document *doc) {
    arena_free(doc->arena);
    doc->arena = NULL;
    doc->root = NULL;
}

const json_value *json_get_n(const json_value *object, const char *key, size_t key_len) {
    if (object == NULL || object->type != JSON_OBJECT) {
        return NULL;
    }
    const json_value *found = NULL;
    for (const json_value *member = object->as.children.first; member != NULL; member = member->next) {
        if (member->key_len == key_len && memcmp(member->key, key, key_len) == 0) {
            found = member;
        }
    }
    return found;
}

const json_value *json_get(const json_value *object, const char *key) {
    return json_get_n(object, key, strlen(key));
}

const char *json_type_name(json_type type) {
    switch (type) {
    case JSON_NULL: return "null";
    case JSON_FALSE:
    case JSON_TRUE: return "a boolean";
    case JSON_NUMBER: return "a number";
    case JSON_STRING: return "a string";
    case JSON_ARRAY: return "an array";
    case JSON_OBJECT: return "an object";
    }
    return "unknown";
}

/* ---------------------------------------------------------------------------------------------
 * Writer.
 */

#define WRITER_MAX_DEPTH ((int)(sizeof ((json_writer *)0)->has_items))

void json_writer_init(json_writer *w, FILE *out) {
    memset(w, 0, sizeof *w);
    w->out = out;
}

static void put(json_writer *w, const char *bytes, size_t length) {
    if (length > 0 && fwrite(bytes, 1, length, w->out) != length) {
        w->failed = true;
    }
}

/* Every value and every key goes through here: it writes the comma that separates items. */
static void before_item(json_writer *w) {
    if (w->after_key) {
        w->after_key = false;
        return;
    }
    if (w->depth > 0 && w->depth <= WRITER_MAX_DEPTH) {
        if (w->has_items[w->depth - 1]) {
            put(w, ",", 1);
        }
        w->has_items[w->depth - 1] = true;
    }
}

static void begin_container(json_writer *w, char open) {
    before_item(w);
    put(w, &open, 1);
    w->depth++;
    if (w->depth > WRITER_MAX_DEPTH) {
        w->failed = true; /* a guest bug, not an input problem: the reader stops much earlier */
    } else {
        w->has_items[w->depth - 1] = false;
    }
}

static void end_container(json_writer *w, char close) {
    if (w->depth == 0 || w->after_key) {
        w->failed = true;
        return;
    }
    w->depth--;
    put(w, &close, 1);
}

void json_begin_object(json_writer *w) { begin_container(w, '{'); }
void json_end_object(json_writer *w) { end_container(w, '}'); }
void json_begin_array(json_writer *w) { begin_container(w, '['); }
void json_end_array(json_writer *w) { end_container(w, ']'); }

static void put_string(json_writer *w, const unsigned char *s, size_t len) {
    const unsigned char *end = s + len;
    const unsigned char *run = s; /* start of the bytes that go out as they are */
    put(w, "\"", 1);
    while (s < end) {
        unsigned char c = *s;
        size_t length = 1;
        const char *escape = NULL;
        char hex[8];
        switch (c) {
        case '"': escape = "\\\""; break;
        case '\\': escape = "\\\\"; break;
        case '\b': escape = "\\b"; break;
        case '\f': escape = "\\f"; break;
        case '\n': escape = "\\n"; break;
        case '\r': escape = "\\r"; break;
        case '\t': escape = "\\t"; break;
        default:
            if (c < 0x20) {
                snprintf(hex, sizeof hex, "\\u%04x", c);
                escape = hex;
            } else if (c >= 0x80) {
                length = utf8_sequence_length(s, (size_t)(end - s));
                if (length == 0) {
                    escape = "\\ufffd"; /* keep the output valid whatever bytes a file holds */
                    length = 1;
                }
            }
        }
        if (escape != NULL) {
            put(w, (const char *)run, (size_t)(s - run));
            put(w, escape, strlen(escape));
            run = s + length;
        }
        s += length;
    }
    put(w, (const char *)run, (size_t)(end - run));
    put(w, "\"", 1);
}

void json_key_n(json_writer *w, const char *key, size_t len) {
    if (w->depth == 0 || w->after_key) {
        w->failed = true;
        return;
    }
    before_item(w);
    put_string(w, (const unsigned char *)key, len);
    put(w, ":", 1);
    w->after_key = true;
}

void json_key(json_writer *w, const char *key) {
    json_key_n(w, key, strlen(key));
}

static void put_item(json_writer *w, const char *text) {
    before_item(w);
    put(w, text, strlen(text));
}

void json_write_null(json_writer *w) { put_item(w, "null"); }
void json_write_bool(json_writer *w, bool value) { put_item(w, value ? "true" : "false"); }

void json_write_integer(json_writer *w, long long value) {
    char text[24];
    snprintf(text, sizeof text, "%lld", value);
    put_item(w, text);
}

void json_write_number(json_writer *w, double value) {
    if (!isfinite(value)) {
        json_write_null(w);
        return;
    }
    char text[32];
    if (value == trunc(value) && fabs(value) < 9007199254740992.0) { /* exact integers below 2^53 */
        snprintf(text, sizeof text, "%.0f", value);
    } else {
        snprintf(text, sizeof text, "%.15g", value);
        if (strtod(text, NULL) != value) {
            snprintf(text, sizeof text, "%.17g", value);
        }
    }
    put_item(w, text);
}

void json_write_fixed(json_writer *w, double value, int decimals) {
    if (!isfinite(value) || fabs(value) >= 1e15 || decimals < 0 || decimals > 15) {
        json_write_number(w, value); /* %f of a huge value would be hundreds of digits */
        return;
    }
    char text[48];
    snprintf(text, sizeof text, "%.*f", decimals, value);
    put_item(w, text);
}

void json_write_string_n(json_writer *w, const char *s, size_t len) {
    before_item(w);
    put_string(w, (const unsigned char *)s, len);
}

void json_write_string(json_writer *w, const char *s) {
    json_write_string_n(w, s, strlen(s));
}

void json_write_value(json_writer *w, const json_value *value) {
    switch (value->type) {
    case JSON_NULL: json_write_null(w); break;
    case JSON_FALSE: json_write_bool(w, false); break;
    case JSON_TRUE: json_write_bool(w, true); break;
    case JSON_NUMBER:
        if (value->as.number.text_len == 0) { /* built by hand rather than parsed */
            json_write_number(w, value->as.number.value);
            break;
        }
        before_item(w);
        put(w, value->as.number.text, value->as.number.text_len);
        break;
    case JSON_STRING: json_write_string_n(w, value->as.string.chars, value->as.string.len); break;
    case JSON_ARRAY:
        json_begin_array(w);
        for (const json_value *element = value->as.children.first; element != NULL; element = element->next) {
            json_write_value(w, element);
        }
        json_end_array(w);
        break;
    case JSON_OBJECT:
        json_begin_object(w);
        for (const json_value *member = value->as.children.first; member != NULL; member = member->next) {
            json_key_n(w, member->key, member->key_len);
            json_write_value(w, member);
        }
        json_end_object(w);
        break;
    }
}

bool json_writer_finish(json_writer *w) {
    if (w->depth != 0 || w->after_key) {
        w->failed = true;
    }
    put(w, "\n", 1);
    if (fflush(w->out) != 0 || ferror(w->out)) {
        w->failed = true;
    }
    return !w->failed;
}
