/*
 * main.c - dossier-eval: the steps of the ranking evaluation that
 * bench/eval/run.sh strings together (see bench/eval/README.md).
 *
 *   dossier-eval prepare --docs F:FILE --queries F:FILE --qrels F:FILE DIR
 *       Write the collection as Dossier reads documents: DIR/docs/ID.txt
 *       (title line, blank line, text), DIR/queries.tsv (the judged
 *       queries: ID<TAB>text on one line) and DIR/qrels.txt (TREC form).
 *   dossier-eval batch-run DIR < JSONL > RUN
 *       Turn the output of `dossier search --batch` over DIR/queries.tsv
 *       into a TREC run.
 *   dossier-eval fts5-sql DIR TOKENIZE > SQL
 *       An SQLite script that indexes DIR's documents in an FTS5 table
 *       (tokenize=TOKENIZE) and prints, for each query, its best 1000
 *       documents by bm25() as "QID<TAB>DOC<TAB>SCORE".
 *   dossier-eval score QRELS RUN [-q]
 *       "MAP nDCG@10 P@10 R@100 QUERIES"; -q adds one line per query.
 *   dossier-eval tune [options] DIR...
 *       Grid search and leave-one-collection-out cross-validation of
 *       Dossier's ranking settings (bench/eval/tune.c).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bench/eval/collection.h"
#include "bench/eval/metrics.h"
#include "bench/eval/tune.h"
#include "util/buf.h"
#include "util/readfile.h"
#include "util/xalloc.h"

static const char usage[] =
    "usage: dossier-eval prepare --docs FMT:FILE --queries FMT:FILE --qrels FMT:FILE DIR\n"
    "       dossier-eval batch-run DIR < search.jsonl > run.trec\n"
    "       dossier-eval fts5-sql DIR TOKENIZE > script.sql\n"
    "       dossier-eval score QRELS RUN [-q]\n"
    "       dossier-eval tune [--grid small|full] DIR...\n";

static void
die(const char *fmt, const char *a)
{
    fprintf(stderr, "dossier-eval: ");
    fprintf(stderr, fmt, a);
    fputc('\n', stderr);
    exit(2);
}

static void
make_dir(const char *path)
{
    if (mkdir(path, 0777) != 0 && errno != EEXIST)
        die("cannot create %s", path);
}

static void
write_file(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "w");
    if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0)
        die("cannot write %s", path);
}

static int
cmd_prepare(int argc, char **argv)
{
    const char *docs = NULL, *queries = NULL, *qrels = NULL, *dir = NULL;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--docs") == 0 && i + 1 < argc)
            docs = argv[++i];
        else if (strcmp(argv[i], "--queries") == 0 && i + 1 < argc)
            queries = argv[++i];
        else if (strcmp(argv[i], "--qrels") == 0 && i + 1 < argc)
            qrels = argv[++i];
        else if (!dir && argv[i][0] != '-')
            dir = argv[i];
        else
            die("prepare: unexpected argument '%s'", argv[i]);
    }
    if (!docs || !queries || !qrels || !dir) {
        fputs(usage, stderr);
        return 2;
    }
    collection_t c;
    collection_init(&c);
    eval_qrels_t *q = eval_qrels_new();
    char *err = NULL;
    if (coll_read_docs(&c, docs, &err) != 0 || coll_read_queries(&c, queries, &err) != 0 ||
        coll_read_qrels(q, qrels, &err) != 0)
        die("%s", err);

    make_dir(dir);
    buf_t path = BUF_INIT, b = BUF_INIT;
    buf_printf(&path, "%s/docs", dir);
    make_dir(buf_cstr(&path));
    for (size_t i = 0; i < c.ndocs; i++) {
        const coll_doc_t *d = &c.docs[i];
        if (!coll_id_is_safe(d->id))
            die("document id '%s' cannot be a file name", d->id);
        buf_clear(&path);
        buf_printf(&path, "%s/docs/%s.txt", dir, d->id);
        buf_clear(&b);
        if (*d->title)
            buf_printf(&b, "%s\n\n", d->title);
        buf_puts(&b, d->text);
        buf_putc(&b, '\n');
        write_file(buf_cstr(&path), b.data, b.len);
    }

    /* The queries that have relevant documents, in file order. */
    buf_clear(&b);
    size_t judged = 0;
    for (size_t i = 0; i < c.nqueries; i++) {
        const coll_query_t *cq = &c.queries[i];
        int has = 0;
        for (size_t k = 0; k < eval_qrels_nqueries(q); k++)
            if (strcmp(eval_qrels_qid(q, k), cq->id) == 0 && eval_qrels_nrel(q, k) > 0)
                has = 1;
        if (!has || !*cq->text)
            continue;
        buf_printf(&b, "%s\t%s\n", cq->id, cq->text);
        judged++;
    }
    buf_clear(&path);
    buf_printf(&path, "%s/queries.tsv", dir);
    write_file(buf_cstr(&path), buf_cstr(&b), b.len);

    buf_clear(&b);
    size_t nrel = 0;
    for (size_t k = 0; k < eval_qrels_nqueries(q); k++)
        nrel += eval_qrels_nrel(q, k);
    /* The judgments in TREC form, from the reader's grades. */
    for (size_t i = 0; i < c.nqueries; i++) {
        const char *qid = c.queries[i].id;
        for (size_t d = 0; d < c.ndocs; d++) {
            int g = eval_qrels_grade(q, qid, c.docs[d].id);
            if (g > 0)
                buf_printf(&b, "%s 0 %s %d\n", qid, c.docs[d].id, g);
        }
    }
    buf_clear(&path);
    buf_printf(&path, "%s/qrels.txt", dir);
    write_file(buf_cstr(&path), buf_cstr(&b), b.len);
    fprintf(stderr, "dossier-eval: %zu documents, %zu queries (%zu judged), %zu relevant pairs\n",
            c.ndocs, c.nqueries, judged, nrel);
    buf_free(&path);
    buf_free(&b);
    eval_qrels_free(q);
    collection_free(&c);
    return 0;
}

/* Read DIR/queries.tsv: the ids, in order. */
static char **
read_query_ids(const char *dir, size_t *n, char ***texts)
{
    char *path = xasprintf("%s/queries.tsv", dir);
    collection_t c;
    collection_init(&c);
    char *spec = xasprintf("tsv:%s", path), *err = NULL;
    if (coll_read_queries(&c, spec, &err) != 0)
        die("%s", err);
    char **ids = xcalloc(c.nqueries + 1, sizeof *ids);
    if (texts)
        *texts = xcalloc(c.nqueries + 1, sizeof **texts);
    for (size_t i = 0; i < c.nqueries; i++) {
        ids[i] = c.queries[i].id;
        c.queries[i].id = NULL;
        if (texts) {
            (*texts)[i] = c.queries[i].text;
            c.queries[i].text = NULL;
        }
    }
    *n = c.nqueries;
    collection_free(&c);
    free(spec);
    free(path);
    return ids;
}

/* The value of the JSON string key "key" in line, unescaped (simple
 * escapes only; paths here are plain).  malloc'd, or NULL. */
static char *
json_string(const char *line, const char *key)
{
    char *pat = xasprintf("\"%s\":\"", key);
    const char *p = strstr(line, pat);
    size_t pl = strlen(pat);
    free(pat);
    if (!p)
        return NULL;
    p += pl;
    buf_t b = BUF_INIT;
    for (; *p && *p != '"'; p++) {
        if (*p == '\\' && p[1]) {
            p++;
            buf_putc(&b, *p == 'n' ? '\n' : *p == 't' ? '\t' : *p);
        } else {
            buf_putc(&b, *p);
        }
    }
    return buf_detach(&b, NULL);
}

static int
cmd_batch_run(int argc, char **argv)
{
    if (argc != 1) {
        fputs(usage, stderr);
        return 2;
    }
    size_t nq = 0;
    char **ids = read_query_ids(argv[0], &nq, NULL);
    char *line = NULL;
    size_t cap = 0, qi = 0;
    unsigned rank = 0;
    while (getline(&line, &cap, stdin) > 0) {
        if (strncmp(line, "{\"query_end\":", 13) == 0) {
            qi++;
            rank = 0;
            continue;
        }
        if (strncmp(line, "{\"rank\":", 8) != 0)
            continue;
        if (qi >= nq)
            die("more answers than queries in %s/queries.tsv", argv[0]);
        char *path = json_string(line, "path");
        if (!path)
            continue;
        /* docs/ID.txt -> ID */
        const char *base = strrchr(path, '/');
        base = base ? base + 1 : path;
        size_t bl = strlen(base);
        if (bl > 4 && strcmp(base + bl - 4, ".txt") == 0)
            bl -= 4;
        rank++;
        printf("%s Q0 %.*s %u %u dossier\n", ids[qi], (int)bl, base, rank, 100000 - rank);
        free(path);
    }
    free(line);
    if (qi != nq)
        die("%s: the search answered a different number of queries", argv[0]);
    for (size_t i = 0; i < nq; i++)
        free(ids[i]);
    free(ids);
    return 0;
}

/* An SQL string literal. */
static void
sql_quote(buf_t *b, const char *s)
{
    buf_putc(b, '\'');
    for (; *s; s++) {
        if (*s == '\'')
            buf_putc(b, '\'');
        buf_putc(b, *s);
    }
    buf_putc(b, '\'');
}

static int
cmd_fts5_sql(int argc, char **argv)
{
    if (argc != 2) {
        fputs(usage, stderr);
        return 2;
    }
    const char *dir = argv[0];
    buf_t b = BUF_INIT;
    buf_puts(&b, ".mode tabs\n.headers off\nBEGIN;\n");
    buf_printf(&b, "CREATE VIRTUAL TABLE d USING fts5(id UNINDEXED, body, tokenize=");
    sql_quote(&b, argv[1]);
    buf_puts(&b, ");\n");
    fputs(buf_cstr(&b), stdout);
    char *docdir = xasprintf("%s/docs", dir);
    DIR *dh = opendir(docdir);
    if (!dh)
        die("cannot list %s", docdir);
    struct dirent *de;
    while ((de = readdir(dh))) {
        size_t len = strlen(de->d_name);
        if (len <= 4 || strcmp(de->d_name + len - 4, ".txt") != 0)
            continue;
        char *path = xasprintf("%s/%s", docdir, de->d_name);
        buf_t text = BUF_INIT;
        const char *reason = NULL;
        if (readfile(path, (uint64_t)1 << 30, &text, NULL, &reason) != READFILE_OK)
            die("cannot read %s", path);
        char *id = xstrndup(de->d_name, len - 4);
        buf_clear(&b);
        buf_puts(&b, "INSERT INTO d(id, body) VALUES(");
        sql_quote(&b, id);
        buf_putc(&b, ',');
        sql_quote(&b, buf_cstr(&text));
        buf_puts(&b, ");\n");
        fputs(buf_cstr(&b), stdout);
        free(id);
        buf_free(&text);
        free(path);
    }
    closedir(dh);
    free(docdir);
    fputs("COMMIT;\n", stdout);

    /* Each query: its words, each quoted (so nothing is read as FTS5
     * syntax), OR-ed. */
    size_t nq = 0;
    char **texts = NULL;
    char **ids = read_query_ids(dir, &nq, &texts);
    for (size_t i = 0; i < nq; i++) {
        buf_t m = BUF_INIT;
        const char *s = texts[i];
        while (*s) {
            while (*s && !((unsigned char)*s >= 0x80 || (*s >= '0' && *s <= '9') ||
                           ((*s | 0x20) >= 'a' && (*s | 0x20) <= 'z')))
                s++;
            const char *w = s;
            while ((unsigned char)*s >= 0x80 || (*s >= '0' && *s <= '9') ||
                   ((*s | 0x20) >= 'a' && (*s | 0x20) <= 'z'))
                s++;
            if (s > w) {
                if (m.len)
                    buf_puts(&m, " OR ");
                buf_printf(&m, "\"%.*s\"", (int)(s - w), w);
            }
        }
        buf_clear(&b);
        if (m.len) {
            buf_puts(&b, "SELECT ");
            sql_quote(&b, ids[i]);
            buf_puts(&b, ", id, -bm25(d) FROM d WHERE d MATCH ");
            sql_quote(&b, buf_cstr(&m));
            buf_puts(&b, " ORDER BY bm25(d) LIMIT 1000;\n");
            fputs(buf_cstr(&b), stdout);
        }
        buf_free(&m);
        free(ids[i]);
        free(texts[i]);
    }
    free(ids);
    free(texts);
    buf_free(&b);
    return 0;
}

static int
cmd_score(int argc, char **argv)
{
    int per_query = 0;
    const char *files[2];
    size_t nf = 0;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "-q") == 0)
            per_query = 1;
        else if (nf < 2)
            files[nf++] = argv[i];
        else
            die("score: unexpected argument '%s'", argv[i]);
    }
    if (nf != 2) {
        fputs(usage, stderr);
        return 2;
    }
    eval_qrels_t *q = eval_qrels_new();
    eval_run_t *r = eval_run_new();
    char *err = NULL;
    if (eval_qrels_read_trec(q, files[0], &err) != 0 || eval_run_read_trec(r, files[1], &err) != 0)
        die("%s", err);
    eval_scores_t m;
    size_t nq = 0;
    buf_t pq = BUF_INIT;
    eval_score_run(q, r, &m, &nq, per_query ? &pq : NULL);
    fputs(buf_cstr(&pq), stdout);
    printf("%.4f %.4f %.4f %.4f %zu\n", m.ap, m.ndcg10, m.p10, m.r100, nq);
    buf_free(&pq);
    eval_run_free(r);
    eval_qrels_free(q);
    return 0;
}

int
main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage, stderr);
        return 2;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "prepare") == 0)
        return cmd_prepare(argc - 2, argv + 2);
    if (strcmp(cmd, "batch-run") == 0)
        return cmd_batch_run(argc - 2, argv + 2);
    if (strcmp(cmd, "fts5-sql") == 0)
        return cmd_fts5_sql(argc - 2, argv + 2);
    if (strcmp(cmd, "score") == 0)
        return cmd_score(argc - 2, argv + 2);
    if (strcmp(cmd, "tune") == 0)
        return tune_main(argc - 2, argv + 2);
    fputs(usage, stderr);
    return 2;
}
