/*
 * test-text.c - parse_text(): blocks are runs of non-blank lines; a run
 * holding a long line is one paragraph per line; lines and CR LF.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indexer/parse.h"
#include "testutil.h"
#include "util/buf.h"
#include "util/xalloc.h"

static void
parse(parsed_doc_t *d, const char *s, size_t n)
{
    const char *why = "unset";
    char *copy = xmalloc(n ? n : 1);
    memcpy(copy, s, n);
    ck_assert_int_eq(parse_document(DOC_FORMAT_TEXT, copy, n, d, &why), 0);
    ck_assert_ptr_null(why);
    free(copy);
}

/* The blocks as "line:text|line:text", after checking that they are in
 * order, inside the text and do not overlap. */
static char *
blocks(const parsed_doc_t *d)
{
    buf_t b = BUF_INIT;
    size_t prev_end = 0;
    uint32_t prev_line = 0;
    for (size_t i = 0; i < d->nblocks; i++) {
        const doc_block_t *k = &d->blocks[i];
        ck_assert_uint_lt(k->start, k->end);
        ck_assert_uint_le(k->end, d->text.len);
        ck_assert_uint_ge(k->start, prev_end);
        ck_assert_uint_gt(k->line, prev_line);
        prev_end = k->end;
        prev_line = k->line;
        buf_printf(&b, "%s%u:%.*s", i ? "|" : "", k->line,
                   (int)(k->end - k->start), d->text.data + k->start);
    }
    return buf_detach(&b, NULL);
}

#define CHECK_BLOCKS(input, expected)                      \
    do {                                                   \
        parsed_doc_t d_;                                   \
        parse(&d_, input, sizeof input - 1);               \
        char *got_ = blocks(&d_);                          \
        ck_assert_str_eq(got_, expected);                  \
        free(got_);                                        \
        parsed_doc_free(&d_);                              \
    } while (0)

START_TEST(test_paragraphs)
{
    CHECK_BLOCKS("First paragraph,\nwrapped here.\n\nSecond one.\n",
                 "1:First paragraph,\nwrapped here.|4:Second one.");
    /* Several blank lines, white-space-only lines, no final newline. */
    CHECK_BLOCKS("\n\n  Title  \n \t \n\n\nBody line one\nline two\n\n\nEnd",
                 "3:Title|7:Body line one\nline two|11:End");
    /* A form feed line separates pages. */
    CHECK_BLOCKS("page one\n\f\npage two", "1:page one|3:page two");
    CHECK_BLOCKS("", "");
    CHECK_BLOCKS("\n \n\t\n", "");
    CHECK_BLOCKS("x", "1:x");
}
END_TEST

/* A first block of known "Key: value" lines is metadata, and stays text. */
START_TEST(test_header)
{
    static const struct {
        const char *in;
        const char *title, *author, *date, *type;
    } cases[] = {
        { "President: George Washington\n\nFellow Citizens of the Senate:\n",
          NULL, "George Washington", NULL, NULL },
        { "Subject: Budget talks\nFrom: Jane Doe\nDate: March 3, 2017\n\nBody.\n",
          "Budget talks", "Jane Doe", "March 3, 2017", NULL },
        { "\n\nTITLE:  A Memo  \nType: memo\n\nBody.\n", "A Memo", NULL, NULL, "memo" },
        /* Mail: other keys passed over; an empty value too. */
        { "From: Jane Roe\nTo: John Doe\nSubject: Budget meeting\n\nLet us meet.\n",
          "Budget meeting", "Jane Roe", NULL, NULL },
        { "Title:\nAuthor: Ann\n\nBody.\n", NULL, "Ann", NULL, NULL },
        /* The body may follow without a blank line. */
        { "Title: No blank\nBody starts here.\n", "No blank", NULL, NULL, NULL },
        /* Not a header: no known key with a value, or not at the top. */
        { "Note: prose here.\n\nBody.\n", NULL, NULL, NULL, NULL },
        { "To: John\nCc: Ann\n\nBody.\n", NULL, NULL, NULL, NULL },
        { "Author:\n\nBody.\n", NULL, NULL, NULL, NULL },
        { "A Title\n\nAuthor: Someone\n", NULL, NULL, NULL, NULL },
        { "By the President of the United States\n\nBody.\n", NULL, NULL, NULL, NULL },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        parsed_doc_t d;
        parse(&d, cases[i].in, strlen(cases[i].in));
        const char *want[4] = { cases[i].title, cases[i].author, cases[i].date, cases[i].type };
        const char *got[4] = { d.title, d.author, d.date, d.type };
        for (int k = 0; k < 4; k++) {
            if (want[k])
                ck_assert_msg(got[k] && strcmp(got[k], want[k]) == 0, "case %zu field %d: '%s'",
                              i, k, got[k] ? got[k] : "(null)");
            else
                ck_assert_msg(!got[k], "case %zu field %d: '%s', expected none", i, k, got[k]);
        }
        ck_assert_int_eq(d.header_in_text, cases[i].title || cases[i].author || cases[i].date ||
                                               cases[i].type);
        /* The lines stay in the text. */
        ck_assert_str_eq(d.text.data, cases[i].in);
        parsed_doc_free(&d);
    }
}
END_TEST

START_TEST(test_text_is_original)
{
    static const char in[] = "  Caf\xc3\xa9 **not markdown** <b>not html</b> &amp;\n";
    parsed_doc_t d;
    parse(&d, in, sizeof in - 1);
    ck_assert_str_eq(d.text.data, in);
    ck_assert_int_eq(d.format, DOC_FORMAT_TEXT);
    ck_assert_ptr_null(d.title);
    ck_assert_uint_eq(d.nblocks, 1);
    /* Leading and trailing white space is outside the block. */
    ck_assert_uint_eq(d.blocks[0].start, 2);
    ck_assert_uint_eq(d.blocks[0].end, sizeof in - 2);
    parsed_doc_free(&d);
}
END_TEST

START_TEST(test_crlf)
{
    CHECK_BLOCKS("one\r\ntwo\r\n\r\nthree\r\n", "1:one\ntwo|4:three");
    CHECK_BLOCKS("old\rmac\r\rfile", "1:old\nmac|4:file");
}
END_TEST

/* A line of n bytes made of words, starting with tag. */
static void
long_line(buf_t *b, const char *tag, size_t n)
{
    size_t start = b->len;
    buf_puts(b, tag);
    while (b->len - start < n)
        buf_puts(b, " word");
    buf_truncate(b, start + n);
}

START_TEST(test_long_lines)
{
    /* One paragraph per line, no blank lines (executive orders). */
    buf_t in = BUF_INIT;
    long_line(&in, "A", 300);
    buf_putc(&in, '\n');
    buf_puts(&in, "SEC. 2. Short section.\n");
    long_line(&in, "B", 400);
    buf_putc(&in, '\n');
    buf_puts(&in, "GEORGE WASHINGTON\n");
    buf_puts(&in, "\nWrapped prose,\nstill one block.\n");
    parsed_doc_t d;
    parse(&d, in.data, in.len);
    char *got = blocks(&d);
    ck_assert_uint_eq(d.nblocks, 5);
    ck_assert_uint_eq(d.blocks[0].line, 1);
    ck_assert_uint_eq(d.blocks[0].end - d.blocks[0].start, 300);
    ck_assert_uint_eq(d.blocks[1].line, 2);
    ck_assert_uint_eq(d.blocks[2].line, 3);
    ck_assert_uint_eq(d.blocks[3].line, 4);
    ck_assert_uint_eq(d.blocks[4].line, 6);
    ck_assert_ptr_nonnull(strstr(got, "|2:SEC. 2. Short section.|3:B word"));
    ck_assert_ptr_nonnull(strstr(got, "|4:GEORGE WASHINGTON|6:Wrapped prose,\nstill one block."));
    free(got);
    parsed_doc_free(&d);

    /* A whole speech on one line is one block (passages cut it). */
    buf_clear(&in);
    long_line(&in, "Speech", 100000);
    parse(&d, in.data, in.len);
    ck_assert_uint_eq(d.nblocks, 1);
    ck_assert_uint_eq(d.blocks[0].end, 100000);
    parsed_doc_free(&d);

    /* Lines up to the threshold are hard-wrapped prose. */
    buf_clear(&in);
    long_line(&in, "C", 250);
    buf_putc(&in, '\n');
    long_line(&in, "D", 250);
    parse(&d, in.data, in.len);
    ck_assert_uint_eq(d.nblocks, 1);
    parsed_doc_free(&d);
    buf_free(&in);
}
END_TEST

START_TEST(test_many_lines)
{
    /* Line numbers stay right far into a file. */
    buf_t in = BUF_INIT;
    for (int i = 1; i <= 5000; i++)
        buf_printf(&in, "line %d\n%s", i, i % 3 == 0 ? "\n" : "");
    parsed_doc_t d;
    parse(&d, in.data, in.len);
    /* Blocks of three lines, each followed by a blank line. */
    ck_assert_uint_eq(d.nblocks, 1667);
    for (size_t i = 0; i < d.nblocks; i++) {
        const doc_block_t *b = &d.blocks[i];
        unsigned n;
        ck_assert_int_eq(sscanf(d.text.data + b->start, "line %u", &n), 1);
        /* Line i*3+1 of the content is on source line i*4+1. */
        ck_assert_uint_eq(b->line, (n - 1) / 3 * 4 + 1);
        ck_assert_uint_eq(n, i * 3 + 1);
    }
    parsed_doc_free(&d);
    buf_free(&in);
}
END_TEST

static Suite *
text_suite(void)
{
    Suite *s = suite_create("text");
    TCase *tc = tcase_create("text");
    tcase_add_test(tc, test_paragraphs);
    tcase_add_test(tc, test_header);
    tcase_add_test(tc, test_text_is_original);
    tcase_add_test(tc, test_crlf);
    tcase_add_test(tc, test_long_lines);
    tcase_add_test(tc, test_many_lines);
    suite_add_tcase(s, tc);
    return s;
}

TEST_MAIN(text_suite)
