/*
 * parse.c - format detection, binary detection and the parse_document()
 * dispatch; the parsed_doc_t helpers.
 *
 * The format parsers live in text.c, markdown.c and html.c, the decoder
 * in decode.c.
 */
#include "indexer/parse.h"

#include <stdlib.h>
#include <string.h>

#include "util/utf8.h"
#include "util/xalloc.h"

void
parsed_doc_init(parsed_doc_t *d)
{
    memset(d, 0, sizeof *d);
    d->encoding = "utf-8";
}

void
parsed_doc_free(parsed_doc_t *d)
{
    if (!d)
        return;
    buf_free(&d->text);
    free(d->blocks);
    free(d->title);
    free(d->author);
    free(d->type);
    free(d->date);
    free(d->encoding_owned);
    parsed_doc_init(d);
}

void
parsed_doc_add_block(parsed_doc_t *d, size_t start, size_t end, uint32_t line)
{
    if (end <= start)
        return;
    if (d->nblocks == d->capblocks)
        d->blocks = xgrow(d->blocks, &d->capblocks, d->nblocks + 1,
                          sizeof *d->blocks);
    d->blocks[d->nblocks].start = start;
    d->blocks[d->nblocks].end = end;
    d->blocks[d->nblocks].line = line ? line : 1;
    d->nblocks++;
}

static int
ascii_lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Case-insensitive comparison of the extension s[0..n) with a lower-case
 * name. */
static int
ext_is(const char *s, size_t n, const char *name)
{
    size_t k = strlen(name);
    if (k != n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (ascii_lower((unsigned char)s[i]) != name[i])
            return 0;
    return 1;
}

doc_format_t
parse_format_from_name(const char *name)
{
    if (!name)
        return DOC_FORMAT_UNKNOWN;
    const char *base = strrchr(name, '/');
    base = base ? base + 1 : name;
    size_t n = strlen(base);
    /* Look through a trailing ".gz". */
    if (n > 3 && ext_is(base + n - 3, 3, ".gz"))
        n -= 3;
    /* Editor backups ("a.txt~") are not documents. */
    if (n == 0 || base[n - 1] == '~')
        return DOC_FORMAT_UNKNOWN;
    /* The extension: after the last dot, not counting a leading dot
     * (".profile" has none). */
    const char *dot = NULL;
    for (size_t i = n; i > 1; i--) {
        if (base[i - 1] == '.') {
            dot = base + i - 1;
            break;
        }
    }
    if (!dot)
        return DOC_FORMAT_TEXT;
    const char *ext = dot + 1;
    size_t elen = (size_t)(base + n - ext);
    /* Something after a dot that cannot be an extension ("Dr. Smith",
     * "notes.2019", a trailing dot) is part of an extension-less name. */
    int alpha = 0;
    for (size_t i = 0; i < elen; i++) {
        unsigned char c = (unsigned char)ext[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
            alpha = 1;
        else if (!(c >= '0' && c <= '9'))
            return DOC_FORMAT_TEXT;
    }
    if (elen == 0 || !alpha)
        return DOC_FORMAT_TEXT;
    if (ext_is(ext, elen, "txt") || ext_is(ext, elen, "text"))
        return DOC_FORMAT_TEXT;
    if (ext_is(ext, elen, "md") || ext_is(ext, elen, "markdown") ||
        ext_is(ext, elen, "mdown") || ext_is(ext, elen, "mkd") ||
        ext_is(ext, elen, "mkdn"))
        return DOC_FORMAT_MARKDOWN;
    if (ext_is(ext, elen, "html") || ext_is(ext, elen, "htm") ||
        ext_is(ext, elen, "xhtml") || ext_is(ext, elen, "shtml"))
        return DOC_FORMAT_HTML;
    return DOC_FORMAT_UNKNOWN;
}

const char *
parse_format_name(doc_format_t f)
{
    switch (f) {
    case DOC_FORMAT_TEXT: return "text";
    case DOC_FORMAT_MARKDOWN: return "markdown";
    case DOC_FORMAT_HTML: return "html";
    default: return "unknown";
    }
}

/* Does s[0..n) contain needle (lower case), ignoring ASCII case? */
static int
contains_ci(const char *s, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++) {
        size_t j = 0;
        while (j < k && ascii_lower((unsigned char)s[i + j]) == needle[j])
            j++;
        if (j == k)
            return 1;
    }
    return 0;
}

doc_format_t
parse_format_sniff(const char *data, size_t len)
{
    size_t i = 0;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < len && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' ||
                       data[i] == '\r' || data[i] == '\f'))
        i++;
    if (i < len && data[i] == '<') {
        size_t n = len - i < 1024 ? len - i : 1024;
        static const char *const marks[] = {
            "<!doctype html", "<html", "<head", "<body", "<title", "<meta",
            "<p>", "<div", "<h1"
        };
        for (size_t k = 0; k < sizeof marks / sizeof *marks; k++)
            if (contains_ci(data + i, n, marks[k]))
                return DOC_FORMAT_HTML;
    }
    return DOC_FORMAT_TEXT;
}

static int
has_prefix(const char *data, size_t len, const char *magic, size_t mlen)
{
    return len >= mlen && memcmp(data, magic, mlen) == 0;
}

const char *
parse_binary_reason(const char *data, size_t len)
{
    static const struct {
        const char *magic;
        size_t len;
        const char *reason;
    } magics[] = {
        { "%PDF-", 5, "looks like a pdf file" },
        { "PK\x03\x04", 4, "looks like a zip archive" },
        { "\x89PNG\r\n\x1a\n", 8, "looks like an image" },
        { "GIF87a", 6, "looks like an image" },
        { "GIF89a", 6, "looks like an image" },
        { "\xFF\xD8\xFF", 3, "looks like an image" },
        { "\x7f" "ELF", 4, "looks like an executable" },
        { "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8, "looks like an office document" },
        { "\x1f\x8b", 2, "looks like compressed data" },
        { "\xFD" "7zXZ", 5, "looks like compressed data" },
        { "BZh91AY&SY", 10, "looks like compressed data" },
        { "\x28\xB5\x2F\xFD", 4, "looks like compressed data" },
        { "7z\xBC\xAF\x27\x1C", 6, "looks like an archive" },
        { "Rar!\x1A\x07", 6, "looks like an archive" },
    };
    if (!data || len == 0)
        return NULL;
    /* UTF-16 with a byte order mark is text (parse_decode reads it). */
    if (len >= 2 && ((unsigned char)data[0] == 0xFF && (unsigned char)data[1] == 0xFE))
        return NULL;
    if (len >= 2 && ((unsigned char)data[0] == 0xFE && (unsigned char)data[1] == 0xFF))
        return NULL;
    for (size_t i = 0; i < sizeof magics / sizeof *magics; i++)
        if (has_prefix(data, len, magics[i].magic, magics[i].len))
            return magics[i].reason;

    /* A stray NUL or control character is tolerated (parse_decode drops
     * NULs); binary data has them in quantity. */
    size_t n = len < 8192 ? len : 8192;
    size_t nul = 0, ctrl = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)data[i];
        if (c == 0)
            nul++;
        else if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' &&
                  c != '\f' && c != '\v' && c != '\b' && c != 0x1b) ||
                 c == 0x7f)
            ctrl++;
    }
    if (nul > 0 && nul * 128 > n)
        return "contains NUL bytes";
    if ((nul + ctrl) * 20 > n && nul + ctrl > 1)
        return "contains control characters";
    return NULL;
}

/* Is cp a white-space code point (beyond ASCII)? */
static int
is_unicode_space(uint32_t cp)
{
    return cp == 0x85 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200B) ||
           cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000 ||
           cp == 0xFEFF;
}

static int
is_ascii_space(unsigned c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

const char *
parse_blank_reason(const char *data, size_t len)
{
    if (!data || len == 0)
        return "empty file";
    const unsigned char *p = (const unsigned char *)data;
    /* UTF-16 with a byte-order mark: code units of white space only. */
    if (len >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF))) {
        int le = p[0] == 0xFF;
        if (len % 2)
            return NULL;
        for (size_t i = 2; i < len; i += 2) {
            unsigned cu = le ? p[i] | (unsigned)p[i + 1] << 8 : (unsigned)p[i] << 8 | p[i + 1];
            if (!(cu < 0x80 ? is_ascii_space(cu) : is_unicode_space(cu)))
                return NULL;
        }
        return "no text";
    }
    for (size_t i = 0; i < len;) {
        if (p[i] < 0x80) {
            if (!is_ascii_space(p[i]))
                return NULL;
            i++;
            continue;
        }
        uint32_t cp;
        int k = utf8_decode(p + i, len - i, &cp);
        if (k < 0 || !is_unicode_space(cp))
            return NULL;
        i += (size_t)k;
    }
    return "no text";
}

int
parse_document(doc_format_t format, const char *data, size_t len,
               parsed_doc_t *out, const char **reason)
{
    parsed_doc_init(out);
    if (!data)
        len = 0;
    if (format == DOC_FORMAT_UNKNOWN)
        format = parse_format_sniff(data, len);
    out->format = format;
    const char *why = parse_binary_reason(data, len);
    if (why) {
        if (reason)
            *reason = why;
        return -1;
    }
    char charset[64];
    if (format == DOC_FORMAT_HTML && html_declared_charset(data, len, charset, sizeof charset))
        parse_decode_declared(data, len, charset, out);
    else
        parse_decode(data, len, out);
    switch (format) {
    case DOC_FORMAT_MARKDOWN:
        parse_markdown(out);
        break;
    case DOC_FORMAT_HTML:
        parse_html(out);
        break;
    default:
        parse_text(out);
        break;
    }
    if (reason)
        *reason = NULL;
    return 0;
}
