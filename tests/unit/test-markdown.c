/*
 * test-markdown.c - parse_markdown(): front matter (YAML and TOML) into
 * metadata and out of the blocks, headings as blocks, setext headings,
 * thematic breaks, code fences, the title from the first heading, lines.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indexer/mdinline.h"
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
    ck_assert_int_eq(parse_document(DOC_FORMAT_MARKDOWN, copy, n, d, &why), 0);
    ck_assert_ptr_null(why);
    ck_assert_int_eq(d->format, DOC_FORMAT_MARKDOWN);
    free(copy);
}

/* "line:text|line:text", checking order and bounds on the way. */
static char *
blocks(const parsed_doc_t *d)
{
    buf_t b = BUF_INIT;
    size_t prev_end = 0;
    for (size_t i = 0; i < d->nblocks; i++) {
        const doc_block_t *k = &d->blocks[i];
        ck_assert_uint_lt(k->start, k->end);
        ck_assert_uint_le(k->end, d->text.len);
        ck_assert_uint_ge(k->start, prev_end);
        prev_end = k->end;
        buf_printf(&b, "%s%u:%.*s", i ? "|" : "", k->line,
                   (int)(k->end - k->start), d->text.data + k->start);
    }
    return buf_detach(&b, NULL);
}

#define STR_OR_NULL(field, want)                   \
    do {                                           \
        if (want)                                  \
            ck_assert_str_eq(field, (want));       \
        else                                       \
            ck_assert_ptr_null(field);             \
    } while (0)

static const struct md_case {
    const char *name;
    const char *in;
    const char *blocks;
    const char *title, *date, *author, *type;
} cases[] = {
    { "front matter",
      "---\ntitle: Senators Ask for Reporting\ndate: 2021-06-09\n"
      "author: \"Office of Sen. Doe\"\ntype: 'press release'\ntags: [a, b]\n---\n"
      "\n# Senators Ask for Reporting\n\nThe *first* paragraph\ncontinues.\n",
      "9:Senators Ask for Reporting|11:The first paragraph\ncontinues.",
      "Senators Ask for Reporting", "2021-06-09", "Office of Sen. Doe", "press release" },
    { "keys in any case, comments, escapes, closing with ...",
      "---\n# a comment\nTitle: \"Say \\\"hi\\\"\"   \nDATE: 2017-03-03 # when\n"
      "author: 'O''Brien'\n...\nBody.\n",
      "7:Body.", "Say \"hi\"", "2017-03-03", "O'Brien", NULL },
    { "lists of authors",
      "---\nauthors:\n  - Ann Lee\n  - \"Bo Park\"\ntitle: T\n---\nx\n",
      "7:x", "T", NULL, "Ann Lee, Bo Park", NULL },
    { "flow list",
      "---\nauthor: [Ann Lee, 'Bo Park']\n---\nx\n",
      "4:x", NULL, NULL, "Ann Lee, Bo Park", NULL },
    { "folded value",
      "---\ntitle: >\n  A long\n  title\ndate: 2020-01-02\n---\nx\n",
      "7:x", "A long title", "2020-01-02", NULL, NULL },
    { "toml",
      "+++\ntitle = \"Toml Doc\"\ndate = 2019-05-06\n+++\n\nText here.\n",
      "6:Text here.", "Toml Doc", "2019-05-06", NULL, NULL },
    { "crlf front matter",
      "---\r\ntitle: Windows\r\n---\r\nbody\r\n",
      "4:body", "Windows", NULL, NULL, NULL },
    { "a leading rule is not front matter",
      "---\nJust a rule, then text\n\nmore: text\n---\n",
      "2:Just a rule, then text|4:more: text", NULL, NULL, NULL, NULL },
    { "unclosed front matter is text",
      "---\ntitle: Never closed\n\nBody.\n",
      "2:title: Never closed|4:Body.", NULL, NULL, NULL, NULL },
    { "front matter only at the very top",
      "\n---\ntitle: Late\n---\nx\n",
      "3:title: Late|5:x", NULL, NULL, NULL, NULL },
    { "headings are blocks; first h1 is the title",
      "Intro line\n## Section A\nText of A\nmore A\n# Main Title #\nText\n",
      "1:Intro line|2:Section A|3:Text of A\nmore A|5:Main Title|6:Text",
      "Main Title", NULL, NULL, NULL },
    { "not headings",
      "#hashtag is text\n\\# escaped\n####### seven\n",
      "1:#hashtag is text\n# escaped\n####### seven", NULL, NULL, NULL, NULL },
    { "setext headings",
      "The Title\n=========\nPara one\nstill one\n\nSub\n---\nPara two\n",
      "1:The Title|3:Para one\nstill one|6:Sub|8:Para two", "The Title", NULL, NULL, NULL },
    { "thematic breaks separate",
      "one\n\n***\ntwo\n- - -\nthree\n",
      "1:one|4:two|6:three", NULL, NULL, NULL, NULL },
    { "code fences",
      "Before\n```c\n# not a heading\nint x;\n```\nAfter\n",
      "1:Before|3:# not a heading\nint x;|6:After", NULL, NULL, NULL, NULL },
    { "markup rendered, list marks kept",
      "> **Quoted** _text_\n> - item\n\n1. first\n2. second\n",
      "1:Quoted text\n- item|4:1. first\n2. second", NULL, NULL, NULL, NULL },
    { "links, a definition, fenced code as written",
      "See [the **report**](https://x.gov/r_1.pdf \"T\").\n\n[r]: https://x.gov/\n\n"
      "```\n[a](b) **c**\n```\n## Why `now` ##\n",
      "1:See the report.|6:[a](b) **c**|8:Why now", NULL, NULL, NULL, NULL },
    { "lines that only look like definitions are text",
      "[1]: Smith, J. (2001). Fiscal policy.\n[Update]: The hearing moved.\n\n"
      "Intro words.\n[r]: https://x.gov/\n\n[s]: <https://x.gov/a b> 'T'\n",
      "1:[1]: Smith, J. (2001). Fiscal policy.\n[Update]: The hearing moved.|"
      "4:Intro words.\n[r]: https://x.gov/", NULL, NULL, NULL, NULL },
    { "a MultiMarkdown title reads as shown",
      "Title: The **Bold** [Plan](http://x.y/z)\n\nBody.\n",
      "1:Title: The Bold Plan|3:Body.", "The Bold Plan", NULL, NULL, NULL },
    { "a title from a heading reads as shown",
      "# The *Budget* [Deal](https://x.gov)\n\nText.\n",
      "1:The Budget Deal|3:Text.", "The Budget Deal", NULL, NULL, NULL },
    { "empty", "", "", NULL, NULL, NULL, NULL },
    /* MultiMarkdown's metadata: Key: value lines, no delimiters. */
    { "key lines", "Title: Key Title\nAuthor: Ann Lee\nDate: 2019-04-24\n\n# Heading\n\nBody.\n",
      "1:Title: Key Title\nAuthor: Ann Lee\nDate: 2019-04-24|5:Heading|7:Body.",
      "Key Title", "2019-04-24", "Ann Lee", NULL },
    { "key lines, no title: the heading",
      "Author: Ann Lee\n\n# Heading\n\nBody.\n", "1:Author: Ann Lee|3:Heading|5:Body.",
      "Heading", NULL, "Ann Lee", NULL },
};

START_TEST(test_cases)
{
    const struct md_case *c = &cases[_i];
    parsed_doc_t d;
    parse(&d, c->in, strlen(c->in));
    char *got = blocks(&d);
    ck_assert_msg(strcmp(got, c->blocks) == 0, "%s: blocks\n%s\nwant\n%s",
                  c->name, got, c->blocks);
    STR_OR_NULL(d.title, c->title);
    STR_OR_NULL(d.date, c->date);
    STR_OR_NULL(d.author, c->author);
    STR_OR_NULL(d.type, c->type);
    free(got);
    parsed_doc_free(&d);
}
END_TEST

/* md_inline(): what a line shows. */
static const struct inline_case {
    const char *in, *out;
} inline_cases[] = {
    { "**bold** and *it* and ***both*** and __b__ and _i_", "bold and it and both and b and i" },
    { "snake_case_name and file_name.txt", "snake_case_name and file_name.txt" },
    { "2 * 3 * 4, a * b, ** alone, trailing_", "2 * 3 * 4, a * b, ** alone, trailing_" },
    { "unclosed **bold and *it", "unclosed **bold and *it" },
    { "**nested _inner_ words**", "nested inner words" },
    { "~~struck~~ but ~single~ kept", "struck but ~single~ kept" },
    { "`code **kept**` and ``a ` tick``", "code **kept** and a ` tick" },
    { "`unclosed code", "`unclosed code" },
    { "[the report](https://x.gov/a_(b).pdf \"Title\") here", "the report here" },
    { "![Chart of *spending*](img/c.png)", "Chart of spending" },
    { "[text][ref] and [text] [] and [^1] footnote", "text and [text] [] and [^1] footnote" },
    { "[unclosed](link and [x", "[unclosed](link and [x" },
    { "<https://www.congress.gov/bill> and <staff@senate.gov>",
      "https://www.congress.gov/bill and staff@senate.gov" },
    { "a <span class=\"x>y\">tag</span> <br/> but 3 < 4 > 2 and <not a tag", "a tag  but 3 < 4 > 2 and <not a tag" },
    { "\\*not em\\* \\[not link\\] \\a", "*not em* [not link] \\a" },
    { "Kim Jong-un\u2019s *visit*", "Kim Jong-un\u2019s visit" },
    { "caf\u00e9_au_lait stays, *\u00e9t\u00e9*", "caf\u00e9_au_lait stays, \u00e9t\u00e9" },
    { "\u00ab_guillemets_\u00bb and l\u2019_italique_, but \u00e9_t\u00e9_ stays",
      "\u00abguillemets\u00bb and l\u2019italique, but \u00e9_t\u00e9_ stays" },
    { "kept <!-- a comment --> words <!-- unclosed", "kept  words <!-- unclosed" },
    { "", "" },
};

START_TEST(test_inline)
{
    const struct inline_case *c = &inline_cases[_i];
    buf_t out = BUF_INIT;
    buf_puts(&out, "prefix:");
    size_t n = strlen(c->in);
    size_t *map = xcalloc(n + 1, sizeof *map);
    md_inline(c->in, n, &out, map);
    ck_assert_msg(strcmp(buf_cstr(&out) + 7, c->out) == 0, "[%s] -> [%s], want [%s]", c->in,
                  buf_cstr(&out) + 7, c->out);
    /* The map never goes back, ends at the output's length, and a byte
     * kept lands on itself. */
    ck_assert_uint_eq(map[n], out.len - 7);
    for (size_t i = 0; i < n; i++) {
        ck_assert_uint_le(map[i], map[i + 1]);
        ck_assert_uint_le(map[i], out.len - 7);
    }
    free(map);
    buf_free(&out);
}
END_TEST

START_TEST(test_inline_map)
{
    static const char in[] = "See **the** [report](u) now";
    buf_t out = BUF_INIT;
    size_t map[sizeof in];
    md_inline(in, sizeof in - 1, &out, map);
    ck_assert_str_eq(buf_cstr(&out), "See the report now");
    ck_assert_uint_eq(map[6], 4);                      /* "the" */
    ck_assert_uint_eq(map[13], 8);                     /* "report" */
    ck_assert_uint_eq(map[sizeof in - 4], 15);         /* "now" */
    buf_free(&out);
}
END_TEST

START_TEST(test_inline_bounded)
{
    /* Deep nesting, a flood of delimiters, a line over the limit: bounded
     * work, and text kept. */
    buf_t in = BUF_INIT, out = BUF_INIT;
    for (int i = 0; i < 5000; i++)
        buf_putc(&in, '[');
    buf_putc(&in, 'x');
    for (int i = 0; i < 5000; i++)
        buf_puts(&in, "](u)");
    md_inline(in.data, in.len, &out, NULL);
    /* MD_DEPTH_MAX + 1 links deep rendered, the rest kept as written. */
    ck_assert_uint_eq(out.len, in.len - (MD_DEPTH_MAX + 1) * 5);
    buf_clear(&in);
    buf_clear(&out);
    for (int i = 0; i < 20000; i++)
        buf_puts(&in, "** a ");
    md_inline(in.data, in.len, &out, NULL);
    ck_assert_uint_gt(out.len, 0);
    buf_clear(&in);
    buf_clear(&out);
    for (size_t i = 0; i < MD_LINE_MAX; i++)
        buf_putc(&in, 'x');
    buf_puts(&in, " **kept as written**");
    md_inline(in.data, in.len, &out, NULL);
    ck_assert_uint_eq(out.len, in.len);
    buf_free(&in);
    buf_free(&out);
}
END_TEST

START_TEST(test_text_kept)
{
    /* The stored text is what a reader sees, line for line, front matter
     * included as written; only the blocks leave the front matter out. */
    static const char in[] = "---\ntitle: X\n---\nBody **bold**\n";
    parsed_doc_t d;
    parse(&d, in, sizeof in - 1);
    ck_assert_str_eq(d.text.data, "---\ntitle: X\n---\nBody bold\n");
    ck_assert_uint_eq(d.nblocks, 1);
    ck_assert_uint_eq(d.blocks[0].start, 17);
    parsed_doc_free(&d);
}
END_TEST

START_TEST(test_long_lines)
{
    /* One paragraph per line in Markdown too. */
    buf_t in = BUF_INIT;
    buf_puts(&in, "# Heading\n");
    for (int i = 0; i < 3; i++) {
        for (int k = 0; k < 100; k++)
            buf_printf(&in, "w%d ", i);
        buf_putc(&in, '\n');
    }
    parsed_doc_t d;
    parse(&d, in.data, in.len);
    ck_assert_uint_eq(d.nblocks, 4);
    ck_assert_uint_eq(d.blocks[1].line, 2);
    ck_assert_uint_eq(d.blocks[3].line, 4);
    ck_assert_int_eq(d.text.data[d.blocks[3].start + 1], '2');
    ck_assert_str_eq(d.title, "Heading");
    parsed_doc_free(&d);
    buf_free(&in);
}
END_TEST

START_TEST(test_huge_front_matter_value)
{
    /* Metadata values are bounded. */
    buf_t in = BUF_INIT;
    buf_puts(&in, "---\ntitle: ");
    for (int i = 0; i < 5000; i++)
        buf_puts(&in, "\xc3\xa9");
    buf_puts(&in, "\n---\nx\n");
    parsed_doc_t d;
    parse(&d, in.data, in.len);
    ck_assert_ptr_nonnull(d.title);
    ck_assert_uint_le(strlen(d.title), 1024);
    ck_assert_uint_eq(strlen(d.title) % 2, 0);   /* whole characters */
    ck_assert_uint_eq(d.nblocks, 1);
    parsed_doc_free(&d);
    buf_free(&in);
}
END_TEST

static Suite *
markdown_suite(void)
{
    Suite *s = suite_create("markdown");
    TCase *tc = tcase_create("markdown");
    tcase_add_loop_test(tc, test_cases, 0, sizeof cases / sizeof *cases);
    tcase_add_test(tc, test_text_kept);
    tcase_add_loop_test(tc, test_inline, 0, sizeof inline_cases / sizeof *inline_cases);
    tcase_add_test(tc, test_inline_map);
    tcase_add_test(tc, test_inline_bounded);
    tcase_add_test(tc, test_long_lines);
    tcase_add_test(tc, test_huge_front_matter_value);
    suite_add_tcase(s, tc);
    return s;
}

TEST_MAIN(markdown_suite)
