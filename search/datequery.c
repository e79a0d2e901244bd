/*
 * datequery.c - the value of a date: or mentions: query field.
 *
 * A query is read in this order:
 *
 *   1. Surrounding spaces and one pair of quotes ("..." '...' “...”) are
 *      dropped; underscores are spaces everywhere.
 *   2. A comparison: >=A >A <=A <A (also ≥ ≤), or the words "since A"
 *      (>=A), "after A" (>A), "before A" (<A), "until A" (<=A).  ">A"
 *      starts the day after A's last day, "<A" ends the day before A's
 *      first day.
 *   3. A range A..B, where either end may be missing (an open end).  An
 *      open end after a relative "ago" start (2w.., 3_days_ago..) is today
 *      rather than open, so "2w.." reads "from two weeks ago to today".
 *   4. A single term; failing that, A/B as a range (ISO 8601 interval
 *      style; A/.. and ../B are open).  A term is tried as a
 *      whole first, so 03/04/2017 stays a day.
 *
 * A term is one of:
 *
 *   today yesterday tomorrow
 *   Nd Nw Nm Ny, "N days|weeks|months|years ago"      a day, N units ago
 *   this|last|next day|week|month|quarter|year        calendar units; a week
 *                                                     runs Monday to Sunday
 *   last|past N days|weeks|months|quarters|years      N units ending today:
 *                                                     "last 7 days" is today
 *                                                     and the 6 days before
 *   past day|week|month|quarter|year                  the same with N = 1
 *   next N days|weeks|months|quarters|years           N units from today on
 *   YYYYMMDD                                          a day
 *   2017-Q1, 2017q1, Q1-2017, "Q1 2017"               a quarter
 *   anything date_scan() reads as a whole, with bare years allowed:
 *   2017-03-03, 03/03/2017, "March 3, 2017", 2017-03, "March 2017", 2017;
 *   failing that, the same with hyphens read as spaces (mar-2017,
 *   3-march-2017).
 *
 * A month or a day without a year ("march", "march 3") is refused rather
 * than guessed.  Errors name the offending part of the query and, where
 * it can be told, why it is not a date: "'2017-13' is not a date (month
 * 13)", "'2017-02-29' is not a date (February 2017 has 28 days)".
 */
#include "search/datequery.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#define DQ_MAX 256          /* longest query value read */
#define DQ_QUOTE_MAX 60     /* longest part of a query quoted in an error */
#define DQ_N_MAX 100000     /* largest N in relative forms */

typedef struct dq {
    int32_t today;
    date_order_t order;
    const char *field;   /* for hints ("write date:2017.."), or NULL */
} dq_t;

static const char *const month_names[12] = {
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"
};

static int
is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static unsigned char
lower(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

static int
day_ok(int32_t day)
{
    return day > 0 && date_valid(date_year(day), date_month(day), date_mday(day));
}

/* A copy of t[0..n) fit to quote in a one-line message. */
static char *
quote(const char *t, size_t n)
{
    int clipped = 0;
    if (n > DQ_QUOTE_MAX) {
        n = utf8_clip(t, DQ_QUOTE_MAX);
        clipped = 1;
    }
    buf_t b = BUF_INIT;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)t[i];
        buf_putc(&b, c < 0x20 || c == 0x7F ? '?' : (char)c);
    }
    if (clipped)
        buf_puts(&b, "...");
    return buf_detach(&b, NULL);
}

/* Set *e to "'<t>' <what>" (what is a printf format). */
static int
fail(char **e, const char *t, size_t n, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int
fail(char **e, const char *t, size_t n, const char *fmt, ...)
{
    buf_t b = BUF_INIT;
    char *q = quote(t, n);
    buf_printf(&b, "'%s' ", q);
    free(q);
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&b, fmt, ap);
    va_end(ap);
    free(*e);
    *e = buf_detach(&b, NULL);
    return 0;
}

/* Bytes of a space at t[i] (ASCII space or tab, U+00A0), or 0. */
static size_t
space_at(const char *t, size_t n, size_t i)
{
    if (i >= n)
        return 0;
    if (t[i] == ' ' || t[i] == '\t' || t[i] == '\n' || t[i] == '\r')
        return 1;
    if ((unsigned char)t[i] == 0xC2 && i + 1 < n && (unsigned char)t[i + 1] == 0xA0)
        return 2;
    return 0;
}

static void
trim(const char **t, size_t *n)
{
    const char *s = *t;
    size_t b = 0, e = *n, k;
    while (b < e && (k = space_at(s, e, b)) != 0)
        b += k;
    while (e > b) {
        if (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\n' || s[e - 1] == '\r')
            e--;
        else if (e - b >= 2 && (unsigned char)s[e - 2] == 0xC2 && (unsigned char)s[e - 1] == 0xA0)
            e -= 2;
        else
            break;
    }
    *t = s + b;
    *n = e - b;
}

/* The words of a term: lower case, split at spaces (and at hyphens if
 * hyphens is set). */
#define DQ_WORDS 8
typedef struct words {
    char buf[DQ_MAX + 1];
    const char *w[DQ_WORDS];
    size_t len[DQ_WORDS];
    size_t n;      /* number of words; DQ_WORDS + 1 if there are more */
    size_t blen;   /* the words joined by single spaces, in buf */
} words_t;

static void
split_words(const char *t, size_t n, int hyphens, words_t *w)
{
    size_t o = 0;
    w->n = 0;
    for (size_t i = 0; i < n && o < DQ_MAX;) {
        size_t k = space_at(t, n, i);
        int sep = k || t[i] == '_' || (hyphens && t[i] == '-');
        if (sep) {
            i += k ? k : 1;
            continue;
        }
        if (w->n == DQ_WORDS) {
            w->n++;
            break;
        }
        if (o)
            w->buf[o++] = ' ';
        w->w[w->n] = w->buf + o;
        size_t start = o;
        while (i < n && o < DQ_MAX && !space_at(t, n, i) && t[i] != '_' &&
               !(hyphens && t[i] == '-'))
            w->buf[o++] = (char)lower((unsigned char)t[i++]);
        w->len[w->n++] = o - start;
    }
    w->buf[o] = '\0';
    w->blen = o;
}

static int
word_is(const words_t *w, size_t i, const char *lit)
{
    return i < w->n && i < DQ_WORDS && w->len[i] == strlen(lit) &&
           memcmp(w->w[i], lit, w->len[i]) == 0;
}

/* A whole word of 1..max digits: its value, or -1. */
static long
word_number(const words_t *w, size_t i, size_t max)
{
    if (i >= w->n || i >= DQ_WORDS || w->len[i] == 0 || w->len[i] > max)
        return -1;
    long v = 0;
    for (size_t k = 0; k < w->len[i]; k++) {
        if (!is_digit((unsigned char)w->w[i][k]))
            return -1;
        v = v * 10 + (w->w[i][k] - '0');
    }
    return v;
}

typedef enum unit { U_NONE, U_DAY, U_WEEK, U_MONTH, U_QUARTER, U_YEAR } unit_t;

static unit_t
unit_word(const words_t *w, size_t i)
{
    static const char *const names[] = { "day", "week", "month", "quarter", "year" };
    if (i >= w->n || i >= DQ_WORDS)
        return U_NONE;
    size_t len = w->len[i];
    if (len > 1 && w->w[i][len - 1] == 's')
        len--;
    for (int u = 0; u < 5; u++)
        if (len == strlen(names[u]) && memcmp(w->w[i], names[u], len) == 0)
            return (unit_t)(u + 1);
    return U_NONE;
}

static unit_t
unit_letter(char c)
{
    switch (c) {
    case 'd': return U_DAY;
    case 'w': return U_WEEK;
    case 'm': return U_MONTH;
    case 'y': return U_YEAR;
    }
    return U_NONE;
}

/* today moved by n units (n may be negative); 0 if out of range. */
static int32_t
shift(int32_t day, unit_t u, long n)
{
    switch (u) {
    case U_DAY: return date_add_days(day, n);
    case U_WEEK: return date_add_days(day, 7 * (int64_t)n);
    case U_MONTH: return date_add_months(day, (int)n);
    case U_QUARTER: return date_add_months(day, (int)(3 * n));
    case U_YEAR: return date_add_months(day, (int)(12 * n));
    case U_NONE: break;
    }
    return 0;
}

/* The calendar unit containing day. */
static date_span_t
calendar_unit(int32_t day, unit_t u)
{
    date_span_t sp = { day, day };
    int y = date_year(day), m = date_month(day);
    switch (u) {
    case U_WEEK:
        sp.first = date_add_days(day, -date_weekday(day));
        sp.last = date_add_days(sp.first, 6);
        break;
    case U_MONTH:
        sp.first = date_make(y, m, 1);
        sp.last = date_make(y, m, date_days_in_month(y, m));
        break;
    case U_QUARTER:
        m = (m - 1) / 3 * 3 + 1;
        sp.first = date_make(y, m, 1);
        sp.last = date_make(y, m + 2, date_days_in_month(y, m + 2));
        break;
    case U_YEAR:
        sp.first = date_make(y, 1, 1);
        sp.last = date_make(y, 12, 31);
        break;
    case U_DAY:
    case U_NONE:
        break;
    }
    return sp;
}

/* Relative forms.  Returns 1 (read, *sp set), 0 (not a relative form) or
 * -1 (a relative form with an error in *e). */
static int
relative(const dq_t *q, const char *t, size_t n, const words_t *w, date_span_t *sp, int *ago,
         char **e)
{
    int32_t today = q->today;
    int kind = 0;   /* 1 day, 2 ago, 3 calendar, 4 rolling back, 5 rolling on */
    unit_t u = U_NONE;
    long num = 0;
    int dir = 0;

    if (w->n == 1 && (word_is(w, 0, "today") || word_is(w, 0, "yesterday") ||
                      word_is(w, 0, "tomorrow"))) {
        kind = 1;
        dir = word_is(w, 0, "today") ? 0 : word_is(w, 0, "yesterday") ? -1 : 1;
    } else if (w->n == 1 && w->len[0] >= 2 && is_digit((unsigned char)w->w[0][0])) {
        size_t l = w->len[0];
        size_t d = 0;
        while (d < l && is_digit((unsigned char)w->w[0][d]))
            d++;
        if (d != l - 1)
            return 0;
        u = unit_letter(w->w[0][l - 1]);
        if (u == U_NONE) {
            if (l - 1 <= 6 && w->w[0][l - 1] >= 'a' && w->w[0][l - 1] <= 'z' &&
                w->w[0][l - 1] != 'q')
                return fail(e, t, n, "is not a date (units are d, w, m, y)") - 1;
            return 0;
        }
        if (d > 6)
            return fail(e, t, n, "is out of range") - 1;
        for (size_t k = 0; k < d; k++)
            num = num * 10 + (w->w[0][k] - '0');
        kind = 2;
    } else if (w->n == 3 && word_is(w, 2, "ago") && (u = unit_word(w, 1)) != U_NONE &&
               u != U_QUARTER) {
        if ((num = word_number(w, 0, 6)) < 0)
            return 0;
        kind = 2;
    } else if (w->n == 2 && (u = unit_word(w, 1)) != U_NONE &&
               (word_is(w, 0, "this") || word_is(w, 0, "last") || word_is(w, 0, "next"))) {
        if (w->w[1][w->len[1] - 1] == 's')
            return 0;   /* "last weeks" */
        kind = 3;
        dir = word_is(w, 0, "this") ? 0 : word_is(w, 0, "last") ? -1 : 1;
    } else if (w->n == 2 && word_is(w, 0, "past") && (u = unit_word(w, 1)) != U_NONE) {
        kind = 4;
        num = 1;
    } else if (w->n == 3 && (u = unit_word(w, 2)) != U_NONE &&
               (word_is(w, 0, "last") || word_is(w, 0, "past") || word_is(w, 0, "next"))) {
        if ((num = word_number(w, 1, 7)) < 0)
            return 0;
        kind = word_is(w, 0, "next") ? 5 : 4;
    } else {
        return 0;
    }

    if (!day_ok(today))
        return fail(e, t, n, "is relative and no current date is known") - 1;
    if (num > DQ_N_MAX)
        return fail(e, t, n, "is out of range") - 1;
    if ((kind == 4 || kind == 5) && num == 0)
        return fail(e, t, n, "is an empty range") - 1;

    switch (kind) {
    case 1:
        sp->first = sp->last = date_add_days(today, dir);
        break;
    case 2:
        sp->first = sp->last = shift(today, u, -num);
        *ago = 1;
        break;
    case 3:
        *sp = calendar_unit(shift(calendar_unit(today, u).first, u, dir), u);
        break;
    case 4:
        sp->first = date_add_days(shift(today, u, -num), 1);
        sp->last = today;
        break;
    case 5:
        sp->first = today;
        sp->last = date_add_days(shift(today, u, num), -1);
        break;
    }
    if (!sp->first || !sp->last)
        return fail(e, t, n, "is out of range") - 1;
    return 1;
}

/* Quarters: 2017q1, "2017 q1", "q1 2017".  Same return values as
 * relative(). */
static int
quarter(const char *t, size_t n, const words_t *w, date_span_t *sp, char **e)
{
    long y = -1;
    int qn = -1;
    if (w->n == 1 && w->len[0] == 6 && w->w[0][4] == 'q' && is_digit((unsigned char)w->w[0][5])) {
        for (int k = 0; k < 4; k++)
            if (!is_digit((unsigned char)w->w[0][k]))
                return 0;
        y = strtol(w->w[0], NULL, 10);
        qn = w->w[0][5] - '0';
    } else if (w->n == 2) {
        for (size_t a = 0; a < 2; a++) {
            size_t b = 1 - a;
            if (w->len[a] == 4 && word_number(w, a, 4) >= 0 && w->len[b] == 2 &&
                w->w[b][0] == 'q' && is_digit((unsigned char)w->w[b][1])) {
                y = word_number(w, a, 4);
                qn = w->w[b][1] - '0';
            }
        }
    }
    if (y < 0)
        return 0;
    if (qn < 1 || qn > 4)
        return fail(e, t, n, "is not a date (quarter %d)", qn) - 1;
    if (y < 1)
        return fail(e, t, n, "is not a date (year 0)") - 1;
    int m = (qn - 1) * 3 + 1;
    sp->first = date_make((int)y, m, 1);
    sp->last = date_make((int)y, m + 2, date_days_in_month((int)y, m + 2));
    return 1;
}

/* Why y-m-d is not a day, as "(...)". */
static int
bad_day(char **e, const char *t, size_t n, long y, long m, long d)
{
    if (y < 1 || y > 9999)
        return fail(e, t, n, "is not a date (year %ld)", y);
    if (m < 1 || m > 12)
        return fail(e, t, n, "is not a date (month %ld)", m);
    if (d < 1 || d > date_days_in_month((int)y, (int)m))
        return fail(e, t, n, "is not a date (%s %ld has %d days)", month_names[m - 1], y,
                    date_days_in_month((int)y, (int)m));
    return fail(e, t, n, "is not a date");
}

static int
month_word(const char *w, size_t len)
{
    static const char *const names[12] = {
        "january", "february", "march", "april", "may", "june", "july", "august",
        "september", "october", "november", "december"
    };
    if (len == 4 && memcmp(w, "sept", 4) == 0)
        return 9;
    for (int m = 0; m < 12; m++)
        if (len >= 3 && (len == 3 || len == strlen(names[m])) && memcmp(w, names[m], len) == 0)
            return m + 1;
    return 0;
}

/* The most helpful error for a term that is not a date. */
static int
diagnose(char **e, const char *t, size_t n, const words_t *w)
{
    /* Numeric: YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD, YYYY-MM, YYYYMMDD. */
    size_t i = 0, nd[3] = { 0, 0, 0 };
    long v[3] = { 0, 0, 0 };
    int parts = 0;
    char sep = 0;
    while (parts < 3) {
        while (i < n && is_digit((unsigned char)t[i]) && nd[parts] < 9)
            v[parts] = v[parts] * 10 + (t[i++] - '0'), nd[parts]++;
        if (!nd[parts])
            break;
        parts++;
        if (i < n && parts < 3 && (t[i] == '-' || t[i] == '/' || t[i] == '.') &&
            (!sep || t[i] == sep)) {
            sep = t[i++];
            continue;
        }
        break;
    }
    if (i == n && parts >= 1) {
        if (parts == 1 && nd[0] == 8)
            return bad_day(e, t, n, v[0] / 10000, v[0] / 100 % 100, v[0] % 100);
        if (nd[0] == 4 && parts == 3 && nd[1] <= 2 && nd[2] <= 2)
            return bad_day(e, t, n, v[0], v[1], v[2]);
        if (nd[0] == 4 && parts == 2 && nd[1] <= 2 && sep == '-') {
            if (v[1] < 1 || v[1] > 12)
                return fail(e, t, n, "is not a date (month %ld)", v[1]);
            if (v[0] < 1)
                return fail(e, t, n, "is not a date (year 0)");
        }
        if (parts == 1 && nd[0] == 4 && v[0] == 0)
            return fail(e, t, n, "is not a date (year 0)");
        return fail(e, t, n, "is not a date");
    }
    /* Month names: "february 30 2017", "30 february 2017", "march". */
    if (w->n >= 1 && w->n <= 3) {
        int mon = 0;
        long day = -1, year = -1;
        for (size_t k = 0; k < w->n; k++) {
            size_t len = w->len[k];
            const char *s = w->w[k];
            while (len > 0 && (s[len - 1] == '.' || s[len - 1] == ','))
                len--;
            int m = month_word(s, len);
            if (m && !mon) {
                mon = m;
                continue;
            }
            size_t d = 0;
            long x = 0;
            while (d < len && d < 5 && is_digit((unsigned char)s[d]))
                x = x * 10 + (s[d] - '0'), d++;
            if (d == 0)
                return fail(e, t, n, "is not a date");
            if (d == 4 && year < 0 && d == len)
                year = x;
            else if (d <= 2 && day < 0)
                day = x;
            else
                return fail(e, t, n, "is not a date");
        }
        if (mon && year < 0)
            return fail(e, t, n, "is not a date (no year)");
        if (mon && day >= 0)
            return bad_day(e, t, n, year, mon, day);
    }
    return fail(e, t, n, "is not a date");
}

/* Does date_scan() read all of t[0..n) as one date? */
static int
scan_whole(const dq_t *q, const char *t, size_t n, date_span_t *sp)
{
    date_match_t m;
    if (n == 0 || date_scan(t, n, q->order, 1, &m) != n)
        return 0;
    *sp = m.span;
    return 1;
}

/* One term (no range, no comparison).  *ago is set for the "N units ago"
 * forms.  Returns 1, or 0 with *e set. */
static int
term(const dq_t *q, const char *t, size_t n, date_span_t *sp, int *ago, char **e)
{
    trim(&t, &n);
    *ago = 0;
    if (n == 0)
        return fail(e, t, n, "is not a date");
    /* A '-' at either end belongs to no date ("-2017", "2017-"), though
     * hyphens inside one stand for spaces: refused rather than read as
     * 2017. */
    const char *ct = t;
    size_t cn = n;
    while (cn && ct[0] == '_')
        ct++, cn--;
    while (cn && ct[cn - 1] == '_')
        cn--;
    if (cn && (ct[0] == '-' || ct[cn - 1] == '-'))
        return fail(e, ct, cn, "is not a date (a stray '-')");
    words_t w;
    int r;

    /* As written (underscores as spaces), then with hyphens as spaces. */
    split_words(t, n, 0, &w);
    if (w.n > DQ_WORDS)
        return fail(e, t, n, "is not a date");
    if ((r = relative(q, t, n, &w, sp, ago, e)) != 0)
        return r > 0;
    if (w.n == 1 && w.len[0] == 8) {
        int32_t d = date_parse_iso(w.w[0]);
        if (d) {
            sp->first = sp->last = d;
            return 1;
        }
    }
    if (scan_whole(q, w.buf, w.blen, sp))
        return 1;
    words_t h;
    split_words(t, n, 1, &h);
    if (h.n > DQ_WORDS)
        return fail(e, t, n, "is not a date");
    if ((r = relative(q, t, n, &h, sp, ago, e)) != 0)
        return r > 0;
    if ((r = quarter(t, n, &h, sp, e)) != 0)
        return r > 0;
    if (scan_whole(q, h.buf, h.blen, sp))
        return 1;
    return diagnose(e, t, n, &h);
}

/* A range from a to b, either possibly empty (an open end). */
static int
range(const dq_t *q, const char *whole, size_t wn, const char *a, size_t an, const char *b,
      size_t bn, date_span_t *out, char **e)
{
    date_span_t sa = { 0, 0 }, sb = { 0, 0 };
    int ago_a = 0, ago_b = 0;
    trim(&a, &an);
    trim(&b, &bn);
    if (an == 2 && memcmp(a, "..", 2) == 0)
        an = 0;
    if (bn == 2 && memcmp(b, "..", 2) == 0)
        bn = 0;
    if (an == 0 && bn == 0)
        return fail(e, whole, wn, "needs a date on at least one side");
    if (an && !term(q, a, an, &sa, &ago_a, e))
        return 0;
    if (bn && !term(q, b, bn, &sb, &ago_b, e))
        return 0;
    out->first = an ? sa.first : 0;
    out->last = bn ? sb.last : ago_a ? q->today : 0;
    if (out->first && out->last && out->first > out->last)
        return fail(e, whole, wn, "ends before it starts");
    return 1;
}

/* "-2017" and "2017-" alone are most likely meant as open ranges: say
 * how to write them.  1 with *e set when the date is one of these. */
static int
stray_hyphen_hint(const dq_t *q, const char *s, size_t n, char **e)
{
    int lead = s[0] == '-', trail = s[n - 1] == '-';
    if (lead == trail)
        return 0;
    const char *d = s + lead;
    size_t dn = n - 1;
    date_span_t sp;
    int ago;
    char *err = NULL;
    int ok = term(q, d, dn, &sp, &ago, &err);
    free(err);
    if (!ok)
        return 0;
    const char *f = q->field ? q->field : "";
    const char *colon = q->field ? ":" : "";
    if (lead)
        fail(e, s, n, "is not a date (for up to %.*s, write %s%s..%.*s)", (int)dn, d, f, colon,
             (int)dn, d);
    else
        fail(e, s, n, "is not a date (for %.*s and after, write %s%s%.*s..)", (int)dn, d, f,
             colon, (int)dn, d);
    return 1;
}

static int
parse(const dq_t *q, const char *s, size_t n, date_span_t *out, char **e)
{
    trim(&s, &n);
    if (n >= 2 && ((s[0] == '"' && s[n - 1] == '"') || (s[0] == '\'' && s[n - 1] == '\''))) {
        s++;
        n -= 2;
    } else if (n >= 6 && memcmp(s, "\xE2\x80\x9C", 3) == 0 &&
               memcmp(s + n - 3, "\xE2\x80\x9D", 3) == 0) {
        s += 3;
        n -= 6;
    }
    trim(&s, &n);
    if (n == 0) {
        free(*e);
        *e = xstrdup("empty date");
        return 0;
    }
    if (memchr(s, '\0', n))
        return fail(e, s, n, "is not a date");

    /* Comparisons. */
    int op = 0;   /* 1 >=, 2 >, 3 <=, 4 < */
    size_t skip = 0;
    if (n >= 2 && s[0] == '>' && s[1] == '=')
        op = 1, skip = 2;
    else if (n >= 2 && s[0] == '<' && s[1] == '=')
        op = 3, skip = 2;
    else if (s[0] == '>')
        op = 2, skip = 1;
    else if (s[0] == '<')
        op = 4, skip = 1;
    else if (n >= 3 && memcmp(s, "\xE2\x89\xA5", 3) == 0)
        op = 1, skip = 3;
    else if (n >= 3 && memcmp(s, "\xE2\x89\xA4", 3) == 0)
        op = 3, skip = 3;
    else {
        static const struct { const char *word; int op; } words[] = {
            { "since", 1 }, { "after", 2 }, { "until", 3 }, { "before", 4 }
        };
        for (size_t k = 0; k < 4; k++) {
            size_t l = strlen(words[k].word);
            if (n > l && (s[l] == ' ' || s[l] == '_')) {
                size_t c = 0;
                while (c < l && lower((unsigned char)s[c]) == (unsigned char)words[k].word[c])
                    c++;
                if (c == l) {
                    op = words[k].op;
                    skip = l + 1;
                }
            }
        }
    }
    if (op) {
        const char *a = s + skip;
        size_t an = n - skip;
        trim(&a, &an);
        while (an > 0 && a[0] == '_')
            a++, an--;
        if (an == 0)
            return fail(e, s, n, "needs a date");
        for (size_t k = 0; k + 1 < an; k++)
            if (a[k] == '.' && a[k + 1] == '.')
                return fail(e, s, n, "compares with a range: use A..B alone");
        date_span_t t;
        int ago;
        if (!term(q, a, an, &t, &ago, e))
            return 0;
        switch (op) {
        case 1:
            out->first = t.first, out->last = 0;
            break;
        case 2:
            out->first = date_add_days(t.last, 1), out->last = 0;
            break;
        case 3:
            out->first = 0, out->last = t.last;
            break;
        case 4:
            out->first = 0, out->last = date_add_days(t.first, -1);
            break;
        }
        if (!out->first && !out->last)
            return fail(e, s, n, "is out of range");
        return 1;
    }

    /* Ranges with "..", and the interval forms A/.. and ../B. */
    if (n > 3 && memcmp(s + n - 3, "/..", 3) == 0)
        return range(q, s, n, s, n - 3, "", 0, out, e);
    if (n > 3 && memcmp(s, "../", 3) == 0)
        return range(q, s, n, "", 0, s + 3, n - 3, out, e);
    for (size_t k = 0; k + 1 < n; k++) {
        if (s[k] != '.' || s[k + 1] != '.')
            continue;
        for (size_t j = k + 2; j + 1 < n; j++)
            if (s[j] == '.' && s[j + 1] == '.')
                return fail(e, s, n, "has more than one '..'");
        return range(q, s, n, s, k, s + k + 2, n - k - 2, out, e);
    }

    /* One term, or A/B. */
    int ago;
    char *whole_err = NULL;
    if (term(q, s, n, out, &ago, &whole_err)) {
        free(whole_err);
        return 1;
    }
    size_t slashes = 0;
    for (size_t k = 0; k < n; k++)
        if (s[k] == '/')
            slashes++;
    if (!slashes && stray_hyphen_hint(q, s, n, e)) {
        free(whole_err);
        return 0;
    }
    for (size_t k = 0; slashes && k < n; k++) {
        if (s[k] != '/')
            continue;
        char *err = NULL;
        if (range(q, s, n, s, k, s + k + 1, n - k - 1, out, &err)) {
            free(whole_err);
            return 1;
        }
        if (slashes == 1) {
            /* The only reading as a range: its error is the better one. */
            free(whole_err);
            whole_err = err;
            err = NULL;
        }
        free(err);
    }
    free(*e);
    *e = whole_err;
    return 0;
}

int
datequery_parse(const char *s, size_t n, int32_t today, date_order_t order, const char *field,
                date_span_t *span, char **err)
{
    dq_t q = { today, order, field };
    date_span_t sp = { 0, 0 };
    char *e = NULL;
    int ok;
    if (!s)
        n = 0;
    if (n > DQ_MAX) {
        e = xasprintf("date is too long (%zu bytes)", n);
        ok = 0;
    } else {
        ok = parse(&q, s ? s : "", n, &sp, &e);
    }
    if (ok) {
        free(e);
        if (span)
            *span = sp;
        if (err)
            *err = NULL;
        return 0;
    }
    if (!e)
        e = xstrdup("not a date");
    if (span)
        span->first = span->last = 0;
    if (err)
        *err = e;
    else
        free(e);
    return -1;
}
