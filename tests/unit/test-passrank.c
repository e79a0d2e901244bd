/*
 * test-passrank.c - which passages a hit shows, and what they highlight,
 * over the sample corpus.
 *
 * The promises checked: a hit's passages are its best, best first, each
 * with its own score and line; the bytes at every highlight are a word
 * that satisfies the query, in the original text (curly apostrophes,
 * accents, soft hyphens kept); a phrase or NEAR query lights only words
 * where the phrase or the proximity holds; words under NOT are never lit;
 * neighbouring windows of one long paragraph are merged; --passages ranks
 * passages across the corpus.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "corpusindex.h"
#include "lib/token.h"
#include "testutil.h"
#include "util/buf.h"

static corpus_index_t ci;

static void
run(const char *query, unsigned per_doc, search_result_t *r)
{
    search_opts_t o;
    ci_opts(&o);
    o.limit = 100;
    o.per_doc = per_doc;
    ci_search(&ci, query, &o, r);
}

static const search_hit_t *
hit_of(const search_result_t *r, const char *file)
{
    for (size_t i = 0; i < r->nhits; i++)
        if (strcmp(ci_base(r->hits[i].rec.path), file) == 0)
            return &r->hits[i];
    ck_abort_msg("%s is not a hit", file);
    return NULL;
}

/* The normalised terms of text[a, z): how many, and the first. */
static size_t
terms_in(const char *text, size_t a, size_t z, char *first, size_t cap)
{
    tokenizer_t t;
    token_t tok;
    size_t n = 0;
    tok_init(&t, text + a, z - a);
    while (tok_next(&t, &tok)) {
        if (n == 0)
            snprintf(first, cap, "%s", tok.term);
        n++;
    }
    return n;
}

/* Is term one of the space-separated words of list? */
static int
in_list(const char *term, const char *list)
{
    size_t l = strlen(term);
    for (const char *s = list; *s;) {
        const char *e = strchr(s, ' ');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        if (n == l && strncmp(s, term, n) == 0)
            return 1;
        s += n;
        while (*s == ' ')
            s++;
    }
    return 0;
}

/* Every highlight of every passage of every hit is exactly one word, one
 * of `allowed` once normalised; passages are best first and inside the
 * text; highlights ascend and do not overlap. */
static void
check_highlights(const search_result_t *r, const char *query, const char *allowed)
{
    for (size_t i = 0; i < r->nhits; i++) {
        const search_hit_t *h = &r->hits[i];
        size_t textlen = strlen(h->rec.text);
        for (size_t k = 0; k < h->npassages; k++) {
            const pr_passage_t *p = &h->passages[k];
            ck_assert_msg(p->start < p->end && p->end <= textlen, "[%s] %s: passage out of the text",
                          query, h->rec.path);
            ck_assert_msg(p->line >= 1, "[%s] %s: no line", query, h->rec.path);
            if (k)
                ck_assert_msg(p->score <= h->passages[k - 1].score, "[%s] %s: passages not best first",
                              query, h->rec.path);
            for (size_t j = 0; j < p->nhl; j++) {
                const pr_highlight_t *hl = &p->hl[j];
                ck_assert_msg(hl->start < hl->end && p->start + hl->end <= p->end,
                              "[%s] %s: highlight outside its passage", query, h->rec.path);
                if (j)
                    ck_assert_msg(hl->start >= p->hl[j - 1].end, "[%s] %s: highlights overlap",
                                  query, h->rec.path);
                char term[TOKEN_MAX + 1] = "";
                size_t n = terms_in(h->rec.text, p->start + hl->start, p->start + hl->end, term,
                                    sizeof term);
                ck_assert_msg(n == 1 && in_list(term, allowed),
                              "[%s] %s line %u: highlight [%u,%u) is '%.*s', not one of {%s}", query,
                              h->rec.path, p->line, hl->start, hl->end, (int)(hl->end - hl->start),
                              h->rec.text + p->start + hl->start, allowed);
            }
        }
    }
}

/* The original bytes of highlight j of passage p. */
static char *
hl_text(const search_hit_t *h, const pr_passage_t *p, size_t j)
{
    return xstrndup(h->rec.text + p->start + p->hl[j].start, p->hl[j].end - p->hl[j].start);
}

START_TEST(test_highlights_are_query_words)
{
    static const struct {
        const char *query, *allowed;
    } cases[] = {
        { "sanctions", "sanctions" },
        { "sanction", "sanctions" },
        { "\"North Korea\"", "north korea" },
        { "Jong-un", "jong un" },
        { "\"Kim Jong-un\"", "kim jong un" },
        { "US-ROK", "us rok" },
        { "cafe", "cafe" },
        { "vaccination", "vaccination vaccine vaccines vaccinated vaccinations" },
        { "sanction* ransom*", "sanctions ransomware ransom" },
        { "Markey AND Cruz", "markey cruz" },
        { "sanctions NEAR/3 banks", "sanctions banks" },
        { "\"sanctions banks\"~3", "sanctions banks" },
        { "NEAR(sanctions banks, 3)", "sanctions banks" },
        { "treasury ADJ/1 department", "treasury department" },
        { "korea OR (sanctions NOT tariffs)", "korea koreas sanctions" },
        { "sanctions -korea", "sanctions" },
        { "title:korea sanctions", "sanctions" },
        { "sanctions date:2017 dir:corpus/letters", "sanctions" },
        { "\"financial system\"", "financial system" },
        { "\"vaccination rates\"", "vaccination rates" },
        { "04.24.2019", "04.24.2019" },
        { "\"U.S. financial system\"", "us financial system" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        search_result_t r;
        run(cases[i].query, 3, &r);
        ck_assert_msg(r.nhits > 0, "[%s]: no hits", cases[i].query);
        check_highlights(&r, cases[i].query, cases[i].allowed);
        search_result_free(&r);
    }
}
END_TEST

/* A phrase lights its words only where they form the phrase. */
START_TEST(test_phrase_faithful)
{
    search_result_t r;
    run("\"North Korea\"", 100, &r);
    ck_assert_uint_eq(r.nhits, 7);
    for (size_t i = 0; i < r.nhits; i++) {
        const search_hit_t *h = &r.hits[i];
        ck_assert_msg(h->npassages >= 1, "%s: no passage", h->rec.path);
        for (size_t k = 0; k < h->npassages; k++) {
            const pr_passage_t *p = &h->passages[k];
            ck_assert_msg(p->score > 0 && p->nhl >= 2 && p->nhl % 2 == 0,
                          "%s line %u: %zu highlights", h->rec.path, p->line, p->nhl);
            for (size_t j = 0; j + 1 < p->nhl; j += 2) {
                char a[TOKEN_MAX + 1], b[TOKEN_MAX + 1];
                terms_in(h->rec.text, p->start + p->hl[j].start, p->start + p->hl[j].end, a, sizeof a);
                terms_in(h->rec.text, p->start + p->hl[j + 1].start, p->start + p->hl[j + 1].end, b,
                         sizeof b);
                ck_assert_msg(strcmp(a, "north") == 0 && strcmp(b, "korea") == 0,
                              "%s line %u: lit '%s' then '%s'", h->rec.path, p->line, a, b);
                /* Adjacent: only white space between them. */
                for (uint32_t c = p->hl[j].end; c < p->hl[j + 1].start; c++)
                    ck_assert(h->rec.text[p->start + c] == ' ' || h->rec.text[p->start + c] == '\n');
            }
        }
    }
    search_result_free(&r);

    /* KORUS has "North American" and "Korea" but never the phrase: asked
     * for both words, its "North" and "Korea" are lit; never as a phrase. */
    run("north korea", 3, &r);
    const search_hit_t *h = hit_of(&r, "korus-revision.txt");
    ck_assert(h->npassages >= 1);
    search_result_free(&r);
}
END_TEST

/* NEAR lights the words that are near, not the same words elsewhere. */
START_TEST(test_near_faithful)
{
    static const char *const forms[] = {
        "sanctions NEAR/3 banks", "banks NEAR/3 sanctions", "\"sanctions banks\"~3",
        "NEAR(sanctions banks, 3)", "sanctions ADJ/3 banks",
    };
    for (size_t f = 0; f < sizeof forms / sizeof *forms; f++) {
        search_result_t r;
        run(forms[f], 3, &r);
        ck_assert_msg(r.nhits == 1, "[%s]: %zu hits", forms[f], r.nhits);
        const search_hit_t *h = hit_of(&r, "sanctions-enforcement-followup.txt");
        /* Only the paragraph with "secondary sanctions against foreign
         * banks" satisfies it, and only those two words are lit, although
         * the paragraph has "Sanctions" and "banks" further apart too. */
        ck_assert_uint_eq(h->npassages, 1);
        const pr_passage_t *p = &h->passages[0];
        ck_assert_uint_eq(p->line, 13);
        ck_assert_uint_eq(p->nhl, 2);
        char *a = hl_text(h, p, 0), *b = hl_text(h, p, 1);
        ck_assert_str_eq(a, "sanctions");
        ck_assert_str_eq(b, "banks");
        ck_assert_uint_eq(p->hl[1].start - p->hl[0].end, strlen(" against foreign "));
        free(a);
        free(b);
        search_result_free(&r);
    }
}
END_TEST

/* Every document a proximity query finds shows a passage where the
 * proximity holds: passages measure distance as the search does (all the
 * words of the parts, phrases included, within the distance plus the
 * number of words less two). */
START_TEST(test_near_every_hit_lit)
{
    static const char *const queries[] = {
        "\"North Korea\" NEAR/1 sanctions", "sanctions NEAR/1 \"North Korea\"",
        "\"North Korea\" NEAR/2 sanctions", "\"North Korea\" ADJ/3 sanctions",
        "sanctions NEAR/3 banks", "treasury NEAR/7 department", "secondary ADJ/1 sanctions",
        "NEAR(sanctions secondary foreign banks, 5)", "Markey NEAR/20 Franken",
        "Kim NEAR/1 Jong-un", "\"Kim Jong-un\" NEAR/8 banks", "sanction* NEAR/4 korea",
        "tariffs NEAR/5 steel", "\"clean energy\" NEAR/3 standard",
    };
    for (size_t q = 0; q < sizeof queries / sizeof *queries; q++) {
        search_result_t r;
        run(queries[q], 1, &r);
        ck_assert_msg(r.nhits > 0, "[%s]: no hits", queries[q]);
        for (size_t i = 0; i < r.nhits; i++) {
            const search_hit_t *h = &r.hits[i];
            ck_assert_msg(h->npassages == 1 && h->passages[0].score > 0 && h->passages[0].nhl >= 2,
                          "[%s] %s: no passage satisfies it", queries[q], h->rec.path);
        }
        search_result_free(&r);
    }
}
END_TEST

/* Words under NOT are never lit, even in documents that have them. */
START_TEST(test_not_never_lit)
{
    search_result_t r;
    run("korea OR (sanctions NOT tariffs)", 100, &r);
    /* STEEL has korea, sanctions and tariffs. */
    const search_hit_t *h = hit_of(&r, "steel-tariff-exclusions.txt");
    ck_assert(h->npassages >= 1);
    check_highlights(&r, "korea OR (sanctions NOT tariffs)", "korea koreas sanctions");
    search_result_free(&r);

    run("(tariffs OR steel) -date:2020..", 100, &r);
    check_highlights(&r, "(tariffs OR steel) -date:2020..", "tariffs tariff steel");
    search_result_free(&r);
}
END_TEST

/* Highlights are byte ranges of the original text. */
START_TEST(test_original_bytes)
{
    search_result_t r;
    /* The soft hyphen stays inside the lit word. */
    run("\"vaccination rates\"", 3, &r);
    const search_hit_t *h = hit_of(&r, "measles-outbreak.txt");
    const pr_passage_t *p = &h->passages[0];
    ck_assert_uint_eq(p->line, 7);
    ck_assert_uint_eq(p->nhl, 2);
    char *s = hl_text(h, p, 0);
    ck_assert_str_eq(s, "vacci\xC2\xADnation");
    free(s);
    s = hl_text(h, p, 1);
    ck_assert_str_eq(s, "rates");
    free(s);
    search_result_free(&r);

    /* Accents, the curly apostrophe and the ligature as written. */
    run("cafe", 3, &r);
    h = hit_of(&r, "pyeongchang-joint-team.txt");
    p = &h->passages[0];
    ck_assert(p->nhl >= 1);
    s = hl_text(h, p, 0);
    ck_assert_str_eq(s, "caf\xC3\xA9");
    free(s);
    search_result_free(&r);

    run("\"Kim Jong-un's\"", 1, &r);
    h = hit_of(&r, "sanctions-enforcement-followup.txt");
    p = &h->passages[0];
    ck_assert_uint_eq(p->nhl, 3);
    s = hl_text(h, p, 2);
    ck_assert_str_eq(s, "un\xE2\x80\x99s");
    free(s);
    s = xstrndup(h->rec.text + p->start + p->hl[0].start, p->hl[2].end - p->hl[0].start);
    ck_assert_str_eq(s, "Kim Jong-un\xE2\x80\x99s");
    free(s);
    search_result_free(&r);

    run("financial", 3, &r);
    h = hit_of(&r, "sanctions-enforcement-followup.txt");
    p = &h->passages[0];
    ck_assert_uint_eq(p->nhl, 1);
    s = hl_text(h, p, 0);
    ck_assert_str_eq(s, "\xEF\xAC\x81nancial");
    free(s);
    search_result_free(&r);

    /* Windows-1252 was converted at indexing: offsets count UTF-8 bytes. */
    run("ramirez", 3, &r);
    h = hit_of(&r, "border-shelter-release.txt");
    p = &h->passages[0];
    ck_assert(p->nhl >= 1);
    s = hl_text(h, p, 0);
    ck_assert_str_eq(s, "Ram\xC3\xADrez");
    free(s);
    search_result_free(&r);
}
END_TEST

/* The passage chosen is the one that best satisfies the query. */
START_TEST(test_passage_choice)
{
    static const struct {
        const char *query, *file;
        unsigned line;
    } cases[] = {
        /* The only paragraph with both words. */
        { "Markey Franken", "senate-letters-north-korea.txt", 7 },
        { "Cruz Gardner", "senate-letters-north-korea.txt", 9 },
        /* The dateline's line also holds the body (and June 12). */
        { "Singapore summit", "summit-preparations.txt", 3 },
        /* The quotation of the Center for Pacific Security Studies. */
        { "\"buy time\"", "sanctions-enforcement-followup.txt", 21 },
        /* The numbered list (one passage: its first line). */
        { "third-country banks", "sanctions-enforcement-followup.txt", 17 },
        /* A phrase beats its words apart. */
        { "\"Treasury Department\"", "testimony-sanctions-implementation.txt", 9 },
        /* "vacci<soft hyphen>nation rates". */
        { "vaccination rates", "measles-outbreak.txt", 7 },
        /* Terms with dots (the dateline 04.24.2019) and acronyms. */
        { "04.24.2019", "denuclearization-remarks.txt", 3 },
        { "\"U.S. financial system\"", "testimony-sanctions-implementation.txt", 9 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        search_result_t r;
        run(cases[i].query, 3, &r);
        const search_hit_t *h = hit_of(&r, cases[i].file);
        ck_assert_msg(h->npassages >= 1 && h->passages[0].line == cases[i].line,
                      "[%s] %s: best passage at line %u, expected %u", cases[i].query,
                      cases[i].file, h->npassages ? h->passages[0].line : 0, cases[i].line);
        ck_assert(h->passages[0].score > 0);
        search_result_free(&r);
    }
}
END_TEST

/* K passages per hit (fewer if fewer match), best first. */
START_TEST(test_per_doc)
{
    search_result_t r;
    run("sanctions", 1, &r);
    for (size_t i = 0; i < r.nhits; i++)
        ck_assert_uint_eq(r.hits[i].npassages, 1);
    search_result_free(&r);

    run("sanctions", 3, &r);
    const search_hit_t *h = hit_of(&r, "sanctions-enforcement-followup.txt");
    ck_assert_uint_eq(h->npassages, 3);
    h = hit_of(&r, "ransomware-reporting-letter.md");
    ck_assert_uint_eq(h->npassages, 1);  /* sanctions once */
    search_result_free(&r);

    run("sanctions", 10, &r);
    h = hit_of(&r, "sanctions-enforcement-followup.txt");
    /* The paragraphs with sanctions (the title, which has it too, is in
     * the header already); the one with three first. */
    ck_assert_uint_eq(h->npassages, 3);
    ck_assert_uint_eq(h->passages[0].line, 13);
    ck_assert_uint_eq(h->passages[0].nhl, 3);
    for (size_t k = 1; k < 3; k++)
        ck_assert_msg(h->passages[k].line == 17 || h->passages[k].line == 21,
                      "unexpected passage at line %u", h->passages[k].line);
    search_result_free(&r);

    run("sanctions", 0, &r);
    for (size_t i = 0; i < r.nhits; i++)
        ck_assert_uint_eq(r.hits[i].npassages, 0);
    search_result_free(&r);
}
END_TEST

/* A document that matches only by filters or title still shows a passage:
 * its first paragraph that is not the title, unlit. */
START_TEST(test_unmatched_passage)
{
    search_result_t r;
    run("date:2019-11-14", 3, &r);
    ck_assert_uint_eq(r.nhits, 1);
    const search_hit_t *h = &r.hits[0];
    ck_assert_uint_eq(h->npassages, 1);
    ck_assert(h->passages[0].score == 0);
    ck_assert_uint_eq(h->passages[0].nhl, 0);
    ck_assert_uint_gt(h->passages[0].line, 1);
    search_result_free(&r);
}
END_TEST

/* Windows of one long paragraph that are both chosen become one passage. */
START_TEST(test_windows_merged)
{
    search_result_t r;
    run("sanctions", 10, &r);
    const search_hit_t *h = hit_of(&r, "ship-to-ship-transfers.txt");
    ck_assert(h->npassages >= 1);
    for (size_t a = 0; a < h->npassages; a++) {
        for (size_t b = 0; b < h->npassages; b++) {
            if (a == b)
                continue;
            const pr_passage_t *x = &h->passages[a], *y = &h->passages[b];
            ck_assert_msg(x->end <= y->start || y->end <= x->start, "passages overlap");
            if (x->end <= y->start) {
                int only_space = 1;
                for (uint32_t c = x->end; c < y->start; c++)
                    if (h->rec.text[c] != ' ' && h->rec.text[c] != '\t')
                        only_space = 0;
                ck_assert_msg(!only_space, "neighbouring windows at %u and %u not merged", x->start,
                              y->start);
            }
        }
    }
    /* Its one paragraph holds the four "sanctions" of the body (the
     * fifth is in the title): all are lit in the chosen passages. */
    size_t lit = 0;
    for (size_t k = 0; k < h->npassages; k++)
        lit += h->passages[k].nhl;
    ck_assert_uint_eq(lit, 4);
    check_highlights(&r, "sanctions", "sanctions");
    search_result_free(&r);

    /* Of its five windows, 1 holds a "sanctions", 2 "Council", 4
     * "Satellite" and 5 three "sanctions": 1+2 and 4+5 are neighbours,
     * and each pair becomes one passage, longer than any window. */
    run("sanctions OR council OR satellite", 10, &r);
    h = hit_of(&r, "ship-to-ship-transfers.txt");
    size_t longer = 0;
    for (size_t k = 0; k < h->npassages; k++)
        if (h->passages[k].end - h->passages[k].start > 1000)
            longer++;
    ck_assert_msg(longer >= 2, "%zu merged passages", longer);
    for (size_t a = 0; a + 1 < h->npassages; a++)
        for (size_t b = a + 1; b < h->npassages; b++)
            ck_assert(h->passages[a].end <= h->passages[b].start ||
                      h->passages[b].end <= h->passages[a].start);
    check_highlights(&r, "sanctions OR council OR satellite", "sanctions council satellite");
    search_result_free(&r);
}
END_TEST

/* --passages: passages of the whole corpus, best first. */
START_TEST(test_passages_mode)
{
    search_opts_t o;
    ci_opts(&o);
    o.passages_mode = 1;
    o.limit = 5;
    search_result_t r;
    ci_search(&ci, "\"North Korea\" sanctions", &o, &r);
    ck_assert_uint_eq(r.npassages, 5);
    for (size_t i = 0; i < r.npassages; i++) {
        const search_passage_t *sp = &r.passages[i];
        ck_assert(sp->p.score > 0);
        if (i)
            ck_assert(sp->p.score <= r.passages[i - 1].p.score);
        ck_assert_uint_lt(sp->hit, r.nhits);
    }
    search_result_free(&r);

    /* The offset continues the same list. */
    search_result_t all, rest;
    o.limit = 6;
    o.offset = 0;
    ci_search(&ci, "sanctions", &o, &all);
    o.limit = 3;
    o.offset = 3;
    ci_search(&ci, "sanctions", &o, &rest);
    ck_assert_uint_eq(all.npassages, 6);
    ck_assert_uint_eq(rest.npassages, 3);
    for (size_t i = 0; i < 3; i++) {
        ck_assert_str_eq(all.hits[all.passages[i + 3].hit].rec.path,
                         rest.hits[rest.passages[i].hit].rec.path);
        ck_assert_uint_eq(all.passages[i + 3].p.line, rest.passages[i].p.line);
        ck_assert_uint_eq(all.passages[i + 3].rank, i + 4);
        ck_assert_uint_eq(rest.passages[i].rank, i + 4);  /* counted after the offset */
    }
    search_result_free(&all);
    search_result_free(&rest);

    /* Filters only: each document found stands by its first passage. */
    o.limit = 10;
    o.offset = 0;
    ci_search(&ci, "date:2017", &o, &r);
    ck_assert_uint_eq(r.nhits, 3);
    ck_assert_uint_eq(r.npassages, 3);
    for (size_t i = 0; i < r.npassages; i++) {
        ck_assert(r.passages[i].p.score == 0);
        ck_assert_uint_eq(r.passages[i].p.nhl, 0);
        ck_assert_uint_eq(r.passages[i].hit, i);
    }
    search_result_free(&r);
}
END_TEST

static Suite *
passrank_suite(void)
{
    Suite *s = suite_create("passrank");
    TCase *tc = tcase_create("corpus");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_highlights_are_query_words);
    tcase_add_test(tc, test_phrase_faithful);
    tcase_add_test(tc, test_near_faithful);
    tcase_add_test(tc, test_near_every_hit_lit);
    tcase_add_test(tc, test_not_never_lit);
    tcase_add_test(tc, test_original_bytes);
    tcase_add_test(tc, test_passage_choice);
    tcase_add_test(tc, test_per_doc);
    tcase_add_test(tc, test_unmatched_passage);
    tcase_add_test(tc, test_windows_merged);
    tcase_add_test(tc, test_passages_mode);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    ci_open(&ci);
    int rc = tu_run_suite(passrank_suite());
    ci_close(&ci);
    return rc;
}
