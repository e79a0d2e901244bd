/*
 * test-similar.c - the documents most like a given one (search/similar.h),
 * over the sample corpus.
 *
 * The corpus's documents come in topics (docs/corpus.md): North Korea and
 * sanctions, trade and tariffs, climate and energy, cybersecurity,
 * immigration, public health.  A document's most similar ones are those
 * of its topic; each case names the documents that must fill the first
 * places, in any order.
 */
#include <stdlib.h>
#include <string.h>

#include "corpusindex.h"
#include "search/query.h"
#include "search/similar.h"
#include "testutil.h"

static corpus_index_t ci;

typedef struct scase {
    const char *doc;        /* stored path */
    const char *top[3];     /* the first places, in any order (NULL ends) */
} scase_t;

static const scase_t cases[] = {
    { "corpus/letters/sanctions-enforcement-followup.txt",
      { "senate-letters-north-korea.txt", "testimony-sanctions-implementation.txt",
        "ship-to-ship-transfers.txt" } },
    { "corpus/news/korus-revision.txt",
      { "tariff-pass-through-study.txt", "steel-tariff-exclusions.txt", NULL } },
    { "corpus/letters/ransomware-reporting-letter.md",
      { "infrastructure-cyber-brief.md", "city-ransomware-recovery.html", NULL } },
    { "corpus/press/grid-security-exercise.txt.gz",
      { "infrastructure-cyber-brief.md", NULL, NULL } },
    { "corpus/news/asylum-court-backlog.txt",
      { "border-shelter-release.txt", "seasonal-visa-letter.txt", NULL } },
    { "corpus/speeches/road-to-copenhagen.md",
      { "clean-energy-standard-letter.txt", NULL, NULL } },
    { "corpus/news/measles-outbreak.txt",
      { "public-health-commencement.txt", "vaccine-clinics-release.html", NULL } },
};

START_TEST(test_topics)
{
    const scase_t *c = &cases[_i];
    similar_result_t r;
    char *err = NULL;
    similar_status_t st = similar_run(ci.ix, c->doc, 40, 10, &r, &err);
    ck_assert_msg(st == SIMILAR_OK, "%s: %s", c->doc, err ? err : "not found");
    size_t ntop = 0;
    while (ntop < 3 && c->top[ntop])
        ntop++;
    ck_assert_uint_ge(r.nhits, ntop);
    for (size_t k = 0; k < ntop; k++) {
        int found = 0;
        for (size_t i = 0; i < ntop; i++)
            if (strcmp(ci_base(r.hits[i].rec.path), c->top[k]) == 0)
                found = 1;
        ck_assert_msg(found, "%s: %s is not among the first %zu (first: %s, %s)", c->doc,
                      c->top[k], ntop, r.hits[0].rec.path,
                      r.nhits > 1 ? r.hits[1].rec.path : "-");
    }
    for (size_t i = 0; i < r.nhits; i++) {
        ck_assert_msg(strcmp(r.hits[i].rec.path, c->doc) != 0, "%s is similar to itself", c->doc);
        ck_assert_uint_eq(r.hits[i].rank, i + 1);
        if (i)
            ck_assert(r.hits[i].score <= r.hits[i - 1].score);
    }
    similar_result_free(&r);
}
END_TEST

/* The words used: at most as many as asked, no stop words or numbers, all
 * of them in the document and in another one. */
START_TEST(test_terms)
{
    similar_result_t r;
    char *err = NULL;
    const char *doc = "corpus/letters/sanctions-enforcement-followup.txt";
    ck_assert(similar_run(ci.ix, doc, 12, 5, &r, &err) == SIMILAR_OK);
    ck_assert_uint_eq(r.nterms, 12);
    ck_assert_uint_le(r.nhits, 5);
    int has_sanctions = 0;
    for (size_t i = 0; i < r.nterms; i++) {
        const char *t = r.terms[i];
        ck_assert_msg(!query_is_stopword(t, strlen(t)), "stop word '%s'", t);
        ck_assert_msg(strspn(t, "0123456789") < strlen(t), "number '%s'", t);
        unsigned df = 0;
        dx_db_termfreq(ci.ix->db, t, strlen(t), &df);
        ck_assert_msg(df >= 2, "'%s' is in %u document(s)", t, df);
        if (strcmp(t, "sanctions") == 0)
            has_sanctions = 1;
    }
    ck_assert_msg(has_sanctions, "'sanctions' (six times) is not among the words");
    similar_result_free(&r);

    /* As a path on disk, too. */
    char *abs = xasprintf("%s/corpus/news/korus-revision.txt", ci.tmp);
    ck_assert(similar_run(ci.ix, abs, 40, 3, &r, &err) == SIMILAR_OK);
    ck_assert_uint_eq(r.nhits, 3);
    similar_result_free(&r);
    free(abs);
}
END_TEST

START_TEST(test_not_found)
{
    similar_result_t r;
    char *err = NULL;
    ck_assert(similar_run(ci.ix, "corpus/no/such.txt", 40, 10, &r, &err) == SIMILAR_NOT_FOUND);
    ck_assert_uint_eq(r.nhits, 0);
    similar_result_free(&r);
}
END_TEST

static Suite *
similar_suite(void)
{
    Suite *s = suite_create("similar");
    TCase *tc = tcase_create("corpus");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, test_topics, 0, (int)(sizeof cases / sizeof *cases));
    tcase_add_test(tc, test_terms);
    tcase_add_test(tc, test_not_found);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    ci_open(&ci);
    int rc = tu_run_suite(similar_suite());
    ci_close(&ci);
    return rc;
}
