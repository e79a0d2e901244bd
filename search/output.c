/*
 * output.c - showing search results (see output.h).
 */
#include "search/output.h"

#include <stdlib.h>
#include <string.h>

#include "util/json.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#define HL_ON "\033[1;31m"
#define HL_OFF "\033[0m"
#define HEAD_ON "\033[1m"
#define PATH_ON "\033[35m"
#define MARK_ON "**"
#define MARK_OFF "**"

void
output_date(int32_t d, char out[11])
{
    date_format(d, out);
}

/* How to show a hit's path: as the user would open it for local shards; as
 * stored (relative to the remote machine's index) for remote ones. */
static char *
hit_path(const dindex_t *ix, const search_hit_t *h)
{
    return index_display_doc_path(ix, h->docid, h->rec.path ? h->rec.path : "");
}

/* The line to show for a passage in the text view (path:line:, for an
 * editor to jump to): its first highlight's, which in a long paragraph
 * cut into windows may lie lines below the passage's start. */
static uint32_t
hit_line(const char *text, const pr_passage_t *p)
{
    uint32_t line = p->line;
    if (!text || !p->nhl)
        return line;
    for (size_t i = p->start; i < p->start + p->hl[0].start; i++)
        if (text[i] == '\n')
            line++;
    return line;
}

static void
json_passage_fields(buf_t *b, const char *text, const pr_passage_t *p)
{
    json_key(b, "line");
    json_int(b, p->line);
    buf_putc(b, ',');
    json_key(b, "highlight_line");
    json_int(b, hit_line(text, p));
    buf_putc(b, ',');
    json_key(b, "score");
    json_num(b, p->score);
    buf_putc(b, ',');
    json_key(b, "text");
    json_str(b, text + p->start, p->end - p->start);
    buf_putc(b, ',');
    json_key(b, "highlights");
    buf_putc(b, '[');
    for (size_t i = 0; i < p->nhl; i++) {
        if (i)
            buf_putc(b, ',');
        buf_printf(b, "[%u,%u]", p->hl[i].start, p->hl[i].end);
    }
    buf_putc(b, ']');
}

static void
json_doc_fields(buf_t *b, const dindex_t *ix, const search_hit_t *h)
{
    const record_t *rec = &h->rec;
    char *path = hit_path(ix, h);
    char date[11], label[11];
    output_date(rec->date, date);
    int year_only = record_date_label(rec, label);
    json_key(b, "path");
    json_cstr(b, path);
    free(path);
    buf_putc(b, ',');
    json_key(b, "title");
    json_cstr(b, rec->title ? rec->title : "");
    buf_putc(b, ',');
    json_key(b, "date");
    json_cstr(b, rec->date ? date : NULL);
    if (year_only) {
        buf_putc(b, ',');
        json_key(b, "date_precision");
        json_cstr(b, "year");
    }
    buf_putc(b, ',');
    json_key(b, "date_source");
    json_cstr(b, date_source_name((date_source_t)rec->date_source));
    if (rec->type && *rec->type) {
        buf_putc(b, ',');
        json_key(b, "type");
        json_cstr(b, rec->type);
    }
    if (rec->author && *rec->author) {
        buf_putc(b, ',');
        json_key(b, "author");
        json_cstr(b, rec->author);
    }
}

void
output_hit_json(buf_t *b, const dindex_t *ix, const search_hit_t *h)
{
    buf_putc(b, '{');
    json_key(b, "rank");
    json_int(b, h->rank);
    buf_putc(b, ',');
    json_doc_fields(b, ix, h);
    buf_putc(b, ',');
    json_key(b, "score");
    json_num(b, h->score);
    buf_putc(b, ',');
    json_key(b, "passages");
    buf_putc(b, '[');
    for (size_t i = 0; i < h->npassages; i++) {
        if (i)
            buf_putc(b, ',');
        buf_putc(b, '{');
        json_passage_fields(b, h->rec.text, &h->passages[i]);
        buf_putc(b, '}');
    }
    buf_puts(b, "]}");
}

/* ---- Text view ---------------------------------------------------------- */

char *
output_printable(const char *s)
{
    buf_t b = BUF_INIT;
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        size_t run = i;   /* copy runs of ordinary bytes at once */
        while (run < n && !utf8_control_len(s + run, n - run))
            run++;
        buf_append(&b, s + i, run - i);
        i = run;
        if (i < n) {
            buf_putc(&b, '?');
            i += utf8_control_len(s + i, n - i);
        }
    }
    return buf_detach(&b, NULL);
}

/* Append text[a, z) with white space runs collapsed to one space and
 * other control characters dropped. */
static void
put_flat(buf_t *b, const char *text, size_t a, size_t z, int *space)
{
    for (size_t i = a; i < z; i++) {
        char c = text[i];
        if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
            *space = 1;
            continue;
        }
        size_t k = utf8_control_len(text + i, z - i);
        if (k) {
            i += k - 1;
            continue;
        }
        if (*space && b->len)
            buf_putc(b, ' ');
        *space = 0;
        buf_putc(b, c);
    }
}

/* Move i back (or forward) to the start of a UTF-8 character. */
static size_t
char_start(const char *s, size_t i, size_t lo)
{
    while (i > lo && ((unsigned char)s[i] & 0xC0) == 0x80)
        i--;
    return i;
}

static int
cut_space(char c)
{
    return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}


/* Is offset i of text inside a sentence of a paragraph: is there text
 * on both sides of it in the paragraph, and the nearest character before
 * it (past spaces and closing quotes or brackets) no sentence's final
 * mark?  A passage cut there is shown with "…" on that side, as one cut
 * to fit the width is. */
static int
mid_sentence(const char *text, size_t i)
{
    size_t j = i;
    while (text[j] == ' ' || text[j] == '\t' || text[j] == '\r')
        j++;
    if (text[j] == '\0' || text[j] == '\n')
        return 0;
    while (i > 0 && (text[i - 1] == ' ' || text[i - 1] == '\t' || text[i - 1] == '\r'))
        i--;
    for (;;) {
        if (i > 0 && strchr("\"')]", text[i - 1]))
            i--;
        else if (i >= 3 && (unsigned char)text[i - 3] == 0xE2 &&
                 (unsigned char)text[i - 2] == 0x80 &&
                 ((unsigned char)text[i - 1] == 0x99 || (unsigned char)text[i - 1] == 0x9D))
            i -= 3;   /* ’ ” */
        else
            break;
    }
    if (i == 0 || text[i - 1] == '\n')
        return 0;
    return !strchr(".!?", text[i - 1]);
}

static void
render_passage(buf_t *b, const char *text, const pr_passage_t *p, unsigned width, int color)
{
    size_t a = p->start, z = p->end;
    /* Long passages: a window around the first highlight. */
    if (width && z - a > width) {
        size_t focus = p->nhl ? a + p->hl[0].start : a;
        size_t from = focus > a + width / 4 ? focus - width / 4 : a;
        size_t to = from + width < z ? from + width : z;
        /* Cut at spaces where possible: back (or, failing that, on) to
         * the start of a word, and on (or back) to the end of one, so
         * that no word is shown cut. */
        size_t f0 = from, t0 = to;
        while (from > a && !cut_space(text[from - 1]) && focus - from < width / 3)
            from--;
        if (from > a && !cut_space(text[from - 1])) {
            from = f0;
            while (from < focus && !cut_space(text[from - 1]))
                from++;
        }
        while (to < z && !cut_space(text[to]) && to - from < width + 40)
            to++;
        if (to < z && !cut_space(text[to])) {
            size_t last = p->nhl ? a + p->hl[0].end : from;
            to = t0;
            while (to > last && !cut_space(text[to]))
                to--;
        }
        from = char_start(text, from, a);
        to = char_start(text, to, from);
        if (from > a || mid_sentence(text, a))
            buf_puts(b, "…");
        int space = 0;
        size_t cur = from;
        for (size_t i = 0; i < p->nhl; i++) {
            size_t hs = a + p->hl[i].start, he = a + p->hl[i].end;
            if (hs < cur || he > to)
                continue;
            put_flat(b, text, cur, hs, &space);
            if (space && b->len)
                buf_putc(b, ' ');
            space = 0;
            buf_puts(b, color ? HL_ON : MARK_ON);
            buf_append(b, text + hs, he - hs);
            buf_puts(b, color ? HL_OFF : MARK_OFF);
            cur = he;
        }
        put_flat(b, text, cur, to, &space);
        if (to < z || mid_sentence(text, z))
            buf_puts(b, "…");
        return;
    }
    if (mid_sentence(text, a))
        buf_puts(b, "…");
    int space = 0;
    size_t cur = a;
    for (size_t i = 0; i < p->nhl; i++) {
        size_t hs = a + p->hl[i].start, he = a + p->hl[i].end;
        if (hs < cur)
            continue;
        put_flat(b, text, cur, hs, &space);
        if (space && b->len)
            buf_putc(b, ' ');
        space = 0;
        buf_puts(b, color ? HL_ON : MARK_ON);
        buf_append(b, text + hs, he - hs);
        buf_puts(b, color ? HL_OFF : MARK_OFF);
        cur = he;
    }
    put_flat(b, text, cur, z, &space);
    if (mid_sentence(text, z))
        buf_puts(b, "…");
}

/* A hit's path for the text view. */
static char *
text_path(const dindex_t *ix, const search_hit_t *h)
{
    char *raw = hit_path(ix, h);
    char *p = output_printable(raw);
    free(raw);
    return p;
}

void
output_hit_header(buf_t *b, const dindex_t *ix, const search_hit_t *h, int color)
{
    char date[11];
    record_date_label(&h->rec, date);
    char *path = text_path(ix, h);
    char *title = output_printable(record_display_title(&h->rec));
    buf_printf(b, "%s%u. %-10s  %s%s  [%.2f]\n", color ? HEAD_ON : "", h->rank,
               h->rec.date ? date : "----------", title, color ? HL_OFF : "", h->score);
    buf_printf(b, "   %s%s%s\n", color ? PATH_ON : "", path, color ? HL_OFF : "");
    free(title);
    free(path);
}

void
output_result(FILE *f, const dindex_t *ix, const search_result_t *r, const output_opts_t *o)
{
    buf_t b = BUF_INIT;
    if (o->count_only) {
        /* search_run() counted every match (search_opts_t.exact_count). */
        if (o->json) {
            buf_putc(&b, '{');
            json_key(&b, "count");
            json_int(&b, r->estimated);
            buf_puts(&b, "}\n");
        } else {
            buf_printf(&b, "%u\n", r->estimated);
        }
        fwrite(b.data, 1, b.len, f);
        buf_free(&b);
        return;
    }
    if (o->passages_mode) {
        for (size_t i = 0; i < r->npassages; i++) {
            const search_passage_t *sp = &r->passages[i];
            const search_hit_t *h = &r->hits[sp->hit];
            buf_clear(&b);
            if (o->json) {
                buf_putc(&b, '{');
                json_key(&b, "rank");
                json_int(&b, sp->rank);
                buf_putc(&b, ',');
                json_doc_fields(&b, ix, h);
                buf_putc(&b, ',');
                json_passage_fields(&b, h->rec.text, &sp->p);
                buf_puts(&b, "}\n");
            } else {
                char date[11];
                record_date_label(&h->rec, date);
                char *path = text_path(ix, h);
                char *title = output_printable(record_display_title(&h->rec));
                buf_printf(&b, "%s%u. %-10s  %s%s  [%.2f]\n", o->color ? HEAD_ON : "", sp->rank,
                           h->rec.date ? date : "----------", title, o->color ? HL_OFF : "",
                           sp->p.score);
                free(title);
                buf_printf(&b, "%s%s%s:%u: ", o->color ? PATH_ON : "", path,
                           o->color ? HL_OFF : "", hit_line(h->rec.text, &sp->p));
                render_passage(&b, h->rec.text, &sp->p, o->width, o->color);
                buf_puts(&b, "\n\n");
                free(path);
            }
            fwrite(b.data, 1, b.len, f);
        }
        buf_free(&b);
        return;
    }
    for (size_t i = 0; i < r->nhits; i++) {
        const search_hit_t *h = &r->hits[i];
        buf_clear(&b);
        if (o->paths_only) {
            char *path = hit_path(ix, h);
            if (o->json) {
                buf_putc(&b, '{');
                json_key(&b, "path");
                json_cstr(&b, path);
                buf_putc(&b, '}');
            } else if (o->escape_paths) {
                char *p = output_printable(path);
                buf_puts(&b, p);
                free(p);
            } else {
                buf_puts(&b, path);
            }
            buf_putc(&b, o->null ? '\0' : '\n');
            free(path);
        } else if (o->json) {
            output_hit_json(&b, ix, h);
            buf_putc(&b, '\n');
        } else {
            output_hit_header(&b, ix, h, o->color);
            char *path = text_path(ix, h);
            for (size_t k = 0; k < h->npassages; k++) {
                const pr_passage_t *p = &h->passages[k];
                if (!h->rec.text)
                    break;
                buf_printf(&b, "%s%s%s:%u: ", o->color ? PATH_ON : "", path,
                           o->color ? HL_OFF : "", hit_line(h->rec.text, p));
                render_passage(&b, h->rec.text, p, o->width, o->color);
                buf_putc(&b, '\n');
            }
            free(path);
            buf_putc(&b, '\n');
        }
        fwrite(b.data, 1, b.len, f);
    }
    buf_free(&b);
}

void
output_facets(FILE *f, const search_result_t *r, const output_opts_t *o,
              const char *facet_name)
{
    buf_t b = BUF_INIT;
    /* The matches with no such value: undated, or for months dated by a
     * year alone (the count of matches is exact with a facet). */
    unsigned counted = 0;
    for (size_t i = 0; i < r->nfacets; i++)
        counted += r->facets[i].count;
    unsigned none = r->estimated > counted ? r->estimated - counted : 0;
    if (o->json) {
        buf_putc(&b, '{');
        json_key(&b, "facet");
        json_cstr(&b, facet_name);
        buf_putc(&b, ',');
        json_key(&b, "counts");
        buf_putc(&b, '{');
        for (size_t i = 0; i < r->nfacets; i++) {
            if (i)
                buf_putc(&b, ',');
            json_key(&b, r->facets[i].value);
            json_int(&b, r->facets[i].count);
        }
        buf_putc(&b, '}');
        if (none) {
            buf_putc(&b, ',');
            json_key(&b, "none");
            json_int(&b, none);
        }
        buf_puts(&b, "}\n");
    } else {
        unsigned max = none;
        for (size_t i = 0; i < r->nfacets; i++)
            if (r->facets[i].count > max)
                max = r->facets[i].count;
        for (size_t i = 0; i < r->nfacets; i++) {
            unsigned c = r->facets[i].count;
            unsigned len = max ? (c * 40 + max - 1) / max : 0;
            buf_printf(&b, "%-8s %5u ", r->facets[i].value, c);
            for (unsigned k = 0; k < len; k++)
                buf_puts(&b, "█");
            buf_putc(&b, '\n');
        }
        if (none)
            buf_printf(&b, "%-8s %5u (%s)\n", "none", none,
                       strcmp(facet_name, "month") == 0 ? "undated, or dated by a year alone"
                                                        : "undated");
    }
    fwrite(b.data ? b.data : "", 1, b.len, f);
    buf_free(&b);
}
