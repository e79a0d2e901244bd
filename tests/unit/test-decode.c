/*
 * test-decode.c - parse_decode(): UTF-8 with and without a BOM,
 * Windows-1252 detection and transcoding, invalid bytes replaced and
 * counted, NUL bytes dropped, line ends, UTF-16; and the checks around it
 * in parse.c (binary and blank detection, formats from names,
 * parse_document).
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "indexer/parse.h"
#include "testutil.h"
#include "util/utf8.h"
#include "util/xalloc.h"

/* Decode exactly n bytes from a private copy (so that reading past the
 * end is caught by the sanitizers). */
static void
decode(parsed_doc_t *d, const char *s, size_t n)
{
    char *copy = xmalloc(n ? n : 1);
    memcpy(copy, s, n);
    parsed_doc_init(d);
    parse_decode(copy, n, d);
    free(copy);
}

#define DECODE(d, lit) decode(d, lit, sizeof lit - 1)

START_TEST(test_utf8_plain)
{
    parsed_doc_t d;
    DECODE(&d, "Caf\xc3\xa9 \xe2\x80\x9cquoted\xe2\x80\x9d \xf0\x9f\x98\x80 end\n");
    ck_assert_str_eq(d.text.data, "Caf\xc3\xa9 \xe2\x80\x9cquoted\xe2\x80\x9d \xf0\x9f\x98\x80 end\n");
    ck_assert_str_eq(d.encoding, "utf-8");
    ck_assert_uint_eq(d.invalid_bytes, 0);
    parsed_doc_free(&d);

    DECODE(&d, "");
    ck_assert_uint_eq(d.text.len, 0);
    ck_assert_str_eq(buf_cstr(&d.text), "");
    ck_assert_str_eq(d.encoding, "utf-8");
    parsed_doc_free(&d);
}
END_TEST

START_TEST(test_bom)
{
    parsed_doc_t d;
    DECODE(&d, "\xef\xbb\xbfHello \xc3\xa9t\xc3\xa9");
    ck_assert_str_eq(d.text.data, "Hello \xc3\xa9t\xc3\xa9");
    ck_assert_str_eq(d.encoding, "utf-8+bom");
    parsed_doc_free(&d);

    /* Only the first BOM is dropped; a lone BOM gives empty text. */
    DECODE(&d, "\xef\xbb\xbf");
    ck_assert_uint_eq(d.text.len, 0);
    ck_assert_str_eq(d.encoding, "utf-8+bom");
    parsed_doc_free(&d);

    /* A BOM declares UTF-8: invalid bytes are replaced, not transcoded. */
    DECODE(&d, "\xef\xbb\xbf\x93quoted\x94");
    ck_assert_str_eq(d.text.data, "\xef\xbf\xbdquoted\xef\xbf\xbd");
    ck_assert_uint_eq(d.invalid_bytes, 2);
    parsed_doc_free(&d);
}
END_TEST

START_TEST(test_cp1252)
{
    parsed_doc_t d;
    /* Curly quotes, an e acute, an em dash, the euro sign. */
    DECODE(&d, "\x93" "Caf\xe9\x94 \x97 \x80" "5 \x85");
    ck_assert_str_eq(d.text.data,
                     "\xe2\x80\x9c" "Caf\xc3\xa9\xe2\x80\x9d \xe2\x80\x94 \xe2\x82\xac" "5 \xe2\x80\xa6");
    ck_assert_str_eq(d.encoding, "windows-1252");
    ck_assert_uint_eq(d.invalid_bytes, 0);
    parsed_doc_free(&d);

    /* Latin-1 accents alone. */
    DECODE(&d, "na\xefve r\xe9sum\xe9 \xc0 la fa\xe7on");
    ck_assert_str_eq(d.text.data, "na\xc3\xafve r\xc3\xa9sum\xc3\xa9 \xc3\x80 la fa\xc3\xa7on");
    ck_assert_str_eq(d.encoding, "windows-1252");
    parsed_doc_free(&d);

    /* A byte Windows-1252 leaves undefined is replaced and counted. */
    DECODE(&d, "\x93one\x94 \x93two\x94 \x93three\x94 \x93" "four\x94 \x81");
    ck_assert_str_eq(d.encoding, "windows-1252");
    ck_assert_uint_eq(d.invalid_bytes, 1);
    ck_assert_ptr_nonnull(strstr(d.text.data, "\xe2\x80\x9d \xef\xbf\xbd"));
    parsed_doc_free(&d);
}
END_TEST

START_TEST(test_invalid_utf8)
{
    parsed_doc_t d;
    /* Mostly good UTF-8 with one stray byte: damaged UTF-8, not 1252. */
    DECODE(&d, "caf\xc3\xa9 \xe2\x80\x9cok\xe2\x80\x9d na\xc3\xafve \xff end");
    ck_assert_str_eq(d.text.data,
                     "caf\xc3\xa9 \xe2\x80\x9cok\xe2\x80\x9d na\xc3\xafve \xef\xbf\xbd end");
    ck_assert_uint_eq(d.invalid_bytes, 1);
    ck_assert_str_eq(d.encoding, "utf-8 with 1 invalid byte replaced");
    ck_assert_ptr_eq(d.encoding, d.encoding_owned);
    parsed_doc_free(&d);
    ck_assert_ptr_null(d.encoding_owned);

    /* UTF-8 cut inside its last character. */
    DECODE(&d, "The end \xe2\x80");
    ck_assert_str_eq(d.text.data, "The end \xef\xbf\xbd\xef\xbf\xbd");
    ck_assert_uint_eq(d.invalid_bytes, 2);
    ck_assert_str_eq(d.encoding, "utf-8 with 2 invalid bytes replaced");
    parsed_doc_free(&d);

    /* Surrogates and overlong forms in otherwise good UTF-8. */
    DECODE(&d, "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9 \xed\xa0\x80 \xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9");
    ck_assert_uint_eq(d.invalid_bytes, 3);
    ck_assert_str_eq(d.text.data, "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9 \xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd "
                                  "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9");
    ck_assert_uint_eq(utf8_invalid_count(d.text.data, d.text.len), 0);
    parsed_doc_free(&d);
}
END_TEST

START_TEST(test_nul)
{
    parsed_doc_t d;
    DECODE(&d, "a\0b\0\0c\0");
    ck_assert_uint_eq(d.text.len, 3);
    ck_assert_str_eq(d.text.data, "abc");
    ck_assert_str_eq(d.encoding, "utf-8");
    ck_assert_uint_eq(d.invalid_bytes, 0);
    parsed_doc_free(&d);

    /* Also in transcoded and repaired text. */
    DECODE(&d, "\x93q\0\x94");
    ck_assert_str_eq(d.text.data, "\xe2\x80\x9cq\xe2\x80\x9d");
    parsed_doc_free(&d);
    DECODE(&d, "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\0\xff");
    ck_assert_str_eq(d.text.data, "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xef\xbf\xbd");
    ck_assert_uint_eq(memchr(d.text.data, 0, d.text.len) == NULL, 1);
    parsed_doc_free(&d);
}
END_TEST

START_TEST(test_line_ends)
{
    parsed_doc_t d;
    DECODE(&d, "one\r\ntwo\rthree\n\r\nfour\r");
    ck_assert_str_eq(d.text.data, "one\ntwo\nthree\n\nfour\n");
    parsed_doc_free(&d);
    DECODE(&d, "\x93" "crlf\x94\r\n");
    ck_assert_str_eq(d.text.data, "\xe2\x80\x9c" "crlf\xe2\x80\x9d\n");
    parsed_doc_free(&d);
}
END_TEST

START_TEST(test_utf16)
{
    parsed_doc_t d;
    /* "Hé€\r\n" + U+1F600 */
    DECODE(&d, "\xff\xfeH\0\xe9\0\xac\x20\r\0\n\0\x3d\xd8\x00\xde");
    ck_assert_str_eq(d.text.data, "H\xc3\xa9\xe2\x82\xac\n\xf0\x9f\x98\x80");
    ck_assert_str_eq(d.encoding, "utf-16le");
    ck_assert_uint_eq(d.invalid_bytes, 0);
    parsed_doc_free(&d);
    DECODE(&d, "\xfe\xff\0H\0i\xd8\x3d");
    ck_assert_str_eq(d.text.data, "Hi\xef\xbf\xbd");
    ck_assert_str_eq(d.encoding, "utf-16be");
    ck_assert_uint_gt(d.invalid_bytes, 0);
    parsed_doc_free(&d);
}
END_TEST

START_TEST(test_binary)
{
    ck_assert_ptr_null(parse_binary_reason("plain text\n", 11));
    ck_assert_ptr_null(parse_binary_reason("", 0));
    ck_assert_str_eq(parse_binary_reason("%PDF-1.7\n", 9), "looks like a pdf file");
    ck_assert_str_eq(parse_binary_reason("\x89PNG\r\n\x1a\n\0\0", 10), "looks like an image");
    ck_assert_str_eq(parse_binary_reason("PK\x03\x04rest", 8), "looks like a zip archive");
    ck_assert_str_eq(parse_binary_reason("ab\0\0cd\0\0", 8), "contains NUL bytes");

    /* A stray NUL in a long text is tolerated (and dropped later). */
    char buf[4096];
    memset(buf, 'a', sizeof buf);
    buf[100] = '\0';
    buf[3000] = '\x02';
    ck_assert_ptr_null(parse_binary_reason(buf, sizeof buf));
    /* Lots of control characters are not text. */
    for (size_t i = 0; i < sizeof buf; i += 8)
        buf[i] = '\x01';
    ck_assert_str_eq(parse_binary_reason(buf, sizeof buf), "contains control characters");
    /* Pseudo-random bytes. */
    unsigned x = 1;
    for (size_t i = 0; i < sizeof buf; i++) {
        x = x * 1103515245u + 12345u;
        buf[i] = (char)(x >> 23);
    }
    ck_assert_ptr_nonnull(parse_binary_reason(buf, sizeof buf));
    /* UTF-16 with a BOM has NULs but is text. */
    ck_assert_ptr_null(parse_binary_reason("\xff\xfeH\0i\0", 6));
}
END_TEST

START_TEST(test_blank)
{
    ck_assert_str_eq(parse_blank_reason("", 0), "empty file");
    ck_assert_str_eq(parse_blank_reason(NULL, 0), "empty file");
    ck_assert_str_eq(parse_blank_reason("\n\n  \n", 5), "no text");
    ck_assert_str_eq(parse_blank_reason(" \t\r\n\f\v", 6), "no text");
    /* A byte-order mark alone, or before white space. */
    ck_assert_str_eq(parse_blank_reason("\xef\xbb\xbf", 3), "no text");
    ck_assert_str_eq(parse_blank_reason("\xef\xbb\xbf \n", 5), "no text");
    /* No-break and ideographic spaces are white space too. */
    ck_assert_str_eq(parse_blank_reason("\xc2\xa0\xe3\x80\x80\n", 6), "no text");
    /* UTF-16 with a byte-order mark: white space code units only. */
    ck_assert_str_eq(parse_blank_reason("\xff\xfe", 2), "no text");
    ck_assert_str_eq(parse_blank_reason("\xff\xfe \0\n\0", 6), "no text");
    ck_assert_str_eq(parse_blank_reason("\xfe\xff\0 \0\n", 6), "no text");
    ck_assert_ptr_null(parse_blank_reason("\xff\xfeH\0i\0", 6));
    /* Any text at all, even one character after white space. */
    ck_assert_ptr_null(parse_blank_reason("   \n x", 7));
    ck_assert_ptr_null(parse_blank_reason(".", 1));
    ck_assert_ptr_null(parse_blank_reason("\xc3\xa9", 2));
    /* Bytes that are not UTF-8 are not white space (Windows-1252 text). */
    ck_assert_ptr_null(parse_blank_reason(" \xe9 ", 3));
}
END_TEST

START_TEST(test_parse_document)
{
    parsed_doc_t d;
    const char *why = "unset";
    static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0";
    ck_assert_int_eq(parse_document(DOC_FORMAT_TEXT, png, sizeof png - 1, &d, &why), -1);
    ck_assert_str_eq(why, "looks like an image");
    parsed_doc_free(&d);

    why = "unset";
    static const char cp[] = "\x93Hi\x94 there\r\n\r\nagain";
    ck_assert_int_eq(parse_document(DOC_FORMAT_TEXT, cp, sizeof cp - 1, &d, &why), 0);
    ck_assert_ptr_null(why);
    ck_assert_int_eq(d.format, DOC_FORMAT_TEXT);
    ck_assert_str_eq(d.encoding, "windows-1252");
    ck_assert_str_eq(d.text.data, "\xe2\x80\x9cHi\xe2\x80\x9d there\n\nagain");
    ck_assert_uint_eq(d.nblocks, 2);
    ck_assert_uint_eq(d.blocks[1].line, 3);
    parsed_doc_free(&d);

    /* Empty documents parse into empty text. */
    ck_assert_int_eq(parse_document(DOC_FORMAT_HTML, "", 0, &d, &why), 0);
    ck_assert_uint_eq(d.nblocks, 0);
    ck_assert_str_eq(buf_cstr(&d.text), "");
    parsed_doc_free(&d);
    ck_assert_int_eq(parse_document(DOC_FORMAT_MARKDOWN, NULL, 0, &d, &why), 0);
    ck_assert_uint_eq(d.nblocks, 0);
    parsed_doc_free(&d);

    /* An unknown format is sniffed. */
    static const char html[] = "<!DOCTYPE html><p>Hi &amp; bye";
    ck_assert_int_eq(parse_document(DOC_FORMAT_UNKNOWN, html, sizeof html - 1, &d, &why), 0);
    ck_assert_int_eq(d.format, DOC_FORMAT_HTML);
    ck_assert_str_eq(d.text.data, "Hi & bye");
    parsed_doc_free(&d);
    ck_assert_int_eq(parse_document(DOC_FORMAT_UNKNOWN, "a < b", 5, &d, &why), 0);
    ck_assert_int_eq(d.format, DOC_FORMAT_TEXT);
    parsed_doc_free(&d);
}
END_TEST

START_TEST(test_format_from_name)
{
    static const struct {
        const char *name;
        doc_format_t f;
    } cases[] = {
        { "a.txt", DOC_FORMAT_TEXT },
        { "dir.d/README", DOC_FORMAT_TEXT },
        { "2020-08-08-press-conference-executive-orders", DOC_FORMAT_TEXT },
        { "notes.TXT", DOC_FORMAT_TEXT },
        { "a.txt.gz", DOC_FORMAT_TEXT },
        { "plain.gz", DOC_FORMAT_TEXT },
        { "x/y.md", DOC_FORMAT_MARKDOWN },
        { "y.Markdown", DOC_FORMAT_MARKDOWN },
        { "budget-deal.md.gz", DOC_FORMAT_MARKDOWN },
        { "a.html", DOC_FORMAT_HTML },
        { "a.htm", DOC_FORMAT_HTML },
        { "a.xhtml", DOC_FORMAT_HTML },
        { "a.html.gz", DOC_FORMAT_HTML },
        { "a.HTML.GZ", DOC_FORMAT_HTML },
        { "a.pdf", DOC_FORMAT_UNKNOWN },
        { "a.png", DOC_FORMAT_UNKNOWN },
        { "a.docx", DOC_FORMAT_UNKNOWN },
        { "a.pdf.gz", DOC_FORMAT_UNKNOWN },
        { "a.txt~", DOC_FORMAT_UNKNOWN },
        { "report 2019.v2", DOC_FORMAT_UNKNOWN },
        { "Letter to Dr. Smith", DOC_FORMAT_TEXT },
        { "minutes.2019", DOC_FORMAT_TEXT },
        { ".profile", DOC_FORMAT_TEXT },
        { "", DOC_FORMAT_UNKNOWN },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        ck_assert_msg(parse_format_from_name(cases[i].name) == cases[i].f,
                      "%s: got %d, want %d", cases[i].name,
                      parse_format_from_name(cases[i].name), cases[i].f);
    ck_assert_str_eq(parse_format_name(DOC_FORMAT_TEXT), "text");
    ck_assert_str_eq(parse_format_name(DOC_FORMAT_MARKDOWN), "markdown");
    ck_assert_str_eq(parse_format_name(DOC_FORMAT_HTML), "html");
    ck_assert_int_eq(parse_format_sniff("\n  <html><body>x", 16), DOC_FORMAT_HTML);
    ck_assert_int_eq(parse_format_sniff("Hello <b>", 9), DOC_FORMAT_TEXT);
}
END_TEST

START_TEST(test_doc_helpers)
{
    parsed_doc_t d;
    parsed_doc_init(&d);
    for (uint32_t i = 0; i < 1000; i++)
        parsed_doc_add_block(&d, i * 2, i * 2 + 1, i + 1);
    parsed_doc_add_block(&d, 5000, 5000, 3);   /* empty: ignored */
    ck_assert_uint_eq(d.nblocks, 1000);
    ck_assert_uint_ge(d.capblocks, 1000);
    ck_assert_uint_eq(d.blocks[999].start, 1998);
    ck_assert_uint_eq(d.blocks[999].line, 1000);
    d.title = xstrdup("t");
    parsed_doc_free(&d);
    ck_assert_uint_eq(d.nblocks, 0);
    ck_assert_ptr_null(d.blocks);
    ck_assert_ptr_null(d.title);
    parsed_doc_free(&d);   /* twice is fine */
    parsed_doc_free(NULL);
}
END_TEST

/* A declared charset: honoured for bytes that are not UTF-8. */
START_TEST(test_declared_charset)
{
    char cs[64];
    ck_assert_int_eq(html_declared_charset("<meta charset=\"KOI8-R\">", 22, cs, sizeof cs), 1);
    ck_assert_str_eq(cs, "koi8-r");
    static const char equiv[] =
        "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-7\">";
    ck_assert_int_eq(html_declared_charset(equiv, sizeof equiv - 1, cs, sizeof cs), 1);
    ck_assert_str_eq(cs, "iso-8859-7");
    static const char xml[] = "<?xml version=\"1.0\" encoding='Shift_JIS'?><html>";
    ck_assert_int_eq(html_declared_charset(xml, sizeof xml - 1, cs, sizeof cs), 1);
    ck_assert_str_eq(cs, "shift_jis");
    ck_assert_int_eq(html_declared_charset("<p>no charset here</p>", 22, cs, sizeof cs), 0);

    parsed_doc_t d;
    parsed_doc_init(&d);
    /* "Привет" in KOI8-R. */
    parse_decode_declared("\xf0\xd2\xc9\xd7\xc5\xd4\r\n", 8, "koi8-r", &d);
    ck_assert_str_eq(d.text.data, "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82\n");
    ck_assert_str_eq(d.encoding, "koi8-r");
    ck_assert_uint_eq(d.invalid_bytes, 0);
    /* Valid UTF-8 stays UTF-8 whatever was declared. */
    parse_decode_declared("caf\xc3\xa9", 5, "koi8-r", &d);
    ck_assert_str_eq(d.text.data, "caf\xc3\xa9");
    ck_assert_str_eq(d.encoding, "utf-8");
    /* A charset iconv does not know: read as parse_decode() would. */
    static const char latin[] = "Caf\xe9 au lait, cr\xe8me br\xfbl\xe9" "e, na\xef" "ve.";
    parsed_doc_t plain;
    parsed_doc_init(&plain);
    parse_decode(latin, sizeof latin - 1, &plain);
    parse_decode_declared(latin, sizeof latin - 1, "no-such-charset", &d);
    ck_assert_str_eq(d.text.data, plain.text.data);
    ck_assert_str_eq(d.encoding, plain.encoding);
    ck_assert_str_eq(d.encoding, "windows-1252");
    parsed_doc_free(&plain);
    /* A byte the declared charset lacks: U+FFFD, counted. */
    parse_decode_declared("a\xff" "b", 3, "iso-8859-7", &d);
    ck_assert_str_eq(d.text.data, "a\xef\xbf\xbd" "b");
    ck_assert_uint_eq(d.invalid_bytes, 1);
    parsed_doc_free(&d);
}
END_TEST

static Suite *
decode_suite(void)
{
    Suite *s = suite_create("decode");
    TCase *tc = tcase_create("decode");
    tcase_add_test(tc, test_utf8_plain);
    tcase_add_test(tc, test_bom);
    tcase_add_test(tc, test_cp1252);
    tcase_add_test(tc, test_invalid_utf8);
    tcase_add_test(tc, test_nul);
    tcase_add_test(tc, test_line_ends);
    tcase_add_test(tc, test_utf16);
    tcase_add_test(tc, test_binary);
    tcase_add_test(tc, test_blank);
    tcase_add_test(tc, test_parse_document);
    tcase_add_test(tc, test_format_from_name);
    tcase_add_test(tc, test_doc_helpers);
    tcase_add_test(tc, test_declared_charset);
    suite_add_tcase(s, tc);
    return s;
}

TEST_MAIN(decode_suite)
