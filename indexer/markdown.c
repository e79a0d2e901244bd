/*
 * markdown.c - Markdown: front matter for metadata, then blocks.
 *
 * The text is what a reader sees of the Markdown, line for line (so that
 * every block keeps its source line): inline markup is rendered as
 * mdinline.h describes, heading marks ("## ") and block quote marks
 * ("> ") are dropped, and fenced code is kept as written.  Front matter is a YAML block between "---" lines (or TOML
 * between "+++" lines) at the very top; its title, date, author and type
 * become metadata and it is not a block.  The body is split as plain text
 * is (runs of non-blank lines, one block per line in runs with long
 * lines), except that ATX headings ("# Title") are blocks of their own,
 * a setext underline ("===", "---") ends its heading's block, thematic
 * breaks and code fences separate blocks, and lines inside fenced code
 * are never headings.  Without a title in the front matter, the first
 * level-1 heading is the title.
 */
#include "indexer/parse.h"

#include <stdlib.h>
#include <string.h>

#include "indexer/mdinline.h"
#include "util/xalloc.h"

#define MD_LONG_LINE 250
#define MD_META_MAX 1024

static int
is_hspace(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\f' || c == '\v' || c == '\r';
}

static int
lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

typedef struct line {
    size_t s, e;   /* text[s, e), without the newline */
} line_t;

/* Next line from *pos; returns 0 at the end. */
static int
next_line(const char *t, size_t n, size_t *pos, line_t *l)
{
    if (*pos >= n)
        return 0;
    const char *nl = memchr(t + *pos, '\n', n - *pos);
    l->s = *pos;
    l->e = nl ? (size_t)(nl - t) : n;
    *pos = l->e + 1;
    return 1;
}

static void
trim(const char *t, size_t *s, size_t *e)
{
    while (*s < *e && is_hspace((unsigned char)t[*s]))
        (*s)++;
    while (*e > *s && is_hspace((unsigned char)t[*e - 1]))
        (*e)--;
}

/* Is the line made of c (at least three) and spaces only? */
static int
is_rule(const char *t, line_t l, char c)
{
    int count = 0;
    for (size_t i = l.s; i < l.e; i++) {
        if (t[i] == c)
            count++;
        else if (!is_hspace((unsigned char)t[i]))
            return 0;
    }
    return count >= 3;
}

/* A front matter delimiter: exactly three c, then only white space. */
static int
is_delim(const char *t, line_t l, char c)
{
    if (l.e - l.s < 3 || t[l.s] != c || t[l.s + 1] != c || t[l.s + 2] != c)
        return 0;
    for (size_t i = l.s + 3; i < l.e; i++)
        if (!is_hspace((unsigned char)t[i]))
            return 0;
    return 1;
}

/* Indentation of up to three spaces, as Markdown allows before a block. */
static size_t
skip_indent(const char *t, line_t l)
{
    size_t i = l.s;
    while (i < l.e && i - l.s < 3 && t[i] == ' ')
        i++;
    return i;
}

/* The heading level of an ATX heading line (1-6), or 0. */
static int
atx_level(const char *t, line_t l)
{
    size_t i = skip_indent(t, l);
    int level = 0;
    while (i < l.e && t[i] == '#' && level < 7) {
        level++;
        i++;
    }
    if (level == 0 || level > 6)
        return 0;
    if (i < l.e && t[i] != ' ' && t[i] != '\t')
        return 0;
    return level;
}

/* The fence character of a code fence line ("```", "~~~"), or 0. */
static char
fence_char(const char *t, line_t l)
{
    size_t i = skip_indent(t, l);
    if (l.e - i >= 3 && (t[i] == '`' || t[i] == '~') && t[i + 1] == t[i] &&
        t[i + 2] == t[i])
        return t[i];
    return 0;
}

static char *
meta_dup(const char *s, size_t n)
{
    if (n > MD_META_MAX) {
        n = MD_META_MAX;
        /* Do not cut a UTF-8 sequence. */
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    return xstrndup(s, n);
}

/* The end of an ATX heading's text t[s, e) without its closing sequence of
 * #s, which a space must precede ("# C#" keeps its #). */
static size_t
heading_end(const char *t, size_t s, size_t e)
{
    size_t k = e;
    while (k > s && t[k - 1] == '#')
        k--;
    return k < e && (k == s || is_hspace((unsigned char)t[k - 1])) ? k : e;
}

/* Set *field from a heading's text (without #s) unless already set. */
static void
set_from_heading(char **field, const char *t, size_t s, size_t e)
{
    if (*field)
        return;
    e = heading_end(t, s, e);
    trim(t, &s, &e);
    if (e > s)
        *field = meta_dup(t + s, e - s);
}

/*
 * Front matter values.  A scalar may be quoted ("..." with backslash
 * escapes, '...' with '' for a quote) or plain (a " #" starts a comment);
 * a flow list "[a, b]" and a block list ("- a" lines below the key) are
 * joined with ", "; folded and literal blocks (">" "|") join their lines
 * with spaces.
 */
static void
unquote(buf_t *out, const char *t, size_t s, size_t e)
{
    trim(t, &s, &e);
    if (e - s >= 2 && t[s] == '"' && t[e - 1] == '"') {
        for (size_t i = s + 1; i < e - 1; i++) {
            char c = t[i];
            if (c == '\\' && i + 1 < e - 1) {
                c = t[++i];
                if (c == 'n' || c == 't')
                    c = ' ';
            }
            buf_putc(out, c);
        }
        return;
    }
    if (e - s >= 2 && t[s] == '\'' && t[e - 1] == '\'') {
        for (size_t i = s + 1; i < e - 1; i++) {
            buf_putc(out, t[i]);
            if (t[i] == '\'' && i + 1 < e - 1 && t[i + 1] == '\'')
                i++;
        }
        return;
    }
    /* Plain scalar: a comment starts at " #". */
    for (size_t i = s; i < e; i++) {
        if (t[i] == '#' && i > s && is_hspace((unsigned char)t[i - 1])) {
            e = i;
            trim(t, &s, &e);
            break;
        }
    }
    buf_append(out, t + s, e - s);
}

static void
flow_list(buf_t *out, const char *t, size_t s, size_t e)
{
    /* t[s] == '[' */
    s++;
    while (e > s && t[e - 1] != ']')
        e--;
    if (e > s)
        e--;
    size_t item = s;
    int quote = 0;
    for (size_t i = s; i <= e; i++) {
        if (i < e && quote) {
            if (t[i] == quote)
                quote = 0;
            continue;
        }
        if (i < e && (t[i] == '"' || t[i] == '\'')) {
            quote = t[i];
            continue;
        }
        if (i == e || t[i] == ',') {
            size_t a = item, b = i;
            trim(t, &a, &b);
            if (b > a) {
                if (out->len)
                    buf_puts(out, ", ");
                unquote(out, t, a, b);
            }
            item = i + 1;
        }
    }
}

enum fm_key { FM_NONE, FM_TITLE, FM_DATE, FM_AUTHOR, FM_TYPE };

static enum fm_key
fm_key(const char *t, size_t s, size_t e)
{
    static const struct {
        const char *name;
        enum fm_key key;
    } keys[] = {
        { "title", FM_TITLE },
        { "date", FM_DATE }, { "published", FM_DATE },
        { "publishdate", FM_DATE }, { "pubdate", FM_DATE },
        { "author", FM_AUTHOR }, { "authors", FM_AUTHOR }, { "by", FM_AUTHOR },
        { "type", FM_TYPE }, { "doctype", FM_TYPE }, { "doc_type", FM_TYPE },
        { "document_type", FM_TYPE },
    };
    for (size_t k = 0; k < sizeof keys / sizeof *keys; k++) {
        size_t len = strlen(keys[k].name);
        if (e - s != len)
            continue;
        size_t i = 0;
        while (i < len && lower((unsigned char)t[s + i]) == keys[k].name[i])
            i++;
        if (i == len)
            return keys[k].key;
    }
    return FM_NONE;
}

static char **
fm_field(parsed_doc_t *d, enum fm_key k)
{
    switch (k) {
    case FM_TITLE: return &d->title;
    case FM_DATE: return &d->date;
    case FM_AUTHOR: return &d->author;
    case FM_TYPE: return &d->type;
    default: return NULL;
    }
}

/* "key: value" (YAML) or "key = value" (TOML): the key's bounds and where
 * the value starts; 0 if the line is not a key line. */
static int
key_line(const char *t, line_t l, int toml, size_t *ks, size_t *ke, size_t *vs)
{
    size_t i = l.s;
    if (i >= l.e || is_hspace((unsigned char)t[i]))
        return 0;
    *ks = i;
    while (i < l.e) {
        unsigned char c = (unsigned char)t[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.'))
            break;
        i++;
    }
    *ke = i;
    if (*ke == *ks)
        return 0;
    while (i < l.e && is_hspace((unsigned char)t[i]))
        i++;
    if (i >= l.e || t[i] != (toml ? '=' : ':'))
        return 0;
    i++;
    if (!toml && i < l.e && !is_hspace((unsigned char)t[i]))
        return 0;   /* "http://..." is not a key */
    *vs = i;
    return 1;
}

/*
 * Parse front matter at the top of the text.  Returns the offset where
 * the body starts (0 if there is none) and sets *body_line.
 */
static size_t
front_matter(parsed_doc_t *d, uint32_t *body_line)
{
    const char *t = d->text.data;
    size_t n = d->text.len;
    size_t pos = 0;
    line_t l;
    *body_line = 1;
    if (!next_line(t, n, &pos, &l))
        return 0;
    int toml = is_delim(t, l, '+');
    if (!toml && !is_delim(t, l, '-'))
        return 0;
    size_t body_start = pos;
    /* Find the closing delimiter; the first significant line must be a
     * key, or this is a thematic break rather than front matter. */
    size_t p = pos;
    uint32_t lines = 1;
    int seen_key = 0, closed = 0;
    while (next_line(t, n, &p, &l)) {
        lines++;
        if (is_delim(t, l, toml ? '+' : '-') || (!toml && is_delim(t, l, '.'))) {
            closed = 1;
            break;
        }
        size_t s = l.s, e = l.e;
        trim(t, &s, &e);
        if (!seen_key && e > s && t[s] != '#') {
            size_t ks, ke, vs;
            if (!key_line(t, l, toml, &ks, &ke, &vs))
                return 0;
            seen_key = 1;
        }
    }
    if (!closed || !seen_key)
        return 0;
    size_t end = l.s;   /* the closing delimiter line */

    /* Second pass: the values. */
    p = body_start;
    line_t cur;
    int have = next_line(t, end, &p, &cur);
    while (have) {
        size_t ks, ke, vs;
        if (!key_line(t, cur, toml, &ks, &ke, &vs)) {
            have = next_line(t, end, &p, &cur);
            continue;
        }
        enum fm_key key = fm_key(t, ks, ke);
        size_t s = vs, e = cur.e;
        trim(t, &s, &e);
        buf_t v = BUF_INIT;
        if (e > s && t[s] == '[') {
            flow_list(&v, t, s, e);
            have = next_line(t, end, &p, &cur);
        } else if (!toml && (e == s || ((t[s] == '>' || t[s] == '|') &&
                                        e - s <= 2))) {
            /* A block list or a folded/literal scalar on the lines below,
             * all indented (or list items at the key's indentation). */
            int list = e == s;
            while ((have = next_line(t, end, &p, &cur))) {
                size_t a = cur.s, b = cur.e;
                trim(t, &a, &b);
                if (a == b)
                    continue;
                int indented = is_hspace((unsigned char)t[cur.s]);
                int item = t[a] == '-' && (a + 1 == b || is_hspace((unsigned char)t[a + 1]));
                if (!indented && !(list && item))
                    break;
                if (list && item) {
                    a++;
                    if (v.len)
                        buf_puts(&v, ", ");
                    unquote(&v, t, a, b);
                } else {
                    if (v.len)
                        buf_putc(&v, ' ');
                    unquote(&v, t, a, b);
                }
            }
        } else {
            unquote(&v, t, s, e);
            have = next_line(t, end, &p, &cur);
        }
        char **field = fm_field(d, key);
        if (field && !*field && v.len) {
            size_t a = 0, b = v.len;
            trim(v.data, &a, &b);
            if (b > a)
                *field = meta_dup(v.data + a, b - a);
        }
        buf_free(&v);
    }
    *body_line = lines + 1;
    /* The body starts after the closing delimiter's line. */
    const char *nl = memchr(t + end, '\n', n - end);
    return nl ? (size_t)(nl - t) + 1 : n;
}

typedef struct run {
    int open, has_long;
    size_t s, e;
    uint32_t line;
    uint32_t nlines;
} run_t;

static void
add_trimmed(parsed_doc_t *d, size_t s, size_t e, uint32_t line)
{
    trim(d->text.data, &s, &e);
    parsed_doc_add_block(d, s, e, line);
}

static void
run_flush(parsed_doc_t *d, run_t *r)
{
    if (!r->open)
        return;
    r->open = 0;
    if (!r->has_long) {
        add_trimmed(d, r->s, r->e, r->line);
        return;
    }
    const char *t = d->text.data;
    size_t s = r->s;
    uint32_t line = r->line;
    while (s < r->e) {
        const char *nl = memchr(t + s, '\n', r->e - s);
        size_t le = nl ? (size_t)(nl - t) : r->e;
        add_trimmed(d, s, le, line);
        line++;
        s = le + 1;
    }
}

/* A link reference definition, which a reader never sees: "[label]:",
 * a destination (<...> or no spaces), and at most a title in quotes or
 * parentheses.  "[1]: Smith, J. (2001). Fiscal policy." is text. */
static int
link_definition(const char *t, line_t l)
{
    size_t i = skip_indent(t, l), e = l.e;
    while (e > i && is_hspace((unsigned char)t[e - 1]))
        e--;
    if (i >= e || t[i] != '[' || i + 1 >= e || t[i + 1] == ']' || t[i + 1] == '^')
        return 0;
    while (i < e && t[i] != ']')
        i++;
    if (i + 1 >= e || t[i + 1] != ':')
        return 0;
    i += 2;
    while (i < e && is_hspace((unsigned char)t[i]))
        i++;
    if (i >= e)
        return 0;
    if (t[i] == '<') {
        while (i < e && t[i] != '>')
            i++;
        if (i >= e)
            return 0;
        i++;
    } else {
        while (i < e && !is_hspace((unsigned char)t[i]))
            i++;
    }
    while (i < e && is_hspace((unsigned char)t[i]))
        i++;
    if (i == e)
        return 1;
    char close = t[i] == '"' ? '"' : t[i] == '\'' ? '\'' : t[i] == '(' ? ')' : 0;
    return close && e - i >= 2 && t[e - 1] == close;
}

/* Where offset b of a line lands, the line's content [cs, ce) having been
 * rendered at [os, oe) with map (NULL: as written). */
static size_t
moved(size_t b, size_t cs, size_t ce, size_t os, size_t oe, const size_t *map)
{
    if (b <= cs)
        return os;
    if (b >= ce)
        return oe;
    return os + (map ? map[b - cs] : b - cs);
}

/*
 * Replace d->text, from the body on, by what a reader sees, line for line,
 * and move the blocks to their new offsets (dropping any left empty).
 */
static void
render_text(parsed_doc_t *d, size_t body)
{
    const char *t = d->text.data;
    size_t n = d->text.len;
    buf_t out = BUF_INIT;
    buf_reserve(&out, n + 1);
    buf_append(&out, t, body);
    size_t nbound = 2 * d->nblocks, next = 0;
    size_t *moved_to = xcalloc(nbound + 1, sizeof *moved_to);
    size_t *map = NULL, mapcap = 0;
    char fence = 0;
    size_t pos = body;
    line_t l;
    /* A definition cannot interrupt a paragraph: it follows a blank line
     * (or the top, or another definition). */
    int after_break = 1;
    while (next_line(t, n, &pos, &l)) {
        size_t os = out.len, cs = l.s, ce = l.e;
        int definition = 0;
        char f = fence_char(t, l);
        int verbatim = 0, level = 0;
        if (fence) {
            verbatim = 1;
            if (f == fence)
                fence = 0;
        } else if (f) {
            verbatim = 1;
            fence = f;
        } else if (l.e - l.s > MD_LINE_MAX) {
            verbatim = 1;
        } else if ((level = atx_level(t, l)) != 0) {
            cs = skip_indent(t, l) + (size_t)level;
            ce = heading_end(t, cs, ce);
            trim(t, &cs, &ce);
        } else if (after_break && link_definition(t, l)) {
            cs = ce = l.e;   /* shows nothing */
            definition = 1;
        } else {
            size_t i = skip_indent(t, l);
            if (i < l.e && t[i] == '>') {
                while (i < l.e && t[i] == '>') {
                    i++;
                    while (i < l.e && is_hspace((unsigned char)t[i]))
                        i++;
                }
                cs = i;
            }
        }
        const size_t *m = NULL;
        if (verbatim) {
            buf_append(&out, t + l.s, l.e - l.s);
            cs = l.s;
            ce = l.e;
        } else {
            map = xgrow(map, &mapcap, ce - cs + 1, sizeof *map);
            md_inline(t + cs, ce - cs, &out, map);
            m = map;
        }
        while (next < nbound) {
            const doc_block_t *b = &d->blocks[next / 2];
            size_t at = next % 2 ? b->end : b->start;
            if (at > l.e)
                break;
            moved_to[next++] = moved(at, cs, ce, os, out.len, m);
        }
        if (l.e < n)
            buf_putc(&out, '\n');
        size_t a = l.s, z = l.e;
        trim(t, &a, &z);
        after_break = a == z || definition;
    }
    while (next < nbound)
        moved_to[next++] = out.len;
    /* The new blocks: trimmed, and only those left with text. */
    size_t k = 0;
    for (size_t i = 0; i < d->nblocks; i++) {
        size_t s = moved_to[2 * i], e = moved_to[2 * i + 1];
        trim(out.data, &s, &e);
        if (e <= s)
            continue;
        d->blocks[k].start = s;
        d->blocks[k].end = e;
        d->blocks[k].line = d->blocks[i].line;
        k++;
    }
    d->nblocks = k;
    free(moved_to);
    free(map);
    buf_free(&d->text);
    d->text = out;
    buf_cstr(&d->text);
}

/* A title taken from a heading, as its text reads. */
static char *
render_title(char *raw)
{
    buf_t b = BUF_INIT;
    md_inline(raw, strlen(raw), &b, NULL);
    free(raw);
    size_t s = 0, e = b.len;
    trim(b.data ? b.data : "", &s, &e);
    char *title = e > s ? xstrndup(b.data + s, e - s) : NULL;
    buf_free(&b);
    return title;
}

void
parse_markdown(parsed_doc_t *d)
{
    const char *t = d->text.data;
    size_t n = d->text.len;
    if (!t)
        return;
    uint32_t line;
    size_t pos = front_matter(d, &line);
    size_t body = pos;
    if (pos == 0) {
        parse_key_header(d, (const unsigned char *)t, n);
        /* MultiMarkdown's "Title: The **Bold** Plan" reads as shown. */
        if (d->title && d->header_in_text)
            d->title = render_title(d->title);
    }
    char fence = 0;   /* inside fenced code: its character */
    run_t run = { 0, 0, 0, 0, 0, 0 };
    char *h1 = NULL;
    line_t l;

    for (; next_line(t, n, &pos, &l); line++) {
        size_t s = l.s, e = l.e;
        trim(t, &s, &e);
        if (s == e) {
            run_flush(d, &run);
            continue;
        }
        char f = fence_char(t, l);
        if (fence) {
            if (f == fence) {
                run_flush(d, &run);
                fence = 0;
                continue;
            }
        } else if (f) {
            run_flush(d, &run);
            fence = f;
            continue;
        } else {
            int level = atx_level(t, l);
            if (level) {
                run_flush(d, &run);
                add_trimmed(d, l.s, l.e, line);
                if (level == 1) {
                    size_t hs = skip_indent(t, l) + 1;
                    set_from_heading(&h1, t, hs, l.e);
                }
                continue;
            }
            if (skip_indent(t, l) == s) {
                int eq = is_rule(t, l, '='), dash = is_rule(t, l, '-');
                if ((eq || dash) && run.open && !run.has_long) {
                    /* A setext underline: the run is its heading. */
                    if (eq && run.nlines == 1)
                        set_from_heading(&h1, t, run.s, run.e);
                    run_flush(d, &run);
                    continue;
                }
                if (dash || is_rule(t, l, '*') || is_rule(t, l, '_')) {
                    run_flush(d, &run);   /* a thematic break */
                    continue;
                }
            }
        }
        if (!run.open) {
            run.open = 1;
            run.has_long = 0;
            run.s = l.s;
            run.line = line;
            run.nlines = 0;
        }
        run.e = l.e;
        run.nlines++;
        if (l.e - l.s > MD_LONG_LINE)
            run.has_long = 1;
    }
    run_flush(d, &run);
    if (!d->title && h1) {
        d->title = render_title(h1);
        h1 = NULL;
    }
    free(h1);
    render_text(d, body);
}
