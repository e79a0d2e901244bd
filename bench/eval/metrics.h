/*
 * metrics.h - relevance judgments, ranked runs and the measures computed
 * from them.
 *
 * Definitions (those of trec_eval, computed here so that the evaluation
 * needs nothing else):
 *
 *   A query's judgments give each judged document a grade: 0 is judged
 *   not relevant, 1 or more relevant (higher is better).  A document that
 *   is not judged counts as grade 0.  R is the number of documents of
 *   grade >= 1.  A run ranks documents for each query, best first.
 *
 *   AP      (1/R) * sum, over the ranks k that hold a relevant document,
 *           of the precision at k (relevant documents in the first k / k).
 *           Relevant documents the run never returns add 0.  MAP is the
 *           mean of AP over the queries.
 *   nDCG@10 DCG@10 / IDCG@10 with DCG@10 = sum over ranks i = 1..10 of
 *           grade(i) / log2(i + 1): the gain is the grade itself (1 for
 *           binary judgments) and the first rank is not discounted.
 *           IDCG@10 is the DCG@10 of the judged documents sorted by grade.
 *   P@10    relevant documents in the first 10 / 10 (a run that returns
 *           fewer than 10 still divides by 10).
 *   R@100   relevant documents in the first 100 / R.
 *
 * Averages are taken over the queries that have at least one relevant
 * document; such a query that the run does not answer scores 0 on every
 * measure.  Queries with no relevant document are left out (they have no
 * defined AP).
 */
#ifndef DOSSIER_BENCH_EVAL_METRICS_H
#define DOSSIER_BENCH_EVAL_METRICS_H

#include <stddef.h>

#include "util/buf.h"

typedef struct eval_scores {
    double ap, ndcg10, p10, r100;
} eval_scores_t;

/*
 * The measures of one ranked list.  grades[i] is the grade of the
 * document at rank i + 1 (0 when unjudged); judged[] holds the grade of
 * every judged document of the query (any order).  A query with no
 * relevant judged document scores 0 everywhere.
 */
void eval_score_list(const int *grades, size_t n, const int *judged, size_t njudged,
                     eval_scores_t *out);

/* ---- Judgments ------------------------------------------------------ */

typedef struct eval_qrels eval_qrels_t;

eval_qrels_t *eval_qrels_new(void);
void eval_qrels_free(eval_qrels_t *q);
/* Record a judgment; a pair judged twice keeps the higher grade. */
void eval_qrels_add(eval_qrels_t *q, const char *qid, const char *doc, int grade);
/* The grade of doc for qid (0 when not judged). */
int eval_qrels_grade(const eval_qrels_t *q, const char *qid, const char *doc);
/* Queries with at least one judgment, in the order first seen. */
size_t eval_qrels_nqueries(const eval_qrels_t *q);
const char *eval_qrels_qid(const eval_qrels_t *q, size_t i);
/* Every grade judged for query i (owned by q), *n of them. */
const int *eval_qrels_grades(const eval_qrels_t *q, size_t i, size_t *n);
/* Number of relevant documents (grade >= 1) of query i. */
size_t eval_qrels_nrel(const eval_qrels_t *q, size_t i);

/* Read qrels in TREC form, "QID ITER DOC GRADE" per line (negative
 * grades are read as 0).  Returns 0, or -1 with a malloc'd message. */
int eval_qrels_read_trec(eval_qrels_t *q, const char *path, char **err);

/* ---- Runs ------------------------------------------------------------ */

typedef struct eval_run eval_run_t;

eval_run_t *eval_run_new(void);
void eval_run_free(eval_run_t *r);
/* Append doc to qid's list with a score; lists are ordered by score
 * (highest first) when scored, ties keeping the order of appending. */
void eval_run_add(eval_run_t *r, const char *qid, const char *doc, double score);
/* Read a TREC run: "QID Q0 DOC RANK SCORE TAG" per line. */
int eval_run_read_trec(eval_run_t *r, const char *path, char **err);
/* The ranked documents of qid (after ordering), or NULL; *n of them. */
const char *const *eval_run_list(eval_run_t *r, const char *qid, size_t *n);

/* ---- Putting them together ------------------------------------------ */

/* Mean measures of a run over the judged queries of q (see above); the
 * number of queries averaged goes to *nq.  per_query, when not NULL,
 * receives one line per query ("QID AP nDCG@10 P@10 R@100"). */
void eval_score_run(const eval_qrels_t *q, eval_run_t *r, eval_scores_t *mean, size_t *nq,
                    buf_t *per_query);

#endif
