/*
 * tune.c - `dossier-eval tune`: grid search and leave-one-collection-out
 * cross-validation of Dossier's ranking settings.
 *
 *   dossier-eval tune [--param NAME=V1,V2,...]... [--out FILE] DIR...
 *
 * Each DIR is a collection prepared by `dossier-eval prepare` and indexed
 * by `dossier add` into DIR/.dossier (bench/eval/run.sh --keep leaves
 * them so).  Every combination of the parameters' values (the grid) is
 * run over every collection's judged queries through search_run(), the
 * function behind `dossier search`, with the same options it uses but
 * the ranking settings.  Parameters not named keep Dossier's defaults.
 *
 * The objective of a setting on a collection is (MAP + nDCG@10) / 2.
 * For each collection C, the setting with the best mean objective over
 * the other collections is chosen and measured on C: that is the
 * cross-validated estimate of how a setting chosen this way does on a
 * collection it never saw.  The setting with the best mean objective over
 * all the collections is then reported as the one to keep.
 *
 * Parameters: k1, b, title (title_weight), prox (prox_weight), window
 * (prox_window), phrase (phrase_words 0/1), fbdocs, fbterms, fbweight.
 */
#include "bench/eval/tune.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench/eval/collection.h"
#include "bench/eval/metrics.h"
#include "lib/index.h"
#include "lib/stems.h"
#include "search/search.h"
#include "util/buf.h"
#include "util/xalloc.h"

enum { P_K1, P_B, P_TITLE, P_PROX, P_WINDOW, P_PHRASE, P_FBDOCS, P_FBTERMS, P_FBWEIGHT, P_COUNT };

static const char *const param_names[P_COUNT] = {
    "k1", "b", "title", "prox", "window", "phrase", "fbdocs", "fbterms", "fbweight",
};

typedef struct param {
    double *v;
    size_t n;
} param_t;

typedef struct coll {
    const char *dir;
    dindex_t *ix;
    stems_t *stems;
    char **qids, **texts;
    size_t nq;
    eval_qrels_t *qrels;
} coll_t;

static void
set_param(search_opts_t *o, int p, double v)
{
    switch (p) {
    case P_K1: o->k1 = v; break;
    case P_B: o->b = v; break;
    case P_TITLE: o->title_weight = v; break;
    case P_PROX: o->prox_weight = v; break;
    case P_WINDOW: o->prox_window = (unsigned)v; break;
    case P_PHRASE: o->phrase_words = (int)v; break;
    case P_FBDOCS: o->fb_docs = (unsigned)v; break;
    case P_FBTERMS: o->fb_terms = (unsigned)v; break;
    case P_FBWEIGHT: o->fb_weight = v; break;
    }
}

static double
get_param(const search_opts_t *o, int p)
{
    switch (p) {
    case P_K1: return o->k1 >= 0 ? o->k1 : SEARCH_DEFAULT_K1;
    case P_B: return o->b >= 0 ? o->b : SEARCH_DEFAULT_B;
    case P_TITLE: return o->title_weight;
    case P_PROX: return o->prox_weight;
    case P_WINDOW: return o->prox_window;
    case P_PHRASE: return o->phrase_words;
    case P_FBDOCS: return o->fb_docs;
    case P_FBTERMS: return o->fb_terms;
    case P_FBWEIGHT: return o->fb_weight;
    }
    return 0;
}

static int
coll_open(coll_t *c, const char *dir, char **err)
{
    memset(c, 0, sizeof *c);
    c->dir = dir;
    char *ixdir = xasprintf("%s/.dossier", dir);
    index_open_opts_t io;
    memset(&io, 0, sizeof io);
    io.command = "dossier-eval tune";
    int rc = index_open(ixdir, INDEX_READ, &io, &c->ix, err);
    free(ixdir);
    if (rc != 0)
        return -1;
    c->stems = stems_new();
    collection_t qc;
    collection_init(&qc);
    char *spec = xasprintf("tsv:%s/queries.tsv", dir);
    rc = coll_read_queries(&qc, spec, err);
    free(spec);
    if (rc != 0)
        return -1;
    c->nq = qc.nqueries;
    c->qids = xcalloc(c->nq + 1, sizeof *c->qids);
    c->texts = xcalloc(c->nq + 1, sizeof *c->texts);
    for (size_t i = 0; i < c->nq; i++) {
        c->qids[i] = qc.queries[i].id;
        c->texts[i] = qc.queries[i].text;
        qc.queries[i].id = qc.queries[i].text = NULL;
    }
    collection_free(&qc);
    c->qrels = eval_qrels_new();
    char *qr = xasprintf("%s/qrels.txt", dir);
    rc = eval_qrels_read_trec(c->qrels, qr, err);
    free(qr);
    return rc;
}

static void
coll_close(coll_t *c)
{
    index_close(c->ix);
    stems_free(c->stems);
    for (size_t i = 0; i < c->nq; i++) {
        free(c->qids[i]);
        free(c->texts[i]);
    }
    free(c->qids);
    free(c->texts);
    eval_qrels_free(c->qrels);
}

/* Run every query of c with o; the measures' means. */
static int
coll_eval(coll_t *c, const search_opts_t *o, eval_scores_t *out, char **err)
{
    eval_run_t *run = eval_run_new();
    for (size_t i = 0; i < c->nq; i++) {
        search_result_t r;
        if (search_run(c->ix, c->stems, c->texts[i], o, &r, err) != 0) {
            search_result_free(&r);
            eval_run_free(run);
            return -1;
        }
        for (size_t k = 0; k < r.nhits; k++) {
            const char *path = r.hits[k].rec.path ? r.hits[k].rec.path : "";
            const char *base = strrchr(path, '/');
            base = base ? base + 1 : path;
            size_t bl = strlen(base);
            if (bl > 4 && strcmp(base + bl - 4, ".txt") == 0)
                bl -= 4;
            char *id = xstrndup(base, bl);
            eval_run_add(run, c->qids[i], id, (double)(r.nhits - k));
            free(id);
        }
        search_result_free(&r);
    }
    size_t nq = 0;
    eval_score_run(c->qrels, run, out, &nq, NULL);
    eval_run_free(run);
    return 0;
}

static double
objective(const eval_scores_t *s)
{
    return (s->ap + s->ndcg10) / 2;
}

static void
describe(const search_opts_t *o, const param_t *params, buf_t *b)
{
    for (int p = 0; p < P_COUNT; p++) {
        if (params[p].n == 0)
            continue;
        buf_printf(b, "%s%s=%g", b->len ? " " : "", param_names[p], get_param(o, p));
    }
    if (!b->len)
        buf_puts(b, "(defaults)");
}

int
tune_main(int argc, char **argv)
{
    param_t params[P_COUNT];
    memset(params, 0, sizeof params);
    const char *out_path = NULL;
    const char **dirs = xcalloc((size_t)argc + 1, sizeof *dirs);
    size_t ndirs = 0;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--param") == 0 && i + 1 < argc) {
            const char *spec = argv[++i];
            const char *eq = strchr(spec, '=');
            int p = -1;
            for (int k = 0; eq && k < P_COUNT; k++)
                if (strlen(param_names[k]) == (size_t)(eq - spec) &&
                    strncmp(param_names[k], spec, (size_t)(eq - spec)) == 0)
                    p = k;
            if (p < 0) {
                fprintf(stderr, "dossier-eval: tune: bad --param '%s'\n", spec);
                return 2;
            }
            params[p].n = 0;
            for (const char *v = eq + 1; *v;) {
                char *end;
                double d = strtod(v, &end);
                if (end == v) {
                    fprintf(stderr, "dossier-eval: tune: bad value in '%s'\n", spec);
                    return 2;
                }
                params[p].v = xrealloc(params[p].v, (params[p].n + 1) * sizeof(double));
                params[p].v[params[p].n++] = d;
                v = *end == ',' ? end + 1 : end;
            }
        } else if (strcmp(argv[i], "--out") == 0 && i + 1 < argc) {
            out_path = argv[++i];
        } else if (argv[i][0] == '-') {
            fprintf(stderr, "dossier-eval: tune: unknown option '%s'\n", argv[i]);
            return 2;
        } else {
            dirs[ndirs++] = argv[i];
        }
    }
    if (ndirs == 0) {
        fprintf(stderr, "usage: dossier-eval tune [--param NAME=V1,V2...]... [--out FILE] DIR...\n");
        return 2;
    }

    coll_t *colls = xcalloc(ndirs, sizeof *colls);
    char *err = NULL;
    for (size_t i = 0; i < ndirs; i++)
        if (coll_open(&colls[i], dirs[i], &err) != 0) {
            fprintf(stderr, "dossier-eval: %s: %s\n", dirs[i], err);
            return 2;
        }

    /* The grid: every combination, the last parameter varying fastest. */
    size_t npoints = 1;
    for (int p = 0; p < P_COUNT; p++)
        if (params[p].n)
            npoints *= params[p].n;
    search_opts_t *pts = xcalloc(npoints, sizeof *pts);
    eval_scores_t *res = xcalloc(npoints * ndirs, sizeof *res);
    FILE *out = out_path ? fopen(out_path, "w") : NULL;
    if (out_path && !out) {
        fprintf(stderr, "dossier-eval: cannot write %s\n", out_path);
        return 2;
    }
    time_t t0 = time(NULL);
    for (size_t g = 0; g < npoints; g++) {
        search_opts_t *o = &pts[g];
        search_opts_init(o);
        o->limit = 1000;
        o->per_doc = 0;
        size_t rest = g;
        for (int p = P_COUNT - 1; p >= 0; p--) {
            if (!params[p].n)
                continue;
            set_param(o, p, params[p].v[rest % params[p].n]);
            rest /= params[p].n;
        }
        buf_t d = BUF_INIT;
        describe(o, params, &d);
        for (size_t c = 0; c < ndirs; c++) {
            if (coll_eval(&colls[c], o, &res[g * ndirs + c], &err) != 0) {
                fprintf(stderr, "dossier-eval: %s: %s\n", dirs[c], err);
                return 2;
            }
            if (out)
                fprintf(out, "%s\t%s\t%.4f\t%.4f\t%.4f\t%.4f\n", buf_cstr(&d), dirs[c],
                        res[g * ndirs + c].ap, res[g * ndirs + c].ndcg10,
                        res[g * ndirs + c].p10, res[g * ndirs + c].r100);
        }
        if (out)
            fflush(out);
        fprintf(stderr, "\r%zu/%zu settings (%lds)", g + 1, npoints, (long)(time(NULL) - t0));
        buf_free(&d);
    }
    fputc('\n', stderr);

    /* Leave one collection out. */
    printf("leave-one-collection-out cross-validation (objective: (MAP + nDCG@10) / 2)\n");
    printf("%-12s %-60s %7s %7s\n", "held out", "chosen on the others", "MAP", "nDCG@10");
    double cv_ap = 0, cv_ndcg = 0;
    for (size_t h = 0; h < ndirs; h++) {
        size_t best = 0;
        double bestv = -1;
        for (size_t g = 0; g < npoints; g++) {
            double v = 0;
            for (size_t c = 0; c < ndirs; c++)
                if (c != h || ndirs == 1)
                    v += objective(&res[g * ndirs + c]);
            if (v > bestv + 1e-12) {
                bestv = v;
                best = g;
            }
        }
        buf_t d = BUF_INIT;
        describe(&pts[best], params, &d);
        const char *name = strrchr(dirs[h], '/') ? strrchr(dirs[h], '/') + 1 : dirs[h];
        printf("%-12s %-60s %7.4f %7.4f\n", name, buf_cstr(&d), res[best * ndirs + h].ap,
               res[best * ndirs + h].ndcg10);
        cv_ap += res[best * ndirs + h].ap;
        cv_ndcg += res[best * ndirs + h].ndcg10;
        buf_free(&d);
    }
    printf("%-12s %-60s %7.4f %7.4f\n", "mean", "", cv_ap / (double)ndirs,
           cv_ndcg / (double)ndirs);

    /* The best settings over all collections. */
    size_t *order = xcalloc(npoints, sizeof *order);
    double *score = xcalloc(npoints, sizeof *score);
    for (size_t g = 0; g < npoints; g++) {
        order[g] = g;
        for (size_t c = 0; c < ndirs; c++)
            score[g] += objective(&res[g * ndirs + c]) / (double)ndirs;
    }
    /* Selection sort of the best ten (the grid is small). */
    size_t top = npoints < 10 ? npoints : 10;
    for (size_t i = 0; i < top; i++)
        for (size_t j = i + 1; j < npoints; j++)
            if (score[order[j]] > score[order[i]] + 1e-12) {
                size_t t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
    printf("\nbest settings over all collections (MAP / nDCG@10 per collection)\n");
    for (size_t i = 0; i < top; i++) {
        size_t g = order[i];
        buf_t d = BUF_INIT;
        describe(&pts[g], params, &d);
        printf("%.4f  %-60s", score[g], buf_cstr(&d));
        for (size_t c = 0; c < ndirs; c++)
            printf("  %.4f/%.4f", res[g * ndirs + c].ap, res[g * ndirs + c].ndcg10);
        printf("\n");
        buf_free(&d);
    }
    if (out)
        fclose(out);
    free(order);
    free(score);
    for (size_t i = 0; i < ndirs; i++)
        coll_close(&colls[i]);
    free(colls);
    free(pts);
    free(res);
    for (int p = 0; p < P_COUNT; p++)
        free(params[p].v);
    free(dirs);
    return 0;
}
