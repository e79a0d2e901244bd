/*
 * test-passage.c - passage_split(): one passage per short block, windows
 * of long blocks (never over the max, cut at sentence ends or spaces,
 * never inside a UTF-8 sequence), trimming, blocks without words dropped,
 * complete coverage of the words, and the line of each passage.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indexer/parse.h"
#include "indexer/passage.h"
#include "testutil.h"
#include "util/buf.h"
#include "util/utf8.h"
#include "util/xalloc.h"

static void
parse(parsed_doc_t *d, doc_format_t f, const char *s, size_t n)
{
    const char *why = NULL;
    ck_assert_int_eq(parse_document(f, s, n, d, &why), 0);
}

static int
is_space(unsigned char c)
{
    return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/*
 * The invariants: passages in order, not overlapping, inside a block,
 * at most the max, trimmed, on character boundaries; every non-space byte
 * of a block with words is in a passage (when cover is set).
 */
static void
check_passages(const parsed_doc_t *d, const passage_t *p, size_t n, int cover)
{
    const unsigned char *t = (const unsigned char *)buf_cstr(&d->text);
    char *covered = xcalloc(d->text.len + 1, 1);
    size_t b = 0;
    for (size_t i = 0; i < n; i++) {
        ck_assert_uint_lt(p[i].start, p[i].end);
        ck_assert_uint_le(p[i].end - p[i].start, PASSAGE_MAX_BYTES);
        if (i > 0)
            ck_assert_uint_ge(p[i].start, p[i - 1].end);
        while (b < d->nblocks && d->blocks[b].end <= p[i].start)
            b++;
        ck_assert_uint_lt(b, d->nblocks);
        ck_assert_uint_ge(p[i].start, d->blocks[b].start);
        ck_assert_uint_le(p[i].end, d->blocks[b].end);
        ck_assert(!is_space(t[p[i].start]) && !is_space(t[p[i].end - 1]));
        ck_assert_uint_ne(t[p[i].start] & 0xC0, 0x80);
        ck_assert_uint_eq(utf8_invalid_count((const char *)t + p[i].start,
                                             p[i].end - p[i].start), 0);
        if (i > 0 && p[i].start >= d->blocks[b].start && p[i - 1].start >= d->blocks[b].start)
            ck_assert_uint_ge(p[i].line, p[i - 1].line);
        memset(covered + p[i].start, 1, p[i].end - p[i].start);
    }
    if (cover) {
        for (size_t k = 0; k < d->nblocks; k++)
            for (size_t j = d->blocks[k].start; j < d->blocks[k].end; j++)
                ck_assert_msg(covered[j] || is_space(t[j]),
                              "byte %zu (%c) of block %zu is in no passage", j, t[j], k);
    }
    free(covered);
}

/* The line of offset off in the text: 1 + the newlines before it. */
static uint32_t
line_of(const parsed_doc_t *d, size_t off)
{
    uint32_t line = 1;
    for (size_t i = 0; i < off; i++)
        line += d->text.data[i] == '\n';
    return line;
}

START_TEST(test_short_blocks)
{
    static const char in[] = "  First block.  \n\nSecond\nblock.\n\n---\n\n\xe2\x80\x94 \xe2\x80\xa6\n\n* * *\n\nLast";
    parsed_doc_t d;
    parse(&d, DOC_FORMAT_TEXT, in, sizeof in - 1);
    size_t n = 99;
    passage_t *p = passage_split(&d, &n);
    check_passages(&d, p, n, 0);
    /* "---", dashes and ellipses, "* * *" have no words. */
    ck_assert_uint_eq(n, 3);
    ck_assert_uint_eq(p[0].start, 2);
    ck_assert_uint_eq(p[0].end, 14);
    ck_assert_uint_eq(p[0].line, 1);
    ck_assert_uint_eq(p[1].line, 3);
    ck_assert_mem_eq(d.text.data + p[1].start, "Second\nblock.", p[1].end - p[1].start);
    ck_assert_uint_eq(p[2].line, 12);
    ck_assert_str_eq(d.text.data + p[2].start, "Last");
    for (size_t i = 0; i < n; i++)
        ck_assert_int_eq(p[i].cont, 0);   /* paragraphs, not windows */
    free(p);
    parsed_doc_free(&d);
}
END_TEST

START_TEST(test_no_passages)
{
    parsed_doc_t d;
    parse(&d, DOC_FORMAT_TEXT, "", 0);
    size_t n = 99;
    passage_t *p = passage_split(&d, &n);
    ck_assert_uint_eq(n, 0);
    ck_assert_ptr_nonnull(p);
    free(p);
    parsed_doc_free(&d);

    /* Non-breaking spaces and punctuation only. */
    parse(&d, DOC_FORMAT_HTML, "<p>&nbsp;</p><p>&mdash;&nbsp;!</p>", 34);
    p = passage_split(&d, &n);
    ck_assert_uint_eq(n, 0);
    free(p);
    parsed_doc_free(&d);
}
END_TEST

START_TEST(test_words_anywhere)
{
    /* Words in any script count; a passage of one digit is kept. */
    static const char in[] = "\xce\xb1\xce\xb2\n\n\xe4\xb8\xad\n\n7\n\n\xc3\xa9\n\n\xf0\x9f\x98\x80";
    parsed_doc_t d;
    parse(&d, DOC_FORMAT_TEXT, in, sizeof in - 1);
    size_t n;
    passage_t *p = passage_split(&d, &n);
    ck_assert_uint_eq(n, 4);   /* the emoji alone is not a word */
    free(p);
    parsed_doc_free(&d);
}
END_TEST

/* Sentences of varying length, numbered so that each is unique. */
static void
sentences(buf_t *b, int count, int seed)
{
    unsigned x = (unsigned)seed;
    for (int i = 0; i < count; i++) {
        x = x * 1103515245u + 12345u;
        int words = 3 + (int)((x >> 16) % 25);
        buf_printf(b, "Sentence %d", i);
        for (int w = 0; w < words; w++)
            buf_puts(b, w % 5 == 4 ? " policy" : " word");
        buf_puts(b, (x >> 8) % 7 == 0 ? "? " : ". ");
    }
}

START_TEST(test_long_block_sentences)
{
    buf_t in = BUF_INIT;
    sentences(&in, 400, 7);
    parsed_doc_t d;
    parse(&d, DOC_FORMAT_TEXT, in.data, in.len);
    ck_assert_uint_eq(d.nblocks, 1);
    size_t n;
    passage_t *p = passage_split(&d, &n);
    check_passages(&d, p, n, 1);
    ck_assert_uint_gt(n, in.len / PASSAGE_MAX_BYTES);
    size_t total = 0;
    for (size_t i = 0; i < n; i++) {
        size_t len = p[i].end - p[i].start;
        char last = d.text.data[p[i].end - 1];
        /* Every window ends a sentence and starts the next. */
        ck_assert_msg(last == '.' || last == '?', "window %zu ends with %c", i, last);
        ck_assert_int_eq(strncmp(d.text.data + p[i].start, "Sentence ", 9), 0);
        if (i + 1 < n)
            ck_assert_uint_ge(len, PASSAGE_TARGET_BYTES / 2);
        ck_assert_uint_eq(p[i].line, 1);
        /* Later windows continue the paragraph (no proximity gap). */
        ck_assert_int_eq(p[i].cont, i > 0);
        total += len;
    }
    /* Windows aim at the target. */
    ck_assert_uint_lt(total / n, PASSAGE_TARGET_BYTES + 150);
    ck_assert_uint_gt(total / n, PASSAGE_TARGET_BYTES - 150);
    free(p);
    parsed_doc_free(&d);
    buf_free(&in);
}
END_TEST

START_TEST(test_long_block_no_sentences)
{
    /* Words and no sentence ends: cuts at spaces. */
    buf_t in = BUF_INIT;
    for (int i = 0; i < 2000; i++)
        buf_printf(&in, "w%d ", i);
    parsed_doc_t d;
    parse(&d, DOC_FORMAT_TEXT, in.data, in.len);
    size_t n;
    passage_t *p = passage_split(&d, &n);
    check_passages(&d, p, n, 1);
    for (size_t i = 0; i + 1 < n; i++) {
        /* Cut between words: the next passage starts a word. */
        ck_assert_int_eq(d.text.data[p[i + 1].start], 'w');
        ck_assert_int_eq(d.text.data[p[i].end], ' ');
    }
    free(p);
    parsed_doc_free(&d);
    buf_free(&in);
}
END_TEST

START_TEST(test_huge_word)
{
    /* 3,001 two-byte characters and no space: cut at character
     * boundaries, windows of at most the max. */
    buf_t in = BUF_INIT;
    buf_putc(&in, 'x');
    for (int i = 0; i < 3000; i++)
        buf_puts(&in, "\xc3\xa9");
    parsed_doc_t d;
    parse(&d, DOC_FORMAT_TEXT, in.data, in.len);
    size_t n;
    passage_t *p = passage_split(&d, &n);
    check_passages(&d, p, n, 1);
    ck_assert_uint_ge(n, 7);
    for (size_t i = 0; i + 1 < n; i++) {
        ck_assert_uint_ge(p[i].end - p[i].start, PASSAGE_MAX_BYTES - 3);
        ck_assert_uint_eq(p[i].end, p[i + 1].start);
    }
    ck_assert_uint_eq(p[n - 1].end, in.len);
    free(p);
    parsed_doc_free(&d);

    /* Four-byte characters. */
    buf_clear(&in);
    for (int i = 0; i < 1000; i++)
        buf_puts(&in, "\xf0\x9d\x90\x80");   /* a mathematical letter */
    parse(&d, DOC_FORMAT_TEXT, in.data, in.len);
    p = passage_split(&d, &n);
    check_passages(&d, p, n, 1);
    ck_assert_uint_eq(n, 4);
    free(p);
    parsed_doc_free(&d);
    buf_free(&in);
}
END_TEST

START_TEST(test_abbreviations)
{
    /* The sentence end nearest the target is an abbreviation; the cut
     * goes to the real sentence end instead. */
    buf_t in = BUF_INIT;
    while (in.len < 590)
        buf_puts(&in, "word ");
    buf_puts(&in, "Mr. Smith and the U.S. delegation");
    while (in.len < 760)
        buf_puts(&in, " more");
    buf_puts(&in, ". Next sentence");
    while (in.len < 1500)
        buf_puts(&in, " tail");
    buf_puts(&in, ".");
    parsed_doc_t d;
    parse(&d, DOC_FORMAT_TEXT, in.data, in.len);
    size_t n;
    passage_t *p = passage_split(&d, &n);
    check_passages(&d, p, n, 1);
    ck_assert_uint_eq(n, 2);
    ck_assert_int_eq(d.text.data[p[0].end - 1], '.');
    ck_assert_int_eq(strncmp(d.text.data + p[1].start, "Next sentence", 13), 0);
    free(p);
    parsed_doc_free(&d);
    buf_free(&in);
}
END_TEST

START_TEST(test_lines_text)
{
    /* A long hard-wrapped paragraph: each window is on the line where it
     * starts. */
    buf_t in = BUF_INIT;
    buf_puts(&in, "Heading\n\n");
    for (int i = 0; i < 120; i++)
        buf_printf(&in, "Line %d of the paragraph goes on. And on.\n", i);
    buf_puts(&in, "\nAfter.\n");
    parsed_doc_t d;
    parse(&d, DOC_FORMAT_TEXT, in.data, in.len);
    size_t n;
    passage_t *p = passage_split(&d, &n);
    check_passages(&d, p, n, 1);
    ck_assert_uint_gt(n, 4);
    for (size_t i = 0; i < n; i++)
        ck_assert_uint_eq(p[i].line, line_of(&d, p[i].start));
    ck_assert_uint_eq(p[0].line, 1);
    ck_assert_uint_eq(p[1].line, 3);
    ck_assert_uint_eq(p[n - 1].line, 124);
    free(p);
    parsed_doc_free(&d);

    /* Markdown: the same, after front matter. */
    buf_clear(&in);
    buf_puts(&in, "---\ntitle: X\n---\n# X\n\n");
    for (int i = 0; i < 60; i++)
        buf_printf(&in, "Row %d has some words in it. Then more words.\n", i);
    parse(&d, DOC_FORMAT_MARKDOWN, in.data, in.len);
    p = passage_split(&d, &n);
    check_passages(&d, p, n, 1);
    ck_assert_uint_eq(p[0].line, 4);
    for (size_t i = 0; i < n; i++)
        ck_assert_uint_eq(p[i].line, line_of(&d, p[i].start));
    free(p);
    parsed_doc_free(&d);
    buf_free(&in);
}
END_TEST

START_TEST(test_lines_html)
{
    /* HTML windows carry their block's line. */
    buf_t in = BUF_INIT;
    buf_puts(&in, "<html>\n<body>\n\n<p>");
    sentences(&in, 100, 3);
    buf_puts(&in, "</p>\n<p>short</p>");
    parsed_doc_t d;
    parse(&d, DOC_FORMAT_HTML, in.data, in.len);
    size_t n;
    passage_t *p = passage_split(&d, &n);
    check_passages(&d, p, n, 1);
    ck_assert_uint_gt(n, 3);
    for (size_t i = 0; i + 1 < n; i++)
        ck_assert_uint_eq(p[i].line, 4);
    ck_assert_uint_eq(p[n - 1].line, 5);
    ck_assert_str_eq(d.text.data + p[n - 1].start, "short");
    free(p);
    parsed_doc_free(&d);
    buf_free(&in);
}
END_TEST

START_TEST(test_blocks_by_hand)
{
    /* Blocks set by a caller: out-of-range ends are clamped, empty and
     * white-space-only blocks give nothing. */
    parsed_doc_t d;
    parsed_doc_init(&d);
    buf_puts(&d.text, "alpha   \n\n   beta gamma");
    parsed_doc_add_block(&d, 0, 8, 1);
    parsed_doc_add_block(&d, 8, 13, 2);
    parsed_doc_add_block(&d, 13, 500, 3);
    size_t n;
    passage_t *p = passage_split(&d, &n);
    ck_assert_uint_eq(n, 2);
    ck_assert_uint_eq(p[0].end, 5);
    ck_assert_uint_eq(p[1].start, 13);
    ck_assert_uint_eq(p[1].end, d.text.len);
    ck_assert_uint_eq(p[1].line, 3);
    free(p);
    parsed_doc_free(&d);
}
END_TEST

static Suite *
passage_suite(void)
{
    Suite *s = suite_create("passage");
    TCase *tc = tcase_create("passage");
    tcase_add_test(tc, test_short_blocks);
    tcase_add_test(tc, test_no_passages);
    tcase_add_test(tc, test_words_anywhere);
    tcase_add_test(tc, test_long_block_sentences);
    tcase_add_test(tc, test_long_block_no_sentences);
    tcase_add_test(tc, test_huge_word);
    tcase_add_test(tc, test_abbreviations);
    tcase_add_test(tc, test_lines_text);
    tcase_add_test(tc, test_lines_html);
    tcase_add_test(tc, test_blocks_by_hand);
    suite_add_tcase(s, tc);
    return s;
}

TEST_MAIN(passage_suite)
