/*
 * docbuild.c - from a file's bytes to a ready-to-store Xapian document.
 *
 * The document's date is chosen in this order, first found wins:
 *
 *   1. metadata   a date in Markdown front matter or an HTML <meta>;
 *   2. dateline   the dateline near the top of the text (lib/date.h says
 *                 exactly what counts: a date alone on one of the first
 *                 lines, or after a dateline prefix such as "FOR IMMEDIATE
 *                 RELEASE –");
 *   3. filename   a date in the file name (2017-03-03-letter.txt), or a
 *                 year that starts it (1790_washington.txt: January 1 of
 *                 that year); a full date in the name also wins over a
 *                 dateline more than a year away from it (see far_from());
 *   4. mention    the latest full date mentioned in the body that is not
 *                 after today: a document that says "On March 2, 2017 the
 *                 committee..." but has no dateline is more likely of that
 *                 time than of the day the file was copied, and documents
 *                 cite the past (measured on the dated corpora: the latest
 *                 mention is right more often than the first);
 *   5. mtime      the file's modification time.
 *
 * A date mentioned in the body never overrides 1-3.  Every date written in
 * the text, the dateline included, is also indexed as a mention.
 */
#include "indexer/docbuild.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "indexer/manifest.h"
#include "indexer/passage.h"
#include "lib/index.h"
#include "lib/record.h"
#include "lib/schema.h"
#include "lib/token.h"
#include "util/hashmap.h"
#include "util/path.h"
#include "util/xalloc.h"

void
docbuild_out_init(docbuild_out_t *o)
{
    memset(o, 0, sizeof *o);
}

void
docbuild_out_free(docbuild_out_t *o)
{
    dx_doc_free(o->doc);
    buf_free(&o->idterm);
    buf_free(&o->words);
    free(o->encoding_note);
    free(o->bad_date);
    docbuild_out_init(o);
}

/* ---- Title ---------------------------------------------------------- */

/* s[0..n) with each run of the bytes in seps made one space (none at
 * either end) and other control characters dropped. */
static char *
collapse_seps(const char *s, size_t n, const char *seps)
{
    buf_t b = BUF_INIT;
    int space = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c && strchr(seps, c)) {
            space = b.len > 0;
            continue;
        }
        if (c < 0x20)
            continue;
        if (space)
            buf_putc(&b, ' ');
        space = 0;
        buf_putc(&b, (char)c);
    }
    return buf_detach(&b, NULL);
}

static char *
collapse_space(const char *s, size_t n)
{
    return collapse_seps(s, n, " \t\r\n");
}

/* Does a first line look like a title rather than the start of prose? */
static int
looks_like_title(const char *s, size_t n)
{
    if (n < 3 || n > 200)
        return 0;
    /* Prose ends its first line with a sentence or runs on; a title is
     * short and rarely ends with a full stop. */
    char last = s[n - 1];
    if (n > 100 && (last == '.' || last == ','))
        return 0;
    if (last == ',' || last == ';')
        return 0;
    date_match_t m;
    if (date_scan(s, n, DATE_ORDER_MDY, 1, &m) == n)
        return 0;  /* a bare dateline */
    /* The set openings of orders and proclamations are their first
     * sentence, not a title: 821 proclamations of one corpus were titled
     * "Whereas". */
    static const char *const openings[] = {
        "whereas", "now, therefore", "by virtue of the authority",
        "by the authority vested in me", "by virtue of and pursuant to",
    };
    for (size_t i = 0; i < sizeof openings / sizeof *openings; i++) {
        size_t l = strlen(openings[i]);
        if (n >= l && strncasecmp(s, openings[i], l) == 0 &&
            (n == l || !isalnum((unsigned char)s[l])))
            return 0;
    }
    return 1;
}

char *
docbuild_name_title(const char *path)
{
    const char *b = path_basename(path);
    size_t n = strlen(b);
    if (n > 3 && strcmp(b + n - 3, ".gz") == 0)
        n -= 3;
    for (size_t k = n; k-- > 0;)
        if (b[k] == '.') {
            if (k > 0)
                n = k;   /* the extension */
            break;
        }
    /* A date or number that opens the name ("2017-03-03-", "20170303_"). */
    size_t i = 0;
    while (i < n && ((b[i] >= '0' && b[i] <= '9') || b[i] == '-' || b[i] == '_' ||
                     b[i] == '.' || b[i] == ' '))
        i++;
    char *t = collapse_seps(b + i, n - i, "-_. +");
    int letters = 0;
    for (const unsigned char *c = (const unsigned char *)t; *c; c++)
        letters += (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || *c >= 0x80;
    if (letters < 2) {
        free(t);
        return NULL;
    }
    return t;
}

/* Is a line a bare dateline ("March 3, 2017") or a label ("FOR IMMEDIATE
 * RELEASE", "Press Release:", a proclamation's "By the President of the
 * United States of America" and "A Proclamation"): what stands above a
 * title, and is none? */
static int
above_title(const char *s, size_t n)
{
    date_match_t m;
    if (date_scan(s, n, DATE_ORDER_MDY, 1, &m) == n)
        return 1;
    if (n >= 4 && strncmp(s, "<!--", 4) == 0)
        return 1;   /* a comment (Markdown may hold HTML) */
    static const char *const labels[] = {
        "for immediate release", "immediate release", "for release", "press release",
        "news release", "media advisory", "embargoed", "contact",
        /* the heading every presidential proclamation carries */
        "by the president of the united states of america",
        "by the president of the united states", "a proclamation",
    };
    if (n > 80)
        return 0;
    /* The label alone, or followed by a mark and what it says ("FOR
     * RELEASE: ..."); "Embargoed Goods Seized" is a title. */
    for (size_t i = 0; i < sizeof labels / sizeof *labels; i++) {
        size_t l = strlen(labels[i]);
        if (n < l || strncasecmp(s, labels[i], l) != 0)
            continue;
        size_t k = l;
        while (k < n && (s[k] == ' ' || s[k] == '\t'))
            k++;
        if (k == n || s[k] == ':' || s[k] == '-' || s[k] == '|' || (unsigned char)s[k] == 0xE2)
            return 1;   /* 0xE2: a dash or bullet */
    }
    return 0;
}

char *
docbuild_pick_title(const parsed_doc_t *pd)
{
    if (pd->title) {
        char *t = collapse_space(pd->title, strlen(pd->title));
        if (*t)
            return t;
        free(t);
    }
    if (pd->header_in_text)
        return xstrdup("");   /* "Key: value" lines on top, none a title */
    const char *text = buf_cstr(&pd->text);
    size_t len = pd->text.len;
    /* The first line, past a dateline or a release label above it (at
     * most three lines read). */
    int lines = 0;
    for (size_t b = 0; b < pd->nblocks && lines < 3; b++) {
        const doc_block_t *blk = &pd->blocks[b];
        if (blk->end > len)
            break;
        const char *s = text + blk->start, *end = text + blk->end;
        while (s < end && lines < 3) {
            const char *nl = memchr(s, '\n', (size_t)(end - s));
            size_t ln = nl ? (size_t)(nl - s) : (size_t)(end - s);
            const char *next = nl ? nl + 1 : end;
            while (ln && (s[ln - 1] == ' ' || s[ln - 1] == '\r' || s[ln - 1] == '\t'))
                ln--;
            while (ln && (*s == ' ' || *s == '\t')) {
                s++;
                ln--;
            }
            if (ln == 0) {
                s = next;
                continue;
            }
            lines++;
            /* Markdown headings: drop the marks. */
            while (ln && *s == '#') {
                s++;
                ln--;
            }
            while (ln && *s == ' ') {
                s++;
                ln--;
            }
            if (above_title(s, ln)) {
                s = next;
                continue;
            }
            if (looks_like_title(s, ln))
                return collapse_space(s, ln);
            return xstrdup("");
        }
    }
    return xstrdup("");
}

/* ---- Date ----------------------------------------------------------- */

typedef struct latest_mention {
    date_match_t m;
    int found;
    int32_t today;
} latest_mention_t;

static int
take_latest_day(const date_match_t *m, void *ctx)
{
    latest_mention_t *f = ctx;
    if (m->precision == DATE_PREC_DAY && m->span.first <= f->today &&
        (!f->found || m->span.first > f->m.span.first)) {
        f->m = *m;
        f->found = 1;
    }
    return 0;
}

/* A year that starts a file name: "1790_george_washington.txt". */
static int32_t
year_from_filename(const char *name)
{
    const char *b = path_basename(name);
    for (int i = 0; i < 4; i++)
        if (b[i] < '0' || b[i] > '9')
            return 0;
    if (b[4] != '_' && b[4] != '-' && b[4] != '.' && b[4] != ' ')
        return 0;
    if (b[4] != '.' && b[5] >= '0' && b[5] <= '9')
        return 0;  /* 2017-03...: a full date, or not a year */
    int y = (b[0] - '0') * 1000 + (b[1] - '0') * 100 + (b[2] - '0') * 10 + (b[3] - '0');
    if (y < 1000 || y > 2999)
        return 0;
    return date_make(y, 1, 1);
}

/* Whether a dateline is more than a year away from the full date in the
 * file's name.  Then one of them is wrong, and more likely the text: a
 * typo in a signature line ("July 1, 1080" under an order of 1980) or a
 * date that is not the document's, against a name somebody gave the file
 * on purpose.  (The dateline stays indexed as a mention.)  A year alone in
 * the name (1790_washington.txt) is too coarse to overrule anything. */
static int
far_from(int32_t dateline, int32_t named)
{
    if (!named)
        return 0;
    int64_t gap = date_to_days(dateline) - date_to_days(named);
    return gap > 366 || gap < -366;
}

void
docbuild_pick_date(const parsed_doc_t *pd, const char *name, int64_t mtime_sec,
                   date_order_t order, int32_t *date, unsigned *source,
                   char **date_text)
{
    const char *text = buf_cstr(&pd->text);
    date_match_t m;

    *date = 0;
    *source = DATE_SRC_NONE;
    *date_text = NULL;

    if (pd->date && *pd->date) {
        size_t n = strlen(pd->date);
        size_t k = date_scan(pd->date, n, order, 1, &m);
        int32_t d = 0;
        if (k > 0 && m.span.first)
            d = m.span.first;
        else if (n == 8 && strspn(pd->date, "0123456789") == 8)
            d = date_from_filename(pd->date);   /* compact: 20110405 */
        else if (n >= 10) {
            char iso[11];
            memcpy(iso, pd->date, 10);
            iso[10] = '\0';
            d = date_parse_iso(iso);
        }
        if (d) {
            *date = d;
            *source = DATE_SRC_METADATA;
            *date_text = xstrdup(pd->date);
            return;
        }
    }
    int32_t named = date_from_filename(name);
    if (date_find_dateline(text, pd->text.len, order, &m) && m.span.first &&
        !far_from(m.span.first, named)) {
        *date = m.span.first;
        *source = DATE_SRC_DATELINE;
        *date_text = collapse_space(text + m.start, m.end - m.start);
        return;
    }
    int32_t d = named;
    if (!d)
        d = year_from_filename(name);
    if (d) {
        *date = d;
        *source = DATE_SRC_FILENAME;
        *date_text = xstrdup(path_basename(name));
        return;
    }
    latest_mention_t fm = { { { 0, 0 }, DATE_PREC_NONE, 0, 0 }, 0, date_from_time(time(NULL)) };
    date_find_mentions(text, pd->text.len, order, take_latest_day, &fm);
    if (fm.found) {
        *date = fm.m.span.first;
        *source = DATE_SRC_MENTION;
        *date_text = collapse_space(text + fm.m.start, fm.m.end - fm.m.start);
        return;
    }
    if (mtime_sec > 0) {
        *date = date_from_time((time_t)mtime_sec);
        *source = DATE_SRC_MTIME;
        *date_text = xstrdup("");
    }
}

/* ---- Mentions ------------------------------------------------------- */

typedef struct mentions {
    int32_t *v;
    size_t n, cap;
} mentions_t;

static int
collect_mention(const date_match_t *m, void *ctx)
{
    mentions_t *ms = ctx;
    int32_t key;
    if (m->precision == DATE_PREC_DAY)
        key = m->span.first;
    else if (m->precision == DATE_PREC_MONTH)
        key = m->span.first / 100 * 100;  /* yyyymm00 */
    else
        return 0;
    if (ms->n > 100000)
        return 1;
    ms->v = xgrow(ms->v, &ms->cap, ms->n + 1, sizeof *ms->v);
    ms->v[ms->n++] = key;
    return 0;
}

static int
cmp_i32(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

/* ---- Terms ---------------------------------------------------------- */

/* Add the words of s as prefixed terms with positions from *pos. */
static void
add_field_terms(dx_doc_t *doc, const char *prefix, const char *s, unsigned *pos)
{
    tokenizer_t t;
    token_t tok;
    char term[TOKEN_MAX + 8];
    size_t pl = strlen(prefix);
    tok_init(&t, s, strlen(s));
    while (tok_next(&t, &tok)) {
        memcpy(term, prefix, pl);
        memcpy(term + pl, tok.term, tok.len);
        dx_doc_add_posting(doc, term, pl + tok.len, ++*pos, 1);
    }
}

/* Index s[0..n) as text, its words at *pos + 1 on (left at the last),
 * counting the plain words in words (for the stem map and spelling).
 * Returns how many words it indexed. */
static size_t
add_text_terms(dx_doc_t *doc, const char *s, size_t n, unsigned *pos, hashmap_t *words)
{
    tokenizer_t t;
    token_t tok;
    size_t count = 0;
    tok_init(&t, s, n);
    while (tok_next(&t, &tok)) {
        ++*pos;
        count++;
        dx_doc_add_posting(doc, tok.term, tok.len, *pos, 1);
        if (tok.exact_len)
            dx_doc_add_posting(doc, tok.exact, tok.exact_len, *pos, 1);
        if (tok_is_plain_word(tok.term, tok.len)) {
            hashmap_entry_t *e = hashmap_put(words, tok.term, tok.len, NULL);
            e->value++;
        }
    }
    return count;
}

/* Is the title docbuild_pick_title() gives the first line of the text
 * (so already indexed with it), rather than one from front matter or an
 * HTML <title>? */
static int
title_in_text(const parsed_doc_t *pd)
{
    if (!pd->title || pd->header_in_text)
        return 1;
    for (const char *c = pd->title; *c; c++)
        if (*c != ' ' && *c != '\t' && *c != '\n' && *c != '\r')
            return 0;
    return 1;
}

/* "Press Release" -> "press-release": the form type: values take. */
static void
type_term(const char *type, buf_t *out)
{
    tokenizer_t t;
    token_t tok;
    buf_clear(out);
    buf_puts(out, PREFIX_TYPE);
    size_t base = out->len;
    tok_init(&t, type, strlen(type));
    while (tok_next(&t, &tok)) {
        if (out->len > base)
            buf_putc(out, '-');
        buf_append(out, tok.term, tok.len);
    }
    if (out->len == base)
        buf_clear(out);
}

void
docbuild_path_terms(dx_doc_t *doc, const char *stored, buf_t *tmp)
{
    size_t n = strlen(stored);
    index_key_term(PREFIX_PATH, stored, n, tmp);
    dx_doc_add_boolean(doc, tmp->data, tmp->len);
    /* Every ancestor folder. */
    for (size_t i = 1; i < n; i++) {
        if (stored[i] == '/') {
            index_key_term(PREFIX_DIR, stored, i, tmp);
            dx_doc_add_boolean(doc, tmp->data, tmp->len);
        }
    }
    if (stored[0] == '/') {
        index_key_term(PREFIX_DIR, "/", 1, tmp);
        dx_doc_add_boolean(doc, tmp->data, tmp->len);
    }
    char ext[16];
    path_extension(stored, ext);
    if (ext[0]) {
        buf_clear(tmp);
        buf_puts(tmp, PREFIX_EXT);
        buf_puts(tmp, ext);
        dx_doc_add_boolean(doc, tmp->data, tmp->len);
    }
}

static void
put_sync_value(dx_doc_t *doc, const docbuild_in_t *in, size_t npassages, unsigned flags,
               buf_t *tmp)
{
    manifest_entry_t e;
    memset(&e, 0, sizeof e);
    e.path = (char *)in->stored_path;
    e.size = in->size;
    e.mtime_sec = in->mtime_sec;
    e.mtime_nsec = in->mtime_nsec;
    e.ctime_sec = in->ctime_sec;
    e.ctime_nsec = in->ctime_nsec;
    e.checksum = in->checksum;
    e.npassages = (uint32_t)npassages;
    e.flags = flags;
    manifest_encode_value(tmp, &e);
    dx_doc_set_value(doc, SLOT_SYNC, tmp->data, tmp->len);
}

int
docbuild_same_name_dates(const char *a, const char *b)
{
    return date_from_filename(a) == date_from_filename(b) &&
           year_from_filename(a) == year_from_filename(b);
}

int
docbuild(const docbuild_in_t *in, docbuild_out_t *out, const char **reason)
{
    parsed_doc_t pd;
    parsed_doc_init(&pd);
    if (parse_document(in->format, in->data, in->len, &pd, reason) != 0) {
        parsed_doc_free(&pd);
        return -1;
    }

    record_t rec;
    record_init(&rec);
    size_t npass = 0;
    passage_t *pass = passage_split(&pd, &npass);
    const char *text = buf_cstr(&pd.text);

    dx_doc_t *doc = dx_doc_new();
    buf_t tmp = BUF_INIT;

    /* Body: every passage, with a gap between paragraphs (proximity never
     * reaches across them), none between the windows of one. */
    hashmap_t words;
    hashmap_init(&words);
    unsigned pos = 0;
    size_t body_words = 0;
    rec.passages = xcalloc(npass ? npass : 1, sizeof *rec.passages);
    for (size_t i = 0; i < npass; i++) {
        rec.passages[i].start = pass[i].start;
        rec.passages[i].end = pass[i].end;
        rec.passages[i].line = pass[i].line;
        if (i > 0 && !pass[i].cont)
            pos += SCHEMA_PASSAGE_GAP;
        body_words +=
            add_text_terms(doc, text + pass[i].start, pass[i].end - pass[i].start, &pos, &words);
    }
    pos += SCHEMA_PASSAGE_GAP;
    rec.npassages = npass;
    free(pass);

    /* Fields. */
    rec.title = docbuild_pick_title(&pd);
    unsigned fpos = 0;
    add_field_terms(doc, PREFIX_TITLE, rec.title, &fpos);
    if (fpos && !title_in_text(&pd)) {
        /* A title the text does not hold (front matter, HTML <title>):
         * its words are found by plain searches too, placed after the
         * last passage so that no phrase runs from the text into it. */
        add_text_terms(doc, rec.title, strlen(rec.title), &pos, &words);
    } else if (!*rec.title) {
        /* Untitled, the document is listed by its file name: the words of
         * that name are its title's ("1863-11-19-gettysburg-address.txt"
         * is found by "Gettysburg Address" and title:gettysburg). */
        char *name = docbuild_name_title(in->stored_path);
        if (name) {
            /* (Not words of the document: one with none still fails.) */
            unsigned npos = 0;
            add_field_terms(doc, PREFIX_TITLE, name, &npos);
            add_text_terms(doc, name, strlen(name), &pos, &words);
            free(name);
        }
    }
    unsigned field_words = fpos;
    if (pd.author && *pd.author) {
        rec.author = xstrdup(pd.author);
        fpos = 0;
        add_field_terms(doc, PREFIX_AUTHOR, rec.author, &fpos);
        field_words += fpos;
    }
    if (body_words == 0 && field_words == 0) {
        /* Markup, front matter or punctuation alone: nothing a search
         * could find, so a bad file like an empty one. */
        if (reason)
            *reason = "no words to index";
        hashmap_free(&words);
        dx_doc_free(doc);
        record_free(&rec);
        buf_free(&tmp);
        parsed_doc_free(&pd);
        return -1;
    }
    if (pd.type && *pd.type) {
        rec.type = xstrdup(pd.type);
        type_term(rec.type, &tmp);
        if (tmp.len)
            dx_doc_add_boolean(doc, tmp.data, tmp.len);
    }
    docbuild_path_terms(doc, in->stored_path, &tmp);

    /* Dates. */
    docbuild_pick_date(&pd, in->name, in->mtime_sec, in->order, &rec.date,
                       &rec.date_source, &rec.date_text);
    if (rec.date) {
        /* A date known only as a year has no month: no month facet, no
         * month term, and the mark that date queries look for. */
        int year_only = record_date_is_year(&rec);
        char v[16];
        snprintf(v, sizeof v, "%08d", (int)rec.date);
        dx_doc_set_value(doc, SLOT_DATE, v, 8);
        dx_doc_set_value(doc, SLOT_YEAR, v, 4);
        if (!year_only) {
            snprintf(v, sizeof v, "%04d-%02d", date_year(rec.date), date_month(rec.date));
            dx_doc_set_value(doc, SLOT_MONTH, v, 7);
        }
        buf_clear(&tmp);
        buf_printf(&tmp, "%s%04d", PREFIX_DATE, date_year(rec.date));
        dx_doc_add_boolean(doc, tmp.data, tmp.len);
        if (year_only) {
            buf_clear(&tmp);
            buf_puts(&tmp, PREFIX_DATE DATE_TERM_YEAR_ONLY);
        } else {
            buf_printf(&tmp, "%02d", date_month(rec.date));
        }
        dx_doc_add_boolean(doc, tmp.data, tmp.len);
    }
    mentions_t ms = { NULL, 0, 0 };
    date_find_mentions(text, pd.text.len, in->order, collect_mention, &ms);
    if (rec.date_source == DATE_SRC_DATELINE) {
        /* The dateline is written in the text, even in a form only the
         * dateline reader knows ("the thirtieth day of November, in the
         * year of our Lord nineteen hundred and ninety-three"). */
        date_match_t dm;
        memset(&dm, 0, sizeof dm);
        dm.precision = DATE_PREC_DAY;
        dm.span.first = dm.span.last = rec.date;
        collect_mention(&dm, &ms);
    }
    if (ms.n) {
        qsort(ms.v, ms.n, sizeof *ms.v, cmp_i32);
        size_t u = 0;
        for (size_t i = 0; i < ms.n; i++)
            if (u == 0 || ms.v[u - 1] != ms.v[i])
                ms.v[u++] = ms.v[i];
        ms.n = u;
        for (size_t i = 0; i < ms.n; i++) {
            buf_clear(&tmp);
            if (ms.v[i] % 100)
                buf_printf(&tmp, "%s%08d", PREFIX_MENTION, (int)ms.v[i]);
            else
                buf_printf(&tmp, "%s%06d", PREFIX_MENTION, (int)(ms.v[i] / 100));
            dx_doc_add_boolean(doc, tmp.data, tmp.len);
        }
    }
    rec.mentions = ms.v;
    rec.nmentions = ms.n;

    /* The unique id and what sync needs. */
    index_key_term(PREFIX_ID, in->stored_path, strlen(in->stored_path), &out->idterm);
    dx_doc_add_boolean(doc, out->idterm.data, out->idterm.len);
    put_sync_value(doc, in, npass, rec.date_source == DATE_SRC_MTIME ? SYNC_DATE_FROM_MTIME : 0,
                   &tmp);

    /* The record. */
    rec.path = xstrdup(in->stored_path);
    rec.format = xstrdup(parse_format_name(pd.format));
    rec.encoding = xstrdup(pd.encoding ? pd.encoding : "utf-8");
    rec.mtime_sec = in->mtime_sec;
    rec.mtime_nsec = in->mtime_nsec;
    rec.size = in->size;
    rec.checksum = in->checksum;
    rec.gzip = in->gzip;
    rec.text = pd.text.data;   /* borrowed for encoding */
    rec.text_len = pd.text.len;
    record_encode(&rec, in->zdict, &tmp);
    rec.text = NULL;
    dx_doc_set_data(doc, tmp.data, tmp.len);

    /* Words for the stem map and spelling. */
    size_t it = 0;
    hashmap_entry_t *e;
    while ((e = hashmap_next(&words, &it))) {
        uint32_t c = (uint32_t)e->value;
        buf_append(&out->words, e->key, e->keylen + 1);
        buf_append(&out->words, &c, sizeof c);
        out->nwords++;
    }
    hashmap_free(&words);

    out->doc = doc;
    out->text_bytes = pd.text.len;
    out->date = rec.date;
    out->date_source = rec.date_source;
    if (pd.encoding && strcmp(pd.encoding, "utf-8") != 0 &&
        strcmp(pd.encoding, "utf-8+bom") != 0) {
        out->encoding_noteworthy = 1;
        out->encoding_note = xstrdup(pd.encoding);
    }
    if (pd.date && *pd.date && rec.date_source != DATE_SRC_METADATA) {
        /* The metadata gave a date that could not be read. */
        out->bad_date = xstrdup(pd.date);
    }
    record_free(&rec);
    buf_free(&tmp);
    parsed_doc_free(&pd);
    return 0;
}
