/*
 * collection.c - reading test collections (see collection.h).
 */
#include "bench/eval/collection.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/buf.h"
#include "util/readfile.h"
#include "util/xalloc.h"

void
collection_init(collection_t *c)
{
    memset(c, 0, sizeof *c);
}

void
collection_free(collection_t *c)
{
    for (size_t i = 0; i < c->ndocs; i++) {
        free(c->docs[i].id);
        free(c->docs[i].title);
        free(c->docs[i].text);
    }
    free(c->docs);
    for (size_t i = 0; i < c->nqueries; i++) {
        free(c->queries[i].id);
        free(c->queries[i].text);
    }
    free(c->queries);
    collection_init(c);
}

/* Text with its white space runs collapsed to one space, trimmed. */
static char *
collapse(const char *s, size_t n)
{
    buf_t b = BUF_INIT;
    int space = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (isspace(ch)) {
            space = b.len > 0;
            continue;
        }
        if (space)
            buf_putc(&b, ' ');
        space = 0;
        buf_putc(&b, (char)ch);
    }
    return buf_detach(&b, NULL);
}

static char *
clean_title(const char *s, size_t n)
{
    char *t = collapse(s, n);
    size_t l = strlen(t);
    if (l >= 2 && t[l - 1] == '.' && t[l - 2] == ' ') {
        l -= 2;
        t[l] = '\0';
    }
    return t;
}

static void
add_doc(collection_t *c, char *id, char *title, char *text)
{
    c->docs = xgrow(c->docs, &c->capdocs, c->ndocs + 1, sizeof *c->docs);
    c->docs[c->ndocs].id = id;
    c->docs[c->ndocs].title = title ? title : xstrdup("");
    c->docs[c->ndocs].text = text ? text : xstrdup("");
    c->ndocs++;
}

static void
add_query(collection_t *c, char *id, char *text)
{
    c->queries = xgrow(c->queries, &c->capqueries, c->nqueries + 1, sizeof *c->queries);
    c->queries[c->nqueries].id = id;
    c->queries[c->nqueries].text = text;
    c->nqueries++;
}

/* ---- SMART ------------------------------------------------------------ */

/* One SMART record: its id and the byte ranges of its fields. */
typedef struct smart_rec {
    char *id;
    const char *field[26];      /* start of each field's text, by letter */
    size_t flen[26];
} smart_rec_t;

/* Is the line s[0..n) a field marker ".X" (optionally followed by white
 * space and, for .I, the id)?  Returns the letter or 0. */
static char
smart_marker(const char *s, size_t n)
{
    if (n < 2 || s[0] != '.' || !isupper((unsigned char)s[1]))
        return 0;
    if (n == 2)
        return s[1];
    if (!isspace((unsigned char)s[2]))
        return 0;
    if (s[1] == 'I')
        return 'I';
    for (size_t i = 2; i < n; i++)
        if (!isspace((unsigned char)s[i]))
            return 0;
    return s[1];
}

typedef int (*smart_cb)(collection_t *c, smart_rec_t *r, void *ctx);

/* Walk the records of text, calling cb for each (which takes r->id). */
static int
smart_walk(collection_t *c, const char *text, size_t len, smart_cb cb, void *ctx, char **err)
{
    smart_rec_t r;
    memset(&r, 0, sizeof r);
    int field = -1, have = 0, rc = 0;
    size_t pos = 0;
    unsigned lineno = 0;
    while (pos < len && rc == 0) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t le = nl ? (size_t)(nl - text) : len;
        lineno++;
        char m = smart_marker(text + pos, le - pos);
        if (m == 'I') {
            if (have)
                rc = cb(c, &r, ctx);
            free(r.id);
            memset(&r, 0, sizeof r);
            r.id = collapse(text + pos + 2, le - pos - 2);
            have = 1;
            field = -1;
        } else if (m) {
            if (!have) {
                *err = xasprintf("line %u: a field before the first .I", lineno);
                rc = -1;
                break;
            }
            field = m - 'A';
            r.field[field] = text + (le < len ? le + 1 : len);
            r.flen[field] = 0;
        } else if (field >= 0) {
            r.flen[field] = (le < len ? le + 1 : len) - (size_t)(r.field[field] - text);
        }
        pos = le + 1;
    }
    if (have && rc == 0)
        rc = cb(c, &r, ctx);
    free(r.id);
    return rc;
}

static int
smart_doc(collection_t *c, smart_rec_t *r, void *ctx)
{
    (void)ctx;
    int t = 'T' - 'A', w = 'W' - 'A';
    char *title = r->field[t] ? clean_title(r->field[t], r->flen[t]) : NULL;
    /* The text keeps its lines (the indexer splits it into passages). */
    char *text = r->field[w] ? xstrndup(r->field[w], r->flen[w]) : NULL;
    add_doc(c, r->id, title, text);
    r->id = NULL;
    return 0;
}

typedef struct smart_q {
    int by_position;
    unsigned n;
} smart_q_t;

static int
smart_query(collection_t *c, smart_rec_t *r, void *ctx)
{
    smart_q_t *sq = ctx;
    int w = 'W' - 'A';
    char *text = r->field[w] ? collapse(r->field[w], r->flen[w]) : xstrdup("");
    sq->n++;
    if (sq->by_position) {
        free(r->id);
        r->id = xasprintf("%u", sq->n);
    }
    add_query(c, r->id, text);
    r->id = NULL;
    return 0;
}

/* ---- TREC SGML -------------------------------------------------------- */

/* Find "<tag" followed by '>' or white space in [s, e): the start of the
 * tag, with *body set after its '>'.  NULL if none. */
static const char *
find_open(const char *s, const char *e, const char *tag, const char **body)
{
    size_t tl = strlen(tag);
    for (const char *p = s; p + tl + 2 <= e; p++) {
        if (p[0] != '<' || strncasecmp(p + 1, tag, tl) != 0)
            continue;
        char after = p[1 + tl];
        if (after != '>' && !isspace((unsigned char)after))
            continue;
        const char *gt = memchr(p, '>', (size_t)(e - p));
        if (!gt)
            return NULL;
        *body = gt + 1;
        return p;
    }
    return NULL;
}

/* The end of an element's content: its "</tag>", or e. */
static const char *
find_close(const char *s, const char *e, const char *tag)
{
    size_t tl = strlen(tag);
    for (const char *p = s; p + tl + 3 <= e; p++)
        if (p[0] == '<' && p[1] == '/' && strncasecmp(p + 2, tag, tl) == 0 && p[2 + tl] == '>')
            return p;
    return e;
}

/* The content of an element that may lack its closing tag (old TREC
 * topics): up to the next '<'. */
static char *
loose_field(const char *s, const char *e, const char *tag)
{
    const char *body;
    if (!find_open(s, e, tag, &body))
        return NULL;
    const char *end = memchr(body, '<', (size_t)(e - body));
    return collapse(body, (size_t)((end ? end : e) - body));
}

/* Text with its tags dropped, appended to b. */
static void
strip_tags(const char *s, const char *e, buf_t *b)
{
    int in_tag = 0;
    for (const char *p = s; p < e; p++) {
        if (*p == '<')
            in_tag = 1;
        else if (*p == '>' && in_tag)
            in_tag = 0;
        else if (!in_tag)
            buf_putc(b, *p);
    }
}

static int
trec_docs(collection_t *c, const char *text, size_t len, char **err)
{
    const char *p = text, *e = text + len, *body;
    while (find_open(p, e, "DOC", &body)) {
        const char *end = find_close(body, e, "DOC");
        char *id = loose_field(body, end, "DOCNO");
        if (!id || !*id) {
            free(id);
            *err = xasprintf("a <DOC> without <DOCNO> at byte %zu", (size_t)(body - text));
            return -1;
        }
        char *title = NULL;
        static const char *const titles[] = { "HEADLINE", "TITLE", "HEAD" };
        for (size_t i = 0; i < 3 && !title; i++) {
            const char *tb;
            if (find_open(body, end, titles[i], &tb)) {
                buf_t t = BUF_INIT;
                strip_tags(tb, find_close(tb, end, titles[i]), &t);
                title = collapse(buf_cstr(&t), t.len);
                buf_free(&t);
            }
        }
        buf_t txt = BUF_INIT;
        const char *q = body, *tb;
        while (find_open(q, end, "TEXT", &tb)) {
            const char *te = find_close(tb, end, "TEXT");
            strip_tags(tb, te, &txt);
            buf_putc(&txt, '\n');
            q = te < end ? te + 1 : end;
        }
        add_doc(c, id, title, buf_detach(&txt, NULL));
        p = end < e ? end + 1 : e;
    }
    return 0;
}

static int
trec_topics(collection_t *c, const char *text, size_t len, char **err)
{
    const char *p = text, *e = text + len, *body;
    while (find_open(p, e, "top", &body)) {
        const char *end = find_close(body, e, "top");
        char *num = loose_field(body, end, "num");
        char *title = loose_field(body, end, "title");
        if (!num || !*num) {
            free(num);
            free(title);
            *err = xasprintf("a <top> without <num> at byte %zu", (size_t)(body - text));
            return -1;
        }
        /* "Number: 401" */
        const char *n = num;
        if (strncasecmp(n, "Number:", 7) == 0)
            n += 7;
        while (*n == ' ')
            n++;
        const char *t = title ? title : "";
        if (strncasecmp(t, "Topic:", 6) == 0)
            t += 6;
        while (*t == ' ')
            t++;
        add_query(c, xstrdup(n), xstrdup(t));
        free(num);
        free(title);
        p = end < e ? end + 1 : e;
    }
    return 0;
}

static int
tsv_queries(collection_t *c, const char *text, size_t len, char **err)
{
    size_t pos = 0;
    unsigned lineno = 0;
    while (pos < len) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t le = nl ? (size_t)(nl - text) : len;
        lineno++;
        const char *tab = memchr(text + pos, '\t', le - pos);
        if (le > pos && !tab) {
            *err = xasprintf("line %u: expected ID<TAB>TEXT", lineno);
            return -1;
        }
        if (tab)
            add_query(c, collapse(text + pos, (size_t)(tab - text) - pos),
                      collapse(tab + 1, le - (size_t)(tab + 1 - text)));
        pos = le + 1;
    }
    return 0;
}

/* ---- Judgments ---------------------------------------------------------- */

int
coll_parse_qrels(eval_qrels_t *q, const char *format, const char *text, size_t len,
                 char **err)
{
    enum { TREC, PAIRS, CRANFIELD } kind;
    if (strcmp(format, "trec") == 0)
        kind = TREC;
    else if (strcmp(format, "pairs") == 0)
        kind = PAIRS;
    else if (strcmp(format, "cranfield") == 0)
        kind = CRANFIELD;
    else {
        *err = xasprintf("unknown judgments format '%s' (trec, pairs, cranfield)", format);
        return -1;
    }
    size_t pos = 0;
    unsigned lineno = 0;
    while (pos < len) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t le = nl ? (size_t)(nl - text) : len;
        lineno++;
        char *line = xstrndup(text + pos, le - pos);
        pos = le + 1;
        char *f[4], *save = NULL;
        size_t n = 0;
        for (char *t = strtok_r(line, " \t\r", &save); t && n < 4; t = strtok_r(NULL, " \t\r", &save))
            f[n++] = t;
        size_t need = kind == TREC ? 4 : kind == PAIRS ? 2 : 3;
        if (n == 0) {
            free(line);
            continue;
        }
        if (n < need) {
            *err = xasprintf("line %u: expected %s", lineno,
                             kind == TREC ? "QID ITER DOC GRADE" :
                             kind == PAIRS ? "QID DOC" : "QID DOC CODE");
            free(line);
            return -1;
        }
        if (kind == TREC) {
            eval_qrels_add(q, f[0], f[2], atoi(f[3]));
        } else if (kind == PAIRS) {
            eval_qrels_add(q, f[0], f[1], 1);
        } else {
            int code = atoi(f[2]);
            eval_qrels_add(q, f[0], f[1], code >= 1 && code <= 4 ? 5 - code : 0);
        }
        free(line);
    }
    return 0;
}

/* ---- Entry points ---------------------------------------------------- */

int
coll_parse_docs(collection_t *c, const char *format, const char *text, size_t len, char **err)
{
    if (strcmp(format, "smart") == 0)
        return smart_walk(c, text, len, smart_doc, NULL, err);
    if (strcmp(format, "trec") == 0)
        return trec_docs(c, text, len, err);
    *err = xasprintf("unknown documents format '%s' (smart, trec)", format);
    return -1;
}

int
coll_parse_queries(collection_t *c, const char *format, const char *text, size_t len,
                   char **err)
{
    if (strcmp(format, "smart") == 0 || strcmp(format, "smartpos") == 0) {
        smart_q_t sq = { strcmp(format, "smartpos") == 0, 0 };
        return smart_walk(c, text, len, smart_query, &sq, err);
    }
    if (strcmp(format, "trec") == 0)
        return trec_topics(c, text, len, err);
    if (strcmp(format, "tsv") == 0)
        return tsv_queries(c, text, len, err);
    *err = xasprintf("unknown queries format '%s' (smart, smartpos, trec, tsv)", format);
    return -1;
}

/* Split "FORMAT:FILE" and read the file (gzip-compressed or not). */
static int
read_spec(const char *spec, char **format, buf_t *data, char **err)
{
    const char *colon = strchr(spec, ':');
    if (!colon || colon == spec || !colon[1]) {
        *err = xasprintf("'%s': expected FORMAT:FILE", spec);
        return -1;
    }
    const char *reason = NULL;
    if (readfile(colon + 1, (uint64_t)4 << 30, data, NULL, &reason) != READFILE_OK) {
        *err = xasprintf("%s: %s", colon + 1, reason ? reason : "cannot read");
        return -1;
    }
    *format = xstrndup(spec, (size_t)(colon - spec));
    return 0;
}

int
coll_read_docs(collection_t *c, const char *spec, char **err)
{
    char *format = NULL;
    buf_t b = BUF_INIT;
    int rc = read_spec(spec, &format, &b, err);
    if (rc == 0)
        rc = coll_parse_docs(c, format, buf_cstr(&b), b.len, err);
    free(format);
    buf_free(&b);
    return rc;
}

int
coll_read_queries(collection_t *c, const char *spec, char **err)
{
    char *format = NULL;
    buf_t b = BUF_INIT;
    int rc = read_spec(spec, &format, &b, err);
    if (rc == 0)
        rc = coll_parse_queries(c, format, buf_cstr(&b), b.len, err);
    free(format);
    buf_free(&b);
    return rc;
}

int
coll_read_qrels(eval_qrels_t *q, const char *spec, char **err)
{
    char *format = NULL;
    buf_t b = BUF_INIT;
    int rc = read_spec(spec, &format, &b, err);
    if (rc == 0)
        rc = coll_parse_qrels(q, format, buf_cstr(&b), b.len, err);
    free(format);
    buf_free(&b);
    return rc;
}

int
coll_id_is_safe(const char *id)
{
    if (!*id || *id == '.')
        return 0;
    for (const char *p = id; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_' && *p != '.')
            return 0;
    return 1;
}
