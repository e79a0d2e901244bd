/*
 * ixdump.c - a canonical, docid-independent dump of a Dossier index, for
 * the reliability tests.
 *
 *   ixdump docs INDEX   one line per document: "SHARD HASH PATH", where
 *                       HASH covers everything Xapian holds for the
 *                       document (terms, wdf, positions, values, data);
 *                       sorted by shard and path.
 *   ixdump full INDEX   the "docs" lines, then every term of the index
 *                       with its term frequency and collection frequency
 *                       (whole index), then every metadata entry of every
 *                       shard (stem lists sorted), then the document
 *                       count and total length.
 *
 * Two indexes built from the same files are equal when their full dumps
 * are equal, however their batches were committed and their documents
 * numbered.  Exit status: 0, or 2 when the index cannot be read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "binding/dx.h"
#include "lib/schema.h"
#include "util/buf.h"
#include "util/hashmap.h"
#include "util/msg.h"
#include "util/path.h"
#include "util/xalloc.h"

typedef struct strvec {
    char **v;
    size_t n, cap;
} strvec_t;

static void
sv_push(strvec_t *s, char *str)
{
    s->v = xgrow(s->v, &s->cap, s->n + 1, sizeof *s->v);
    s->v[s->n++] = str;
}

static void
sv_free(strvec_t *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i]);
    free(s->v);
    memset(s, 0, sizeof *s);
}

static int
cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
die(const char *what, dx_status_t st, const char *detail)
{
    fprintf(stderr, "ixdump: %s: %s (%s)\n", what, dx_status_string(st),
            detail ? detail : "");
    exit(2);
}

/* The number of local shards, from INDEX/config. */
static unsigned
read_shards(const char *dir)
{
    char *p = path_join(dir, "config");
    FILE *f = fopen(p, "r");
    if (!f) {
        fprintf(stderr, "ixdump: %s: cannot open\n", p);
        exit(2);
    }
    unsigned n = 0;
    char line[512];
    while (fgets(line, sizeof line, f))
        if (sscanf(line, " shards = %u", &n) == 1)
            break;
    fclose(f);
    free(p);
    if (n == 0) {
        fprintf(stderr, "ixdump: %s: no shard count in config\n", dir);
        exit(2);
    }
    return n;
}

typedef struct termctx {
    dx_db_t *db;
    dx_docid_t docid;
    buf_t *out;
    int failed;
} termctx_t;

/* One term of a document: term, wdf and positions, into the hashed text. */
static int
doc_term(const char *term, size_t len, unsigned wdf, void *ctx)
{
    termctx_t *t = ctx;
    buf_append(t->out, term, len);
    buf_printf(t->out, "\t%u", wdf);
    char *z = xstrndup(term, len);
    unsigned *pos = NULL;
    size_t n = 0;
    dx_status_t st = dx_db_positions(t->db, t->docid, z, &pos, &n);
    free(z);
    if (st != DX_OK && st != DX_ERR_NOT_FOUND) {
        t->failed = 1;
        return 1;
    }
    for (size_t i = 0; i < n; i++)
        buf_printf(t->out, " %u", pos[i]);
    free(pos);
    buf_putc(t->out, '\n');
    return 0;
}

/* The stored path of a document, from its SLOT_SYNC value. */
static char *
sync_path(const char *v, size_t len)
{
    bufreader_t r;
    bufreader_init(&r, v, len);
    for (int i = 0; i < 5; i++)
        bufreader_varint(&r);
    if (r.bad)
        return xstrdup("(bad sync value)");
    /* The path ends at the NUL before the flags, if any. */
    const char *nul = memchr(r.p, '\0', (size_t)(r.end - r.p));
    return xstrndup((const char *)r.p,
                    (size_t)((nul ? nul : (const char *)r.end) - (const char *)r.p));
}

/* Every document of one shard as "SHARD HASH PATH" lines. */
static void
dump_docs(dx_db_t *db, unsigned shard, strvec_t *lines)
{
    dx_docid_t last = dx_db_lastdocid(db);
    buf_t text = BUF_INIT;
    for (dx_docid_t id = 1; id <= last && id != 0; id++) {
        dx_doc_t *doc = NULL;
        dx_status_t st = dx_db_get_doc(db, id, &doc);
        if (st == DX_ERR_NOT_FOUND)
            continue;
        if (st != DX_OK)
            die("read a document", st, dx_db_error(db));
        buf_clear(&text);
        termctx_t t = { db, id, &text, 0 };
        st = dx_db_termlist(db, id, doc_term, &t);
        if (st != DX_OK || t.failed)
            die("read a term list", st, dx_db_error(db));
        char *path = NULL;
        for (unsigned slot = 0; slot <= SLOT_SYNC; slot++) {
            char *v = NULL;
            size_t vl = 0;
            st = dx_doc_get_value(doc, slot, &v, &vl);
            if (st != DX_OK)
                die("read a value", st, dx_doc_error(doc));
            buf_printf(&text, "value %u %zu:", slot, vl);
            buf_append(&text, v, vl);
            buf_putc(&text, '\n');
            if (slot == SLOT_SYNC)
                path = sync_path(v, vl);
            free(v);
        }
        char *data = NULL;
        size_t dl = 0;
        st = dx_doc_get_data(doc, &data, &dl);
        if (st != DX_OK)
            die("read document data", st, dx_doc_error(doc));
        buf_printf(&text, "data %zu:", dl);
        buf_append(&text, data, dl);
        free(data);
        dx_doc_free(doc);
        uint64_t h = hashmap_hash(text.data ? text.data : "", text.len);
        sv_push(lines, xasprintf("%u %016llx %s", shard, (unsigned long long)h,
                                 msg_path(path)));
        free(path);
    }
    buf_free(&text);
}

static int
collect_term(const char *term, size_t len, unsigned tf, void *ctx)
{
    (void)tf;
    sv_push(ctx, xstrndup(term, len));
    return 0;
}

static int
collect_key(const char *key, size_t len, void *ctx)
{
    sv_push(ctx, xstrndup(key, len));
    return 0;
}

/* A stem list ("a b c") with its words sorted: the order in which the
 * words were first met depends on how the batches fell. */
static char *
sorted_words(const char *v, size_t len)
{
    strvec_t w = { 0 };
    const char *p = v, *end = v + len;
    while (p < end) {
        const char *sp = memchr(p, ' ', (size_t)(end - p));
        size_t n = sp ? (size_t)(sp - p) : (size_t)(end - p);
        sv_push(&w, xstrndup(p, n));
        p += n + 1;
    }
    qsort(w.v, w.n, sizeof *w.v, cmp_str);
    buf_t b = BUF_INIT;
    for (size_t i = 0; i < w.n; i++) {
        if (i)
            buf_putc(&b, ' ');
        buf_puts(&b, w.v[i]);
    }
    sv_free(&w);
    return buf_detach(&b, NULL);
}

int
main(int argc, char **argv)
{
    if (argc != 3 || (strcmp(argv[1], "docs") != 0 && strcmp(argv[1], "full") != 0)) {
        fprintf(stderr, "usage: ixdump docs|full INDEX\n");
        return 2;
    }
    int full = strcmp(argv[1], "full") == 0;
    const char *dir = argv[2];
    unsigned nshards = read_shards(dir);

    dx_db_t *group = dx_db_group_new();
    strvec_t lines = { 0 };
    for (unsigned k = 0; k < nshards; k++) {
        char name[32];
        snprintf(name, sizeof name, "shard-%u", k);
        char *p = path_join(dir, name);
        dx_db_t *db = NULL;
        char *err = NULL;
        dx_status_t st = dx_db_open(p, DX_DB_READ, 0, &db, &err);
        if (st != DX_OK)
            die(p, st, err);
        dump_docs(db, k, &lines);
        dx_db_close(db);
        st = dx_db_group_add(group, p, 0);
        if (st != DX_OK)
            die(p, st, dx_db_error(group));
        free(p);
    }
    qsort(lines.v, lines.n, sizeof *lines.v, cmp_str);
    for (size_t i = 0; i < lines.n; i++)
        printf("%s\n", lines.v[i]);
    sv_free(&lines);
    if (!full) {
        dx_db_close(group);
        return 0;
    }

    /* Term statistics over the whole index. */
    strvec_t terms = { 0 };
    dx_status_t st = dx_db_allterms(group, "", collect_term, &terms);
    if (st != DX_OK)
        die("list terms", st, dx_db_error(group));
    for (size_t i = 0; i < terms.n; i++) {
        const char *t = terms.v[i];
        unsigned tf = 0;
        uint64_t cf = 0;
        st = dx_db_termfreq(group, t, strlen(t), &tf);
        if (st == DX_OK)
            st = dx_db_collection_freq(group, t, strlen(t), &cf);
        if (st != DX_OK)
            die("term statistics", st, dx_db_error(group));
        printf("term %s %u %llu\n", msg_path(t), tf, (unsigned long long)cf);
    }
    sv_free(&terms);

    /* Metadata, shard by shard. */
    for (unsigned k = 0; k < nshards; k++) {
        char name[32];
        snprintf(name, sizeof name, "shard-%u", k);
        char *p = path_join(dir, name);
        dx_db_t *db = NULL;
        char *err = NULL;
        st = dx_db_open(p, DX_DB_READ, 0, &db, &err);
        if (st != DX_OK)
            die(p, st, err);
        strvec_t keys = { 0 };
        st = dx_db_metadata_keys(db, "", collect_key, &keys);
        if (st != DX_OK)
            die("list metadata", st, dx_db_error(db));
        for (size_t i = 0; i < keys.n; i++) {
            char *v = NULL;
            size_t vl = 0;
            st = dx_db_get_metadata(db, keys.v[i], &v, &vl);
            if (st != DX_OK)
                die("read metadata", st, dx_db_error(db));
            char *shown = strncmp(keys.v[i], META_STEM_PREFIX, strlen(META_STEM_PREFIX)) == 0
                              ? sorted_words(v, vl)
                              : xstrndup(v, vl);
            printf("meta %u %s=", k, msg_path(keys.v[i]));
            printf("%s\n", msg_path(shown));
            free(shown);
            free(v);
        }
        sv_free(&keys);
        dx_db_close(db);
        free(p);
    }
    printf("doccount %u\n", dx_db_doccount(group));
    printf("avlength %.6f\n", dx_db_avlength(group));
    dx_db_close(group);
    return 0;
}
