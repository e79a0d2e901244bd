/*
 * mdinline.c - Markdown's inline markup turned into the text it shows
 * (see mdinline.h).
 *
 * The rules are CommonMark's, cut down to what one line can decide: a
 * delimiter run of '*' or '_' (one to three) opens when a non-space
 * follows it and closes when a non-space precedes it, '_' never inside a
 * word; it pairs with the next run of the same character and length that
 * can close, and what lies between is rendered in turn.  A code span
 * pairs backtick runs of equal length and keeps its content as written.
 */
#define _GNU_SOURCE   /* memmem */
#include "indexer/mdinline.h"

#include <string.h>

typedef struct md {
    const char *s;      /* the line */
    size_t n;
    buf_t *out;
    size_t base;        /* out->len when the line began */
    size_t *map;
    /* What closer() has ruled out, per delimiter ('*', '_', '~') and
     * length: no closing run in [from, upto) of a range ending at end.
     * Each byte is then scanned once per delimiter, however many
     * openers fail (a line of "*a *a *a ..."). */
    struct {
        size_t from, upto, end;
    } none[3][4];
    size_t last_bracket, last_paren;   /* offset + 1 of the last ']' and ')' */
} md_t;

static int
is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* The character at s[at, n) decoded from UTF-8 (U+FFFD if invalid). */
static unsigned
decode_at(const char *s, size_t at, size_t n)
{
    const unsigned char *u = (const unsigned char *)s + at;
    size_t left = n - at;
    if (u[0] < 0x80)
        return u[0];
    size_t len = u[0] >= 0xF0 ? 4 : u[0] >= 0xE0 ? 3 : u[0] >= 0xC0 ? 2 : 0;
    if (len == 0 || len > left)
        return 0xFFFD;
    unsigned cp = u[0] & (0x7F >> len);
    for (size_t k = 1; k < len; k++) {
        if ((u[k] & 0xC0) != 0x80)
            return 0xFFFD;
        cp = (cp << 6) | (u[k] & 0x3F);
    }
    return cp;
}

/* Is the character a letter or digit (for '_', which never emphasises
 * inside a word)?  Outside ASCII, all but Latin-1's punctuation and
 * symbols (U+00A0-U+00BF: guillemets, NBSP...) and General Punctuation
 * (U+2000-U+206F: curly quotes, dashes, ellipsis). */
static int
is_word_cp(unsigned cp)
{
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
    return !(cp >= 0xA0 && cp <= 0xBF) && !(cp >= 0x2000 && cp <= 0x206F);
}

/* The character that ends at s[i - 1]. */
static int
word_before(const char *s, size_t i)
{
    size_t b = i - 1;
    while (b > 0 && i - b < 4 && ((unsigned char)s[b] & 0xC0) == 0x80)
        b--;
    return is_word_cp(decode_at(s, b, i));
}

static int
is_punct(unsigned char c)
{
    return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') ||
           (c >= '{' && c <= '~');
}

/* Bytes [from, to) of the input produce nothing. */
static void
drop(md_t *m, size_t from, size_t to)
{
    if (m->map)
        for (size_t i = from; i < to; i++)
            m->map[i] = m->out->len - m->base;
}

/* Bytes [from, to) are output as written. */
static void
keep(md_t *m, size_t from, size_t to)
{
    if (m->map)
        for (size_t i = from; i < to; i++)
            m->map[i] = m->out->len - m->base + (i - from);
    buf_append(m->out, m->s + from, to - from);
}

static size_t
run_of(const md_t *m, size_t i, size_t end, char c)
{
    size_t k = 0;
    while (i + k < end && m->s[i + k] == c)
        k++;
    return k;
}

static int
can_open(const md_t *m, size_t i, size_t k, size_t end, char c)
{
    if (i + k >= end || is_space((unsigned char)m->s[i + k]))
        return 0;
    return c != '_' || i == 0 || !word_before(m->s, i);
}

static int
can_close(const md_t *m, size_t i, size_t k, size_t start, char c)
{
    if (i <= start || is_space((unsigned char)m->s[i - 1]))
        return 0;
    return c != '_' || i + k >= m->n || !is_word_cp(decode_at(m->s, i + k, m->n));
}

/* The closing run for an emphasis run s[i, i+k) of c, within [i+k, end):
 * its offset, or 0 if none. */
static size_t
closer(md_t *m, size_t i, size_t k, size_t end, char c)
{
    size_t limit = i + k + MD_SPAN_MAX < end ? i + k + MD_SPAN_MAX : end;
    size_t j = i + k;
    int d = c == '*' ? 0 : c == '_' ? 1 : 2;
    if (k > 3)
        return 0;
    if (m->none[d][k].end == end && m->none[d][k].from <= j && j < m->none[d][k].upto)
        j = m->none[d][k].upto;   /* known to hold no closer */
    size_t start = i + k;
    while (j < limit) {
        if (m->s[j] == '\\') {
            j += 2;
            continue;
        }
        if (m->s[j] != c) {
            j++;
            continue;
        }
        size_t r = run_of(m, j, end, c);
        if (r == k && can_close(m, j, r, i + k, c))
            return j;
        j += r;
    }
    /* None in [start, j): later openers of this range skip it.  (A
     * closer's validity depends on the opener only through "after it".) */
    if (m->none[d][k].end == end && m->none[d][k].from <= start &&
        start <= m->none[d][k].upto) {
        if (j > m->none[d][k].upto)
            m->none[d][k].upto = j;
    } else {
        m->none[d][k].from = start;
        m->none[d][k].upto = j;
        m->none[d][k].end = end;
    }
    return 0;
}

/* The offset of the bracket closing the one at i ('[' or '('), within
 * [i+1, end), or 0. */
static size_t
matching(const md_t *m, size_t i, size_t end)
{
    char open = m->s[i], close = open == '[' ? ']' : ')';
    if (i + 1 >= (close == ']' ? m->last_bracket : m->last_paren))
        return 0;   /* none closes after it on the line */
    size_t limit = i + 1 + MD_SPAN_MAX < end ? i + 1 + MD_SPAN_MAX : end;
    int depth = 0;
    for (size_t j = i + 1; j < limit; j++) {
        char c = m->s[j];
        if (c == '\\') {
            j++;
        } else if (c == open) {
            depth++;
        } else if (c == close) {
            if (depth == 0)
                return j;
            depth--;
        }
    }
    return 0;
}

/* An autolink <scheme:...> or <user@host> at i: the offset of its '>'. */
static size_t
autolink(const md_t *m, size_t i, size_t end)
{
    size_t j = i + 1, colon = 0, at = 0;
    while (j < end && j - i <= MD_SPAN_MAX && m->s[j] != '>') {
        unsigned char c = (unsigned char)m->s[j];
        if (is_space(c) || c == '<')
            return 0;
        if (c == ':' && !colon)
            colon = j;
        if (c == '@')
            at = j;
        j++;
    }
    if (j >= end || m->s[j] != '>')
        return 0;
    if (colon > i + 2) {   /* a scheme of two letters at least */
        for (size_t k = i + 1; k < colon; k++) {
            char c = m->s[k];
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '+' || c == '.' ||
                  c == '-' || (k > i + 1 && c >= '0' && c <= '9')))
                return 0;
        }
        return j;
    }
    return at > i + 1 && at + 1 < j ? j : 0;
}

/* An HTML tag at i (<name ...>, </name>, <name/>): the offset of its '>'. */
static size_t
html_tag(const md_t *m, size_t i, size_t end)
{
    size_t j = i + 1;
    if (j < end && m->s[j] == '/')
        j++;
    size_t name = j;
    while (j < end && ((m->s[j] >= 'a' && m->s[j] <= 'z') || (m->s[j] >= 'A' && m->s[j] <= 'Z') ||
                       (j > name && ((m->s[j] >= '0' && m->s[j] <= '9') || m->s[j] == '-'))))
        j++;
    if (j == name)
        return 0;
    if (j < end && m->s[j] != '>' && m->s[j] != '/' && !is_space((unsigned char)m->s[j]))
        return 0;
    char quote = 0;
    for (; j < end && j - i <= MD_SPAN_MAX; j++) {
        char c = m->s[j];
        if (quote) {
            if (c == quote)
                quote = 0;
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == '<') {
            return 0;
        } else if (c == '>') {
            return j;
        }
    }
    return 0;
}

static void render(md_t *m, size_t start, size_t end, int depth);

/* A link or image whose text opens at i ('['): renders its text and
 * returns the offset after it, or 0 if it is not one. */
static size_t
link(md_t *m, size_t i, size_t end, int depth)
{
    size_t close = matching(m, i, end);
    if (!close || close == i + 1 || m->s[i + 1] == '^')   /* [] or a footnote [^1] */
        return 0;
    size_t after;
    if (close + 1 < end && m->s[close + 1] == '(') {
        size_t p = matching(m, close + 1, end);
        if (!p)
            return 0;
        after = p + 1;
    } else if (close + 1 < end && m->s[close + 1] == '[') {
        size_t p = matching(m, close + 1, end);
        if (!p)
            return 0;
        after = p + 1;
    } else {
        return 0;
    }
    drop(m, i, i + 1);
    render(m, i + 1, close, depth + 1);
    drop(m, close, after);
    return after;
}

/* Delimiters of k bytes at open and close, dropped; what they enclose
 * rendered at depth, or kept as written (depth < 0: a code span).
 * Returns the offset after the closing delimiter. */
static size_t
enclosed(md_t *m, size_t open, size_t k, size_t close, int depth)
{
    drop(m, open, open + k);
    if (depth < 0)
        keep(m, open + k, close);
    else
        render(m, open + k, close, depth);
    drop(m, close, close + k);
    return close + k;
}

static void
render(md_t *m, size_t start, size_t end, int depth)
{
    if (depth > MD_DEPTH_MAX) {
        keep(m, start, end);
        return;
    }
    size_t i = start;
    while (i < end) {
        char c = m->s[i];
        if (c == '\\' && i + 1 < end && is_punct((unsigned char)m->s[i + 1])) {
            drop(m, i, i + 1);
            keep(m, i + 1, i + 2);
            i += 2;
            continue;
        }
        if (c == '`') {
            size_t k = run_of(m, i, end, '`');
            size_t j = i + k, limit = i + k + MD_SPAN_MAX < end ? i + k + MD_SPAN_MAX : end;
            while (j < limit) {
                size_t r = m->s[j] == '`' ? run_of(m, j, end, '`') : 0;
                if (r == k)
                    break;
                j += r ? r : 1;
            }
            if (j < limit) {
                i = enclosed(m, i, k, j, -1);
            } else {
                keep(m, i, i + k);
                i += k;
            }
            continue;
        }
        if (c == '*' || c == '_' || c == '~') {
            size_t k = run_of(m, i, end, c);
            size_t j = 0;
            if ((c == '~' ? k == 2 : k <= 3) && can_open(m, i, k, end, c))
                j = closer(m, i, k, end, c);
            if (j) {
                i = enclosed(m, i, k, j, depth + 1);
            } else {
                keep(m, i, i + k);
                i += k;
            }
            continue;
        }
        if (c == '!' && i + 1 < end && m->s[i + 1] == '[') {
            size_t after = link(m, i + 1, end, depth);
            if (after) {
                if (m->map)
                    m->map[i] = m->map[i + 1];
                i = after;
                continue;
            }
        }
        if (c == '[') {
            size_t after = link(m, i, end, depth);
            if (after) {
                i = after;
                continue;
            }
        }
        if (c == '<' && end - i >= 7 && memcmp(m->s + i, "<!--", 4) == 0) {
            /* A comment, which a reader never sees. */
            const char *z = memmem(m->s + i + 4, end - i - 4, "-->", 3);
            if (z) {
                size_t j = (size_t)(z - m->s) + 3;
                drop(m, i, j);
                i = j;
                continue;
            }
        }
        if (c == '<') {
            size_t j = autolink(m, i, end);
            if (j) {
                drop(m, i, i + 1);
                keep(m, i + 1, j);
                drop(m, j, j + 1);
                i = j + 1;
                continue;
            }
            j = html_tag(m, i, end);
            if (j) {
                drop(m, i, j + 1);
                i = j + 1;
                continue;
            }
        }
        keep(m, i, i + 1);
        i++;
    }
}

void
md_inline(const char *s, size_t n, buf_t *out, size_t *map)
{
    md_t m;
    memset(&m, 0, sizeof m);
    m.s = s;
    m.n = n;
    m.out = out;
    m.base = out->len;
    m.map = map;
    for (size_t i = n; i-- > 0;) {
        if (!m.last_bracket && s[i] == ']')
            m.last_bracket = i + 1;
        if (!m.last_paren && s[i] == ')')
            m.last_paren = i + 1;
        if (m.last_bracket && m.last_paren)
            break;
    }
    if (n > MD_LINE_MAX)
        keep(&m, 0, n);
    else
        render(&m, 0, n, 0);
    if (map)
        map[n] = out->len - m.base;
}
