/*
 * test-eval-metrics.c - the evaluation's measures and collection readers
 * (bench/eval/metrics.h, bench/eval/collection.h), on examples small
 * enough to check by hand.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bench/eval/collection.h"
#include "bench/eval/metrics.h"
#include "testutil.h"

#define EPS 1e-4

/* ---- One ranked list ------------------------------------------------ */

/* Binary judgments, R = 3, one relevant document never retrieved:
 * ranks 1 and 3 relevant.
 *   AP      = (1/1 + 2/3) / 3                 = 0.5556
 *   nDCG@10 = (1 + 1/log2 4) / (1 + 1/log2 3 + 1/log2 4)
 *           = 1.5 / 2.1309                    = 0.7039
 *   P@10    = 2/10; R@100 = 2/3. */
START_TEST(test_binary)
{
    int grades[] = { 1, 0, 1, 0, 0 };
    int judged[] = { 1, 1, 1, 0 };
    eval_scores_t s;
    eval_score_list(grades, 5, judged, 4, &s);
    ck_assert_double_eq_tol(s.ap, 5.0 / 9.0, EPS);
    ck_assert_double_eq_tol(s.ndcg10, 0.7039, EPS);
    ck_assert_double_eq_tol(s.p10, 0.2, EPS);
    ck_assert_double_eq_tol(s.r100, 2.0 / 3.0, EPS);
}
END_TEST

/* Graded judgments (grades 3, 2, 1 and a judged 0), ranked 2, 3, 0, 1:
 *   DCG@10  = 2/1 + 3/log2 3 + 0 + 1/log2 5   = 4.3235
 *   IDCG@10 = 3/1 + 2/log2 3 + 1/log2 4       = 4.7619
 *   nDCG@10 = 0.9079
 *   AP      = (1/1 + 2/2 + 3/4) / 3           = 0.9167 */
START_TEST(test_graded)
{
    int grades[] = { 2, 3, 0, 1 };
    int judged[] = { 1, 0, 3, 2 };
    eval_scores_t s;
    eval_score_list(grades, 4, judged, 4, &s);
    ck_assert_double_eq_tol(s.ndcg10, 0.9079, EPS);
    ck_assert_double_eq_tol(s.ap, 2.75 / 3.0, EPS);
    ck_assert_double_eq_tol(s.p10, 0.3, EPS);
    ck_assert_double_eq_tol(s.r100, 1.0, EPS);
}
END_TEST

/* Only the first 10 ranks count for nDCG and P; the first 100 for R. */
START_TEST(test_cutoffs)
{
    int grades[150] = { 0 };
    grades[10] = 1;     /* rank 11 */
    grades[120] = 1;    /* rank 121 */
    int judged[] = { 1, 1 };
    eval_scores_t s;
    eval_score_list(grades, 150, judged, 2, &s);
    ck_assert_double_eq_tol(s.ndcg10, 0, EPS);
    ck_assert_double_eq_tol(s.p10, 0, EPS);
    ck_assert_double_eq_tol(s.r100, 0.5, EPS);
    ck_assert_double_eq_tol(s.ap, (1.0 / 11 + 2.0 / 121) / 2, EPS);
}
END_TEST

START_TEST(test_perfect_and_empty)
{
    int grades[] = { 1, 1 };
    int judged[] = { 1, 1 };
    eval_scores_t s;
    eval_score_list(grades, 2, judged, 2, &s);
    ck_assert_double_eq_tol(s.ap, 1, EPS);
    ck_assert_double_eq_tol(s.ndcg10, 1, EPS);
    eval_score_list(NULL, 0, judged, 2, &s);
    ck_assert_double_eq_tol(s.ap, 0, EPS);
    ck_assert_double_eq_tol(s.ndcg10, 0, EPS);
    /* No relevant document: everything 0. */
    int none[] = { 0 };
    eval_score_list(grades, 2, none, 1, &s);
    ck_assert_double_eq_tol(s.ap, 0, EPS);
}
END_TEST

/* ---- Runs against judgments ----------------------------------------- */

START_TEST(test_score_run)
{
    eval_qrels_t *q = eval_qrels_new();
    eval_qrels_add(q, "1", "a", 1);
    eval_qrels_add(q, "1", "b", 1);
    eval_qrels_add(q, "2", "c", 1);
    eval_qrels_add(q, "3", "d", 0);     /* no relevant document: left out */
    eval_qrels_add(q, "1", "b", 0);     /* a lower grade again: kept at 1 */
    ck_assert_int_eq(eval_qrels_grade(q, "1", "b"), 1);
    ck_assert_int_eq(eval_qrels_grade(q, "1", "z"), 0);
    ck_assert_uint_eq(eval_qrels_nqueries(q), 3);
    ck_assert_uint_eq(eval_qrels_nrel(q, 0), 2);

    eval_run_t *r = eval_run_new();
    /* Out of order: sorted by score, ties in the order given. */
    eval_run_add(r, "1", "b", 1.0);
    eval_run_add(r, "1", "x", 3.0);
    eval_run_add(r, "1", "a", 1.0);
    size_t n = 0;
    const char *const *l = eval_run_list(r, "1", &n);
    ck_assert_uint_eq(n, 3);
    ck_assert_str_eq(l[0], "x");
    ck_assert_str_eq(l[1], "b");
    ck_assert_str_eq(l[2], "a");

    /* Query 1: x b a -> AP (1/2 + 2/3) / 2 = 0.5833; query 2 not answered:
     * 0.  MAP over the two judged queries = 0.2917. */
    eval_scores_t m;
    size_t nq = 0;
    buf_t pq = BUF_INIT;
    eval_score_run(q, r, &m, &nq, &pq);
    ck_assert_uint_eq(nq, 2);
    ck_assert_double_eq_tol(m.ap, (0.5 + 2.0 / 3.0) / 4, EPS);
    ck_assert_double_eq_tol(m.p10, 0.1, EPS);
    ck_assert_str_eq(buf_cstr(&pq), "1 0.5833 0.6934 0.2000 1.0000\n2 0.0000 0.0000 0.0000 0.0000\n");
    buf_free(&pq);
    eval_run_free(r);
    eval_qrels_free(q);
}
END_TEST

/* ---- Collection readers ---------------------------------------------- */

static const char smart_docs[] =
    ".I 1\n"
    ".T\n"
    "experimental investigation of the aerodynamics of a\n"
    "wing in a slipstream .\n"
    ".A\n"
    "brenckman,m.\n"
    ".W\n"
    "an experimental study of a wing .\n"
    "  in a propeller slipstream.\n"
    ".X\n"
    "1\t5\t1\n"
    ".I 2 \n"
    ".W\n"
    "no title here\n";

START_TEST(test_smart_docs)
{
    collection_t c;
    collection_init(&c);
    char *err = NULL;
    ck_assert_int_eq(coll_parse_docs(&c, "smart", smart_docs, strlen(smart_docs), &err), 0);
    ck_assert_uint_eq(c.ndocs, 2);
    ck_assert_str_eq(c.docs[0].id, "1");
    ck_assert_str_eq(c.docs[0].title,
                     "experimental investigation of the aerodynamics of a wing in a slipstream");
    ck_assert_str_eq(c.docs[0].text,
                     "an experimental study of a wing .\n  in a propeller slipstream.\n");
    ck_assert_str_eq(c.docs[1].id, "2");
    ck_assert_str_eq(c.docs[1].title, "");
    ck_assert_str_eq(c.docs[1].text, "no title here\n");
    collection_free(&c);
}
END_TEST

START_TEST(test_smart_queries)
{
    static const char qry[] =
        ".I 001\n.W\nwhat similarity laws must be\nobeyed .\n"
        ".I 004\n.T\nA Title\n.A\nSomeone\n.W\n  what problems\n";
    collection_t c;
    collection_init(&c);
    char *err = NULL;
    ck_assert_int_eq(coll_parse_queries(&c, "smart", qry, strlen(qry), &err), 0);
    ck_assert_uint_eq(c.nqueries, 2);
    ck_assert_str_eq(c.queries[0].id, "001");
    ck_assert_str_eq(c.queries[0].text, "what similarity laws must be obeyed .");
    ck_assert_str_eq(c.queries[1].id, "004");
    ck_assert_str_eq(c.queries[1].text, "what problems");
    collection_free(&c);
    /* Numbered by position (Cranfield). */
    ck_assert_int_eq(coll_parse_queries(&c, "smartpos", qry, strlen(qry), &err), 0);
    ck_assert_str_eq(c.queries[0].id, "1");
    ck_assert_str_eq(c.queries[1].id, "2");
    collection_free(&c);
}
END_TEST

START_TEST(test_qrels_formats)
{
    char *err = NULL;
    eval_qrels_t *q = eval_qrels_new();
    /* Cranfield: grade 5 - code, -1 judged not relevant; no final newline. */
    static const char cran[] = "1 184 2 \n1 29 1\n1 31 4\n1 7 -1";
    ck_assert_int_eq(coll_parse_qrels(q, "cranfield", cran, strlen(cran), &err), 0);
    ck_assert_int_eq(eval_qrels_grade(q, "1", "184"), 3);
    ck_assert_int_eq(eval_qrels_grade(q, "1", "29"), 4);
    ck_assert_int_eq(eval_qrels_grade(q, "1", "31"), 1);
    ck_assert_int_eq(eval_qrels_grade(q, "1", "7"), 0);
    ck_assert_uint_eq(eval_qrels_nrel(q, 0), 3);
    eval_qrels_free(q);

    q = eval_qrels_new();
    static const char pairs[] = "     1     28\t0\t0.000000\n     2     35\t0\t0.000000\n";
    ck_assert_int_eq(coll_parse_qrels(q, "pairs", pairs, strlen(pairs), &err), 0);
    ck_assert_int_eq(eval_qrels_grade(q, "1", "28"), 1);
    ck_assert_int_eq(eval_qrels_grade(q, "2", "35"), 1);
    ck_assert_int_eq(eval_qrels_grade(q, "1", "35"), 0);
    eval_qrels_free(q);

    q = eval_qrels_new();
    static const char trec[] = "1 0 13 1\n1 0 14 0\n2 0 15 2\n";
    ck_assert_int_eq(coll_parse_qrels(q, "trec", trec, strlen(trec), &err), 0);
    ck_assert_int_eq(eval_qrels_grade(q, "1", "13"), 1);
    ck_assert_int_eq(eval_qrels_grade(q, "1", "14"), 0);
    ck_assert_int_eq(eval_qrels_grade(q, "2", "15"), 2);
    ck_assert_int_eq(coll_parse_qrels(q, "trec", "1 0 13\n", 7, &err), -1);
    ck_assert_ptr_nonnull(err);
    free(err);
    eval_qrels_free(q);
}
END_TEST

START_TEST(test_trec_formats)
{
    static const char docs[] =
        "<DOC>\n<DOCNO> FT911-1 </DOCNO>\n<HEADLINE>Rates <B>rise</B></HEADLINE>\n"
        "<TEXT>\nThe bank raised rates.\n</TEXT>\n</DOC>\n"
        "<DOC><DOCNO>FT911-2</DOCNO><TEXT>one</TEXT><TEXT>two</TEXT></DOC>\n";
    static const char topics[] =
        "<top>\n<num> Number: 401\n<title> foreign minorities, Germany\n\n"
        "<desc> Description:\nWhat language?\n</top>\n"
        "<top><num>402</num><title>behavioral genetics</title></top>\n";
    collection_t c;
    collection_init(&c);
    char *err = NULL;
    ck_assert_int_eq(coll_parse_docs(&c, "trec", docs, strlen(docs), &err), 0);
    ck_assert_uint_eq(c.ndocs, 2);
    ck_assert_str_eq(c.docs[0].id, "FT911-1");
    ck_assert_str_eq(c.docs[0].title, "Rates rise");
    ck_assert_str_eq(c.docs[0].text, "\nThe bank raised rates.\n\n");
    ck_assert_str_eq(c.docs[1].text, "one\ntwo\n");
    ck_assert_int_eq(coll_parse_queries(&c, "trec", topics, strlen(topics), &err), 0);
    ck_assert_uint_eq(c.nqueries, 2);
    ck_assert_str_eq(c.queries[0].id, "401");
    ck_assert_str_eq(c.queries[0].text, "foreign minorities, Germany");
    ck_assert_str_eq(c.queries[1].id, "402");
    ck_assert_str_eq(c.queries[1].text, "behavioral genetics");
    collection_free(&c);
    ck_assert(coll_id_is_safe("FT911-1"));
    ck_assert(!coll_id_is_safe("../x"));
    ck_assert(!coll_id_is_safe(""));
}
END_TEST

static Suite *
eval_suite(void)
{
    Suite *s = suite_create("eval");
    TCase *tc = tcase_create("metrics");
    tcase_add_test(tc, test_binary);
    tcase_add_test(tc, test_graded);
    tcase_add_test(tc, test_cutoffs);
    tcase_add_test(tc, test_perfect_and_empty);
    tcase_add_test(tc, test_score_run);
    suite_add_tcase(s, tc);
    tc = tcase_create("collections");
    tcase_add_test(tc, test_smart_docs);
    tcase_add_test(tc, test_smart_queries);
    tcase_add_test(tc, test_qrels_formats);
    tcase_add_test(tc, test_trec_formats);
    suite_add_tcase(s, tc);
    return s;
}

TEST_MAIN(eval_suite)
