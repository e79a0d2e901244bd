/*
 * test-html.c - parse_html(): text extraction (tags, scripts, styles,
 * comments and the head dropped; entities decoded), blocks and their
 * lines, metadata from <title>, <meta> and <time>, and robustness against
 * malformed, deeply nested and huge input.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "indexer/parse.h"
#include "testutil.h"
#include "util/buf.h"
#include "util/utf8.h"
#include "util/xalloc.h"

/* Parse exactly n bytes from a private copy. */
static void
parse(parsed_doc_t *d, const char *s, size_t n)
{
    const char *why = "unset";
    char *copy = xmalloc(n ? n : 1);
    memcpy(copy, s, n);
    ck_assert_int_eq(parse_document(DOC_FORMAT_HTML, copy, n, d, &why), 0);
    ck_assert_ptr_null(why);
    ck_assert_int_eq(d->format, DOC_FORMAT_HTML);
    free(copy);
}

/* Check the invariants every parse must keep: blocks in order, inside
 * the text, not overlapping, not empty, not starting or ending with white
 * space, with lines that never go back; the text is valid UTF-8. */
static void
check_invariants(const parsed_doc_t *d)
{
    size_t prev_end = 0;
    uint32_t prev_line = 1;
    ck_assert_uint_eq(utf8_invalid_count(buf_cstr(&d->text), d->text.len), 0);
    ck_assert_uint_eq(strlen(buf_cstr(&d->text)), d->text.len);
    for (size_t i = 0; i < d->nblocks; i++) {
        const doc_block_t *b = &d->blocks[i];
        ck_assert_uint_lt(b->start, b->end);
        ck_assert_uint_le(b->end, d->text.len);
        ck_assert_uint_ge(b->start, prev_end);
        ck_assert_uint_ge(b->line, prev_line);
        ck_assert(d->text.data[b->start] != ' ' && d->text.data[b->end - 1] != ' ');
        prev_end = b->end;
        prev_line = b->line;
    }
}

/* The blocks joined with "|". */
static char *
blocks(const parsed_doc_t *d)
{
    buf_t b = BUF_INIT;
    for (size_t i = 0; i < d->nblocks; i++)
        buf_printf(&b, "%s%.*s", i ? "|" : "", (int)(d->blocks[i].end - d->blocks[i].start),
                   d->text.data + d->blocks[i].start);
    return buf_detach(&b, NULL);
}

static char *
lines(const parsed_doc_t *d)
{
    buf_t b = BUF_INIT;
    for (size_t i = 0; i < d->nblocks; i++)
        buf_printf(&b, "%s%u", i ? "," : "", d->blocks[i].line);
    return buf_detach(&b, NULL);
}

#define STR_OR_NULL(field, want, name)                                   \
    do {                                                                 \
        if (want)                                                        \
            ck_assert_msg((field) && strcmp((field), (want)) == 0,       \
                          "%s: %s is \"%s\", want \"%s\"", name, #field, \
                          (field) ? (field) : "(null)", (want));         \
        else                                                             \
            ck_assert_msg(!(field), "%s: %s is \"%s\", want NULL", name, \
                          #field, (field));                              \
    } while (0)

static const struct html_case {
    const char *name;
    const char *in;
    const char *blocks;          /* joined with "|" */
    const char *lines;           /* NULL: not checked */
    const char *title, *date, *author, *type;
} cases[] = {
    /* Entities. */
    { "basic entities",
      "<p>&amp; &lt; &gt; &quot; &apos; a&nbsp;b</p>",
      "& < > \" ' a\xc2\xa0" "b", NULL, NULL, NULL, NULL, NULL },
    { "punctuation entities",
      "<p>&lsquo;a&rsquo; &ldquo;b&rdquo; c&mdash;d e&ndash;f g&hellip; &bull; &euro;5 &trade;</p>",
      "\xe2\x80\x98" "a\xe2\x80\x99 \xe2\x80\x9c" "b\xe2\x80\x9d c\xe2\x80\x94" "d e\xe2\x80\x93"
      "f g\xe2\x80\xa6 \xe2\x80\xa2 \xe2\x82\xac" "5 \xe2\x84\xa2",
      NULL, NULL, NULL, NULL, NULL },
    { "latin-1 and greek entities",
      "<p>caf&eacute; &Eacute;cole na&iuml;ve &ntilde; &szlig; &copy; &sect;3 &frac12; &alpha;&Omega;</p>",
      "caf\xc3\xa9 \xc3\x89" "cole na\xc3\xafve \xc3\xb1 \xc3\x9f \xc2\xa9 \xc2\xa7" "3 \xc2\xbd \xce\xb1\xce\xa9",
      NULL, NULL, NULL, NULL, NULL },
    { "numeric entities",
      "<p>&#8212; &#x2014; &#X2014; &#38; &#128; &#0; &#xD800; &#1114112; &#65 &#x1F600;</p>",
      "\xe2\x80\x94 \xe2\x80\x94 \xe2\x80\x94 & \xe2\x82\xac \xef\xbf\xbd \xef\xbf\xbd \xef\xbf\xbd A \xf0\x9f\x98\x80",
      NULL, NULL, NULL, NULL, NULL },
    { "invalid entities stay",
      "<p>&foo; &#xZZ; &#; & alone AT&T R&amp;D &amp</p>",
      "&foo; &#xZZ; &#; & alone AT&T R&D &", NULL, NULL, NULL, NULL, NULL },
    { "legacy entities without semicolon",
      "<p>&copy 2019 &eacutex &notanentity;</p>",
      "\xc2\xa9 2019 \xc3\xa9x \xc2\xac" "anentity;", NULL, NULL, NULL, NULL, NULL },
    { "entity for white space collapses",
      "<p>a&#32;&#10; b&Tab;c</p>", "a b c", NULL, NULL, NULL, NULL, NULL },

    /* What is dropped. */
    { "script and style",
      "<p>before</p><script>if (a < b && c > d) { x = '<p>no</p>'; }</script>"
      "<style>p > a { color: red }</style><p>after</p>",
      "before|after", NULL, NULL, NULL, NULL, NULL },
    { "script end tag inside a string is the end, as in HTML",
      "<p>a</p><script>var s = \"</scripty>\";</SCRIPT ><p>b</p>",
      "a|b", NULL, NULL, NULL, NULL, NULL },
    { "noscript, template, iframe, svg",
      "<p>a<noscript>enable js</noscript></p><template><p>tpl</p></template>"
      "<iframe src=x>frame</iframe><svg><title>icon</title><text>svg</text></svg><p>b</p>",
      "a|b", NULL, NULL, NULL, NULL, NULL },
    { "self-closing script does not swallow the page",
      "<script src=\"a.js\"/><p>kept</p>", "kept", NULL, NULL, NULL, NULL, NULL },
    { "comments",
      "<p>a<!-- <p>hidden</p> -- still --> b<!----> c<!--> d<!---> e</p>",
      "a b c d e", NULL, NULL, NULL, NULL, NULL },
    { "head content other than the title",
      "<html><head><title>T</title><meta name=x content=y>stray head text"
      "<link rel=stylesheet href=s.css></head><body><p>body</p></body></html>",
      "body", NULL, "T", NULL, NULL, NULL },
    { "nav dropped",
      "<nav><ul><li>Home</li><li>About</li></ul></nav><p>content</p>",
      "content", NULL, NULL, NULL, NULL, NULL },
    { "doctype, processing instruction, CDATA",
      "<?xml version=\"1.0\"?><!DOCTYPE html><p>x<![CDATA[ a<b ]]>y</p>",
      "x a<b y", NULL, NULL, NULL, NULL, NULL },

    /* Blocks. */
    { "block elements",
      "<div>one<p>two</p>three</div><h2>four</h2><ul><li>five</li><li>six</li></ul>"
      "<blockquote>seven</blockquote><pre>eight</pre><section>nine</section><article>ten</article>",
      "one|two|three|four|five|six|seven|eight|nine|ten", NULL, NULL, NULL, NULL, NULL },
    { "inline elements do not split",
      "<p>a <b>bold</b> and <i>it</i>al<span>ic</span> <a href=\"x\">link</a>.</p>",
      "a bold and italic link.", NULL, NULL, NULL, NULL, NULL },
    { "br separates",
      "<p>line one<br>line two<br/>line three</br>four</p>",
      "line one|line two|line three|four", NULL, NULL, NULL, NULL, NULL },
    { "tables",
      "<table><tr><th>Name</th><td>Value</td></tr><tr><td>a</td><td>b</td></tr></table>",
      "Name|Value|a|b", NULL, NULL, NULL, NULL, NULL },
    { "white space collapsed",
      "<p>\n   spread \t over\n\n lines   </p>", "spread over lines", NULL, NULL, NULL, NULL, NULL },
    { "pre splits at blank lines",
      "<pre>para one\nstill one\n\npara two</pre>", "para one still one|para two",
      "1,4", NULL, NULL, NULL, NULL },
    { "empty paragraphs make no blocks",
      "<p></p><p>  </p><div><p>x</p></div>", "x", NULL, NULL, NULL, NULL, NULL },
    { "lines",
      "<html>\n<body>\n<h1>Title</h1>\n<p>First\nparagraph</p>\n\n<p>\n  Second</p><p>Third</p>\n"
      "<!-- a\ncomment\n--><p>Fourth</p>\n<script>\n\n</script>\n<p>Fifth</p>",
      "Title|First paragraph|Second|Third|Fourth|Fifth", "3,4,8,8,11,15", "Title", NULL, NULL, NULL },

    /* Metadata. */
    { "title and meta",
      "<head><title> Budget &amp;\n Deal </title>"
      "<meta name=\"date\" content=\"2019-07-22\">"
      "<meta name=\"author\" content=\"Jane Q. Public\">"
      "<meta name=\"type\" content=\"news\"></head><h1>Other</h1>",
      "Other", NULL, "Budget & Deal", "2019-07-22", "Jane Q. Public", "news" },
    /* Entities in a title are decoded once: "&amp;amp;" is "&amp;". */
    { "title entities once",
      "<head><title>AT&amp;amp;T &#38;lt;x&#38;gt;</title></head><p>Body</p>",
      "Body", NULL, "AT&amp;T &lt;x&gt;", NULL, NULL, NULL },
    { "dublin core, any case, single quotes, unquoted",
      "<meta name='DC.date.issued' content='2017-03-03'><meta NAME=DC.Type CONTENT=Letter>"
      "<meta name=\"dc.creator\" content=\"Office of Senator X\"><p>x</p>",
      "x", NULL, NULL, "2017-03-03", "Office of Senator X", "Letter" },
    { "open graph date",
      "<meta property=\"article:published_time\" content=\"2018-07-19T12:00:00Z\"><p>x</p>",
      "x", NULL, NULL, "2018-07-19T12:00:00Z", NULL, NULL },
    { "pubdate and publication_date",
      "<meta name=\"pubdate\" content=\"20190102\"><meta name=\"publication_date\" content=\"later\">",
      "", NULL, NULL, "20190102", NULL, NULL },
    { "first h1 is the title without <title>",
      "<body><h2>Kicker</h2><h1>The <em>Real</em> Title</h1><h1>Second</h1></body>",
      "Kicker|The Real Title|Second", NULL, "The Real Title", NULL, NULL, NULL },
    { "empty title falls back",
      "<title>  </title><meta property=\"og:title\" content=\"OG Title\"><h1>H</h1>",
      "H", NULL, "OG Title", NULL, NULL, NULL },
    { "time in the article header",
      "<article><header><h1>T</h1><time datetime=\"2020-05-01\">May 1</time></header>"
      "<p>x <time datetime=\"1999-01-01\">then</time></p></article>",
      "T|May 1|x then", NULL, "T", "2020-05-01", NULL, NULL },
    { "time text without datetime",
      "<article><p>Posted <time>March 3, 2017</time></p></article>",
      "Posted March 3, 2017", NULL, NULL, "March 3, 2017", NULL, NULL },
    { "time outside any article is not the date",
      "<p>Meeting at <time datetime=\"2020-01-01\">noon</time></p>",
      "Meeting at noon", NULL, NULL, NULL, NULL, NULL },
    { "meta date wins over time",
      "<meta name=\"date\" content=\"2001-01-01\"><article><time datetime=\"2002-02-02\">x</time></article>",
      "x", NULL, NULL, "2001-01-01", NULL, NULL },
    { "marked time wins over article time",
      "<article><time datetime=\"2002-02-02\">a</time><time pubdate datetime=\"2003-03-03\">b</time></article>",
      "ab", NULL, NULL, "2003-03-03", NULL, NULL },
    { "entities in attributes",
      "<meta name=\"author\" content=\"Smith &amp; Wesson &eacute;\">",
      "", NULL, NULL, NULL, "Smith & Wesson \xc3\xa9", NULL },

    /* Malformed input. */
    { "unterminated tag at the end",
      "<p>Hello <b", "Hello", NULL, NULL, NULL, NULL, NULL },
    { "unterminated attribute value",
      "<p>Hi</p><a href=\"x>more text</p>", "Hi", NULL, NULL, NULL, NULL, NULL },
    { "unterminated comment",
      "<p>kept</p><!-- never closed <p>lost</p>", "kept", NULL, NULL, NULL, NULL, NULL },
    { "unterminated script",
      "<p>kept</p><script>lost forever", "kept", NULL, NULL, NULL, NULL, NULL },
    { "unterminated title",
      "<title>Half", "", NULL, "Half", NULL, NULL, NULL },
    { "'>' inside quoted attribute",
      "<p title=\"a > b\">text</p>", "text", NULL, NULL, NULL, NULL, NULL },
    { "literal less-than",
      "<p>a < b, 3<4, <3 and </> and <=</p>", "a < b, 3<4, <3 and and <=", NULL, NULL, NULL, NULL, NULL },
    { "bogus end tag and stray end tags",
      "</ x></p></div><p>ok</p></b></span>", "ok", NULL, NULL, NULL, NULL, NULL },
    { "attributes without values and odd names",
      "<p hidden =  data-x='1' \"q\"=2 / >x</p  foo=\">\">y", "x|y", NULL, NULL, NULL, NULL, NULL },
    { "text only", "no markup at all", "no markup at all", "1", NULL, NULL, NULL, NULL },
    { "empty", "", "", NULL, NULL, NULL, NULL, NULL },
};

START_TEST(test_cases)
{
    const struct html_case *c = &cases[_i];
    parsed_doc_t d;
    parse(&d, c->in, strlen(c->in));
    check_invariants(&d);
    char *got = blocks(&d);
    ck_assert_msg(strcmp(got, c->blocks) == 0, "%s: blocks\n[%s]\nwant\n[%s]",
                  c->name, got, c->blocks);
    if (c->lines) {
        char *l = lines(&d);
        ck_assert_msg(strcmp(l, c->lines) == 0, "%s: lines %s, want %s", c->name, l, c->lines);
        free(l);
    }
    STR_OR_NULL(d.title, c->title, c->name);
    STR_OR_NULL(d.date, c->date, c->name);
    STR_OR_NULL(d.author, c->author, c->name);
    STR_OR_NULL(d.type, c->type, c->name);
    free(got);
    parsed_doc_free(&d);
}
END_TEST

START_TEST(test_text_reads_as_text)
{
    /* Blocks are separated by blank lines in the stored text, so words of
     * adjacent blocks never run together. */
    static const char in[] = "<h1>A</h1><p>b<br>c</p><div>d</div>";
    parsed_doc_t d;
    parse(&d, in, sizeof in - 1);
    ck_assert_str_eq(d.text.data, "A\n\nb\nc\n\nd");
    parsed_doc_free(&d);
}
END_TEST

static double
now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

START_TEST(test_deep_nesting)
{
    /* 100,000 levels of nesting of several kinds, closed and not. */
    static const char *const opens[] = { "<div>", "<b>", "<nav>", "<li><ul>", "<h1>", "<pre>" };
    static const char *const closes[] = { "</div>", "</b>", "</nav>", "</ul></li>", "</h1>", "</pre>" };
    for (size_t k = 0; k < sizeof opens / sizeof *opens; k++) {
        buf_t in = BUF_INIT;
        for (int i = 0; i < 100000; i++)
            buf_puts(&in, opens[k]);
        buf_puts(&in, "deep text");
        for (int i = 0; i < 100000; i++)
            buf_puts(&in, closes[k]);
        buf_puts(&in, "<p>after</p>");
        double t0 = now();
        parsed_doc_t d;
        parse(&d, in.data, in.len);
        double dt = now() - t0;
        check_invariants(&d);
        char *got = blocks(&d);
        /* Inside <nav> nothing is kept. */
        ck_assert_str_eq(got, k == 2 ? "after" : "deep text|after");
        ck_assert_msg(dt < 2.0, "%s: %.2fs", opens[k], dt);
        free(got);
        parsed_doc_free(&d);

        /* Never closed. */
        buf_clear(&in);
        for (int i = 0; i < 100000; i++)
            buf_puts(&in, opens[k]);
        buf_puts(&in, "end");
        parse(&d, in.data, in.len);
        check_invariants(&d);
        ck_assert_uint_eq(d.nblocks, k == 2 ? 0 : 1);
        parsed_doc_free(&d);
        buf_free(&in);
    }
}
END_TEST

START_TEST(test_huge_attribute)
{
    /* A 20 MB attribute, an unterminated one, a huge comment and a huge
     * tag name: linear, and the text around them survives. */
    size_t big = 20u << 20;
    buf_t in = BUF_INIT;
    buf_puts(&in, "<p>before</p><div data-x=\"");
    buf_reserve(&in, big);
    memset(in.data + in.len, 'a', big);
    in.len += big;
    buf_puts(&in, "\">inside</div><meta name=\"author\" content=\"");
    buf_reserve(&in, big);
    memset(in.data + in.len, 'b', big);
    in.len += big;
    buf_puts(&in, "\"><p>after</p>");
    double t0 = now();
    parsed_doc_t d;
    parse(&d, in.data, in.len);
    ck_assert_msg(now() - t0 < 5.0, "%.2fs", now() - t0);
    char *got = blocks(&d);
    ck_assert_str_eq(got, "before|inside|after");
    /* Metadata is bounded. */
    ck_assert_ptr_nonnull(d.author);
    ck_assert_uint_le(strlen(d.author), 1024);
    free(got);
    parsed_doc_free(&d);

    buf_clear(&in);
    buf_puts(&in, "<p>x</p><");
    for (int i = 0; i < 100000; i++)
        buf_puts(&in, "abcdefghij");
    buf_puts(&in, " a='");
    for (int i = 0; i < 100000; i++)
        buf_puts(&in, "<p>\"x");   /* the value is never closed */
    parse(&d, in.data, in.len);
    check_invariants(&d);
    ck_assert_uint_eq(d.nblocks, 1);
    parsed_doc_free(&d);

    /* Many unterminated constructs in a row. */
    buf_clear(&in);
    for (int i = 0; i < 100000; i++)
        buf_puts(&in, "<!-<a <!x &#x &am <");
    parse(&d, in.data, in.len);
    check_invariants(&d);
    parsed_doc_free(&d);
    buf_free(&in);
}
END_TEST

START_TEST(test_every_prefix)
{
    /* Every prefix of a document full of constructs parses, keeps the
     * invariants, and the sanitizers see no read past the end. */
    static const char doc[] =
        "<!DOCTYPE html><html><head><title>T &amp; U</title>"
        "<meta name=\"date\" content='2020-01-01'><style>x{}</style></head>"
        "<body><article><header><time datetime=\"2020\">t</time></header>"
        "<p class=a>P&eacute;&#233;&#xE9;&copy<br/>x<!-- c --></p>"
        "<script>a<b</script><![CDATA[d]]><pre>\n\n</pre></article></body></html>";
    for (size_t n = 0; n <= sizeof doc - 1; n++) {
        parsed_doc_t d;
        parse(&d, doc, n);
        check_invariants(&d);
        parsed_doc_free(&d);
    }
}
END_TEST

static Suite *
html_suite(void)
{
    Suite *s = suite_create("html");
    TCase *tc = tcase_create("html");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, test_cases, 0, sizeof cases / sizeof *cases);
    tcase_add_test(tc, test_text_reads_as_text);
    tcase_add_test(tc, test_deep_nesting);
    tcase_add_test(tc, test_huge_attribute);
    tcase_add_test(tc, test_every_prefix);
    suite_add_tcase(s, tc);
    return s;
}

TEST_MAIN(html_suite)
