/*
 * jsoncheck.c - check `dossier search --json` output against the schema
 * documented in the README ("Output for programs").
 *
 * Reads JSON Lines on standard input.  Every line must be one strict JSON
 * value (RFC 8259: no trailing commas, no raw control characters in
 * strings, valid UTF-8, valid escapes with paired surrogates) and one of:
 *
 *   a hit       rank, path, title, date, [date_precision], date_source,
 *               [type], [author], score, passages: [{line, score, text,
 *               highlights}]
 *   a passage   (--passages) rank, path, title, date, [date_precision],
 *               date_source, [type], [author], line, score, text, highlights
 *   a facet     {"facet": "year"|"month", "counts": {VALUE: N, ...},
 *               "none"?: N}
 *   a summary   (--batch) {"query_end", "hits", "estimated", "ms", "note"?,
 *               "did_you_mean"?, "warnings"?, "missing_shards"?}, or
 *               {"query_end", "error"}
 *   a count     (-c) {"count": N}
 *   a file      (-l) {"path": PATH}
 *
 * with no other keys, each of its type; highlights are [start, end] byte
 * offsets into the text (decoded from JSON to UTF-8), start < end, on
 * character boundaries, ascending.  Prints "N lines: H hits, P passages,
 * F facets, S summaries, C counts, L files" and exits 0, or prints each problem as
 * "line N: WHAT" and exits 1.  With --words W1,W2,... every highlight's
 * bytes, with ASCII letters lowered, must be one of the words.  Used by
 * tests/cli/t-json.sh; standalone so that the tests need nothing but a C
 * compiler.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum { J_NULL, J_BOOL, J_NUM, J_INT, J_STR, J_ARR, J_OBJ } jtype_t;

typedef struct jval {
    jtype_t type;
    double num;
    char *str;               /* J_STR: decoded UTF-8 bytes */
    size_t len;
    struct jval **items;     /* J_ARR, J_OBJ (values) */
    char **keys;             /* J_OBJ */
    size_t n;
} jval_t;

typedef struct parser {
    const unsigned char *s;
    size_t n, i;
    const char *err;
} parser_t;

static void *
xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p) {
        perror("jsoncheck");
        exit(2);
    }
    return p;
}

static void
jfree(jval_t *v)
{
    if (!v)
        return;
    for (size_t i = 0; i < v->n; i++) {
        jfree(v->items[i]);
        if (v->keys)
            free(v->keys[i]);
    }
    free(v->items);
    free(v->keys);
    free(v->str);
    free(v);
}

static void
ws(parser_t *p)
{
    while (p->i < p->n && (p->s[p->i] == ' ' || p->s[p->i] == '\t' || p->s[p->i] == '\r' ||
                           p->s[p->i] == '\n'))
        p->i++;
}

static jval_t *value(parser_t *p, int depth);

static void
put_utf8(char **b, size_t *len, unsigned cp)
{
    *b = xrealloc(*b, *len + 5);
    char *o = *b + *len;
    if (cp < 0x80) {
        o[0] = (char)cp;
        *len += 1;
    } else if (cp < 0x800) {
        o[0] = (char)(0xC0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3F));
        *len += 2;
    } else if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12));
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        *len += 3;
    } else {
        o[0] = (char)(0xF0 | (cp >> 18));
        o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[3] = (char)(0x80 | (cp & 0x3F));
        *len += 4;
    }
}

/* Length of a valid UTF-8 sequence at s (0 if invalid). */
static size_t
utf8_len(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    size_t k;
    unsigned cp, min;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF) {
        k = 2; cp = c & 0x1F; min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        k = 3; cp = c & 0x0F; min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        k = 4; cp = c & 0x07; min = 0x10000;
    } else {
        return 0;
    }
    if (n < k)
        return 0;
    for (size_t i = 1; i < k; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return k;
}

static int
hex4(parser_t *p, unsigned *out)
{
    if (p->i + 4 > p->n)
        return -1;
    unsigned v = 0;
    for (int k = 0; k < 4; k++) {
        unsigned c = p->s[p->i++];
        v <<= 4;
        if (c >= '0' && c <= '9') v |= c - '0';
        else if (c >= 'a' && c <= 'f') v |= c - 'a' + 10;
        else if (c >= 'A' && c <= 'F') v |= c - 'A' + 10;
        else return -1;
    }
    *out = v;
    return 0;
}

static char *
string(parser_t *p, size_t *len)
{
    char *b = NULL;
    *len = 0;
    p->i++;  /* the opening quote */
    while (p->i < p->n) {
        unsigned c = p->s[p->i];
        if (c == '"') {
            p->i++;
            b = xrealloc(b, *len + 1);
            b[*len] = '\0';
            return b;
        }
        if (c < 0x20) {
            p->err = "raw control character in a string";
            free(b);
            return NULL;
        }
        if (c == '\\') {
            p->i++;
            if (p->i >= p->n)
                break;
            unsigned e = p->s[p->i++], cp;
            switch (e) {
            case '"': case '\\': case '/': put_utf8(&b, len, e); break;
            case 'b': put_utf8(&b, len, '\b'); break;
            case 'f': put_utf8(&b, len, '\f'); break;
            case 'n': put_utf8(&b, len, '\n'); break;
            case 'r': put_utf8(&b, len, '\r'); break;
            case 't': put_utf8(&b, len, '\t'); break;
            case 'u':
                if (hex4(p, &cp) != 0) {
                    p->err = "bad \\u escape";
                    free(b);
                    return NULL;
                }
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    unsigned lo;
                    if (p->i + 2 > p->n || p->s[p->i] != '\\' || p->s[p->i + 1] != 'u') {
                        p->err = "unpaired surrogate";
                        free(b);
                        return NULL;
                    }
                    p->i += 2;
                    if (hex4(p, &lo) != 0 || lo < 0xDC00 || lo > 0xDFFF) {
                        p->err = "unpaired surrogate";
                        free(b);
                        return NULL;
                    }
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                    p->err = "unpaired surrogate";
                    free(b);
                    return NULL;
                }
                put_utf8(&b, len, cp);
                break;
            default:
                p->err = "bad escape";
                free(b);
                return NULL;
            }
            continue;
        }
        size_t k = utf8_len(p->s + p->i, p->n - p->i);
        if (k == 0) {
            p->err = "invalid UTF-8 in a string";
            free(b);
            return NULL;
        }
        b = xrealloc(b, *len + k);
        memcpy(b + *len, p->s + p->i, k);
        *len += k;
        p->i += k;
    }
    p->err = "unterminated string";
    free(b);
    return NULL;
}

static jval_t *
number(parser_t *p)
{
    size_t a = p->i;
    int is_int = 1;
    if (p->i < p->n && p->s[p->i] == '-')
        p->i++;
    if (p->i < p->n && p->s[p->i] == '0')
        p->i++;
    else if (p->i < p->n && p->s[p->i] >= '1' && p->s[p->i] <= '9')
        while (p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '9')
            p->i++;
    else {
        p->err = "bad number";
        return NULL;
    }
    if (p->i < p->n && p->s[p->i] == '.') {
        is_int = 0;
        p->i++;
        if (p->i >= p->n || p->s[p->i] < '0' || p->s[p->i] > '9') {
            p->err = "bad number";
            return NULL;
        }
        while (p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '9')
            p->i++;
    }
    if (p->i < p->n && (p->s[p->i] == 'e' || p->s[p->i] == 'E')) {
        is_int = 0;
        p->i++;
        if (p->i < p->n && (p->s[p->i] == '+' || p->s[p->i] == '-'))
            p->i++;
        if (p->i >= p->n || p->s[p->i] < '0' || p->s[p->i] > '9') {
            p->err = "bad number";
            return NULL;
        }
        while (p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '9')
            p->i++;
    }
    char tmp[64];
    size_t l = p->i - a < sizeof tmp - 1 ? p->i - a : sizeof tmp - 1;
    memcpy(tmp, p->s + a, l);
    tmp[l] = '\0';
    jval_t *v = calloc(1, sizeof *v);
    v->type = is_int ? J_INT : J_NUM;
    v->num = strtod(tmp, NULL);
    return v;
}

static jval_t *
value(parser_t *p, int depth)
{
    ws(p);
    if (p->i >= p->n) {
        p->err = "unexpected end";
        return NULL;
    }
    if (depth > 64) {
        p->err = "nested too deep";
        return NULL;
    }
    unsigned c = p->s[p->i];
    jval_t *v;
    if (c == '{' || c == '[') {
        v = calloc(1, sizeof *v);
        v->type = c == '{' ? J_OBJ : J_ARR;
        p->i++;
        ws(p);
        if (p->i < p->n && p->s[p->i] == (c == '{' ? '}' : ']')) {
            p->i++;
            return v;
        }
        for (;;) {
            char *key = NULL;
            size_t kl;
            if (c == '{') {
                ws(p);
                if (p->i >= p->n || p->s[p->i] != '"') {
                    p->err = "expected a key";
                    jfree(v);
                    return NULL;
                }
                if (!(key = string(p, &kl))) {
                    jfree(v);
                    return NULL;
                }
                ws(p);
                if (p->i >= p->n || p->s[p->i] != ':') {
                    p->err = "expected ':'";
                    free(key);
                    jfree(v);
                    return NULL;
                }
                p->i++;
            }
            jval_t *item = value(p, depth + 1);
            if (!item) {
                free(key);
                jfree(v);
                return NULL;
            }
            v->items = xrealloc(v->items, (v->n + 1) * sizeof *v->items);
            if (c == '{') {
                v->keys = xrealloc(v->keys, (v->n + 1) * sizeof *v->keys);
                for (size_t k = 0; k < v->n; k++)
                    if (strcmp(v->keys[k], key) == 0)
                        p->err = "duplicate key";
                v->keys[v->n] = key;
            }
            v->items[v->n++] = item;
            ws(p);
            if (p->i < p->n && p->s[p->i] == ',') {
                p->i++;
                continue;
            }
            if (p->i < p->n && p->s[p->i] == (c == '{' ? '}' : ']')) {
                p->i++;
                if (p->err) {
                    jfree(v);
                    return NULL;
                }
                return v;
            }
            p->err = "expected ',' or a closing bracket";
            jfree(v);
            return NULL;
        }
    }
    if (c == '"') {
        v = calloc(1, sizeof *v);
        v->type = J_STR;
        if (!(v->str = string(p, &v->len))) {
            free(v);
            return NULL;
        }
        return v;
    }
    static const struct { const char *w; jtype_t t; double n; } lits[] = {
        { "null", J_NULL, 0 }, { "true", J_BOOL, 1 }, { "false", J_BOOL, 0 } };
    for (size_t k = 0; k < 3; k++) {
        size_t l = strlen(lits[k].w);
        if (p->n - p->i >= l && memcmp(p->s + p->i, lits[k].w, l) == 0) {
            p->i += l;
            v = calloc(1, sizeof *v);
            v->type = lits[k].t;
            v->num = lits[k].n;
            return v;
        }
    }
    return number(p);
}

/* ---- Schema ---------------------------------------------------------- */

static long lineno;
static int problems;
static const char *words;   /* --words */

/* Is text[a, z) (ASCII letters lowered) one of the comma-separated words? */
static int
is_word(const char *text, size_t a, size_t z)
{
    for (const char *w = words; *w;) {
        const char *e = strchr(w, ',');
        size_t n = e ? (size_t)(e - w) : strlen(w);
        if (n == z - a) {
            size_t i = 0;
            while (i < n) {
                char c = text[a + i];
                if (c >= 'A' && c <= 'Z')
                    c = (char)(c + 32);
                if (c != w[i])
                    break;
                i++;
            }
            if (i == n)
                return 1;
        }
        w += n;
        if (*w == ',')
            w++;
    }
    return 0;
}

static void
problem(const char *fmt, const char *a)
{
    printf("line %ld: ", lineno);
    printf(fmt, a);
    putchar('\n');
    problems++;
}

static const jval_t *
get(const jval_t *o, const char *key)
{
    for (size_t i = 0; i < o->n; i++)
        if (strcmp(o->keys[i], key) == 0)
            return o->items[i];
    return NULL;
}

static int
is_date(const char *s)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return 0;
    int m = atoi(s + 5), d = atoi(s + 8);
    return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/* Keys of o must all be in the NULL-terminated list allowed. */
static void
only_keys(const jval_t *o, const char *const *allowed, const char *what)
{
    for (size_t i = 0; i < o->n; i++) {
        int ok = 0;
        for (const char *const *a = allowed; *a; a++)
            if (strcmp(*a, o->keys[i]) == 0)
                ok = 1;
        if (!ok) {
            char msg[256];
            snprintf(msg, sizeof msg, "%s has an undocumented key '%s'", what, o->keys[i]);
            problem("%s", msg);
        }
    }
}

static void
need(const jval_t *o, const char *key, jtype_t type, const char *what)
{
    const jval_t *v = get(o, key);
    char msg[256];
    if (!v) {
        snprintf(msg, sizeof msg, "%s lacks '%s'", what, key);
        problem("%s", msg);
    } else if (!(v->type == type || (type == J_NUM && v->type == J_INT))) {
        snprintf(msg, sizeof msg, "%s: '%s' has the wrong type", what, key);
        problem("%s", msg);
    }
}

static void
check_doc_fields(const jval_t *o, const char *what)
{
    need(o, "rank", J_INT, what);
    need(o, "path", J_STR, what);
    need(o, "title", J_STR, what);
    need(o, "date_source", J_STR, what);
    need(o, "score", J_NUM, what);
    const jval_t *rank = get(o, "rank"), *path = get(o, "path"), *date = get(o, "date");
    const jval_t *src = get(o, "date_source");
    if (rank && rank->type == J_INT && rank->num < 1)
        problem("%s: rank below 1", what);
    if (path && path->type == J_STR && path->len == 0)
        problem("%s: empty path", what);
    if (!date)
        problem("%s lacks 'date'", what);
    else if (!(date->type == J_NULL || (date->type == J_STR && is_date(date->str))))
        problem("%s: 'date' is neither YYYY-MM-DD nor null", what);
    if (src && src->type == J_STR) {
        static const char *const names[] = { "metadata", "dateline", "filename", "mention",
                                             "mtime", "none" };
        int ok = 0;
        for (size_t i = 0; i < 6; i++)
            if (strcmp(src->str, names[i]) == 0)
                ok = 1;
        if (!ok)
            problem("%s: unknown date_source", what);
    }
    const jval_t *prec = get(o, "date_precision");
    if (prec && !(prec->type == J_STR && strcmp(prec->str, "year") == 0))
        problem("%s: 'date_precision' is not \"year\"", what);
    if (get(o, "type"))
        need(o, "type", J_STR, what);
    if (get(o, "author"))
        need(o, "author", J_STR, what);
}

/* A passage's line, score, text and highlights. */
static void
check_passage_fields(const jval_t *o, const char *what)
{
    need(o, "line", J_INT, what);
    need(o, "highlight_line", J_INT, what);
    need(o, "score", J_NUM, what);
    need(o, "text", J_STR, what);
    need(o, "highlights", J_ARR, what);
    const jval_t *line = get(o, "line"), *text = get(o, "text"), *hl = get(o, "highlights");
    if (line && line->type == J_INT && line->num < 1)
        problem("%s: line below 1", what);
    const jval_t *hline = get(o, "highlight_line");
    if (line && hline && line->type == J_INT && hline->type == J_INT && hline->num < line->num)
        problem("%s: highlight_line above the passage's line", what);
    if (!text || text->type != J_STR || !hl || hl->type != J_ARR)
        return;
    double prev_end = 0;
    for (size_t i = 0; i < hl->n; i++) {
        const jval_t *pair = hl->items[i];
        if (pair->type != J_ARR || pair->n != 2 || pair->items[0]->type != J_INT ||
            pair->items[1]->type != J_INT) {
            problem("%s: a highlight is not [start, end]", what);
            continue;
        }
        double a = pair->items[0]->num, z = pair->items[1]->num;
        if (!(a >= 0 && a < z && z <= (double)text->len)) {
            problem("%s: a highlight is outside the text", what);
            continue;
        }
        if (a < prev_end)
            problem("%s: highlights overlap or go backwards", what);
        prev_end = z;
        const unsigned char *t = (const unsigned char *)text->str;
        if ((t[(size_t)a] & 0xC0) == 0x80 || (z < (double)text->len && (t[(size_t)z] & 0xC0) == 0x80))
            problem("%s: a highlight cuts a character", what);
        else if (words && !is_word(text->str, (size_t)a, (size_t)z))
            problem("%s: a highlight is not one of the words", what);
    }
}

static const char *const hit_keys[] = { "rank", "path", "title", "date", "date_precision",
                                        "date_source", "type", "author", "score", "passages",
                                        NULL };
static const char *const passage_keys[] = { "rank", "path", "title", "date", "date_precision",
                                            "date_source", "type", "author", "line",
                                            "highlight_line", "score", "text", "highlights",
                                            NULL };
static const char *const hit_passage_keys[] = { "line", "highlight_line", "score", "text",
                                                "highlights", NULL };
static const char *const facet_keys[] = { "facet", "counts", "none", NULL };
static const char *const end_keys[] = { "query_end", "hits", "estimated", "ms", "note",
                                        "did_you_mean", "warnings", "missing_shards", NULL };
static const char *const failed_end_keys[] = { "query_end", "error", NULL };
static const char *const count_keys[] = { "count", NULL };
static const char *const file_keys[] = { "path", NULL };

int
main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--words") == 0) {
        words = argv[2];
    } else if (argc != 1) {
        fprintf(stderr, "usage: dossier-jsoncheck [--words W1,W2,...] < JSON-LINES\n");
        return 2;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    long hits = 0, passages = 0, facets = 0, ends = 0, counts = 0, files = 0;
    while ((len = getline(&line, &cap, stdin)) > 0) {
        lineno++;
        if (line[len - 1] == '\n')
            len--;
        parser_t p = { (const unsigned char *)line, (size_t)len, 0, NULL };
        jval_t *v = value(&p, 0);
        if (v) {
            ws(&p);
            if (p.i != p.n)
                p.err = "text after the value";
        }
        if (!v || p.err) {
            problem("not valid JSON: %s", p.err ? p.err : "?");
            jfree(v);
            continue;
        }
        if (v->type != J_OBJ) {
            problem("%s", "not an object");
        } else if (get(v, "passages")) {
            hits++;
            only_keys(v, hit_keys, "a hit");
            check_doc_fields(v, "a hit");
            need(v, "passages", J_ARR, "a hit");
            const jval_t *ps = get(v, "passages");
            for (size_t i = 0; ps->type == J_ARR && i < ps->n; i++) {
                if (ps->items[i]->type != J_OBJ) {
                    problem("%s", "a passage of a hit is not an object");
                    continue;
                }
                only_keys(ps->items[i], hit_passage_keys, "a hit's passage");
                check_passage_fields(ps->items[i], "a hit's passage");
            }
        } else if (get(v, "line")) {
            passages++;
            only_keys(v, passage_keys, "a passage");
            check_doc_fields(v, "a passage");
            check_passage_fields(v, "a passage");
        } else if (get(v, "facet")) {
            facets++;
            only_keys(v, facet_keys, "a facet");
            need(v, "facet", J_STR, "a facet");
            need(v, "counts", J_OBJ, "a facet");
            const jval_t *f = get(v, "facet"), *c = get(v, "counts");
            if (f->type == J_STR && strcmp(f->str, "year") && strcmp(f->str, "month"))
                problem("%s", "a facet is neither year nor month");
            for (size_t i = 0; c && c->type == J_OBJ && i < c->n; i++) {
                size_t kl = strlen(c->keys[i]);
                if (c->items[i]->type != J_INT || c->items[i]->num < 1)
                    problem("%s", "a facet count is not a positive integer");
                if (!(kl == 4 || (kl == 7 && c->keys[i][4] == '-')))
                    problem("%s", "a facet value is neither YYYY nor YYYY-MM");
            }
            const jval_t *none = get(v, "none");
            if (none && (none->type != J_INT || none->num < 1))
                problem("%s", "a facet's none is not a positive integer");
        } else if (get(v, "query_end") && get(v, "error")) {
            ends++;
            only_keys(v, failed_end_keys, "a failed query's summary");
            need(v, "query_end", J_STR, "a failed query's summary");
            need(v, "error", J_STR, "a failed query's summary");
        } else if (get(v, "query_end")) {
            ends++;
            only_keys(v, end_keys, "a summary");
            need(v, "query_end", J_STR, "a summary");
            need(v, "hits", J_INT, "a summary");
            need(v, "estimated", J_INT, "a summary");
            need(v, "ms", J_NUM, "a summary");
            const jval_t *note = get(v, "note");
            if (note && note->type != J_STR)
                problem("%s", "a summary's note is not a string");
            const jval_t *w = get(v, "warnings");
            if (w && w->type != J_ARR)
                problem("%s", "a summary's warnings are not an array");
            const jval_t *dym = get(v, "did_you_mean");
            if (dym && dym->type != J_OBJ)
                problem("%s", "a summary's did_you_mean is not an object");
            const jval_t *ms = get(v, "missing_shards");
            if (ms && ms->type != J_ARR)
                problem("%s", "a summary's missing_shards are not an array");
        } else if (get(v, "count")) {
            counts++;
            only_keys(v, count_keys, "a count");
            need(v, "count", J_INT, "a count");
            const jval_t *c = get(v, "count");
            if (c->type == J_INT && c->num < 0)
                problem("%s", "a count below 0");
        } else if (get(v, "path")) {
            files++;
            only_keys(v, file_keys, "a file");
            need(v, "path", J_STR, "a file");
            const jval_t *path = get(v, "path");
            if (path->type == J_STR && path->len == 0)
                problem("%s", "a file with an empty path");
        } else {
            problem("%s", "an object of no documented kind");
        }
        jfree(v);
    }
    free(line);
    if (problems)
        return 1;
    printf("%ld lines: %ld hits, %ld passages, %ld facets, %ld summaries, %ld counts, %ld files\n",
           lineno, hits, passages, facets, ends, counts, files);
    return 0;
}
