/*
 * test-binding-query.c - the binding's query side (binding/dx.h): query
 * constructors and operators, search options (sorting, facets, collapse,
 * check_at_least, BM25 parameters), Xapian's query parser, snippets,
 * expansion, stemming, Unicode and the TermGenerator wrapper.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "binding/dx.h"
#include "dxfixture.h"
#include "testutil.h"
#include "util/buf.h"
#include "util/xalloc.h"

static char *fx_dir;
static char *fx_path;
static dx_db_t *db;

static void
setup(void)
{
    fx_dir = tu_tmpdir("dxquery");
    fx_path = xasprintf("%s/db", fx_dir);
    fx_build(fx_path, NULL, 0, NULL);
    db = fx_open_ro(fx_path);
}

static void
teardown(void)
{
    dx_db_close(db);
    db = NULL;
    tu_rmtree(fx_dir);
    free(fx_path);
    free(fx_dir);
}

static int
cmp_int(const void *a, const void *b)
{
    return *(const int *)a - *(const int *)b;
}

/* Run q and return its hits' fixture numbers in rank order ("3,1,"). */
static char *
ranked(const dx_query_t *q, const dx_search_opts_t *opts)
{
    ck_assert_ptr_nonnull(q);
    dx_mset_t *m = NULL;
    ck_assert_msg(dx_db_search(db, q, opts, 0, 100, &m) == DX_OK, "%s",
                  dx_db_error(db));
    char *s = fx_hits(m);
    dx_mset_free(m);
    return s;
}

/* Run q and return the set of its hits, sorted ("1,3,"). */
static char *
hitset(const dx_query_t *q)
{
    ck_assert_ptr_nonnull(q);
    dx_mset_t *m = NULL;
    ck_assert_msg(dx_db_search(db, q, NULL, 0, 100, &m) == DX_OK, "%s",
                  dx_db_error(db));
    int nums[64];
    unsigned n = dx_mset_size(m);
    ck_assert_uint_le(n, 64);
    for (unsigned i = 0; i < n; i++) {
        dx_doc_t *doc = NULL;
        ck_assert_int_eq(dx_mset_doc(m, i, &doc), DX_OK);
        nums[i] = fx_doc_number(doc);
        dx_doc_free(doc);
    }
    dx_mset_free(m);
    qsort(nums, n, sizeof nums[0], cmp_int);
    buf_t b = BUF_INIT;
    for (unsigned i = 0; i < n; i++)
        buf_printf(&b, "%d,", nums[i]);
    return buf_detach(&b, NULL);
}

#define ASSERT_HITS(q, expected)            \
    do {                                    \
        char *got_ = hitset(q);             \
        ck_assert_str_eq(got_, expected);   \
        free(got_);                         \
    } while (0)

/* The weight of fixture document num (docid == num here) for q; -1 if
 * it does not match. */
static double
weight_of(const dx_query_t *q, const dx_search_opts_t *opts, dx_docid_t num)
{
    dx_mset_t *m = NULL;
    ck_assert_int_eq(dx_db_search(db, q, opts, 0, 100, &m), DX_OK);
    double w = -1;
    for (unsigned i = 0; i < dx_mset_size(m); i++)
        if (dx_mset_docid(m, i) == num)
            w = dx_mset_weight(m, i);
    dx_mset_free(m);
    return w;
}

static dx_query_t *
term(const char *t)
{
    dx_query_t *q = dx_query_term(t, strlen(t), 1, 0);
    ck_assert_ptr_nonnull(q);
    return q;
}

/* Combine two or three terms with op; the terms are freed. */
static dx_query_t *
combine(dx_op_t op, unsigned window, const char *a, const char *b, const char *c)
{
    dx_query_t *subs[3] = {term(a), term(b), c ? term(c) : NULL};
    dx_query_t *q = dx_query_combine(op, subs, 3, window);
    ck_assert_msg(q != NULL, "%s", dx_error_last());
    for (int i = 0; i < 3; i++)
        dx_query_free(subs[i]);
    return q;
}

static void
assert_describes(const dx_query_t *q, const char *needle)
{
    char *d = dx_query_describe(q);
    ck_assert_msg(strstr(d, needle) != NULL, "'%s' not in %s", needle, d);
    free(d);
}

/* ------------------------------------------------------------------ */
/* Query constructors and operators                                     */
/* ------------------------------------------------------------------ */

START_TEST(test_term_and_ranking)
{
    dx_query_t *q = term("sanctions");
    ASSERT_HITS(q, "1,2,5,");
    assert_describes(q, "sanctions");
    ck_assert_int_eq(dx_query_is_empty(q), 0);
    dx_mset_t *m = NULL;
    ck_assert_int_eq(dx_db_search(db, q, NULL, 0, 10, &m), DX_OK);
    ck_assert_uint_eq(dx_mset_size(m), 3);
    ck_assert_uint_eq(dx_mset_matches_estimated(m), 3);
    ck_assert_uint_eq(dx_mset_matches_lower(m), 3);
    ck_assert_uint_eq(dx_mset_matches_upper(m), 3);
    /* wdf 3 in the shortest document ranks first. */
    ck_assert_uint_eq(dx_mset_docid(m, 0), 5);
    for (unsigned i = 0; i < 3; i++)
        ck_assert(dx_mset_weight(m, i) > 0);
    ck_assert(dx_mset_weight(m, 0) > dx_mset_weight(m, 1));
    ck_assert(dx_mset_weight(m, 1) >= dx_mset_weight(m, 2));
    /* Out of range hits. */
    ck_assert_uint_eq(dx_mset_docid(m, 3), 0);
    ck_assert(dx_mset_weight(m, 3) == 0.0);
    dx_doc_t *doc = (dx_doc_t *)1;
    ck_assert_int_eq(dx_mset_doc(m, 3, &doc), DX_ERR_INVALID);
    ck_assert_ptr_null(doc);
    ck_assert_str_ne(dx_mset_error(m), "");
    ck_assert_uint_eq(dx_mset_facet_count(m), 0);
    dx_mset_free(m);
    dx_mset_free(NULL);
    dx_query_free(q);

    /* An OR of many terms: weights never increase down the ranking. */
    dx_query_t *subs[] = {term("sanctions"), term("policy"), term("trade"),
                          term("carbon"), term("climate")};
    q = dx_query_combine(DX_OP_OR, subs, 5, 0);
    for (int i = 0; i < 5; i++)
        dx_query_free(subs[i]);
    ck_assert_int_eq(dx_db_search(db, q, NULL, 0, 10, &m), DX_OK);
    ck_assert_uint_eq(dx_mset_size(m), 6);
    for (unsigned i = 1; i < dx_mset_size(m); i++)
        ck_assert(dx_mset_weight(m, i - 1) >= dx_mset_weight(m, i));
    /* Paging: [2, 4) are ranks 2 and 3 of the whole list. */
    dx_mset_t *page = NULL;
    ck_assert_int_eq(dx_db_search(db, q, NULL, 2, 2, &page), DX_OK);
    ck_assert_uint_eq(dx_mset_size(page), 2);
    ck_assert_uint_eq(dx_mset_docid(page, 0), dx_mset_docid(m, 2));
    ck_assert_uint_eq(dx_mset_docid(page, 1), dx_mset_docid(m, 3));
    ck_assert_double_eq_tol(dx_mset_weight(page, 0), dx_mset_weight(m, 2), 1e-12);
    dx_mset_free(page);
    dx_mset_free(m);
    dx_query_free(q);

    /* A term with an embedded NUL is a different term. */
    q = dx_query_term("sanctions\0x", 11, 1, 0);
    ASSERT_HITS(q, "");
    dx_query_free(q);
}
END_TEST

START_TEST(test_operators)
{
    dx_query_t *q;
    q = combine(DX_OP_AND, 0, "sanctions", "regime", NULL);
    ASSERT_HITS(q, "1,2,");
    assert_describes(q, "AND");
    dx_query_free(q);
    q = combine(DX_OP_OR, 0, "carbon", "regime", NULL);
    ASSERT_HITS(q, "1,2,4,5,");
    assert_describes(q, " OR ");
    dx_query_free(q);
    q = combine(DX_OP_AND_NOT, 0, "sanctions", "regime", NULL);
    ASSERT_HITS(q, "5,");
    assert_describes(q, "AND_NOT");
    dx_query_free(q);
    /* AND_NOT subtracts every later sub-query. */
    q = combine(DX_OP_AND_NOT, 0, "trade", "regime", "undated");
    ASSERT_HITS(q, "3,");
    dx_query_free(q);
    q = combine(DX_OP_XOR, 0, "sanctions", "policy", NULL);
    ASSERT_HITS(q, "1,3,4,5,");
    assert_describes(q, "XOR");
    dx_query_free(q);

    /* Phrases follow positions and order. */
    q = combine(DX_OP_PHRASE, 0, "climate", "change", NULL);
    ASSERT_HITS(q, "3,4,");
    assert_describes(q, "PHRASE");
    dx_query_free(q);
    q = combine(DX_OP_PHRASE, 0, "change", "climate", NULL);
    ASSERT_HITS(q, "");
    dx_query_free(q);
    q = combine(DX_OP_PHRASE, 0, "sanctions", "regime", NULL);
    ASSERT_HITS(q, "2,");
    dx_query_free(q);
    /* A phrase with a window allows gaps (1: sanctions@2 regime@5). */
    q = combine(DX_OP_PHRASE, 4, "sanctions", "regime", NULL);
    ASSERT_HITS(q, "1,2,");
    dx_query_free(q);
    /* NEAR: any order, within the window. */
    q = combine(DX_OP_NEAR, 2, "regime", "sanctions", NULL);
    ASSERT_HITS(q, "2,");
    assert_describes(q, "NEAR 2");
    dx_query_free(q);
    q = combine(DX_OP_NEAR, 4, "regime", "sanctions", NULL);
    ASSERT_HITS(q, "1,2,");
    dx_query_free(q);
    q = combine(DX_OP_NEAR, 3, "regime", "sanctions", NULL);
    ASSERT_HITS(q, "2,");
    dx_query_free(q);

    /* SYNONYM matches like OR, scores like one term. */
    q = combine(DX_OP_SYNONYM, 0, "sanctions", "tax", NULL);
    ASSERT_HITS(q, "1,2,4,5,");
    assert_describes(q, "SYNONYM");
    dx_query_free(q);

    /* FILTER: the filter decides, the first sub-query alone scores. */
    dx_query_t *policy = term("policy");
    q = combine(DX_OP_FILTER, 0, "policy", "XTreport", NULL);
    ASSERT_HITS(q, "3,4,");
    assert_describes(q, "FILTER");
    ck_assert_double_eq_tol(weight_of(q, NULL, 3), weight_of(policy, NULL, 3), 1e-9);
    ck_assert_double_eq_tol(weight_of(q, NULL, 4), weight_of(policy, NULL, 4), 1e-9);
    dx_query_free(q);

    /* AND_MAYBE: the others only add weight. */
    q = combine(DX_OP_AND_MAYBE, 0, "policy", "carbon", NULL);
    ASSERT_HITS(q, "2,3,4,");
    ck_assert(weight_of(q, NULL, 4) > weight_of(policy, NULL, 4) + 1e-6);
    ck_assert_double_eq_tol(weight_of(q, NULL, 3), weight_of(policy, NULL, 3), 1e-9);
    dx_query_free(q);
    dx_query_free(policy);

    /* ELITE_SET keeps the window best terms: "extended" (in one document)
     * beats "sanctions" (in three). */
    q = combine(DX_OP_ELITE_SET, 1, "sanctions", "extended", NULL);
    ASSERT_HITS(q, "1,");
    assert_describes(q, "ELITE_SET");
    dx_query_free(q);
    q = combine(DX_OP_ELITE_SET, 2, "sanctions", "extended", NULL);
    ASSERT_HITS(q, "1,2,5,");
    dx_query_free(q);

    /* MAX: the best sub-query's weight, not the sum. */
    dx_query_t *sanctions = term("sanctions"), *extended = term("extended");
    q = combine(DX_OP_MAX, 0, "sanctions", "extended", NULL);
    ASSERT_HITS(q, "1,2,5,");
    assert_describes(q, "MAX");
    double ws = weight_of(sanctions, NULL, 1), we = weight_of(extended, NULL, 1);
    ck_assert(ws > 0 && we > 0);
    ck_assert_double_eq_tol(weight_of(q, NULL, 1), ws > we ? ws : we, 1e-9);
    dx_query_t *or = combine(DX_OP_OR, 0, "sanctions", "extended", NULL);
    ck_assert_double_eq_tol(weight_of(or, NULL, 1), ws + we, 1e-9);
    dx_query_free(or);
    dx_query_free(q);
    dx_query_free(sanctions);
    dx_query_free(extended);

    /* NULL sub-queries are skipped; no sub-query at all matches nothing. */
    dx_query_t *subs[] = {NULL, term("carbon"), NULL};
    q = dx_query_combine(DX_OP_AND, subs, 3, 0);
    ASSERT_HITS(q, "4,5,");
    dx_query_free(q);
    dx_query_free(subs[1]);
    q = dx_query_combine(DX_OP_OR, subs, 0, 0);
    ck_assert_ptr_nonnull(q);
    ck_assert_int_eq(dx_query_is_empty(q), 1);
    ASSERT_HITS(q, "");
    dx_query_free(q);

    /* Sub-queries are copied: freeing them leaves the combination intact,
     * and a combination can be nested. */
    dx_query_t *inner = combine(DX_OP_OR, 0, "carbon", "regime", NULL);
    dx_query_t *outer_subs[] = {inner, NULL};
    outer_subs[1] = term("tax");
    q = dx_query_combine(DX_OP_AND_NOT, outer_subs, 2, 0);
    dx_query_free(inner);
    dx_query_free(outer_subs[1]);
    ASSERT_HITS(q, "1,2,");
    dx_query_free(q);
    dx_query_free(NULL);
}
END_TEST

START_TEST(test_wildcard_range_scale)
{
    dx_query_t *q;
    q = dx_query_wildcard("reg", 3, 0);
    ASSERT_HITS(q, "1,2,3,");
    assert_describes(q, "WILDCARD");
    dx_query_free(q);
    /* Limited to the most frequent expansion: regime (2) over regulation (1). */
    q = dx_query_wildcard("reg", 3, 1);
    ASSERT_HITS(q, "1,2,");
    dx_query_free(q);
    q = dx_query_wildcard("c", 1, 0);
    ASSERT_HITS(q, "3,4,5,");
    dx_query_free(q);
    q = dx_query_wildcard("zz", 2, 0);
    ASSERT_HITS(q, "");
    dx_query_free(q);
    /* The length counts: "carbonXX" cut to "carb". */
    q = dx_query_wildcard("carbonXX", 4, 0);
    ASSERT_HITS(q, "4,5,");
    dx_query_free(q);

    /* Value ranges, closed and open at either end. */
    q = dx_query_value_range(FX_SLOT_DATE, "20200101", "20211231");
    ASSERT_HITS(q, "1,2,3,");
    assert_describes(q, "VALUE_RANGE");
    dx_query_free(q);
    q = dx_query_value_range(FX_SLOT_DATE, "20210101", NULL);
    ASSERT_HITS(q, "2,3,5,");
    dx_query_free(q);
    q = dx_query_value_range(FX_SLOT_DATE, NULL, "20201231");
    ASSERT_HITS(q, "1,4,");
    dx_query_free(q);
    /* Bounds are inclusive. */
    q = dx_query_value_range(FX_SLOT_DATE, "20190520", "20200115");
    ASSERT_HITS(q, "1,4,");
    dx_query_free(q);
    q = dx_query_value_range(FX_SLOT_DATE, "20300101", NULL);
    ASSERT_HITS(q, "");
    dx_query_free(q);
    /* Open at both ends: every document that has a value in the slot
     * (document 6 has no date), not every document. */
    q = dx_query_value_range(FX_SLOT_DATE, NULL, NULL);
    ASSERT_HITS(q, "1,2,3,4,5,");
    dx_query_free(q);
    q = dx_query_value_range(FX_SLOT_DATE, "", NULL);
    ASSERT_HITS(q, "1,2,3,4,5,");
    dx_query_free(q);
    q = dx_query_value_range(FX_SLOT_DATE, "", "20201231");
    ASSERT_HITS(q, "1,4,");
    dx_query_free(q);
    q = dx_query_value_range(FX_SLOT_TYPE, NULL, NULL);
    ASSERT_HITS(q, "1,2,3,4,5,6,");
    dx_query_free(q);
    q = dx_query_value_range(9, NULL, NULL);
    ASSERT_HITS(q, "");
    dx_query_free(q);
    /* A range filters without weight. */
    q = dx_query_value_range(FX_SLOT_DATE, "20210101", NULL);
    ck_assert(weight_of(q, NULL, 2) == 0.0);
    dx_query_free(q);

    /* Scaling: 0 turns a query boolean, 2 doubles every weight. */
    dx_query_t *base = term("sanctions");
    dx_query_t *zero = dx_query_scale(base, 0);
    dx_query_t *twice = dx_query_scale(base, 2);
    ck_assert_ptr_nonnull(zero);
    ck_assert_ptr_nonnull(twice);
    ASSERT_HITS(zero, "1,2,5,");
    assert_describes(twice, "2 * sanctions");
    dx_mset_t *m = NULL;
    ck_assert_int_eq(dx_db_search(db, zero, NULL, 0, 10, &m), DX_OK);
    ck_assert_uint_eq(dx_mset_size(m), 3);
    for (unsigned i = 0; i < 3; i++)
        ck_assert(dx_mset_weight(m, i) == 0.0);
    dx_mset_free(m);
    static const dx_docid_t matching[] = {1, 2, 5};
    for (int i = 0; i < 3; i++) {
        dx_docid_t d = matching[i];
        ck_assert(weight_of(base, NULL, d) > 0);
        ck_assert_double_eq_tol(weight_of(twice, NULL, d), 2 * weight_of(base, NULL, d),
                                1e-9);
    }
    /* A negative factor is refused. */
    ck_assert_ptr_null(dx_query_scale(base, -1));
    ck_assert_str_ne(dx_error_last(), "");
    dx_query_free(zero);
    dx_query_free(twice);
    dx_query_free(base);

    /* Match all and nothing. */
    q = dx_query_match_all();
    ASSERT_HITS(q, "1,2,3,4,5,6,");
    ck_assert_int_eq(dx_query_is_empty(q), 0);
    ck_assert(weight_of(q, NULL, 1) == 0.0);
    assert_describes(q, "Query(<alldocuments>)");
    dx_query_free(q);
    q = dx_query_match_nothing();
    ASSERT_HITS(q, "");
    ck_assert_int_eq(dx_query_is_empty(q), 1);
    assert_describes(q, "Query()");
    dx_query_free(q);

    /* Misuse: a window on an operator that takes none. */
    dx_query_t *subs[] = {term("a"), term("b")};
    q = dx_query_combine(DX_OP_AND, subs, 2, 3);
    ck_assert_ptr_null(q);
    ck_assert_str_ne(dx_error_last(), "");
    dx_query_free(subs[0]);
    dx_query_free(subs[1]);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Search options                                                        */
/* ------------------------------------------------------------------ */

START_TEST(test_sort_facets_collapse)
{
    dx_search_opts_t o;
    dx_search_opts_init(&o);
    ck_assert_int_eq(o.sort_slot, -1);
    ck_assert_int_eq(o.facet_slot, -1);
    ck_assert_int_eq(o.collapse_slot, -1);
    dx_query_t *all = dx_query_match_all();

    /* Sorting by date; the undated document sorts as the empty string. */
    o.sort_slot = FX_SLOT_DATE;
    char *s = ranked(all, &o);
    ck_assert_str_eq(s, "6,4,1,2,3,5,");
    free(s);
    o.sort_descending = 1;
    s = ranked(all, &o);
    ck_assert_str_eq(s, "5,3,2,1,4,6,");
    free(s);
    /* Ties on the sort value are broken by relevance. */
    dx_query_t *subs[] = {term("sanctions"), term("policy"), term("regulation")};
    dx_query_t *q = dx_query_combine(DX_OP_OR, subs, 3, 0);
    for (int i = 0; i < 3; i++)
        dx_query_free(subs[i]);
    o.sort_slot = FX_SLOT_TYPE;
    o.sort_descending = 0;
    s = ranked(q, &o);
    /* brief(2) memo(5) report(1,3,4: 3 has two matching terms, then 1 and
     * 4 by weight). */
    ck_assert_msg(strncmp(s, "2,5,3,", 6) == 0, "%s", s);
    free(s);

    /* Facets: counts per year over the matches, in value order. */
    dx_search_opts_init(&o);
    o.facet_slot = FX_SLOT_YEAR;
    dx_mset_t *m = NULL;
    ck_assert_int_eq(dx_db_search(db, all, &o, 0, 10, &m), DX_OK);
    ck_assert_uint_eq(dx_mset_facet_count(m), 4);
    unsigned c = 0;
    ck_assert_str_eq(dx_mset_facet(m, 0, &c), "2019");
    ck_assert_uint_eq(c, 1);
    ck_assert_str_eq(dx_mset_facet(m, 1, &c), "2020");
    ck_assert_uint_eq(c, 1);
    ck_assert_str_eq(dx_mset_facet(m, 2, &c), "2021");
    ck_assert_uint_eq(c, 2);
    ck_assert_str_eq(dx_mset_facet(m, 3, &c), "2022");
    ck_assert_uint_eq(c, 1);
    c = 9;
    ck_assert_str_eq(dx_mset_facet(m, 4, &c), "");
    ck_assert_uint_eq(c, 0);
    dx_mset_free(m);
    /* Facets count every match, not only the page returned. */
    o.facet_slot = FX_SLOT_TYPE;
    ck_assert_int_eq(dx_db_search(db, q, &o, 0, 1, &m), DX_OK);
    ck_assert_uint_eq(dx_mset_size(m), 1);
    ck_assert_uint_eq(dx_mset_facet_count(m), 3);
    ck_assert_str_eq(dx_mset_facet(m, 0, &c), "brief");
    ck_assert_uint_eq(c, 1);
    ck_assert_str_eq(dx_mset_facet(m, 1, &c), "memo");
    ck_assert_uint_eq(c, 1);
    ck_assert_str_eq(dx_mset_facet(m, 2, &c), "report");
    ck_assert_uint_eq(c, 3);
    dx_mset_free(m);

    /* Collapse: the best document per year; no value, no collapsing. */
    dx_search_opts_init(&o);
    o.collapse_slot = FX_SLOT_YEAR;
    ck_assert_int_eq(dx_db_search(db, all, &o, 0, 10, &m), DX_OK);
    ck_assert_uint_eq(dx_mset_size(m), 5);
    int seen2021 = 0;
    for (unsigned i = 0; i < 5; i++) {
        dx_docid_t d = dx_mset_docid(m, i);
        if (d == 2 || d == 3)
            seen2021++;
    }
    ck_assert_int_eq(seen2021, 1);
    dx_mset_free(m);
    o.collapse_slot = FX_SLOT_TYPE;
    s = ranked(q, &o);
    /* One report (3, the best), one brief, one memo. */
    ck_assert_uint_eq(strlen(s), 6);
    ck_assert_ptr_nonnull(strstr(s, "3,"));
    ck_assert_ptr_null(strstr(s, "1,"));
    ck_assert_ptr_null(strstr(s, "4,"));
    free(s);

    dx_query_free(q);
    dx_query_free(all);
}
END_TEST

START_TEST(test_check_at_least_and_bm25)
{
    dx_search_opts_t o;
    dx_search_opts_init(&o);
    dx_query_t *subs[] = {term("sanctions"), term("policy"), term("trade")};
    dx_query_t *q = dx_query_combine(DX_OP_OR, subs, 3, 0);
    for (int i = 0; i < 3; i++)
        dx_query_free(subs[i]);
    /* Matches: 1 2 3 4 5 6. */
    dx_mset_t *m = NULL;
    ck_assert_int_eq(dx_db_search(db, q, &o, 0, 1, &m), DX_OK);
    ck_assert_uint_eq(dx_mset_size(m), 1);
    ck_assert_uint_le(dx_mset_matches_lower(m), 6);
    ck_assert_uint_ge(dx_mset_matches_upper(m), 6);
    ck_assert_uint_le(dx_mset_matches_lower(m), dx_mset_matches_estimated(m));
    ck_assert_uint_le(dx_mset_matches_estimated(m), dx_mset_matches_upper(m));
    dx_mset_free(m);
    o.check_at_least = 100;
    ck_assert_int_eq(dx_db_search(db, q, &o, 0, 1, &m), DX_OK);
    ck_assert_uint_eq(dx_mset_size(m), 1);
    ck_assert_uint_eq(dx_mset_matches_lower(m), 6);
    ck_assert_uint_eq(dx_mset_matches_estimated(m), 6);
    ck_assert_uint_eq(dx_mset_matches_upper(m), 6);
    dx_mset_free(m);
    /* A zero-size page still counts. */
    ck_assert_int_eq(dx_db_search(db, q, &o, 0, 0, &m), DX_OK);
    ck_assert_uint_eq(dx_mset_size(m), 0);
    ck_assert_uint_eq(dx_mset_matches_estimated(m), 6);
    dx_mset_free(m);
    dx_query_free(q);

    /* BM25 parameters reach Xapian: with k1 = 0 the wdf no longer
     * matters, so the three "sanctions" documents tie. */
    q = term("sanctions");
    dx_search_opts_init(&o);
    double w5 = weight_of(q, &o, 5), w2 = weight_of(q, &o, 2);
    ck_assert(w5 > w2 + 1e-6);
    /* Explicit defaults give the same weights as the defaults. */
    o.k1 = 1;
    o.k2 = 0;
    o.k3 = 1;
    o.b = 0.5;
    o.min_normlen = 0.5;
    ck_assert_double_eq_tol(weight_of(q, &o, 5), w5, 1e-12);
    o.k1 = 0;
    ck_assert_double_eq_tol(weight_of(q, &o, 5), weight_of(q, &o, 2), 1e-9);
    ck_assert_double_eq_tol(weight_of(q, &o, 1), weight_of(q, &o, 2), 1e-9);
    /* b = 0: document length no longer matters (1 and 2 each hold it once). */
    dx_search_opts_init(&o);
    ck_assert(weight_of(q, &o, 2) > weight_of(q, &o, 1) + 1e-6);
    o.b = 0;
    ck_assert_double_eq_tol(weight_of(q, &o, 1), weight_of(q, &o, 2), 1e-9);
    dx_query_free(q);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Xapian's query parser                                                 */
/* ------------------------------------------------------------------ */

static dx_query_t *
parse(dx_qparser_t *qp, const char *text)
{
    dx_query_t *q = NULL;
    dx_status_t st = dx_qparser_parse(qp, text, &q);
    ck_assert_msg(st == DX_OK, "%s: %s", text, dx_error_last());
    ck_assert_ptr_nonnull(q);
    return q;
}

START_TEST(test_qparser)
{
    /* Default OR. */
    dx_qparser_t *qp = dx_qparser_new(db, 0);
    dx_query_t *q = parse(qp, "sanctions regime");
    assert_describes(q, "sanctions@1 OR regime@2");
    ASSERT_HITS(q, "1,2,5,");
    dx_query_free(q);
    q = parse(qp, "\"climate change\"");
    assert_describes(q, "PHRASE");
    ASSERT_HITS(q, "3,4,");
    dx_query_free(q);
    q = parse(qp, "sanctions -regime");
    ASSERT_HITS(q, "5,");
    dx_query_free(q);
    q = parse(qp, "");
    ck_assert_int_eq(dx_query_is_empty(q), 1);
    dx_query_free(q);
    dx_qparser_free(qp);

    /* Default AND, with a text prefix, a boolean prefix and a date range. */
    qp = dx_qparser_new(db, DX_QP_DEFAULT_AND);
    dx_qparser_add_prefix(qp, "title", "S", 0);
    dx_qparser_add_prefix(qp, "type", "XT", 1);
    dx_qparser_add_date_range(qp, "date", FX_SLOT_DATE);
    q = parse(qp, "sanctions regime");
    assert_describes(q, "sanctions@1 AND regime@2");
    ASSERT_HITS(q, "1,2,");
    dx_query_free(q);
    q = parse(qp, "title:climate");
    assert_describes(q, "Sclimate");
    dx_query_free(q);
    q = parse(qp, "policy type:report");
    assert_describes(q, "FILTER XTreport");
    ASSERT_HITS(q, "3,4,");
    dx_query_free(q);
    q = parse(qp, "date:20200101..20211231");
    assert_describes(q, "VALUE_RANGE 0 20200101 20211231");
    ASSERT_HITS(q, "1,2,3,");
    dx_query_free(q);
    q = parse(qp, "policy date:20210101..20211231");
    ASSERT_HITS(q, "2,3,");
    dx_query_free(q);
    /* Open-ended date ranges. */
    q = parse(qp, "date:20210101..");
    ASSERT_HITS(q, "2,3,5,");
    dx_query_free(q);
    q = parse(qp, "date:..20201231");
    ASSERT_HITS(q, "1,4,");
    dx_query_free(q);
    /* Other date spellings are normalised to YYYYMMDD. */
    q = parse(qp, "date:2021-01-01..2021-12-31");
    ASSERT_HITS(q, "2,3,");
    dx_query_free(q);
    /* A field name given with its colon works the same. */
    dx_qparser_free(qp);
    qp = dx_qparser_new(NULL, DX_QP_DEFAULT_AND);
    dx_qparser_add_date_range(qp, "when:", FX_SLOT_DATE);
    q = parse(qp, "when:20190101..20191231");
    ASSERT_HITS(q, "4,");
    dx_query_free(q);
    dx_qparser_free(qp);

    /* Stemming (STEM_SOME: Z-prefixed stems). */
    qp = dx_qparser_new(db, DX_QP_STEM);
    q = parse(qp, "sanctions policies");
    assert_describes(q, "Zsanction@1");
    assert_describes(q, "Zpolici@2");
    dx_query_free(q);
    dx_qparser_free(qp);

    /* Wildcards, expanded against the database. */
    qp = dx_qparser_new(db, DX_QP_WILDCARD);
    q = parse(qp, "reg*");
    ASSERT_HITS(q, "1,2,3,");
    dx_query_free(q);
    dx_qparser_free(qp);

    /* A pure NOT. */
    qp = dx_qparser_new(db, DX_QP_PURE_NOT);
    q = parse(qp, "NOT sanctions");
    ASSERT_HITS(q, "3,4,6,");
    dx_query_free(q);
    dx_qparser_free(qp);
    dx_qparser_free(NULL);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Snippets and expansion                                                */
/* ------------------------------------------------------------------ */

START_TEST(test_snippet)
{
    dx_query_t *q = term("sanctions");
    dx_mset_t *m = NULL;
    ck_assert_int_eq(dx_db_search(db, q, NULL, 0, 10, &m), DX_OK);
    const char *text = "Economic sanctions against the regime were extended "
                       "by the council & its allies.";
    char *s = NULL;
    ck_assert_int_eq(dx_mset_snippet(m, text, strlen(text), 200, "[[", "]]", &s),
                     DX_OK);
    ck_assert_msg(strstr(s, "[[sanctions]]") != NULL, "%s", s);
    /* The output is HTML-escaped; unmatched words are not marked. */
    ck_assert_msg(strstr(s, "&amp;") != NULL, "%s", s);
    ck_assert_ptr_null(strstr(s, "[[regime"));
    free(s);
    /* A short length cuts the text around the match. */
    const char *longtext = "one two three four five six seven eight nine ten eleven "
                           "twelve sanctions thirteen fourteen fifteen sixteen "
                           "seventeen eighteen nineteen twenty twentyone";
    ck_assert_int_eq(dx_mset_snippet(m, longtext, strlen(longtext), 40, "<b>", "</b>",
                                     &s),
                     DX_OK);
    ck_assert_msg(strstr(s, "<b>sanctions</b>") != NULL, "%s", s);
    ck_assert_msg(strlen(s) < strlen(longtext), "%s", s);
    ck_assert_ptr_null(strstr(s, "twentyone"));
    free(s);
    dx_mset_free(m);
    dx_query_free(q);

    /* A stemmed query highlights the inflections of its stems. */
    dx_qparser_t *qp = dx_qparser_new(db, DX_QP_STEM);
    q = parse(qp, "sanction");
    dx_qparser_free(qp);
    ck_assert_int_eq(dx_db_search(db, q, NULL, 0, 10, &m), DX_OK);
    ck_assert_int_eq(dx_mset_snippet(m, text, strlen(text), 200, "<b>", "</b>", &s),
                     DX_OK);
    ck_assert_msg(strstr(s, "<b>sanctions</b>") != NULL, "%s", s);
    free(s);
    dx_mset_free(m);
    dx_query_free(q);
}
END_TEST

struct expand_ctx {
    buf_t terms;
    int n;
    unsigned last_weight;
    int sorted;
};

static int
collect_expand(const char *t, size_t len, unsigned weight, void *ctx)
{
    struct expand_ctx *e = ctx;
    if (e->n > 0 && weight > e->last_weight)
        e->sorted = 0;
    e->last_weight = weight;
    e->n++;
    buf_putc(&e->terms, ',');
    buf_append(&e->terms, t, len);
    buf_putc(&e->terms, ',');
    return 0;
}

static int
stop_first(const char *t, size_t len, unsigned weight, void *ctx)
{
    (void)t;
    (void)len;
    (void)weight;
    (*(int *)ctx)++;
    return 1;
}

START_TEST(test_expand)
{
    /* Terms that characterise documents 4 and 5 (carbon tax). */
    dx_docid_t rel[] = {4, 5};
    struct expand_ctx e = {BUF_INIT, 0, 0, 1};
    ck_assert_int_eq(dx_db_expand(db, rel, 2, 3, collect_expand, &e), DX_OK);
    ck_assert_int_eq(e.n, 3);
    ck_assert(e.sorted);
    const char *got = buf_cstr(&e.terms);
    /* The two terms both documents share, and nothing with a prefix. */
    ck_assert_msg(strstr(got, ",carbon,") && strstr(got, ",tax,"), "%s", got);
    ck_assert_msg(!strstr(got, ",Q") && !strstr(got, ",XT"), "%s", got);
    buf_free(&e.terms);

    /* Every term of the relevant documents, with a large limit. */
    dx_docid_t one[] = {3};
    struct expand_ctx f = {BUF_INIT, 0, 0, 1};
    ck_assert_int_eq(dx_db_expand(db, one, 1, 100, collect_expand, &f), DX_OK);
    got = buf_cstr(&f.terms);
    ck_assert_msg(strstr(got, ",regulation,") != NULL, "%s", got);
    ck_assert_msg(strstr(got, ",sanctions,") == NULL, "%s", got);
    ck_assert_msg(!strstr(got, ",Q3,") && !strstr(got, ",XTreport,"), "%s", got);
    ck_assert(f.sorted);
    buf_free(&f.terms);

    /* The callback stops the iteration. */
    int calls = 0;
    ck_assert_int_eq(dx_db_expand(db, rel, 2, 10, stop_first, &calls), DX_OK);
    ck_assert_int_eq(calls, 1);
    /* An unknown document in the relevance set. */
    dx_docid_t bad[] = {99};
    calls = 0;
    dx_status_t st = dx_db_expand(db, bad, 1, 10, stop_first, &calls);
    ck_assert_msg(st == DX_ERR_NOT_FOUND, "status %d: %s", st, dx_db_error(db));
    ck_assert_int_eq(calls, 0);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Stemming, Unicode, TermGenerator                                      */
/* ------------------------------------------------------------------ */

START_TEST(test_stem_unicode)
{
    dx_stemmer_t *st = NULL;
    ck_assert_int_eq(dx_stemmer_new("english", &st), DX_OK);
    char out[64];
    ck_assert_uint_eq(dx_stem(st, "sanctions", 9, out, sizeof out), 8);
    ck_assert_str_eq(out, "sanction");
    dx_stem(st, "policies", 8, out, sizeof out);
    ck_assert_str_eq(out, "polici");
    dx_stem(st, "regulation", 10, out, sizeof out);
    ck_assert_str_eq(out, "regul");
    /* len counts, not the NUL. */
    dx_stem(st, "sanctionsXYZ", 9, out, sizeof out);
    ck_assert_str_eq(out, "sanction");
    /* The output is cut to fit. */
    ck_assert_uint_eq(dx_stem(st, "sanctions", 9, out, 4), 3);
    ck_assert_str_eq(out, "san");
    ck_assert_uint_eq(dx_stem(st, "sanctions", 9, out, 0), 0);
    dx_stemmer_free(st);
    ck_assert_int_eq(dx_stemmer_new("none", &st), DX_OK);
    dx_stem(st, "sanctions", 9, out, sizeof out);
    ck_assert_str_eq(out, "sanctions");
    dx_stemmer_free(st);
    ck_assert_int_eq(dx_stemmer_new("french", &st), DX_OK);
    dx_stem(st, "sanctions", 9, out, sizeof out);
    ck_assert_str_eq(out, "sanction");
    dx_stemmer_free(st);
    st = (dx_stemmer_t *)1;
    ck_assert_int_eq(dx_stemmer_new("klingon", &st), DX_ERR_INVALID);
    ck_assert_ptr_null(st);
    ck_assert_str_ne(dx_error_last(), "");
    dx_stemmer_free(NULL);

    ck_assert_uint_eq(dx_unicode_tolower('A'), 'a');
    ck_assert_uint_eq(dx_unicode_tolower('a'), 'a');
    ck_assert_uint_eq(dx_unicode_tolower(0xC9), 0xE9);   /* É */
    ck_assert_uint_eq(dx_unicode_tolower(0x0394), 0x03B4); /* Δ */
    ck_assert_uint_eq(dx_unicode_tolower('7'), '7');
    ck_assert_int_eq(dx_unicode_is_wordchar('a'), 1);
    ck_assert_int_eq(dx_unicode_is_wordchar('7'), 1);
    ck_assert_int_eq(dx_unicode_is_wordchar(0xE9), 1);
    ck_assert_int_eq(dx_unicode_is_wordchar('_'), 1);
    ck_assert_int_eq(dx_unicode_is_wordchar(' '), 0);
    ck_assert_int_eq(dx_unicode_is_wordchar('-'), 0);
    ck_assert_int_eq(dx_unicode_is_wordchar(0x2019), 0); /* ’ */
    ck_assert_int_eq(dx_unicode_category(0x0378), 0);    /* unassigned */
    ck_assert_int_eq(dx_unicode_category('A'), 1);       /* Lu */
    ck_assert_int_eq(dx_unicode_category('a'), 2);       /* Ll */
    ck_assert_int_eq(dx_unicode_category('5'), 9);       /* Nd */
    ck_assert_int_eq(dx_unicode_category(' '), 12);      /* Zs */
    ck_assert_int_eq(dx_unicode_category('_'), 19);      /* Pc */
}
END_TEST

START_TEST(test_index_text)
{
    dx_doc_t *doc = dx_doc_new();
    unsigned pos = 0;
    const char *t1 = "sanctions were extended; Sanctions";
    ck_assert_int_eq(dx_doc_index_text(doc, t1, strlen(t1), NULL, &pos), DX_OK);
    ck_assert_uint_eq(pos, 4);
    const char *t2 = "more sanctions";
    ck_assert_int_eq(dx_doc_index_text(doc, t2, strlen(t2), NULL, &pos), DX_OK);
    ck_assert_uint_eq(pos, 6);
    const char *t3 = "Trade policies";
    unsigned tpos = 0;
    ck_assert_int_eq(dx_doc_index_text(doc, t3, strlen(t3), "S", &tpos), DX_OK);
    ck_assert_uint_eq(tpos, 2);
    dx_doc_add_boolean(doc, "Qtg", 3);

    buf_t b = BUF_INIT;
    ck_assert_int_eq(dx_doc_terms(doc, fx_collect_term, &b), DX_OK);
    /* Lower-cased words with positions, and Z-prefixed stems (before the
     * field prefix) without.  Unlike the query parser's STEM_SOME, the
     * TermGenerator's stems capitalised words too. */
    ck_assert_str_eq(buf_cstr(&b),
                     "Qtg:0,Spolicies:1,Strade:1,ZSpolici:1,ZStrade:1,Zextend:1,"
                     "Zmore:1,Zsanction:3,Zwere:1,extended:1,more:1,sanctions:3,"
                     "were:1,");
    buf_free(&b);

    /* Stored, the positions are there, and the stems carry none. */
    char *dir = tu_tmpdir("dxtg");
    char *path = xasprintf("%s/db", dir);
    dx_db_t *w = fx_open_rw(path);
    dx_docid_t id = 0;
    ck_assert_int_eq(dx_db_replace(w, "Qtg", doc, &id), DX_OK);
    unsigned *p = NULL;
    size_t n = 0;
    ck_assert_int_eq(dx_db_positions(w, id, "sanctions", &p, &n), DX_OK);
    ck_assert_uint_eq(n, 3);
    ck_assert_uint_eq(p[0], 1);
    ck_assert_uint_eq(p[1], 4);
    ck_assert_uint_eq(p[2], 6);
    free(p);
    ck_assert_int_eq(dx_db_positions(w, id, "Strade", &p, &n), DX_OK);
    ck_assert_uint_eq(n, 1);
    ck_assert_uint_eq(p[0], 1);
    free(p);
    ck_assert_int_eq(dx_db_positions(w, id, "Zsanction", &p, &n), DX_OK);
    ck_assert_uint_eq(n, 0);
    free(p);
    dx_db_close(w);
    tu_rmtree(dir);
    free(path);
    free(dir);
    dx_doc_free(doc);
}
END_TEST

static Suite *
binding_query_suite(void)
{
    Suite *s = suite_create("binding-query");
    TCase *tc = tcase_create("query");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_term_and_ranking);
    tcase_add_test(tc, test_operators);
    tcase_add_test(tc, test_wildcard_range_scale);
    tcase_add_test(tc, test_sort_facets_collapse);
    tcase_add_test(tc, test_check_at_least_and_bm25);
    tcase_add_test(tc, test_qparser);
    tcase_add_test(tc, test_snippet);
    tcase_add_test(tc, test_expand);
    tcase_add_test(tc, test_stem_unicode);
    tcase_add_test(tc, test_index_text);
    suite_add_tcase(s, tc);
    return s;
}

TEST_MAIN(binding_query_suite)
