/*
 * metrics.c - judgments, runs and measures (see metrics.h).
 */
#include "bench/eval/metrics.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/hashmap.h"
#include "util/xalloc.h"

static int
cmp_int_desc(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x < y) - (x > y);
}

void
eval_score_list(const int *grades, size_t n, const int *judged, size_t njudged,
                eval_scores_t *out)
{
    memset(out, 0, sizeof *out);
    size_t nrel = 0;
    for (size_t i = 0; i < njudged; i++)
        if (judged[i] > 0)
            nrel++;
    if (nrel == 0)
        return;

    size_t found = 0;
    double sum_prec = 0, dcg = 0;
    for (size_t i = 0; i < n; i++) {
        int g = grades[i] > 0 ? grades[i] : 0;
        if (g == 0)
            continue;
        found++;
        sum_prec += (double)found / (double)(i + 1);
        if (i < 10) {
            dcg += g / log2((double)i + 2.0);
            out->p10 += 1.0;
        }
        if (i < 100)
            out->r100 += 1.0;
    }
    out->ap = sum_prec / (double)nrel;
    out->p10 /= 10.0;
    out->r100 /= (double)nrel;

    int *ideal = xmalloc(njudged * sizeof *ideal);
    memcpy(ideal, judged, njudged * sizeof *ideal);
    qsort(ideal, njudged, sizeof *ideal, cmp_int_desc);
    double idcg = 0;
    for (size_t i = 0; i < njudged && i < 10 && ideal[i] > 0; i++)
        idcg += ideal[i] / log2((double)i + 2.0);
    free(ideal);
    out->ndcg10 = idcg > 0 ? dcg / idcg : 0;
}

/* ---- Judgments ------------------------------------------------------ */

typedef struct qrels_query {
    char *qid;
    int *grades;
    size_t n, cap, nrel;
} qrels_query_t;

struct eval_qrels {
    hashmap_t pairs;       /* "qid\tdoc" -> index into the query's grades + 1 */
    hashmap_t queries;     /* qid -> index + 1 */
    qrels_query_t *q;
    size_t n, cap;
};

eval_qrels_t *
eval_qrels_new(void)
{
    eval_qrels_t *q = xcalloc(1, sizeof *q);
    hashmap_init(&q->pairs);
    hashmap_init(&q->queries);
    return q;
}

void
eval_qrels_free(eval_qrels_t *q)
{
    if (!q)
        return;
    hashmap_free(&q->pairs);
    hashmap_free(&q->queries);
    for (size_t i = 0; i < q->n; i++) {
        free(q->q[i].qid);
        free(q->q[i].grades);
    }
    free(q->q);
    free(q);
}

static char *
pair_key(const char *qid, const char *doc, size_t *len)
{
    char *k = xasprintf("%s\t%s", qid, doc);
    *len = strlen(k);
    return k;
}

void
eval_qrels_add(eval_qrels_t *q, const char *qid, const char *doc, int grade)
{
    if (grade < 0)
        grade = 0;
    int created = 0;
    hashmap_entry_t *e = hashmap_put(&q->queries, qid, strlen(qid), &created);
    if (created) {
        q->q = xgrow(q->q, &q->cap, q->n + 1, sizeof *q->q);
        memset(&q->q[q->n], 0, sizeof q->q[q->n]);
        q->q[q->n].qid = xstrdup(qid);
        e->value = ++q->n;
    }
    qrels_query_t *qq = &q->q[e->value - 1];
    size_t kl;
    char *k = pair_key(qid, doc, &kl);
    hashmap_entry_t *p = hashmap_put(&q->pairs, k, kl, &created);
    free(k);
    if (created) {
        qq->grades = xgrow(qq->grades, &qq->cap, qq->n + 1, sizeof *qq->grades);
        qq->grades[qq->n] = grade;
        p->value = ++qq->n;
        if (grade > 0)
            qq->nrel++;
    } else {
        int *g = &qq->grades[p->value - 1];
        if (grade > *g) {
            if (*g == 0)
                qq->nrel++;
            *g = grade;
        }
    }
}

int
eval_qrels_grade(const eval_qrels_t *q, const char *qid, const char *doc)
{
    hashmap_entry_t *e = hashmap_get(&q->queries, qid, strlen(qid));
    if (!e)
        return 0;
    size_t kl;
    char *k = pair_key(qid, doc, &kl);
    hashmap_entry_t *p = hashmap_get(&q->pairs, k, kl);
    free(k);
    return p ? q->q[e->value - 1].grades[p->value - 1] : 0;
}

size_t
eval_qrels_nqueries(const eval_qrels_t *q)
{
    return q->n;
}

const char *
eval_qrels_qid(const eval_qrels_t *q, size_t i)
{
    return q->q[i].qid;
}

const int *
eval_qrels_grades(const eval_qrels_t *q, size_t i, size_t *n)
{
    *n = q->q[i].n;
    return q->q[i].grades;
}

size_t
eval_qrels_nrel(const eval_qrels_t *q, size_t i)
{
    return q->q[i].nrel;
}

/* Split a line into at most max white-space separated fields. */
static size_t
split_fields(char *line, char **f, size_t max)
{
    size_t n = 0;
    char *save = NULL;
    for (char *t = strtok_r(line, " \t\r\n", &save); t && n < max;
         t = strtok_r(NULL, " \t\r\n", &save))
        f[n++] = t;
    return n;
}

int
eval_qrels_read_trec(eval_qrels_t *q, const char *path, char **err)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        *err = xasprintf("%s: %s", path, strerror(errno));
        return -1;
    }
    char *line = NULL;
    size_t cap = 0;
    unsigned lineno = 0;
    int rc = 0;
    while (getline(&line, &cap, f) > 0) {
        lineno++;
        char *fld[5];
        size_t n = split_fields(line, fld, 5);
        if (n == 0)
            continue;
        if (n < 4) {
            *err = xasprintf("%s:%u: expected QID ITER DOC GRADE", path, lineno);
            rc = -1;
            break;
        }
        eval_qrels_add(q, fld[0], fld[2], atoi(fld[3]));
    }
    free(line);
    fclose(f);
    return rc;
}

/* ---- Runs ------------------------------------------------------------ */

typedef struct run_entry {
    char *doc;
    double score;
    size_t seq;
} run_entry_t;

typedef struct run_query {
    char *qid;
    run_entry_t *e;
    size_t n, cap;
    int sorted;
    const char **docs;
} run_query_t;

struct eval_run {
    hashmap_t index;   /* qid -> index + 1 */
    run_query_t *q;
    size_t n, cap;
};

eval_run_t *
eval_run_new(void)
{
    eval_run_t *r = xcalloc(1, sizeof *r);
    hashmap_init(&r->index);
    return r;
}

void
eval_run_free(eval_run_t *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++) {
        for (size_t k = 0; k < r->q[i].n; k++)
            free(r->q[i].e[k].doc);
        free(r->q[i].e);
        free(r->q[i].docs);
        free(r->q[i].qid);
    }
    free(r->q);
    hashmap_free(&r->index);
    free(r);
}

void
eval_run_add(eval_run_t *r, const char *qid, const char *doc, double score)
{
    int created = 0;
    hashmap_entry_t *e = hashmap_put(&r->index, qid, strlen(qid), &created);
    if (created) {
        r->q = xgrow(r->q, &r->cap, r->n + 1, sizeof *r->q);
        memset(&r->q[r->n], 0, sizeof r->q[r->n]);
        r->q[r->n].qid = xstrdup(qid);
        e->value = ++r->n;
    }
    run_query_t *q = &r->q[e->value - 1];
    q->e = xgrow(q->e, &q->cap, q->n + 1, sizeof *q->e);
    q->e[q->n].doc = xstrdup(doc);
    q->e[q->n].score = score;
    q->e[q->n].seq = q->n;
    q->n++;
    q->sorted = 0;
}

static int
cmp_entry(const void *a, const void *b)
{
    const run_entry_t *x = a, *y = b;
    if (x->score != y->score)
        return x->score < y->score ? 1 : -1;
    return (x->seq > y->seq) - (x->seq < y->seq);
}

int
eval_run_read_trec(eval_run_t *r, const char *path, char **err)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        *err = xasprintf("%s: %s", path, strerror(errno));
        return -1;
    }
    char *line = NULL;
    size_t cap = 0;
    unsigned lineno = 0;
    int rc = 0;
    while (getline(&line, &cap, f) > 0) {
        lineno++;
        char *fld[6];
        size_t n = split_fields(line, fld, 6);
        if (n == 0)
            continue;
        if (n < 5) {
            *err = xasprintf("%s:%u: expected QID Q0 DOC RANK SCORE TAG", path, lineno);
            rc = -1;
            break;
        }
        eval_run_add(r, fld[0], fld[2], strtod(fld[4], NULL));
    }
    free(line);
    fclose(f);
    return rc;
}

const char *const *
eval_run_list(eval_run_t *r, const char *qid, size_t *n)
{
    *n = 0;
    hashmap_entry_t *e = hashmap_get(&r->index, qid, strlen(qid));
    if (!e)
        return NULL;
    run_query_t *q = &r->q[e->value - 1];
    if (!q->sorted) {
        qsort(q->e, q->n, sizeof *q->e, cmp_entry);
        free(q->docs);
        q->docs = xmalloc((q->n ? q->n : 1) * sizeof *q->docs);
        for (size_t i = 0; i < q->n; i++)
            q->docs[i] = q->e[i].doc;
        q->sorted = 1;
    }
    *n = q->n;
    return q->docs;
}

void
eval_score_run(const eval_qrels_t *q, eval_run_t *r, eval_scores_t *mean, size_t *nq,
               buf_t *per_query)
{
    memset(mean, 0, sizeof *mean);
    *nq = 0;
    int *grades = NULL;
    size_t gcap = 0;
    for (size_t i = 0; i < eval_qrels_nqueries(q); i++) {
        if (eval_qrels_nrel(q, i) == 0)
            continue;
        const char *qid = eval_qrels_qid(q, i);
        size_t n = 0, nj = 0;
        const char *const *docs = eval_run_list(r, qid, &n);
        grades = xgrow(grades, &gcap, n + 1, sizeof *grades);
        for (size_t k = 0; k < n; k++)
            grades[k] = eval_qrels_grade(q, qid, docs[k]);
        const int *judged = eval_qrels_grades(q, i, &nj);
        eval_scores_t s;
        eval_score_list(grades, n, judged, nj, &s);
        mean->ap += s.ap;
        mean->ndcg10 += s.ndcg10;
        mean->p10 += s.p10;
        mean->r100 += s.r100;
        (*nq)++;
        if (per_query)
            buf_printf(per_query, "%s %.4f %.4f %.4f %.4f\n", qid, s.ap, s.ndcg10, s.p10,
                       s.r100);
    }
    free(grades);
    if (*nq) {
        mean->ap /= (double)*nq;
        mean->ndcg10 /= (double)*nq;
        mean->p10 /= (double)*nq;
        mean->r100 /= (double)*nq;
    }
}
