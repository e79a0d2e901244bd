/*
 * html.c - HTML: extracting text, blocks and metadata.
 *
 * One forward pass over the decoded text, with no tree and no recursion:
 * nesting is tracked only by counters (inside <nav>, <pre>, <article>,
 * <header>), so deeply nested or malformed markup costs nothing special
 * and the time is linear in the input.  Tags are tokenised as HTML5 does
 * (quoted attribute values may hold '>', an unterminated tag or attribute
 * at the end of the input is dropped, an unterminated comment runs to the
 * end); the content of script, style, noscript, template, iframe, noembed,
 * noframes and svg is skipped up to the matching end tag; text in <head>
 * and in <nav> is dropped.
 *
 * Text is collapsed as a browser renders it (runs of white space become
 * one space) and entities are decoded.  Paragraph-level elements (p, div,
 * h1-h6, li, blockquote, pre, tr, td, section, article...) and <br>
 * separate blocks; each block records the source line of its first
 * character.  In the extracted text blocks are separated by a blank line
 * (a line break after <br>), so the text reads as plain text.
 *
 * Metadata: the title from <title> (else <meta name="dc.title"|og:title>,
 * else the first <h1>); the date from <meta> (date, dc.date,
 * DC.date.issued, dcterms.*, article:published_time, pubdate,
 * publication_date, citation_publication_date...), else from a <time>
 * marked pubdate or itemprop="datePublished", else from the first <time>
 * inside <article> or <header> (its datetime attribute, else its text);
 * the author from <meta name="author"|dc.creator...>; the type from
 * <meta name="type"|dc.type>.
 */
#include "indexer/parse.h"

#include <ctype.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/utf8.h"
#include "util/xalloc.h"

#define HTML_META_MAX 1024
#define TAG_NAME_MAX 16

/* The HTML 4 entities (Latin-1, symbols, special), &apos; and some HTML5
 * names, sorted by byte value (generated from the WHATWG list).  legacy:
 * also recognised without the final semicolon, as HTML5 does. */
static const struct entity {
    const char *name;
    uint32_t cp;
    int legacy;
} entities[] = {
    { "AElig", 0x00C6, 1 }, { "AMP", 0x0026, 1 }, { "Aacute", 0x00C1, 1 },
    { "Acirc", 0x00C2, 1 }, { "Agrave", 0x00C0, 1 }, { "Alpha", 0x0391, 0 },
    { "Aring", 0x00C5, 1 }, { "Atilde", 0x00C3, 1 }, { "Auml", 0x00C4, 1 },
    { "Beta", 0x0392, 0 }, { "COPY", 0x00A9, 1 }, { "Ccedil", 0x00C7, 1 },
    { "Chi", 0x03A7, 0 }, { "Dagger", 0x2021, 0 }, { "Delta", 0x0394, 0 },
    { "ETH", 0x00D0, 1 }, { "Eacute", 0x00C9, 1 }, { "Ecirc", 0x00CA, 1 },
    { "Egrave", 0x00C8, 1 }, { "Epsilon", 0x0395, 0 }, { "Eta", 0x0397, 0 },
    { "Euml", 0x00CB, 1 }, { "GT", 0x003E, 1 }, { "Gamma", 0x0393, 0 },
    { "Hat", 0x005E, 0 }, { "Iacute", 0x00CD, 1 }, { "Icirc", 0x00CE, 1 },
    { "Igrave", 0x00CC, 1 }, { "Iota", 0x0399, 0 }, { "Iuml", 0x00CF, 1 },
    { "Kappa", 0x039A, 0 }, { "LT", 0x003C, 1 }, { "Lambda", 0x039B, 0 },
    { "MediumSpace", 0x205F, 0 }, { "Mu", 0x039C, 0 },
    { "NewLine", 0x000A, 0 }, { "NonBreakingSpace", 0x00A0, 0 },
    { "Ntilde", 0x00D1, 1 }, { "Nu", 0x039D, 0 }, { "OElig", 0x0152, 0 },
    { "Oacute", 0x00D3, 1 }, { "Ocirc", 0x00D4, 1 }, { "Ograve", 0x00D2, 1 },
    { "Omega", 0x03A9, 0 }, { "Omicron", 0x039F, 0 }, { "Oslash", 0x00D8, 1 },
    { "Otilde", 0x00D5, 1 }, { "Ouml", 0x00D6, 1 }, { "Phi", 0x03A6, 0 },
    { "Pi", 0x03A0, 0 }, { "Prime", 0x2033, 0 }, { "Psi", 0x03A8, 0 },
    { "QUOT", 0x0022, 1 }, { "REG", 0x00AE, 1 }, { "Rho", 0x03A1, 0 },
    { "Scaron", 0x0160, 0 }, { "Sigma", 0x03A3, 0 }, { "THORN", 0x00DE, 1 },
    { "TRADE", 0x2122, 0 }, { "Tab", 0x0009, 0 }, { "Tau", 0x03A4, 0 },
    { "Theta", 0x0398, 0 }, { "Uacute", 0x00DA, 1 }, { "Ucirc", 0x00DB, 1 },
    { "Ugrave", 0x00D9, 1 }, { "Upsilon", 0x03A5, 0 }, { "Uuml", 0x00DC, 1 },
    { "Xi", 0x039E, 0 }, { "Yacute", 0x00DD, 1 }, { "Yuml", 0x0178, 0 },
    { "ZeroWidthSpace", 0x200B, 0 }, { "Zeta", 0x0396, 0 },
    { "aacute", 0x00E1, 1 }, { "acirc", 0x00E2, 1 }, { "acute", 0x00B4, 1 },
    { "aelig", 0x00E6, 1 }, { "agrave", 0x00E0, 1 }, { "alefsym", 0x2135, 0 },
    { "alpha", 0x03B1, 0 }, { "amp", 0x0026, 1 }, { "and", 0x2227, 0 },
    { "ang", 0x2220, 0 }, { "apos", 0x0027, 0 }, { "aring", 0x00E5, 1 },
    { "ast", 0x002A, 0 }, { "asymp", 0x2248, 0 }, { "atilde", 0x00E3, 1 },
    { "auml", 0x00E4, 1 }, { "bdquo", 0x201E, 0 }, { "beta", 0x03B2, 0 },
    { "brvbar", 0x00A6, 1 }, { "bsol", 0x005C, 0 }, { "bull", 0x2022, 0 },
    { "bullet", 0x2022, 0 }, { "cap", 0x2229, 0 }, { "ccedil", 0x00E7, 1 },
    { "cedil", 0x00B8, 1 }, { "cent", 0x00A2, 1 }, { "centerdot", 0x00B7, 0 },
    { "check", 0x2713, 0 }, { "chi", 0x03C7, 0 }, { "circ", 0x02C6, 0 },
    { "clubs", 0x2663, 0 }, { "colon", 0x003A, 0 }, { "comma", 0x002C, 0 },
    { "commat", 0x0040, 0 }, { "cong", 0x2245, 0 }, { "copy", 0x00A9, 1 },
    { "copysr", 0x2117, 0 }, { "crarr", 0x21B5, 0 }, { "cross", 0x2717, 0 },
    { "cup", 0x222A, 0 }, { "curren", 0x00A4, 1 }, { "dArr", 0x21D3, 0 },
    { "dagger", 0x2020, 0 }, { "darr", 0x2193, 0 }, { "dash", 0x2010, 0 },
    { "deg", 0x00B0, 1 }, { "delta", 0x03B4, 0 }, { "diams", 0x2666, 0 },
    { "divide", 0x00F7, 1 }, { "dollar", 0x0024, 0 }, { "eacute", 0x00E9, 1 },
    { "ecirc", 0x00EA, 1 }, { "egrave", 0x00E8, 1 }, { "empty", 0x2205, 0 },
    { "emsp", 0x2003, 0 }, { "ensp", 0x2002, 0 }, { "epsilon", 0x03B5, 0 },
    { "equals", 0x003D, 0 }, { "equiv", 0x2261, 0 }, { "eta", 0x03B7, 0 },
    { "eth", 0x00F0, 1 }, { "euml", 0x00EB, 1 }, { "euro", 0x20AC, 0 },
    { "excl", 0x0021, 0 }, { "exist", 0x2203, 0 }, { "female", 0x2640, 0 },
    { "fnof", 0x0192, 0 }, { "forall", 0x2200, 0 }, { "frac12", 0x00BD, 1 },
    { "frac14", 0x00BC, 1 }, { "frac34", 0x00BE, 1 }, { "frasl", 0x2044, 0 },
    { "gamma", 0x03B3, 0 }, { "ge", 0x2265, 0 }, { "grave", 0x0060, 0 },
    { "gt", 0x003E, 1 }, { "hArr", 0x21D4, 0 }, { "hairsp", 0x200A, 0 },
    { "half", 0x00BD, 0 }, { "harr", 0x2194, 0 }, { "hearts", 0x2665, 0 },
    { "hellip", 0x2026, 0 }, { "horbar", 0x2015, 0 }, { "hyphen", 0x2010, 0 },
    { "iacute", 0x00ED, 1 }, { "icirc", 0x00EE, 1 }, { "iexcl", 0x00A1, 1 },
    { "igrave", 0x00EC, 1 }, { "image", 0x2111, 0 }, { "infin", 0x221E, 0 },
    { "int", 0x222B, 0 }, { "iota", 0x03B9, 0 }, { "iquest", 0x00BF, 1 },
    { "isin", 0x2208, 0 }, { "iuml", 0x00EF, 1 }, { "kappa", 0x03BA, 0 },
    { "lArr", 0x21D0, 0 }, { "lambda", 0x03BB, 0 }, { "lang", 0x27E8, 0 },
    { "laquo", 0x00AB, 1 }, { "larr", 0x2190, 0 }, { "lceil", 0x2308, 0 },
    { "lcub", 0x007B, 0 }, { "ldquo", 0x201C, 0 }, { "ldquor", 0x201E, 0 },
    { "le", 0x2264, 0 }, { "lfloor", 0x230A, 0 }, { "lowast", 0x2217, 0 },
    { "lowbar", 0x005F, 0 }, { "loz", 0x25CA, 0 }, { "lpar", 0x0028, 0 },
    { "lrm", 0x200E, 0 }, { "lsaquo", 0x2039, 0 }, { "lsqb", 0x005B, 0 },
    { "lsquo", 0x2018, 0 }, { "lsquor", 0x201A, 0 }, { "lt", 0x003C, 1 },
    { "macr", 0x00AF, 1 }, { "male", 0x2642, 0 }, { "mdash", 0x2014, 0 },
    { "micro", 0x00B5, 1 }, { "middot", 0x00B7, 1 }, { "minus", 0x2212, 0 },
    { "mnplus", 0x2213, 0 }, { "mu", 0x03BC, 0 }, { "nabla", 0x2207, 0 },
    { "nbsp", 0x00A0, 1 }, { "ndash", 0x2013, 0 }, { "ne", 0x2260, 0 },
    { "ni", 0x220B, 0 }, { "not", 0x00AC, 1 }, { "notin", 0x2209, 0 },
    { "nsub", 0x2284, 0 }, { "ntilde", 0x00F1, 1 }, { "nu", 0x03BD, 0 },
    { "num", 0x0023, 0 }, { "numsp", 0x2007, 0 }, { "oacute", 0x00F3, 1 },
    { "ocirc", 0x00F4, 1 }, { "oelig", 0x0153, 0 }, { "ograve", 0x00F2, 1 },
    { "oline", 0x203E, 0 }, { "omega", 0x03C9, 0 }, { "omicron", 0x03BF, 0 },
    { "oplus", 0x2295, 0 }, { "or", 0x2228, 0 }, { "ordf", 0x00AA, 1 },
    { "ordm", 0x00BA, 1 }, { "oslash", 0x00F8, 1 }, { "otilde", 0x00F5, 1 },
    { "otimes", 0x2297, 0 }, { "ouml", 0x00F6, 1 }, { "para", 0x00B6, 1 },
    { "part", 0x2202, 0 }, { "percnt", 0x0025, 0 }, { "period", 0x002E, 0 },
    { "permil", 0x2030, 0 }, { "perp", 0x22A5, 0 }, { "phi", 0x03C6, 0 },
    { "phone", 0x260E, 0 }, { "pi", 0x03C0, 0 }, { "piv", 0x03D6, 0 },
    { "plus", 0x002B, 0 }, { "plusmn", 0x00B1, 1 }, { "pound", 0x00A3, 1 },
    { "prime", 0x2032, 0 }, { "prod", 0x220F, 0 }, { "prop", 0x221D, 0 },
    { "psi", 0x03C8, 0 }, { "puncsp", 0x2008, 0 }, { "quest", 0x003F, 0 },
    { "quot", 0x0022, 1 }, { "rArr", 0x21D2, 0 }, { "radic", 0x221A, 0 },
    { "rang", 0x27E9, 0 }, { "raquo", 0x00BB, 1 }, { "rarr", 0x2192, 0 },
    { "rceil", 0x2309, 0 }, { "rcub", 0x007D, 0 }, { "rdquo", 0x201D, 0 },
    { "rdquor", 0x201D, 0 }, { "real", 0x211C, 0 }, { "reg", 0x00AE, 1 },
    { "rfloor", 0x230B, 0 }, { "rho", 0x03C1, 0 }, { "rlm", 0x200F, 0 },
    { "rpar", 0x0029, 0 }, { "rsaquo", 0x203A, 0 }, { "rsqb", 0x005D, 0 },
    { "rsquo", 0x2019, 0 }, { "rsquor", 0x2019, 0 }, { "sbquo", 0x201A, 0 },
    { "scaron", 0x0161, 0 }, { "sdot", 0x22C5, 0 }, { "sect", 0x00A7, 1 },
    { "semi", 0x003B, 0 }, { "shy", 0x00AD, 1 }, { "sigma", 0x03C3, 0 },
    { "sigmaf", 0x03C2, 0 }, { "sim", 0x223C, 0 }, { "sol", 0x002F, 0 },
    { "spades", 0x2660, 0 }, { "star", 0x2606, 0 }, { "starf", 0x2605, 0 },
    { "sub", 0x2282, 0 }, { "sube", 0x2286, 0 }, { "sum", 0x2211, 0 },
    { "sup", 0x2283, 0 }, { "sup1", 0x00B9, 1 }, { "sup2", 0x00B2, 1 },
    { "sup3", 0x00B3, 1 }, { "supe", 0x2287, 0 }, { "szlig", 0x00DF, 1 },
    { "tau", 0x03C4, 0 }, { "there4", 0x2234, 0 }, { "theta", 0x03B8, 0 },
    { "thetasym", 0x03D1, 0 }, { "thinsp", 0x2009, 0 },
    { "thorn", 0x00FE, 1 }, { "tilde", 0x02DC, 0 }, { "times", 0x00D7, 1 },
    { "trade", 0x2122, 0 }, { "uArr", 0x21D1, 0 }, { "uacute", 0x00FA, 1 },
    { "uarr", 0x2191, 0 }, { "ucirc", 0x00FB, 1 }, { "ugrave", 0x00F9, 1 },
    { "uml", 0x00A8, 1 }, { "upsih", 0x03D2, 0 }, { "upsilon", 0x03C5, 0 },
    { "uuml", 0x00FC, 1 }, { "verbar", 0x007C, 0 }, { "vert", 0x007C, 0 },
    { "weierp", 0x2118, 0 }, { "xi", 0x03BE, 0 }, { "yacute", 0x00FD, 1 },
    { "yen", 0x00A5, 1 }, { "yuml", 0x00FF, 1 }, { "zeta", 0x03B6, 0 },
    { "zwj", 0x200D, 0 }, { "zwnj", 0x200C, 0 },
};

/* Windows-1252 meanings of &#128; to &#159;, as HTML5 reads them. */
static const uint16_t c1_1252[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178
};

static int
is_alpha(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
is_alnum(unsigned char c)
{
    return is_alpha(c) || (c >= '0' && c <= '9');
}

static int
is_ws(unsigned char c)
{
    return c == ' ' || c == '\n' || c == '\t' || c == '\f' || c == '\r';
}

static int
lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* The entity named s[0..n) (exact, case-sensitive), or NULL. */
static const struct entity *
entity_find(const char *s, size_t n)
{
    size_t lo = 0, hi = sizeof entities / sizeof *entities;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const char *name = entities[mid].name;
        int c = strncmp(name, s, n);
        if (c == 0 && name[n] != '\0')
            c = 1;
        if (c == 0)
            return &entities[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/*
 * Decode the character reference at s[0] == '&' (s[0..n)).  Returns the
 * bytes it takes and sets *cp, or 0 if it is not one (the '&' is then
 * literal).  In an attribute value a name without ';' followed by an
 * alphanumeric or '=' is left alone, as HTML5 does.
 */
static size_t
entity_decode(const char *s, size_t n, int in_attr, uint32_t *cp)
{
    size_t i = 1;
    if (i < n && s[i] == '#') {
        i++;
        int hex = 0;
        if (i < n && (s[i] == 'x' || s[i] == 'X')) {
            hex = 1;
            i++;
        }
        size_t digits = 0;
        uint32_t v = 0;
        for (; i < n; i++, digits++) {
            unsigned char c = (unsigned char)s[i];
            uint32_t dv;
            if (c >= '0' && c <= '9')
                dv = c - '0';
            else if (hex && lower(c) >= 'a' && lower(c) <= 'f')
                dv = (uint32_t)(lower(c) - 'a' + 10);
            else
                break;
            v = v * (hex ? 16 : 10) + dv;
            if (v > 0x10FFFF)
                v = 0x110000;   /* saturate: it is replaced anyway */
        }
        if (digits == 0)
            return 0;
        if (i < n && s[i] == ';')
            i++;
        if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
            v = UTF8_REPLACEMENT;
        else if (v >= 0x80 && v <= 0x9F)
            v = c1_1252[v - 0x80];
        *cp = v;
        return i;
    }
    /* A name: letters and digits, at most as long as the longest known. */
    size_t len = 0;
    while (i + len < n && len <= 32 && is_alnum((unsigned char)s[i + len]))
        len++;
    if (len == 0 || len > 32)
        return 0;
    if (i + len < n && s[i + len] == ';') {
        const struct entity *e = entity_find(s + i, len);
        if (e) {
            *cp = e->cp;
            return i + len + 1;
        }
    }
    /* Legacy names without ';': the longest that is a prefix. */
    for (size_t k = len < 6 ? len : 6; k >= 2; k--) {
        const struct entity *e = entity_find(s + i, k);
        if (!e || !e->legacy)
            continue;
        if (k == len && i + len < n && s[i + len] == ';')
            continue;   /* handled above */
        if (in_attr && i + k < n &&
            (is_alnum((unsigned char)s[i + k]) || s[i + k] == '='))
            return 0;
        *cp = e->cp;
        return i + k;
    }
    return 0;
}

/* Append s[0..n) to b with entities decoded (if wanted) and white space
 * collapsed; no leading or trailing space is produced. */
static void
append_collapsed(buf_t *b, const char *s, size_t n, int entities_too,
                 int *pending)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (is_ws(c)) {
            *pending = 1;
            i++;
            continue;
        }
        char tmp[4];
        const char *bytes = s + i;
        size_t blen = 1;
        if (c == '&' && entities_too) {
            uint32_t cp;
            size_t k = entity_decode(s + i, n - i, 1, &cp);
            if (k) {
                i += k;
                /* In metadata a no-break space is just a space. */
                if ((cp < 0x80 && is_ws((unsigned char)cp)) || cp == 0xA0) {
                    *pending = 1;
                    continue;
                }
                blen = utf8_encode(cp, tmp);
                bytes = tmp;
            } else {
                i++;
            }
        } else {
            size_t j = i + 1;
            while (j < n && !is_ws((unsigned char)s[j]) && s[j] != '&')
                j++;
            blen = j - i;
            i = j;
        }
        if (*pending && b->len)
            buf_putc(b, ' ');
        *pending = 0;
        buf_append(b, bytes, blen);
    }
}

/* A malloc'd metadata value: decoded, collapsed, at most HTML_META_MAX
 * bytes (cut at a character boundary); NULL if empty. */
static char *
meta_value(const char *s, size_t n)
{
    buf_t b = BUF_INIT;
    int pending = 0;
    if (n > 4 * HTML_META_MAX)
        n = 4 * HTML_META_MAX;
    append_collapsed(&b, s, n, 1, &pending);
    if (b.len == 0) {
        buf_free(&b);
        return NULL;
    }
    if (b.len > HTML_META_MAX)
        buf_truncate(&b, utf8_clip(b.data, HTML_META_MAX));
    return buf_detach(&b, NULL);
}

/* Tags the parser cares about. */
enum {
    T_BLOCK = 1,      /* separates blocks, at its start and its end */
    T_SKIP = 2,       /* content skipped up to the end tag */
    T_TITLE = 4,
    T_META = 8,
    T_HEAD = 16,
    T_BODY = 32,
    T_NAV = 64,
    T_ARTICLE = 128,  /* article or header: where a <time> is the date */
    T_TIME = 256,
    T_H1 = 512,
    T_PRE = 1024,
    T_BR = 2048,
    T_RCDATA = 4096   /* textarea: text, but no tags inside */
};

static const struct tag {
    const char *name;
    unsigned flags;
} tags[] = {
    { "address", T_BLOCK }, { "article", T_BLOCK | T_ARTICLE },
    { "aside", T_BLOCK }, { "blockquote", T_BLOCK },
    { "body", T_BLOCK | T_BODY }, { "br", T_BR }, { "caption", T_BLOCK },
    { "center", T_BLOCK }, { "dd", T_BLOCK }, { "details", T_BLOCK },
    { "dialog", T_BLOCK }, { "dir", T_BLOCK }, { "div", T_BLOCK },
    { "dl", T_BLOCK }, { "dt", T_BLOCK }, { "fieldset", T_BLOCK },
    { "figcaption", T_BLOCK }, { "figure", T_BLOCK }, { "footer", T_BLOCK },
    { "form", T_BLOCK }, { "frameset", T_BLOCK },
    { "h1", T_BLOCK | T_H1 }, { "h2", T_BLOCK }, { "h3", T_BLOCK },
    { "h4", T_BLOCK }, { "h5", T_BLOCK }, { "h6", T_BLOCK },
    { "head", T_HEAD }, { "header", T_BLOCK | T_ARTICLE },
    { "hgroup", T_BLOCK }, { "hr", T_BLOCK }, { "html", T_BLOCK },
    { "iframe", T_SKIP }, { "legend", T_BLOCK }, { "li", T_BLOCK },
    { "main", T_BLOCK }, { "menu", T_BLOCK }, { "meta", T_META },
    { "nav", T_BLOCK | T_NAV }, { "noembed", T_SKIP }, { "noframes", T_SKIP },
    { "noscript", T_SKIP }, { "ol", T_BLOCK }, { "option", T_BLOCK },
    { "p", T_BLOCK }, { "pre", T_BLOCK | T_PRE }, { "script", T_SKIP },
    { "section", T_BLOCK }, { "select", T_BLOCK }, { "style", T_SKIP },
    { "summary", T_BLOCK }, { "svg", T_SKIP }, { "table", T_BLOCK },
    { "tbody", T_BLOCK }, { "td", T_BLOCK }, { "template", T_SKIP },
    { "textarea", T_BLOCK | T_RCDATA }, { "tfoot", T_BLOCK },
    { "th", T_BLOCK }, { "thead", T_BLOCK }, { "time", T_TIME },
    { "title", T_TITLE }, { "tr", T_BLOCK }, { "ul", T_BLOCK },
    { "xmp", T_BLOCK | T_RCDATA },
};

static unsigned
tag_flags(const char *name)
{
    size_t lo = 0, hi = sizeof tags / sizeof *tags;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(tags[mid].name, name);
        if (c == 0)
            return tags[mid].flags;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

/* Which <meta> names give which field. */
enum { M_NONE, M_TITLE, M_DATE, M_AUTHOR, M_TYPE };

static int
meta_kind(const char *key)
{
    static const struct {
        const char *name;
        int kind;
    } names[] = {
        { "article:published_time", M_DATE }, { "author", M_AUTHOR },
        { "citation_author", M_AUTHOR }, { "citation_date", M_DATE },
        { "citation_publication_date", M_DATE },
        { "citation_title", M_TITLE }, { "date", M_DATE },
        { "date.issued", M_DATE }, { "datepublished", M_DATE },
        { "dc.creator", M_AUTHOR }, { "dc.date", M_DATE },
        { "dc.date.created", M_DATE }, { "dc.date.issued", M_DATE },
        { "dc.date.published", M_DATE }, { "dc.title", M_TITLE },
        { "dc.type", M_TYPE }, { "dcterms.created", M_DATE },
        { "dcterms.creator", M_AUTHOR }, { "dcterms.date", M_DATE },
        { "dcterms.issued", M_DATE }, { "dcterms.title", M_TITLE },
        { "dcterms.type", M_TYPE }, { "og:title", M_TITLE },
        { "parsely-pub-date", M_DATE }, { "pubdate", M_DATE },
        { "publication_date", M_DATE }, { "publish-date", M_DATE },
        { "publish_date", M_DATE }, { "published_time", M_DATE },
        { "sailthru.date", M_DATE }, { "type", M_TYPE },
    };
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcmp(names[i].name, key) == 0)
            return names[i].kind;
    return M_NONE;
}

typedef struct attr {
    const char *v;    /* value in the source, not decoded */
    size_t n;
    int present;
} attr_t;

/* The attributes of a tag that the parser reads. */
typedef struct tag_attrs {
    attr_t name, property, itemprop, content, datetime, pubdate;
} tag_attrs_t;

typedef struct hp {
    parsed_doc_t *d;
    const char *s;        /* the decoded source */
    size_t n;
    buf_t *out;           /* d->text, being rebuilt */
    /* The block being built. */
    int in_block, pending_space;
    const char *sep;      /* separator before the next block */
    size_t block_start;
    uint32_t block_line;
    /* Lines: line is the line of source offset line_pos. */
    size_t line_pos;
    uint32_t line;
    /* Context. */
    int in_head;
    size_t nav_depth, pre_depth, article_depth;
    /* Metadata. */
    buf_t title;
    int title_seen;
    char *meta_title, *h1, *date, *author, *type;
    int date_rank;        /* 1 meta, 2 marked <time>, 3 <time> in article */
    int h1_open;          /* capturing the first <h1> */
    int time_open;        /* capturing a <time>'s text */
    int time_rank;
    size_t time_start;
} hp_t;

/* The line of source offset pos (>= every earlier query). */
static uint32_t
line_at(hp_t *h, size_t pos)
{
    const char *p = h->s + h->line_pos, *end = h->s + pos;
    while (p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
        h->line++;
        p++;
    }
    h->line_pos = pos;
    return h->line;
}

static void
capture_end(hp_t *h, int h1)
{
    if (h1 && h->h1_open) {
        h->h1_open = 0;
        if (!h->h1 && h->in_block)
            h->h1 = meta_value(h->out->data + h->block_start,
                               h->out->len - h->block_start);
    }
    if (!h1 && h->time_open) {
        h->time_open = 0;
        if (h->time_rank < h->date_rank || !h->date) {
            size_t s = h->time_start < h->out->len ? h->time_start : h->out->len;
            char *v = meta_value(h->out->data + s, h->out->len - s);
            if (v) {
                free(h->date);
                h->date = v;
                h->date_rank = h->time_rank;
            }
        }
    }
}

/* End the current block; the next one is preceded by sep. */
static void
block_break(hp_t *h, const char *sep)
{
    capture_end(h, 1);
    if (h->in_block) {
        parsed_doc_add_block(h->d, h->block_start, h->out->len, h->block_line);
        h->in_block = 0;
    }
    h->pending_space = 0;
    /* A paragraph break wins over a line break. */
    if (!h->sep || strlen(sep) > strlen(h->sep))
        h->sep = sep;
}

static int
suppressed(const hp_t *h)
{
    return h->in_head || h->nav_depth > 0;
}

/* Output bytes of text that starts at source offset pos. */
static void
emit(hp_t *h, size_t pos, const char *bytes, size_t n)
{
    if (!h->in_block) {
        if (h->out->len && h->sep)
            buf_puts(h->out, h->sep);
        h->sep = NULL;
        h->in_block = 1;
        h->block_start = h->out->len;
        h->block_line = line_at(h, pos);
        if (h->time_open && h->time_start < h->block_start)
            h->time_start = h->block_start;
    } else if (h->pending_space) {
        buf_putc(h->out, ' ');
    }
    h->pending_space = 0;
    buf_append(h->out, bytes, n);
}

/* Character data s[a, b): white space collapsed, entities decoded (unless
 * raw, for CDATA). */
static void
text(hp_t *h, size_t a, size_t b, int raw)
{
    const char *s = h->s;
    if (suppressed(h))
        return;
    size_t i = a;
    while (i < b) {
        unsigned char c = (unsigned char)s[i];
        if (is_ws(c)) {
            size_t j = i, nl = 0;
            while (j < b && is_ws((unsigned char)s[j]))
                nl += s[j++] == '\n';
            if (h->pre_depth && nl >= 2)
                block_break(h, "\n\n");
            else if (h->in_block)
                h->pending_space = 1;
            i = j;
            continue;
        }
        if (c == '&' && !raw) {
            uint32_t cp;
            size_t k = entity_decode(s + i, b - i, 0, &cp);
            if (k) {
                if (cp < 0x80 && is_ws((unsigned char)cp)) {
                    if (h->in_block)
                        h->pending_space = 1;
                } else {
                    char tmp[4];
                    emit(h, i, tmp, utf8_encode(cp, tmp));
                }
                i += k;
                continue;
            }
        }
        size_t j = i + 1;
        while (j < b && !is_ws((unsigned char)s[j]) && s[j] != '&')
            j++;
        emit(h, i, s + i, j - i);
        i = j;
    }
}

/* Find "</name" (name lower case) followed by white space, '/' or '>'
 * from pos; returns its offset or n. */
static size_t
find_end_tag(const hp_t *h, size_t pos, const char *name)
{
    size_t k = strlen(name);
    const char *s = h->s;
    while (pos < h->n) {
        const char *lt = memchr(s + pos, '<', h->n - pos);
        if (!lt)
            return h->n;
        size_t i = (size_t)(lt - s);
        if (i + 2 + k <= h->n && s[i + 1] == '/') {
            size_t j = 0;
            while (j < k && lower((unsigned char)s[i + 2 + j]) == name[j])
                j++;
            if (j == k && (i + 2 + k == h->n || is_ws((unsigned char)s[i + 2 + k]) ||
                           s[i + 2 + k] == '/' || s[i + 2 + k] == '>'))
                return i;
        }
        pos = i + 1;
    }
    return h->n;
}

/* Past the '>' that ends the tag at or after pos (n if none). */
static size_t
past_gt(const hp_t *h, size_t pos)
{
    const char *gt = pos < h->n ? memchr(h->s + pos, '>', h->n - pos) : NULL;
    return gt ? (size_t)(gt - h->s) + 1 : h->n;
}

static void
attr_set(tag_attrs_t *a, const char *name, size_t nlen, const char *v, size_t vn)
{
    static const struct {
        const char *name;
        size_t off;
    } wanted[] = {
        { "name", offsetof(tag_attrs_t, name) },
        { "property", offsetof(tag_attrs_t, property) },
        { "itemprop", offsetof(tag_attrs_t, itemprop) },
        { "content", offsetof(tag_attrs_t, content) },
        { "datetime", offsetof(tag_attrs_t, datetime) },
        { "pubdate", offsetof(tag_attrs_t, pubdate) },
    };
    for (size_t i = 0; i < sizeof wanted / sizeof *wanted; i++) {
        const char *w = wanted[i].name;
        if (strlen(w) != nlen)
            continue;
        size_t j = 0;
        while (j < nlen && lower((unsigned char)name[j]) == w[j])
            j++;
        if (j < nlen)
            continue;
        attr_t *at = (attr_t *)((char *)a + wanted[i].off);
        if (!at->present) {   /* the first one counts, as in HTML5 */
            at->present = 1;
            at->v = v;
            at->n = vn;
        }
        return;
    }
}

/*
 * Attributes from pos (just after the tag name) to the closing '>'.
 * Returns the offset after the '>', or n if the tag is unterminated (it
 * is then dropped).  *self_closing is set for "/>".
 */
static size_t
parse_attrs(const hp_t *h, size_t pos, tag_attrs_t *a, int *self_closing,
            int *complete)
{
    const char *s = h->s;
    size_t n = h->n;
    *self_closing = 0;
    *complete = 0;
    while (pos < n) {
        unsigned char c = (unsigned char)s[pos];
        if (is_ws(c)) {
            pos++;
            continue;
        }
        if (c == '>') {
            *complete = 1;
            return pos + 1;
        }
        if (c == '/') {
            pos++;
            if (pos < n && s[pos] == '>')
                *self_closing = 1;
            continue;
        }
        /* An attribute name (a leading '=' belongs to it). */
        size_t ns = pos++;
        while (pos < n && !is_ws((unsigned char)s[pos]) && s[pos] != '/' &&
               s[pos] != '>' && s[pos] != '=')
            pos++;
        size_t ne = pos;
        while (pos < n && is_ws((unsigned char)s[pos]))
            pos++;
        const char *v = s + ne;
        size_t vn = 0;
        if (pos < n && s[pos] == '=') {
            pos++;
            while (pos < n && is_ws((unsigned char)s[pos]))
                pos++;
            if (pos < n && (s[pos] == '"' || s[pos] == '\'')) {
                const char *q = memchr(s + pos + 1, s[pos], n - pos - 1);
                if (!q)
                    return n;   /* unterminated value: the tag is dropped */
                v = s + pos + 1;
                vn = (size_t)(q - v);
                pos = (size_t)(q - s) + 1;
            } else {
                size_t vs = pos;
                while (pos < n && !is_ws((unsigned char)s[pos]) && s[pos] != '>')
                    pos++;
                v = s + vs;
                vn = pos - vs;
            }
        }
        if (a)
            attr_set(a, s + ns, ne - ns, v, vn);
    }
    return n;
}

static void
meta_tag(hp_t *h, const tag_attrs_t *a)
{
    const attr_t *key = a->name.present ? &a->name
                      : a->property.present ? &a->property
                      : a->itemprop.present ? &a->itemprop : NULL;
    if (!key || !a->content.present || key->n == 0 || key->n > 40)
        return;
    char k[48];
    size_t i = 0, j = 0;
    while (i < key->n && is_ws((unsigned char)key->v[i]))
        i++;
    for (; i < key->n && !is_ws((unsigned char)key->v[i]); i++)
        k[j++] = (char)lower((unsigned char)key->v[i]);
    k[j] = '\0';
    char **field = NULL;
    switch (meta_kind(k)) {
    case M_TITLE: field = &h->meta_title; break;
    case M_AUTHOR: field = &h->author; break;
    case M_TYPE: field = &h->type; break;
    case M_DATE:
        if (h->date_rank == 1)
            return;
        {
            char *v = meta_value(a->content.v, a->content.n);
            if (v) {
                free(h->date);
                h->date = v;
                h->date_rank = 1;
            }
        }
        return;
    default: return;
    }
    if (!*field)
        *field = meta_value(a->content.v, a->content.n);
}

static void
time_tag(hp_t *h, const tag_attrs_t *a)
{
    int rank;
    int marked = a->pubdate.present ||
                 (a->itemprop.present && a->itemprop.n == 13 &&
                  strncmp(a->itemprop.v, "datePublished", 13) == 0);
    if (marked)
        rank = 2;
    else if (h->article_depth > 0)
        rank = 3;
    else
        return;
    if (h->date && h->date_rank <= rank)
        return;
    if (a->datetime.present) {
        char *v = meta_value(a->datetime.v, a->datetime.n);
        if (v) {
            free(h->date);
            h->date = v;
            h->date_rank = rank;
            return;
        }
    }
    if (!suppressed(h)) {
        h->time_open = 1;
        h->time_rank = rank;
        h->time_start = h->out->len;
    }
}

/* The <title>: its first occurrence, up to </title>. */
static size_t
title_tag(hp_t *h, size_t pos)
{
    size_t end = find_end_tag(h, pos, "title");
    if (!h->title_seen) {
        int pending = 0;
        h->title_seen = 1;
        /* Raw: meta_value() decodes the entities, once. */
        append_collapsed(&h->title, h->s + pos, end - pos, 0, &pending);
    }
    return end < h->n ? past_gt(h, end) : h->n;
}

/* A tag at s[pos] == '<'.  Returns the offset after it. */
static size_t
tag(hp_t *h, size_t pos)
{
    const char *s = h->s;
    size_t n = h->n;
    size_t i = pos + 1;

    if (i < n && s[i] == '!') {
        if (i + 2 < n && s[i + 1] == '-' && s[i + 2] == '-') {
            /* A comment; "<!-->" and "<!--->" are empty ones. */
            size_t j = i + 3;
            if (j < n && s[j] == '>')
                return j + 1;
            if (j + 1 < n && s[j] == '-' && s[j + 1] == '>')
                return j + 2;
            while (j < n) {
                const char *dash = memchr(s + j, '-', n - j);
                if (!dash)
                    return n;
                j = (size_t)(dash - s);
                if (j + 2 < n && s[j + 1] == '-' && s[j + 2] == '>')
                    return j + 3;
                if (j + 3 < n && s[j + 1] == '-' && s[j + 2] == '!' && s[j + 3] == '>')
                    return j + 4;
                j++;
            }
            return n;
        }
        if (n - i >= 8 && memcmp(s + i, "![CDATA[", 8) == 0) {
            size_t j = i + 8, e = n;
            while (j + 2 < n) {
                const char *rb = memchr(s + j, ']', n - j);
                if (!rb)
                    break;
                j = (size_t)(rb - s);
                if (j + 2 < n && s[j + 1] == ']' && s[j + 2] == '>') {
                    e = j;
                    break;
                }
                j++;
            }
            text(h, i + 8, e, 1);
            return e < n ? e + 3 : n;
        }
        return past_gt(h, i);   /* doctype, bogus comment */
    }
    if (i < n && s[i] == '?')
        return past_gt(h, i);
    int end_tag = 0;
    if (i < n && s[i] == '/') {
        end_tag = 1;
        i++;
        if (i < n && s[i] == '>')
            return i + 1;   /* "</>" is ignored */
        if (i >= n || !is_alpha((unsigned char)s[i]))
            return past_gt(h, i);   /* a bogus comment */
    } else if (i >= n || !is_alpha((unsigned char)s[i])) {
        text(h, pos, pos + 1, 1);   /* a literal '<' */
        return pos + 1;
    }

    /* The tag name, lower case (longer names match nothing). */
    char name[TAG_NAME_MAX + 1];
    size_t k = 0;
    while (i < n && !is_ws((unsigned char)s[i]) && s[i] != '/' && s[i] != '>') {
        if (k < TAG_NAME_MAX)
            name[k] = (char)lower((unsigned char)s[i]);
        k++;
        i++;
    }
    name[k < TAG_NAME_MAX ? k : TAG_NAME_MAX] = '\0';
    unsigned flags = k < TAG_NAME_MAX ? tag_flags(name) : 0;
    tag_attrs_t attrs;
    memset(&attrs, 0, sizeof attrs);
    int self_closing, complete;
    size_t after = parse_attrs(h, i, (flags & (T_META | T_TIME)) ? &attrs : NULL,
                               &self_closing, &complete);
    if (!complete)
        return n;   /* unterminated: dropped, as HTML5 does at the end */

    if (end_tag) {
        if (flags & T_HEAD)
            h->in_head = 0;
        if (flags & T_NAV && h->nav_depth)
            h->nav_depth--;
        if (flags & T_PRE && h->pre_depth)
            h->pre_depth--;
        if (flags & T_ARTICLE && h->article_depth)
            h->article_depth--;
        if (flags & T_TIME)
            capture_end(h, 0);
        if (flags & (T_BLOCK | T_BR))
            block_break(h, (flags & T_BR) ? "\n" : "\n\n");
        return after;
    }

    if (flags & T_BLOCK) {
        if (!(flags & T_HEAD) && !(flags & T_BODY) && strcmp(name, "html") != 0)
            h->in_head = 0;   /* body content: the head has ended */
        block_break(h, "\n\n");
    }
    if (flags & T_BR)
        block_break(h, "\n");
    if (flags & T_HEAD)
        h->in_head = 1;
    if (flags & T_BODY)
        h->in_head = 0;
    if (flags & T_NAV)
        h->nav_depth++;
    if (flags & T_PRE)
        h->pre_depth++;
    if (flags & T_ARTICLE)
        h->article_depth++;
    if ((flags & T_H1) && !h->h1 && !suppressed(h))
        h->h1_open = 1;
    if (flags & T_META)
        meta_tag(h, &attrs);
    if (flags & T_TIME)
        time_tag(h, &attrs);
    if (self_closing && (flags & (T_SKIP | T_TITLE | T_RCDATA)))
        return after;
    if (flags & T_TITLE)
        return title_tag(h, after);
    if (flags & (T_SKIP | T_RCDATA)) {
        size_t end = find_end_tag(h, after, name);
        if (flags & T_RCDATA)
            text(h, after, end, 0);
        return end < n ? past_gt(h, end) : n;
    }
    return after;
}

void
parse_html(parsed_doc_t *d)
{
    buf_t src = d->text;
    hp_t h;
    memset(&h, 0, sizeof h);
    d->text = (buf_t)BUF_INIT;
    h.d = d;
    h.s = buf_cstr(&src);
    h.n = src.len;
    h.out = &d->text;
    h.line = 1;
    buf_reserve(h.out, h.n / 2 + 16);

    size_t pos = 0;
    while (pos < h.n) {
        const char *lt = memchr(h.s + pos, '<', h.n - pos);
        size_t e = lt ? (size_t)(lt - h.s) : h.n;
        if (e > pos)
            text(&h, pos, e, 0);
        if (!lt)
            break;
        pos = tag(&h, e);
    }
    capture_end(&h, 0);
    block_break(&h, "\n\n");

    free(d->title);
    free(d->date);
    free(d->author);
    free(d->type);
    d->title = h.title.len ? meta_value(h.title.data, h.title.len) : NULL;
    if (!d->title && h.meta_title) {
        d->title = h.meta_title;
        h.meta_title = NULL;
    }
    if (!d->title) {
        d->title = h.h1;
        h.h1 = NULL;
    }
    d->date = h.date;
    d->author = h.author;
    d->type = h.type;
    free(h.meta_title);
    free(h.h1);
    buf_free(&h.title);
    buf_free(&src);
    buf_reserve(h.out, 0);
    h.out->data[h.out->len] = '\0';
}

/* Read a charset name at s[i..n) (after optional spaces, '=' and a quote)
 * into out, lower case; 0 if there is none. */
static int
charset_name(const char *s, size_t i, size_t n, char *out, size_t outsz)
{
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    if (i >= n || s[i] != '=')
        return 0;
    i++;
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '"' || s[i] == '\''))
        i++;
    size_t k = 0;
    while (i < n && k + 1 < outsz &&
           (isalnum((unsigned char)s[i]) || s[i] == '-' || s[i] == '_' || s[i] == '.' ||
            s[i] == ':')) {
        out[k++] = (char)tolower((unsigned char)s[i]);
        i++;
    }
    out[k] = '\0';
    return k > 0;
}

int
html_declared_charset(const char *data, size_t len, char *out, size_t outsz)
{
    size_t n = len < 1024 ? len : 1024;
    if (!data || outsz == 0)
        return 0;
    if (n >= 5 && strncmp(data, "<?xml", 5) == 0) {
        const char *end = memchr(data, '>', n);
        size_t e = end ? (size_t)(end - data) : n;
        for (size_t i = 5; i + 8 <= e; i++)
            if (strncasecmp(data + i, "encoding", 8) == 0 &&
                charset_name(data, i + 8, e, out, outsz))
                return 1;
    }
    for (size_t i = 0; i + 7 <= n; i++)
        if (strncasecmp(data + i, "charset", 7) == 0 && charset_name(data, i + 7, n, out, outsz))
            return 1;
    return 0;
}
