/*
 * decode.c - bytes to UTF-8: UTF-8 (with or without a BOM), Windows-1252,
 * UTF-16 with a BOM; NUL bytes dropped, line ends normalised to LF.
 *
 * One scan classifies the bytes (invalid UTF-8 bytes, valid multi-byte
 * sequences, NULs, CRs); valid UTF-8 with nothing to drop or normalise is
 * copied as a whole, everything else goes through one of the converters
 * below, which write into a buffer reserved for the worst case.
 */
#include "indexer/parse.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/utf8.h"
#include "util/xalloc.h"

#define HI_BITS 0x8080808080808080ULL
#define LO_BITS 0x0101010101010101ULL

/* Does the word have a zero byte? */
static int
has_zero(uint64_t v)
{
    return ((v - LO_BITS) & ~v & HI_BITS) != 0;
}

typedef struct scan {
    size_t invalid;      /* bytes that are not part of valid UTF-8 */
    size_t first_invalid;
    size_t valid_mb;     /* valid multi-byte sequences */
    size_t nul, cr;
    size_t undef1252;    /* invalid bytes undefined in Windows-1252 */
} scan_t;

static int
undefined_in_1252(unsigned char c)
{
    return c == 0x81 || c == 0x8D || c == 0x8F || c == 0x90 || c == 0x9D;
}

static void
scan_utf8(const unsigned char *p, size_t n, scan_t *st)
{
    const uint64_t crs = LO_BITS * '\r';
    size_t i = 0;
    memset(st, 0, sizeof *st);
    while (i < n) {
        if (n - i >= 8) {
            uint64_t v;
            memcpy(&v, p + i, 8);
            if (!(v & HI_BITS) && !has_zero(v) && !has_zero(v ^ crs)) {
                i += 8;
                continue;
            }
        }
        unsigned char c = p[i];
        if (c < 0x80) {
            if (c == 0)
                st->nul++;
            else if (c == '\r')
                st->cr++;
            i++;
            continue;
        }
        uint32_t cp;
        int k = utf8_decode(p + i, n - i, &cp);
        if (k < 0) {
            if (!st->invalid)
                st->first_invalid = i;
            st->invalid++;
            if (undefined_in_1252(c))
                st->undef1252++;
            i++;
        } else {
            st->valid_mb++;
            i += (size_t)k;
        }
    }
}

/*
 * Are the invalid bytes better explained by Windows-1252 than by damaged
 * UTF-8?  Text in a legacy encoding has (almost) no valid multi-byte
 * sequences and uses few of the five bytes Windows-1252 leaves undefined;
 * UTF-8 cut in the middle of its last character is still UTF-8.
 */
static int
looks_1252(const scan_t *st, size_t n)
{
    if (st->invalid == 0)
        return 0;
    if (st->invalid <= 3 && st->first_invalid + 4 > n)
        return 0;
    if (st->valid_mb != 0 && st->invalid < 4 * st->valid_mb)
        return 0;
    if (st->undef1252 * 8 > st->invalid)
        return 0;
    return 1;
}

static const uint16_t cp1252_80[32] = {
    0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
    0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178
};

/* Copy UTF-8, replacing invalid bytes, dropping NULs, normalising CRs. */
static size_t
emit_utf8(const unsigned char *p, size_t n, char *o)
{
    char *start = o;
    size_t i = 0;
    while (i < n) {
        unsigned char c = p[i];
        if (c < 0x80) {
            if (c == '\r') {
                if (i + 1 >= n || p[i + 1] != '\n')
                    *o++ = '\n';
            } else if (c != 0) {
                *o++ = (char)c;
            }
            i++;
            continue;
        }
        uint32_t cp;
        int k = utf8_decode(p + i, n - i, &cp);
        if (k < 0) {
            memcpy(o, "\xEF\xBF\xBD", 3);
            o += 3;
            i++;
        } else {
            memcpy(o, p + i, (size_t)k);
            o += k;
            i += (size_t)k;
        }
    }
    return (size_t)(o - start);
}

static size_t
emit_1252(const unsigned char *p, size_t n, char *o, size_t *replaced)
{
    char *start = o;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = p[i];
        if (c < 0x80) {
            if (c == '\r') {
                if (i + 1 >= n || p[i + 1] != '\n')
                    *o++ = '\n';
            } else if (c != 0) {
                *o++ = (char)c;
            }
            continue;
        }
        uint32_t cp = c >= 0xA0 ? c : cp1252_80[c - 0x80];
        if (cp == UTF8_REPLACEMENT)
            (*replaced)++;
        o += utf8_encode(cp, o);
    }
    return (size_t)(o - start);
}

static size_t
emit_utf16(const unsigned char *p, size_t n, int be, char *o,
           size_t *replaced)
{
    char *start = o;
    size_t i = 0;
    int prev_cr = 0;
    while (i + 1 < n) {
        uint32_t u = be ? (uint32_t)(p[i] << 8 | p[i + 1])
                        : (uint32_t)(p[i + 1] << 8 | p[i]);
        i += 2;
        if (u >= 0xD800 && u <= 0xDBFF && i + 1 < n) {
            uint32_t u2 = be ? (uint32_t)(p[i] << 8 | p[i + 1])
                             : (uint32_t)(p[i + 1] << 8 | p[i]);
            if (u2 >= 0xDC00 && u2 <= 0xDFFF) {
                u = 0x10000 + ((u - 0xD800) << 10) + (u2 - 0xDC00);
                i += 2;
            }
        }
        if (u >= 0xD800 && u <= 0xDFFF) {
            u = UTF8_REPLACEMENT;
            (*replaced) += 2;
        }
        if (u == '\n' && prev_cr) {
            prev_cr = 0;
            continue;
        }
        prev_cr = u == '\r';
        if (u == 0)
            continue;
        o += utf8_encode(u == '\r' ? '\n' : u, o);
    }
    if (i < n) {   /* odd trailing byte */
        memcpy(o, "\xEF\xBF\xBD", 3);
        o += 3;
        (*replaced)++;
    }
    return (size_t)(o - start);
}

static void
set_encoding(parsed_doc_t *out, const char *name)
{
    free(out->encoding_owned);
    out->encoding_owned = NULL;
    out->encoding = name;
}

void
parse_decode(const char *data, size_t len, parsed_doc_t *out)
{
    const unsigned char *p = (const unsigned char *)data;
    size_t n = data ? len : 0;
    buf_t *t = &out->text;
    buf_clear(t);
    out->invalid_bytes = 0;

    if (n >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF))) {
        int be = p[0] == 0xFE;
        size_t replaced = 0;
        buf_reserve(t, (n - 2) / 2 * 3 + 4);
        t->len = emit_utf16(p + 2, n - 2, be, t->data, &replaced);
        t->data[t->len] = '\0';
        out->invalid_bytes = replaced;
        set_encoding(out, be ? "utf-16be" : "utf-16le");
        return;
    }

    int bom = n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF;
    if (bom) {
        p += 3;
        n -= 3;
    }
    scan_t st;
    scan_utf8(p, n, &st);
    if (st.invalid == 0) {
        set_encoding(out, bom ? "utf-8+bom" : "utf-8");
        if (st.nul == 0 && st.cr == 0) {
            buf_append(t, p, n);
        } else {
            buf_reserve(t, n);
            t->len = emit_utf8(p, n, t->data);
            t->data[t->len] = '\0';
        }
        return;
    }
    if (!bom && looks_1252(&st, n)) {
        size_t replaced = 0;
        buf_reserve(t, n + 2 * (st.invalid + 4 * st.valid_mb));
        t->len = emit_1252(p, n, t->data, &replaced);
        t->data[t->len] = '\0';
        out->invalid_bytes = replaced;
        set_encoding(out, "windows-1252");
        return;
    }
    buf_reserve(t, n + 2 * st.invalid);
    t->len = emit_utf8(p, n, t->data);
    t->data[t->len] = '\0';
    out->invalid_bytes = st.invalid;
    set_encoding(out, NULL);
    out->encoding_owned = xasprintf("utf-8 with %zu invalid byte%s replaced",
                                    st.invalid, st.invalid == 1 ? "" : "s");
    out->encoding = out->encoding_owned;
}

/* Charsets parse_decode() reads itself (or that mean UTF-8). */
static int
decoded_anyway(const char *cs)
{
    static const char *const names[] = {
        "utf-8", "utf8", "us-ascii", "ascii", "windows-1252", "cp1252", "iso-8859-1",
        "latin1", "latin-1", "iso8859-1", "utf-16", "utf-16le", "utf-16be",
    };
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcasecmp(cs, names[i]) == 0)
            return 1;
    return 0;
}

void
parse_decode_declared(const char *data, size_t len, const char *charset, parsed_doc_t *out)
{
    const unsigned char *p = (const unsigned char *)data;
    size_t n = data ? len : 0;
    scan_t st;
    scan_utf8(p, n, &st);
    iconv_t cd = (iconv_t)-1;
    /* Valid UTF-8 is UTF-8 whatever a page says (pages often say wrong). */
    if (!charset || !*charset || st.invalid == 0 || decoded_anyway(charset) ||
        (cd = iconv_open("UTF-8", charset)) == (iconv_t)-1) {
        parse_decode(data, len, out);
        return;
    }
    buf_t u = BUF_INIT;
    buf_reserve(&u, n * 3 + 8);
    char *in = (char *)(uintptr_t)data;
    size_t inleft = n, replaced = 0;
    while (inleft > 0) {
        char *o = u.data + u.len;
        size_t oleft = u.cap - u.len - 1;
        size_t r = iconv(cd, &in, &inleft, &o, &oleft);
        u.len = (size_t)(o - u.data);
        if (r != (size_t)-1)
            break;
        if (errno == E2BIG) {
            buf_reserve(&u, n + 16);
            continue;
        }
        /* A byte the charset does not have (or a sequence cut at the
         * end): U+FFFD, and on. */
        buf_append(&u, "\xEF\xBF\xBD", 3);
        replaced++;
        in++;
        inleft--;
    }
    iconv_close(cd);
    /* The UTF-8 now goes the usual way (NULs dropped, line ends). */
    parse_decode(u.data, u.len, out);
    buf_free(&u);
    out->invalid_bytes += replaced;
    set_encoding(out, NULL);
    out->encoding_owned = xstrdup(charset);
    for (char *c = out->encoding_owned; *c; c++)
        if (*c >= 'A' && *c <= 'Z')
            *c = (char)(*c - 'A' + 'a');
    out->encoding = out->encoding_owned;
}
