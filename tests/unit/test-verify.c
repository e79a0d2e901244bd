/*
 * test-verify.c - checking a phrase in a text (search/verify.h).
 *
 * verify_text() skips the tokenizer where it can (an ASCII first word in
 * a text with nothing that folds into words); whatever it skips, it must
 * answer as the tokenizer reads the text.  Random texts made of tricky
 * pieces (case, acronyms, numbers, apostrophes, hyphens, accents,
 * ligatures, soft hyphens, curly quotes) are checked against a plain
 * reading of every token.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/token.h"
#include "search/query.h"
#include "search/verify.h"
#include "testutil.h"
#include "util/buf.h"

static const char *const pieces[] = {
    "have", "been", "HAVE", "Been", "public", "Public", "just", "JUST", "the", "costs",
    "again", "not", "only", "Not", "publicity", "justly", "thejust",
    " ", " ", " ", "  ", "\n", "\n\n", ", ", ". ", "; ", "-", " - ", "—", "–",
    "’", "'", "’s", "'s", "“", "”", "\"", "(", ")", "/",
    "U.S.", "u.s.", "1,000", "3.5", "AT&T", "&", "don't", "o’brien", "n't",
    "café", "CAFÉ", "ﬁnancial", "pub\xC2\xADlic", "ju\xE2\x80\x8Bst", "naïve", "ŋ", "½",
    "\xC2\xA0", "…", "x", "a", "I", "9",
};

static const char *const phrases[] = {
    "\"have been\"", "\"public just\"", "\"costs the again\"", "\"not only\"",
    "\"just have\"", "\"been been\"", "\"the the\"", "\"have been have\"",
    "\"s have\"", "\"us have\"", "\"t have\"", "\"cafe have\"", "\"financial just\"",
    "\"1000 have\"", "\"at&t just\"", "\"publicity just\"", "\"public justly\"",
};

/* The plain reading: every token of the text, each tried as the start. */
static int
reference(const char *text, size_t len, const qnode_t *p)
{
    tokenizer_t t;
    token_t tok;
    size_t n = 0, cap = 0;
    char **terms = NULL;
    tok_init(&t, text, len);
    while (tok_next(&t, &tok)) {
        if (n == cap) {
            cap = cap ? 2 * cap : 64;
            terms = realloc(terms, cap * sizeof *terms);
        }
        terms[n++] = strndup(tok.term, tok.len);
    }
    int found = 0;
    for (size_t i = 0; i + p->nwords <= n && !found; i++) {
        size_t k = 0;
        while (k < p->nwords && strcmp(terms[i + k], p->words[k].term) == 0)
            k++;
        found = k == p->nwords;
    }
    for (size_t i = 0; i < n; i++)
        free(terms[i]);
    free(terms);
    return found;
}

START_TEST(test_agrees_with_the_tokenizer)
{
    query_opts_t qo = { 20260101, DATE_ORDER_MDY };
    size_t np = sizeof phrases / sizeof *phrases, npieces = sizeof pieces / sizeof *pieces;
    query_t **q = calloc(np, sizeof *q);
    for (size_t i = 0; i < np; i++) {
        q[i] = query_parse(phrases[i], &qo);
        ck_assert_msg(q[i]->root && q[i]->root->kind == Q_PHRASE, "%s: not a phrase",
                      phrases[i]);
    }
    srand(20170303);
    size_t found = 0, checks = 0;
    buf_t b = BUF_INIT;
    for (int round = 0; round < 4000; round++) {
        buf_clear(&b);
        int n = 2 + rand() % 40;
        for (int k = 0; k < n; k++)
            buf_puts(&b, pieces[(size_t)rand() % npieces]);
        for (size_t i = 0; i < np; i++) {
            int want = reference(b.data, b.len, q[i]->root);
            int got = verify_text(b.data, b.len, q[i]->root);
            if (got != want)
                for (size_t c = 0; c < b.len; c++)
                    if (b.data[c] == '\n')
                        b.data[c] = '|';   /* one line for the message */
            ck_assert_msg(got == want, "%s in [%s]: %d, the tokenizer says %d", phrases[i],
                          buf_cstr(&b), got, want);
            found += want;
            checks++;
        }
    }
    /* Both answers are tested (about 100 matches in 68,000 checks). */
    ck_assert_uint_gt(found, 50);
    ck_assert_uint_lt(found, checks / 2);
    buf_free(&b);
    for (size_t i = 0; i < np; i++)
        query_free(q[i]);
    free(q);
}
END_TEST

static Suite *
verify_suite(void)
{
    Suite *s = suite_create("verify");
    TCase *tc = tcase_create("text");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_agrees_with_the_tokenizer);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return tu_run_suite(verify_suite());
}
