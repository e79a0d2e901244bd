/*
 * test-token.c - normalising and splitting text into terms (lib/token.h).
 *
 * Each case gives a text and the words it must yield, written as
 * "term" or "term=exact" (the accented form) and "^term" for a word joined
 * to the previous one by a hyphen.  The bytes of each word in the text are
 * checked too: they must be the original spelling.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/token.h"
#include "testutil.h"
#include "util/buf.h"

typedef struct tcase {
    const char *text;
    const char *words;      /* space-separated */
    const char *spans;      /* the original bytes of each word, '|'-separated, or NULL */
} tcase_t;

static const tcase_t cases[] = {
    { "Sanctions and SANCTIONS", "sanctions and sanctions", "Sanctions|and|SANCTIONS" },
    /* Diacritics, ligatures, full width. */
    { "café résumé", "cafe=café resume=résumé", "café|résumé" },
    { "Ramírez José", "ramirez=ramírez jose=josé", NULL },
    { "\xEF\xAC\x81nancial", "financial", "\xEF\xAC\x81nancial" },
    { "Stra\xC3\x9F" "e \xC3\x86sop", "strasse=straße aesop=æsop", NULL },
    /* Apostrophes: joined inside, possessive dropped, curly straightened. */
    { "Jong-un’s", "jong ^un", "Jong|un’s" },
    { "Jong-un's", "jong ^un", "Jong|un's" },
    { "don't O’Brien", "don't o'brien", "don't|O’Brien" },
    { "senators’ letter", "senators letter", NULL },
    { "China's", "china", "China's" },
    /* Hyphens and dashes split; a hyphen flags the next word. */
    { "US-ROK (D-MA)", "us ^rok d ^ma", "US|ROK|D|MA" },
    { "us\xE2\x80\x91rok", "us ^rok", NULL },            /* non-breaking hyphen */
    { "2015–2017", "2015 2017", NULL },                 /* en dash: no flag */
    { "then—now", "then now", NULL },                   /* em dash */
    /* Invisible characters inside a word. */
    { "vacci\xC2\xADnation", "vaccination", "vacci\xC2\xADnation" },
    { "zero\xE2\x80\x8Bwidth", "zerowidth", NULL },
    /* Spaces of all kinds separate. */
    { "Section\xC2\xA0" "232", "section 232", NULL },
    { "a\xE2\x80\x83" "b", "a b", NULL },
    /* Numbers, acronyms, ampersands. */
    { "3.5 percent", "3.5 percent", NULL },
    { "1,000 tons", "1000 tons", "1,000|tons" },
    { "U.S.A. and U.S. policy", "usa and us policy", NULL },
    { "AT&T", "at&t", NULL },
    { "end. Next", "end next", NULL },
    /* Ideographs are words of their own. */
    { "北京大学", "北 京 大 学", NULL },
    /* Invalid UTF-8 separates, never crashes. */
    { "ab\xFF" "cd \xC3", "ab cd", NULL },
    { "", "", NULL },
    { "— … “” !?", "", NULL },
};

START_TEST(test_tokens)
{
    const tcase_t *c = &cases[_i];
    tokenizer_t t;
    token_t tok;
    buf_t got = BUF_INIT, spans = BUF_INIT;
    tok_init(&t, c->text, strlen(c->text));
    while (tok_next(&t, &tok)) {
        if (got.len)
            buf_putc(&got, ' ');
        if (tok.flags & TOKEN_AFTER_HYPHEN)
            buf_putc(&got, '^');
        buf_append(&got, tok.term, tok.len);
        ck_assert_uint_eq(strlen(tok.term), tok.len);
        if (tok.exact_len) {
            buf_putc(&got, '=');
            buf_append(&got, tok.exact, tok.exact_len);
        }
        if (spans.len)
            buf_putc(&spans, '|');
        ck_assert(tok.start < tok.end && tok.end <= strlen(c->text));
        buf_append(&spans, c->text + tok.start, tok.end - tok.start);
    }
    ck_assert_msg(strcmp(buf_cstr(&got), c->words) == 0, "[%s]: got {%s}, expected {%s}", c->text,
                  buf_cstr(&got), c->words);
    if (c->spans)
        ck_assert_msg(strcmp(buf_cstr(&spans), c->spans) == 0, "[%s]: spans {%s}, expected {%s}",
                      c->text, buf_cstr(&spans), c->spans);
    buf_free(&got);
    buf_free(&spans);
}
END_TEST

/* Full-width letters and digits map to ASCII. */
START_TEST(test_fullwidth)
{
    const char *s = "\xEF\xBC\xA1\xEF\xBD\x82\xEF\xBC\x91";  /* Ａｂ１ */
    tokenizer_t t;
    token_t tok;
    tok_init(&t, s, strlen(s));
    ck_assert(tok_next(&t, &tok));
    ck_assert_str_eq(tok.term, "ab1");
    ck_assert(!tok_next(&t, &tok));
}
END_TEST

/* A word longer than TOKEN_MAX is skipped, and the next one still read. */
START_TEST(test_too_long)
{
    char s[300];
    memset(s, 'x', 200);
    strcpy(s + 200, " short");
    tokenizer_t t;
    token_t tok;
    tok_init(&t, s, strlen(s));
    ck_assert(tok_next(&t, &tok));
    ck_assert_str_eq(tok.term, "short");
    ck_assert_uint_eq(tok.start, 201);
    ck_assert(!tok_next(&t, &tok));
}
END_TEST

START_TEST(test_fold_and_plain)
{
    ck_assert_uint_eq(tok_fold_char('A'), 'a');
    ck_assert_uint_eq(tok_fold_char(0xE9), 'e');    /* é */
    ck_assert_uint_eq(tok_fold_char(0x141), 'l');   /* Ł */
    ck_assert(tok_is_plain_word("sanctions", 9));
    ck_assert(tok_is_plain_word("don't", 5));
    ck_assert(!tok_is_plain_word("2017", 4));
    ck_assert(!tok_is_plain_word("caf\xC3\xA9", 5));
    ck_assert(!tok_is_plain_word("", 0));
}
END_TEST

static Suite *
token_suite(void)
{
    Suite *s = suite_create("token");
    TCase *tc = tcase_create("token");
    tcase_add_loop_test(tc, test_tokens, 0, (int)(sizeof cases / sizeof *cases));
    tcase_add_test(tc, test_fullwidth);
    tcase_add_test(tc, test_too_long);
    tcase_add_test(tc, test_fold_and_plain);
    suite_add_tcase(s, tc);
    return s;
}

TEST_MAIN(token_suite)
