/*
 * logsearch: counts the lines that contain a pattern in the files of a granted directory, and
 * shows the first few of them.
 *   params: {"dir": "/var/log/app", "pattern": "ERROR", "max_lines": 20, "ignore_case": false}
 *   stdout: {"files": 2, "lines_scanned": 1200, "matches": 7,
 *            "first": [{"file": "app.log", "line": 12, "text": "..."}, ...]}
 *
 * dir must be preopened for the guest (capability fs.read:<dir>); if it cannot be opened the
 * guest says so on stderr and exits 2. Every regular file directly inside dir is read (not
 * subdirectories, not symbolic links), in name order, so that results do not depend on the order
 * in which a runtime lists a directory. Matching is a plain substring search on bytes;
 * ignore_case folds ASCII letters only. Lines of any length are searched, in bounded memory;
 * "text" keeps the first LINE_TEXT_MAX_BYTES of a line and adds "truncated": true when it cut.
 * max_lines (default 20, at most 1000) bounds "first"; "matches" counts them all.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "guest.h"

#define LINE_TEXT_MAX_BYTES 1024
#define MAX_LINES_LIMIT 1000
#define EXIT_NO_DIRECTORY 2

/* ---------------------------------------------------------------------------------------------
 * Substring matching that consumes a line byte by byte (Knuth-Morris-Pratt), so that a line never
 * has to fit in memory and no byte is looked at twice.
 */

typedef struct {
    unsigned char *pattern; /* folded when ignore_case */
    size_t length;
    size_t *fallback; /* fallback[i]: longest proper prefix of pattern[0..i] that is also its suffix */
    bool ignore_case;
} matcher;

static unsigned char fold(const matcher *m, unsigned char c) {
    return m->ignore_case && c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

static void matcher_init(matcher *m, guest_text pattern, bool ignore_case) {
    m->length = pattern.len;
    m->ignore_case = ignore_case;
    m->pattern = malloc(pattern.len);
    m->fallback = malloc(pattern.len * sizeof *m->fallback);
    if (m->pattern == NULL || m->fallback == NULL) {
        guest_fail(GUEST_EXIT_BAD_INPUT, "out of memory for a pattern of %zu bytes", pattern.len);
    }
    for (size_t i = 0; i < pattern.len; i++) {
        m->pattern[i] = fold(m, (unsigned char)pattern.chars[i]);
    }
    m->fallback[0] = 0;
    for (size_t i = 1, k = 0; i < m->length; i++) {
        while (k > 0 && m->pattern[i] != m->pattern[k]) {
            k = m->fallback[k - 1];
        }
        if (m->pattern[i] == m->pattern[k]) {
            k++;
        }
        m->fallback[i] = k;
    }
}

/* Advances by one byte; the pattern has been found when this returns m->length. */
static size_t matcher_step(const matcher *m, size_t matched, unsigned char c) {
    c = fold(m, c);
    while (matched > 0 && m->pattern[matched] != c) {
        matched = m->fallback[matched - 1];
    }
    return m->pattern[matched] == c ? matched + 1 : matched;
}

/* ---------------------------------------------------------------------------------------------
 * The search over all files.
 */

typedef struct {
    const char *file;
    size_t line;
    char *text;
    size_t text_len;
    bool truncated;
} match;

typedef struct {
    matcher matcher;
    size_t max_lines;
    size_t files;
    size_t lines_scanned;
    size_t matches;
    match *first; /* up to max_lines */
    size_t first_count;
} search;

typedef struct {
    size_t number;  /* 1-based */
    bool has_bytes; /* so that a last line without a newline still counts */
    size_t progress; /* matcher state */
    bool matched;
    char text[LINE_TEXT_MAX_BYTES];
    size_t text_len;
    bool truncated;
} line;

static void keep_match(search *s, const char *file, const line *l) {
    size_t text_len = l->text_len;
    if (!l->truncated && text_len > 0 && l->text[text_len - 1] == '\r') {
        text_len--; /* CRLF files */
    }
    char *text = malloc(text_len > 0 ? text_len : 1);
    if (text == NULL) {
        guest_fail(GUEST_EXIT_BAD_INPUT, "out of memory keeping matching lines");
    }
    memcpy(text, l->text, text_len);
    s->first[s->first_count++] = (match){file, l->number, text, text_len, l->truncated};
}

static void end_line(search *s, const char *file, line *l) {
    s->lines_scanned++;
    if (l->matched) {
        s->matches++;
        if (s->first_count < s->max_lines) {
            keep_match(s, file, l);
        }
    }
    l->number++;
    l->has_bytes = false;
    l->progress = 0;
    l->matched = false;
    l->text_len = 0;
    l->truncated = false;
}

static void scan_file(search *s, const char *name, FILE *file) {
    static unsigned char chunk[64 * 1024]; /* static: the wasm stack is only 64 KiB */
    static line current;
    memset(&current, 0, sizeof current);
    current.number = 1;

    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, file)) > 0) {
        for (size_t i = 0; i < n; i++) {
            unsigned char c = chunk[i];
            if (c == '\n') {
                end_line(s, name, &current);
                continue;
            }
            current.has_bytes = true;
            if (current.text_len < LINE_TEXT_MAX_BYTES) {
                current.text[current.text_len++] = (char)c;
            } else {
                current.truncated = true;
            }
            if (!current.matched) {
                current.progress = matcher_step(&s->matcher, current.progress, c);
                current.matched = current.progress == s->matcher.length;
            }
        }
    }
    if (ferror(file)) {
        guest_warn("error reading %s after %zu lines; its remaining lines were not searched", name,
                   current.number - 1);
    }
    if (current.has_bytes) {
        end_line(s, name, &current);
    }
}

static char *join_path(const char *dir, const char *name) {
    size_t dir_len = strlen(dir);
    bool needs_slash = dir_len > 0 && dir[dir_len - 1] != '/';
    size_t size = dir_len + needs_slash + strlen(name) + 1;
    char *path = malloc(size);
    if (path == NULL) {
        guest_fail(GUEST_EXIT_BAD_INPUT, "out of memory");
    }
    snprintf(path, size, "%s%s%s", dir, needs_slash ? "/" : "", name);
    return path;
}

static bool is_regular_file(const char *dir, const struct dirent *entry) {
    if (entry->d_type != DT_UNKNOWN && entry->d_type != DT_REG) {
        return false;
    }
    /* Ask again without following links: some runtimes report what a link points to. */
    char *path = join_path(dir, entry->d_name);
    struct stat info;
    bool regular = lstat(path, &info) == 0 && S_ISREG(info.st_mode);
    free(path);
    return regular;
}

static int compare_names(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names of the regular files directly in dir, sorted; exits 2 when dir cannot be opened. */
static char **list_regular_files(const char *dir, size_t *count) {
    DIR *listing = opendir(dir);
    if (listing == NULL) {
        guest_fail(EXIT_NO_DIRECTORY,
                   "cannot open directory %s: %s. It must exist and be granted to this request "
                   "(capability fs.read:%s).",
                   dir, strerror(errno), dir);
    }
    char **names = NULL;
    size_t used = 0, capacity = 0;
    for (;;) {
        errno = 0;
        struct dirent *entry = readdir(listing);
        if (entry == NULL) {
            if (errno != 0) {
                guest_warn("error listing %s (%s); searching the %zu files found so far", dir,
                           strerror(errno), used);
            }
            break;
        }
        if (!is_regular_file(dir, entry)) {
            continue;
        }
        if (used == capacity) {
            capacity = capacity == 0 ? 16 : capacity * 2;
            char **bigger = realloc(names, capacity * sizeof *names);
            if (bigger == NULL) {
                guest_fail(GUEST_EXIT_BAD_INPUT, "out of memory listing %s", dir);
            }
            names = bigger;
        }
        names[used] = strdup(entry->d_name);
        if (names[used] == NULL) {
            guest_fail(GUEST_EXIT_BAD_INPUT, "out of memory listing %s", dir);
        }
        used++;
    }
    closedir(listing);
    if (used > 0) {
        qsort(names, used, sizeof *names, compare_names);
    }
    *count = used;
    return names;
}

static void write_result(const search *s) {
    json_writer out;
    json_writer_init(&out, stdout);
    json_begin_object(&out);
    json_key(&out, "files");
    json_write_integer(&out, (long long)s->files);
    json_key(&out, "lines_scanned");
    json_write_integer(&out, (long long)s->lines_scanned);
    json_key(&out, "matches");
    json_write_integer(&out, (long long)s->matches);
    json_key(&out, "first");
    json_begin_array(&out);
    for (size_t i = 0; i < s->first_count; i++) {
        const match *m = &s->first[i];
        json_begin_object(&out);
        json_key(&out, "file");
        json_write_string(&out, m->file);
        json_key(&out, "line");
        json_write_integer(&out, (long long)m->line);
        json_key(&out, "text");
        json_write_string_n(&out, m->text, m->text_len);
        if (m->truncated) {
            json_key(&out, "truncated");
            json_write_bool(&out, true);
        }
        json_end_object(&out);
    }
    json_end_array(&out);
    json_end_object(&out);
    guest_finish_output(&out);
}

int main(void) {
    guest_input input;
    guest_read_input("logsearch", &input);
    char *dir = guest_param_cstring(input.params, "dir", NULL);
    guest_text pattern = guest_param_string(input.params, "pattern", NULL);
    if (pattern.len == 0) {
        guest_fail(GUEST_EXIT_BAD_INPUT, "params.pattern must not be empty");
    }

    search s = {0};
    matcher_init(&s.matcher, pattern, guest_param_bool(input.params, "ignore_case", false));
    s.max_lines = (size_t)guest_param_integer(input.params, "max_lines", 20, 0, MAX_LINES_LIMIT);
    s.first = malloc((s.max_lines > 0 ? s.max_lines : 1) * sizeof *s.first);
    if (s.first == NULL) {
        guest_fail(GUEST_EXIT_BAD_INPUT, "out of memory");
    }

    size_t count;
    char **names = list_regular_files(dir, &count);
    for (size_t i = 0; i < count; i++) {
        char *path = join_path(dir, names[i]);
        FILE *file = fopen(path, "rb");
        if (file == NULL) {
            guest_warn("skipping %s: %s", path, strerror(errno));
        } else {
            scan_file(&s, names[i], file);
            fclose(file);
            s.files++;
        }
        free(path);
    }
    write_result(&s);
    return 0;
}
