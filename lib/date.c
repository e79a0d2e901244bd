/*
 * date.c - calendar dates, and finding the dates written in documents.
 *
 * Calendar arithmetic works on the proleptic Gregorian calendar, years
 * 1..9999, through a day count since 1970-01-01 (the civil-from-days and
 * days-from-civil algorithms, exact for every day in that range).
 *
 * THE DATES THE SCANNER READS (date_scan)
 *
 *   Month-first   [Weekday[.][,]] Month[.] D[st|nd|rd|th|d][,] YYYY
 *                 "March 3, 2017", "Mar. 3 2017", "Friday, March 3rd, 2017"
 *   Day-first     [Weekday[.][,]] [the] D[ord] [day] [of] Month[.][,] YYYY
 *                 "3 March 2017", "3rd of March, 2017",
 *                 "14th day of August, A. D. 1790"; also "03-Mar-2017"
 *   Month         Month[.][,] YYYY, "Month of YYYY", "YYYY-MM"
 *   ISO           YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD (a "T" and a clock
 *                 time may follow: 2017-03-03T10:00)
 *   Numeric       A/B/YYYY, A-B-YYYY, A.B.YYYY, read as month/day under
 *                 DATE_ORDER_MDY and day/month under DATE_ORDER_DMY.  When
 *                 only the other reading is a real day (13/04/2017 under
 *                 MDY, 04.24.2019 under DMY) that reading is taken, since
 *                 the date is then unambiguous.
 *   Year          YYYY alone, only when the caller allows bare years.
 *
 * Month names are the full English names, their first three letters and
 * "Sept", in any case, with or without a trailing dot.  Weekday names
 * (full, three letters, "Tues", "Thur", "Thurs", "Weds") are read and
 * included in the match but not checked against the date, so a mistyped
 * weekday does not lose the date.  Word-form years have exactly four
 * digits and may be preceded by "A.D."/"A. D."/"AD".  Two-digit years are
 * accepted only in the slash form A/B/YY, where nothing else is usually
 * meant, and are read as POSIX strptime's %y does: 69-99 are 1969-1999,
 * 00-68 are 2000-2068.  A day and month without a year ("May 5 people")
 * is never a date.  Every date must be a real day (February 30 is not
 * read, not even as a month), and must end at a word boundary: the next
 * byte is not an ASCII letter or digit and, for numeric forms, not the
 * form's separator followed by a digit.  Spaces between the parts are
 * ASCII spaces and tabs, U+00A0 and the other Unicode space characters,
 * with at most one line break (text is often hard-wrapped).  A scan reads
 * a bounded number of bytes (about 200 at most) whatever the input, and never
 * reads s[n] or beyond, so scanning every word of a text is linear.
 *
 * THE DATELINE RULE (date_find_dateline)
 *
 * The text is cut into lines at \n, \r\n or \r.  Candidate lines are:
 *
 *   - the top: the first 5 non-empty lines, as long as they start within
 *     the first 1000 bytes;
 *   - failing that, the foot: the last 3 non-empty lines, as long as they
 *     start within the last 400 bytes.  Letters, orders and memoranda are
 *     often dated under the signature ("THE WHITE HOUSE,\nMarch 19, 2018.").
 *
 * Only the first 200 bytes of a line are searched, for its first date of
 * day precision.  That date makes the line a dateline when both
 *
 *   the prefix (the text before it) is, once decoration is dropped (the
 *   bytes # * _ > | ( ) [ ] " ' / , : ; - ~ = + and dashes, bullets and
 *   curly quotes):
 *     (a) empty: "March 3, 2017", "Friday, March 3, 2017", "— 2017-03-03";
 *     (b) a release label, possibly after a heading as in (c): "FOR
 *         IMMEDIATE RELEASE", "Embargoed until", "Released", "Release
 *         date", "Date", "Dated", "Issued", "Published", "Posted", ...; or
 *     (c) a heading such as a place: at most 8 words and 80 bytes, each
 *         word starting with a capital letter, a digit or a non-ASCII
 *         letter (or a clock time's "a.m."/"p.m."), and none of them a
 *         function or time word ("On", "In", "Since", "Yesterday",
 *         "Approved", "Dated", ...); a leading "By" is allowed before a
 *         name ("By Jane Doe, March 3, 2017").  Examples: "WASHINGTON,
 *         D.C. —", "THE WHITE HOUSE,", "Press Release |", "1:01 a.m.,";
 *
 *   and the suffix (the text after it) is
 *     (x) nothing, or only closing punctuation, or a clock time ("March 3,
 *         2017.", "March 3, 2017 at 10:00 a.m. EST", "Sat, 04 Mar 2017
 *         10:00:00 +0000"), or a byline ("March 3, 2017 by Jane Doe");
 *     (y) in the top lines only, a dash or bar and then anything
 *         ("WASHINGTON — March 3, 2017 — The Senate voted..."); or
 *     (z) anything at all, after the labels "For immediate release",
 *         "Immediate release", "Embargoed until", "Embargoed for release",
 *         "For release on".  Other labels take (x) or (y) only, since
 *         "Proclamation 4074, dated August 15, 1971, terminated..." is
 *         prose.
 *
 * So "On March 2, 2017 Senators..." (prefix "On", prose after) and
 * "Yesterday, December 7, 1941—a date..." (a time word) are mentions, not
 * datelines, while a date standing alone on a line after a title is one.
 * A line whose first day-precision date fails the test is passed over;
 * later dates on that line are not considered.
 *
 * The foot, taken more widely for this (the last 6 non-empty lines that
 * start within the last 1200 bytes), is also searched for a dating clause, the
 * closing formula of proclamations, treaties, deeds and contracts:
 * "this" (or "the", within 120 bytes after a capitalised "Done", "Given"
 * or "Signed"), then a day in digits or words, "[day] of", a month,
 * optionally "in the year of our Lord", and a year in digits (with or
 * without "A.D.") or in words: "Done at the city of Washington, this 25th
 * day of April, A. D. 1885", "I have hereunto set my hand this
 * twenty-eighth day of October, in the year of our Lord nineteen hundred
 * and ninety-three".  A year in words that is cut short or misspelt
 * ("nineteen hundred and eighty-4") is refused rather than misread.
 *
 * The first candidate that qualifies, in document order, gives the
 * dateline: top lines, then foot lines (each tested by the line rule,
 * then for a clause).
 *
 * MENTIONS (date_find_mentions)
 *
 * Every date the scanner reads with day or month precision, starting at a
 * word boundary, left to right, without overlaps.  Bare years are not
 * mentions; neither is the numeric month form YYYY-MM, which in prose is
 * nearly always a span of years ("the 2011-12 school year").  A number
 * that continues a numeric run (the "03" of "1.03.2017", after a digit and
 * a separator) does not start a mention.
 */
#include "lib/date.h"

#include <string.h>

/* ---- Calendar arithmetic ------------------------------------------- */

static int
is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
date_days_in_month(int y, int m)
{
    static const int dim[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (m < 1 || m > 12)
        return 0;
    if (m == 2 && is_leap(y))
        return 29;
    return dim[m - 1];
}

int
date_valid(int y, int m, int d)
{
    return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 &&
           d <= date_days_in_month(y, m);
}

int32_t
date_make(int y, int m, int d)
{
    return (int32_t)((int64_t)y * 10000 + (int64_t)m * 100 + d);
}

int
date_year(int32_t day)
{
    return day / 10000;
}

int
date_month(int32_t day)
{
    return day / 100 % 100;
}

int
date_mday(int32_t day)
{
    return day % 100;
}

static int
day_ok(int32_t day)
{
    return day > 0 && date_valid(date_year(day), date_month(day), date_mday(day));
}

/* Days from 1970-01-01 of 0001-01-01 and 9999-12-31. */
#define DAYS_MIN (-719162)
#define DAYS_MAX 2932896

int64_t
date_to_days(int32_t day)
{
    if (!day_ok(day))
        return 0;
    int64_t y = date_year(day), m = date_month(day), d = date_mday(day);
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int32_t
date_from_days(int64_t days)
{
    if (days < DAYS_MIN || days > DAYS_MAX)
        return 0;
    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t d = doy - (153 * mp + 2) / 5 + 1;
    int64_t m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    return date_make((int)y, (int)m, (int)d);
}

int
date_weekday(int32_t day)
{
    int64_t d = date_to_days(day);
    return (int)(((d % 7) + 7 + 3) % 7);   /* 1970-01-01 was a Thursday */
}

int32_t
date_add_days(int32_t day, int64_t n)
{
    if (!day_ok(day) || n < -(int64_t)DAYS_MAX * 2 || n > (int64_t)DAYS_MAX * 2)
        return 0;
    return date_from_days(date_to_days(day) + n);
}

int32_t
date_add_months(int32_t day, int n)
{
    if (!day_ok(day))
        return 0;
    int64_t total = (int64_t)date_year(day) * 12 + (date_month(day) - 1) + n;
    if (total < 12 || total > (int64_t)9999 * 12 + 11)
        return 0;
    int y = (int)(total / 12), m = (int)(total % 12) + 1;
    int d = date_mday(day), dim = date_days_in_month(y, m);
    return date_make(y, m, d > dim ? dim : d);
}

int32_t
date_from_time(time_t t)
{
    struct tm tm;
    if (!localtime_r(&t, &tm))
        return 0;
    int y = tm.tm_year + 1900, m = tm.tm_mon + 1, d = tm.tm_mday;
    return date_valid(y, m, d) ? date_make(y, m, d) : 0;
}

void
date_format(int32_t day, char out[11])
{
    if (!day_ok(day)) {
        out[0] = '\0';
        return;
    }
    int y = date_year(day), m = date_month(day), d = date_mday(day);
    out[0] = (char)('0' + y / 1000);
    out[1] = (char)('0' + y / 100 % 10);
    out[2] = (char)('0' + y / 10 % 10);
    out[3] = (char)('0' + y % 10);
    out[4] = '-';
    out[5] = (char)('0' + m / 10);
    out[6] = (char)('0' + m % 10);
    out[7] = '-';
    out[8] = (char)('0' + d / 10);
    out[9] = (char)('0' + d % 10);
    out[10] = '\0';
}

static int
is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static int
is_alpha(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
is_alnum(unsigned char c)
{
    return is_digit(c) || is_alpha(c);
}

static unsigned char
lower(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

/* Value of n ASCII digits at s (all digits checked by the caller). */
static int
digits_value(const unsigned char *s, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

int32_t
date_parse_iso(const char *str)
{
    if (!str)
        return 0;
    const unsigned char *s = (const unsigned char *)str;
    size_t n = strlen(str);
    int y, m, d;
    if (n == 10 && s[4] == '-' && s[7] == '-') {
        for (size_t i = 0; i < 10; i++)
            if (i != 4 && i != 7 && !is_digit(s[i]))
                return 0;
        y = digits_value(s, 4);
        m = digits_value(s + 5, 2);
        d = digits_value(s + 8, 2);
    } else if (n == 8) {
        for (size_t i = 0; i < 8; i++)
            if (!is_digit(s[i]))
                return 0;
        y = digits_value(s, 4);
        m = digits_value(s + 4, 2);
        d = digits_value(s + 6, 2);
    } else {
        return 0;
    }
    return date_valid(y, m, d) ? date_make(y, m, d) : 0;
}

/* ---- Reading dates in text ------------------------------------------ */

/*
 * Bytes of the horizontal space character at s[i], or 0: ASCII space,
 * tab, vertical tab and form feed, U+00A0, U+2000-U+200A, U+202F, U+205F,
 * U+3000.
 */
static size_t
space_at(const unsigned char *s, size_t n, size_t i)
{
    if (i >= n)
        return 0;
    unsigned char c = s[i];
    if (c == ' ' || c == '\t' || c == '\v' || c == '\f')
        return 1;
    if (c == 0xC2 && i + 1 < n && s[i + 1] == 0xA0)
        return 2;
    if (c == 0xE2 && i + 2 < n) {
        if (s[i + 1] == 0x80 && ((s[i + 2] >= 0x80 && s[i + 2] <= 0x8A) || s[i + 2] == 0xAF))
            return 3;
        if (s[i + 1] == 0x81 && s[i + 2] == 0x9F)
            return 3;
    }
    if (c == 0xE3 && i + 2 < n && s[i + 1] == 0x80 && s[i + 2] == 0x80)
        return 3;
    return 0;
}

/* Bytes of the line break at s[i] (\n, \r\n or \r), or 0. */
static size_t
newline_at(const unsigned char *s, size_t n, size_t i)
{
    if (i >= n)
        return 0;
    if (s[i] == '\n')
        return 1;
    if (s[i] == '\r')
        return i + 1 < n && s[i + 1] == '\n' ? 2 : 1;
    return 0;
}

/* Inside a date: skip at most 16 bytes of spaces with at most one line
 * break among them.  Returns the new position. */
#define WS_MAX 16

static size_t
skip_ws(const unsigned char *s, size_t n, size_t i)
{
    size_t start = i;
    int breaks = 0;
    while (i < n && i - start < WS_MAX) {
        size_t k = space_at(s, n, i);
        if (!k) {
            k = newline_at(s, n, i);
            if (!k || breaks++)
                break;
        }
        i += k;
    }
    return i;
}

/* Letters of the ASCII word at s[i], counting no further than 16. */
static size_t
word_at(const unsigned char *s, size_t n, size_t i)
{
    size_t k = 0;
    while (i + k < n && k <= 16 && is_alpha(s[i + k]))
        k++;
    return k;
}

/* Case-insensitive: is the word s[0..len) exactly lit (lower case)? */
static int
word_is(const unsigned char *s, size_t len, const char *lit)
{
    size_t l = strlen(lit);
    if (len != l)
        return 0;
    for (size_t i = 0; i < l; i++)
        if (lower(s[i]) != (unsigned char)lit[i])
            return 0;
    return 1;
}

static const char *const month_names[12] = {
    "january", "february", "march", "april", "may", "june", "july",
    "august", "september", "october", "november", "december"
};

/* 1..12 for a month name or abbreviation, else 0. */
static int
month_lookup(const unsigned char *w, size_t len)
{
    if (len < 3 || len > 9)
        return 0;
    for (int m = 0; m < 12; m++) {
        const char *name = month_names[m];
        size_t nl = strlen(name);
        if (len != nl && len != 3)
            continue;
        size_t i = 0;
        while (i < len && lower(w[i]) == (unsigned char)name[i])
            i++;
        if (i == len)
            return m + 1;
    }
    return word_is(w, len, "sept") ? 9 : 0;
}

static int
weekday_lookup(const unsigned char *w, size_t len)
{
    static const char *const names[] = {
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
        "sunday", "mon", "tue", "wed", "thu", "fri", "sat", "sun", "tues",
        "weds", "thur", "thurs"
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (word_is(w, len, names[i]))
            return 1;
    return 0;
}

/* Number of digits at s[i], counting no further than max + 1. */
static size_t
digits_at(const unsigned char *s, size_t n, size_t i, size_t max)
{
    size_t k = 0;
    while (i + k < n && k <= max && is_digit(s[i + k]))
        k++;
    return k;
}

/* After a day number: an ordinal suffix (st, nd, rd, th, d)?  Returns its
 * length, or 0. */
static size_t
ordinal_at(const unsigned char *s, size_t n, size_t i)
{
    size_t w = word_at(s, n, i);
    if (word_is(s + i, w, "st") || word_is(s + i, w, "nd") || word_is(s + i, w, "rd") ||
        word_is(s + i, w, "th") || word_is(s + i, w, "d"))
        return w;
    return 0;
}

/* A word-form year at s[i]: ["A.D." | "A. D." | "AD"] YYYY, not followed
 * by a letter or digit.  Returns the end, or 0. */
static size_t
year_at(const unsigned char *s, size_t n, size_t i, int *year)
{
    if (i < n && s[i] == 'A') {
        size_t j = i + 1;
        if (j < n && s[j] == '.') {
            j = skip_ws(s, n, j + 1);
            if (j < n && s[j] == 'D' && j + 1 < n && s[j + 1] == '.')
                j += 2;
            else
                return 0;
        } else if (j < n && s[j] == 'D') {
            j++;
        } else {
            return 0;
        }
        if (j < n && s[j] == ',')
            j++;   /* "A.D., 1905" */
        size_t k = skip_ws(s, n, j);
        if (k == j)
            return 0;
        i = k;
    }
    if (digits_at(s, n, i, 4) != 4)
        return 0;
    if (i + 4 < n && is_alnum(s[i + 4]))
        return 0;
    *year = digits_value(s + i, 4);
    return *year >= 1 ? i + 4 : 0;
}

static void
set_day(date_match_t *m, int y, int mo, int d)
{
    m->span.first = m->span.last = date_make(y, mo, d);
    m->precision = DATE_PREC_DAY;
}

static void
set_month(date_match_t *m, int y, int mo)
{
    m->span.first = date_make(y, mo, 1);
    m->span.last = date_make(y, mo, date_days_in_month(y, mo));
    m->precision = DATE_PREC_MONTH;
}

/* Month-first forms; the month name (mon) is the wl letters at s[i]. */
static size_t
scan_month_first(const unsigned char *s, size_t n, size_t i, int mon, size_t wl,
                 date_match_t *m)
{
    size_t j = i + wl;
    int dot = 0, comma = 0;
    if (j < n && s[j] == '.') {
        j++;
        dot = 1;
    }
    size_t k = skip_ws(s, n, j);
    if (k < n && s[k] == ',') {
        comma = 1;
        k = skip_ws(s, n, k + 1);
    }
    if (k == j && !dot)
        return 0;   /* "March3" */
    int y;
    size_t w = word_at(s, n, k);
    if (!comma && word_is(s + k, w, "of")) {
        size_t e = skip_ws(s, n, k + w);
        if (e == k + w || !(e = year_at(s, n, e, &y)))
            return 0;
        set_month(m, y, mon);
        return e;
    }
    size_t nd = digits_at(s, n, k, 4);
    if (!comma && (nd == 1 || nd == 2)) {
        int d = digits_value(s + k, nd);
        size_t p = k + nd;
        p += ordinal_at(s, n, p);
        if (p < n && is_alnum(s[p]))
            return 0;
        size_t q = skip_ws(s, n, p);
        if (q < n && s[q] == ',')
            q = skip_ws(s, n, q + 1);
        else if (q == p)
            return 0;
        size_t e = year_at(s, n, q, &y);
        if (!e || !date_valid(y, mon, d))
            return 0;
        set_day(m, y, mon, d);
        return e;
    }
    size_t e = year_at(s, n, k, &y);
    if (!e)
        return 0;
    set_month(m, y, mon);
    return e;
}

/* Day-first forms: the day number starts at s[i]. */
static size_t
scan_day_first(const unsigned char *s, size_t n, size_t i, date_match_t *m)
{
    size_t nd = digits_at(s, n, i, 2);
    if (nd < 1 || nd > 2)
        return 0;
    int d = digits_value(s + i, nd), y, mon;
    size_t j = i + nd;
    size_t ord = ordinal_at(s, n, j);
    j += ord;
    if (!ord && j < n && s[j] == '-') {
        /* 03-Mar-2017 */
        size_t w = word_at(s, n, j + 1);
        if (!(mon = month_lookup(s + j + 1, w)))
            return 0;
        size_t p = j + 1 + w;
        if (p >= n || s[p] != '-')
            return 0;
        size_t e = year_at(s, n, p + 1, &y);
        if (!e || !date_valid(y, mon, d))
            return 0;
        set_day(m, y, mon, d);
        return e;
    }
    size_t k = skip_ws(s, n, j);
    if (k == j)
        return 0;
    size_t w = word_at(s, n, k);
    if (word_is(s + k, w, "day")) {
        size_t p = skip_ws(s, n, k + w);
        if (p == k + w)
            return 0;
        k = p;
        w = word_at(s, n, k);
        if (!word_is(s + k, w, "of"))
            return 0;
    }
    if (word_is(s + k, w, "of")) {
        size_t p = skip_ws(s, n, k + w);
        if (p == k + w)
            return 0;
        k = p;
        w = word_at(s, n, k);
    }
    if (!(mon = month_lookup(s + k, w)))
        return 0;
    size_t p = k + w;
    int dot = 0;
    if (p < n && s[p] == '.') {
        p++;
        dot = 1;
    }
    size_t q = skip_ws(s, n, p);
    if (q < n && s[q] == ',')
        q = skip_ws(s, n, q + 1);
    else if (q == p && !dot)
        return 0;
    size_t e = year_at(s, n, q, &y);
    if (!e || !date_valid(y, mon, d))
        return 0;
    set_day(m, y, mon, d);
    return e;
}

/* May the numeric date ending at s[e] end there? */
static int
numeric_end_ok(const unsigned char *s, size_t n, size_t e, unsigned char sep)
{
    if (e >= n)
        return 1;
    if (is_alnum(s[e]))
        return 0;
    return !(s[e] == sep && e + 1 < n && is_digit(s[e + 1]));
}

/* Forms that start with a digit. */
static size_t
scan_numeric(const unsigned char *s, size_t n, size_t i, date_order_t order,
             int allow_year, date_match_t *m)
{
    size_t nd = digits_at(s, n, i, 4);
    if (nd == 4) {
        int y = digits_value(s + i, 4);
        size_t j = i + 4;
        if (y < 1)
            return 0;
        if (j + 1 < n && (s[j] == '-' || s[j] == '/' || s[j] == '.') && is_digit(s[j + 1])) {
            unsigned char sep = s[j];
            size_t n2 = digits_at(s, n, j + 1, 2);
            if (n2 > 2)
                return 0;
            int mo = digits_value(s + j + 1, n2);
            size_t p = j + 1 + n2;
            if (p + 1 < n && s[p] == sep && is_digit(s[p + 1])) {
                size_t n3 = digits_at(s, n, p + 1, 2);
                if (n3 > 2)
                    return 0;
                int d = digits_value(s + p + 1, n3);
                size_t e = p + 1 + n3;
                if (!date_valid(y, mo, d))
                    return 0;
                int clock = sep == '-' && e + 1 < n && (s[e] == 'T' || s[e] == 't') &&
                            is_digit(s[e + 1]);
                if (!clock && !numeric_end_ok(s, n, e, sep))
                    return 0;
                set_day(m, y, mo, d);
                return e;
            }
            if (sep != '-' || n2 != 2 || mo < 1 || mo > 12)
                return 0;
            if (p < n && (is_alnum(s[p]) || ((s[p] == '-' || s[p] == '/' || s[p] == '.') &&
                                              p + 1 < n && is_digit(s[p + 1]))))
                return 0;
            set_month(m, y, mo);
            return p;
        }
        if (!allow_year || (j < n && is_alnum(s[j])))
            return 0;
        m->span.first = date_make(y, 1, 1);
        m->span.last = date_make(y, 12, 31);
        m->precision = DATE_PREC_YEAR;
        return j;
    }
    if (nd < 1 || nd > 2)
        return 0;
    size_t j = i + nd;
    if (j + 1 < n && (s[j] == '/' || s[j] == '-' || s[j] == '.') && is_digit(s[j + 1])) {
        unsigned char sep = s[j];
        size_t n2 = digits_at(s, n, j + 1, 2);
        if (n2 > 2)
            return 0;
        size_t p = j + 1 + n2;
        if (!(p + 1 < n && s[p] == sep && is_digit(s[p + 1])))
            return 0;
        size_t n3 = digits_at(s, n, p + 1, 4);
        int y;
        if (n3 == 4)
            y = digits_value(s + p + 1, 4);
        else if (n3 == 2 && sep == '/')
            y = digits_value(s + p + 1, 2), y += y >= 69 ? 1900 : 2000;
        else
            return 0;
        size_t e = p + 1 + n3;
        if (!numeric_end_ok(s, n, e, sep))
            return 0;
        int a = digits_value(s + i, nd), b = digits_value(s + j + 1, n2);
        int mo = order == DATE_ORDER_DMY ? b : a, d = order == DATE_ORDER_DMY ? a : b;
        if (!date_valid(y, mo, d)) {
            int t = mo;
            mo = d;
            d = t;
            if (!date_valid(y, mo, d))
                return 0;
        }
        set_day(m, y, mo, d);
        return e;
    }
    return scan_day_first(s, n, i, m);
}

/* A date without a leading weekday. */
static size_t
scan_body(const unsigned char *s, size_t n, size_t i, date_order_t order, int allow_year,
          date_match_t *m)
{
    if (i >= n)
        return 0;
    if (is_digit(s[i]))
        return scan_numeric(s, n, i, order, allow_year, m);
    size_t w = word_at(s, n, i);
    int mon = month_lookup(s + i, w);
    return mon ? scan_month_first(s, n, i, mon, w, m) : 0;
}

size_t
date_scan(const char *str, size_t n, date_order_t order, int allow_year, date_match_t *out)
{
    if (!str || n == 0)
        return 0;
    const unsigned char *s = (const unsigned char *)str;
    date_match_t m;
    memset(&m, 0, sizeof m);
    size_t e = 0;
    if (is_digit(s[0])) {
        e = scan_numeric(s, n, 0, order, allow_year, &m);
    } else if (is_alpha(s[0])) {
        size_t w = word_at(s, n, 0);
        int mon = month_lookup(s, w);
        if (mon) {
            e = scan_month_first(s, n, 0, mon, w, &m);
        } else if (weekday_lookup(s, w)) {
            size_t j = w;
            if (j < n && s[j] == '.')
                j++;
            size_t k = skip_ws(s, n, j);
            if (k < n && s[k] == ',')
                k = skip_ws(s, n, k + 1);
            if (k > w) {
                size_t tw = word_at(s, n, k);
                if (word_is(s + k, tw, "the")) {
                    size_t p = skip_ws(s, n, k + tw);
                    k = p > k + tw ? p : n;
                }
                e = scan_body(s, n, k, order, 0, &m);
                if (m.precision != DATE_PREC_DAY)
                    e = 0;
            }
        }
    }
    if (!e)
        return 0;
    m.start = 0;
    m.end = e;
    if (out)
        *out = m;
    return e;
}

const char *
date_source_name(date_source_t src)
{
    switch (src) {
    case DATE_SRC_METADATA: return "metadata";
    case DATE_SRC_DATELINE: return "dateline";
    case DATE_SRC_FILENAME: return "filename";
    case DATE_SRC_MTIME: return "mtime";
    case DATE_SRC_MENTION: return "mention";
    case DATE_SRC_NONE: break;
    }
    return "none";
}

/* Could a date start at s[i]?  (A word boundary, and not the middle of a
 * numeric run such as the "03" of "1.03.2017".) */
static int
date_start_ok(const unsigned char *s, size_t i)
{
    if (i == 0)
        return 1;
    if (is_alnum(s[i - 1]))
        return 0;
    if (is_digit(s[i]) && i >= 2 && (s[i - 1] == '/' || s[i - 1] == '-' || s[i - 1] == '.') &&
        is_digit(s[i - 2]))
        return 0;
    return 1;
}

/* Can a date (or a weekday before one) start with this byte? */
static int
date_first_byte(unsigned char c)
{
    if (is_digit(c))
        return 1;
    switch (lower(c)) {
    case 'a': case 'd': case 'f': case 'j': case 'm': case 'n': case 'o':
    case 's': case 't': case 'w':
        return 1;
    }
    return 0;
}

/* A dash between the days of a range at s[i] ("-", en dash, em dash),
 * with white space around it; returns the bytes to the next day, or 0. */
static size_t
range_dash_at(const unsigned char *s, size_t n, size_t i)
{
    size_t j = skip_ws(s, n, i);
    if (j < n && s[j] == '-')
        j++;
    else if (j + 2 < n && s[j] == 0xE2 && s[j + 1] == 0x80 && (s[j + 2] == 0x93 || s[j + 2] == 0x94))
        j += 3;
    else
        return 0;
    return skip_ws(s, n, j) - i;
}

/* A day number of one or two digits at s[i] (not followed by a digit);
 * its value, or 0. */
static int
range_day_at(const unsigned char *s, size_t n, size_t i, size_t *len)
{
    size_t k = digits_at(s, n, i, 2);
    if (k == 0 || k > 2)
        return 0;
    *len = k;
    return k == 1 ? s[i] - '0' : (s[i] - '0') * 10 + (s[i + 1] - '0');
}

/* A four-digit year at s[i], not followed by a digit; or 0. */
static int
range_year_at(const unsigned char *s, size_t n, size_t i)
{
    if (digits_at(s, n, i, 4) != 4)
        return 0;
    return (s[i] - '0') * 1000 + (s[i + 1] - '0') * 100 + (s[i + 2] - '0') * 10 + (s[i + 3] - '0');
}

/* A month's name at s[i] ("Feb." with its dot): its length, or 0. */
static size_t
range_month_at(const unsigned char *s, size_t n, size_t i, int *mon)
{
    size_t w = word_at(s, n, i);
    if (!(*mon = month_lookup(s + i, w)))
        return 0;
    return i + w < n && s[i + w] == '.' ? w + 1 : w;
}

/* "27-28" at s[i] (or with an en or em dash): the two days; the length,
 * or 0. */
static size_t
range_days_at(const unsigned char *s, size_t n, size_t i, int *d1, int *d2)
{
    size_t j = i, k, dl;
    if (!(*d1 = range_day_at(s, n, j, &dl)))
        return 0;
    j += dl;
    if (!(k = range_dash_at(s, n, j)))
        return 0;
    j += k;
    if (!(*d2 = range_day_at(s, n, j, &dl)))
        return 0;
    return j + dl - i;
}

/* White space that must be there at s[j]: the index after it, or 0. */
static size_t
range_space_at(const unsigned char *s, size_t n, size_t j)
{
    size_t k = skip_ws(s, n, j);
    return k > j ? k : 0;
}

/*
 * A range of days in one month at s[i]: "February 27-28, 2019" (also with
 * an en or em dash, "Feb." and no comma) or "27-28 February 2019".  Fills
 * the month's first and last day of the range and returns its length, or
 * 0.
 */
static size_t
day_range_at(const unsigned char *s, size_t n, size_t i, int32_t *first, int32_t *last)
{
    int mon, d1, d2, y;
    size_t j = i, k;
    if (is_alpha(s[i])) {
        /* February 27-28, 2019 */
        if (!(k = range_month_at(s, n, j, &mon)) || !(j = range_space_at(s, n, j + k)))
            return 0;
        if (!(k = range_days_at(s, n, j, &d1, &d2)))
            return 0;
    } else {
        /* 27-28 February 2019 */
        if (!(k = range_days_at(s, n, j, &d1, &d2)) || !(j = range_space_at(s, n, j + k)))
            return 0;
        if (!(k = range_month_at(s, n, j, &mon)))
            return 0;
    }
    j += k;
    if (j < n && s[j] == ',')
        j++;
    if (!(j = range_space_at(s, n, j)))
        return 0;
    if (!(y = range_year_at(s, n, j)))
        return 0;
    j += 4;
    if (d1 >= d2 || !date_valid(y, mon, d1) || !date_valid(y, mon, d2))
        return 0;
    *first = date_make(y, mon, d1);
    *last = date_make(y, mon, d2);
    return j - i;
}

void
date_find_mentions(const char *text, size_t len, date_order_t order, date_mention_cb cb,
                   void *ctx)
{
    if (!text || !cb)
        return;
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;
    while (i < len) {
        if (!is_alnum(s[i])) {
            i++;
            continue;
        }
        if (date_start_ok(s, i) && date_first_byte(s[i])) {
            date_match_t m;
            int32_t first, last;
            size_t k = day_range_at(s, len, i, &first, &last);
            if (k) {
                /* Every day of the range is mentioned. */
                m.precision = DATE_PREC_DAY;
                m.start = i;
                m.end = i + k;
                for (int32_t d = first; d <= last; d++) {
                    m.span.first = m.span.last = d;
                    if (cb(&m, ctx))
                        return;
                }
                i += k;
                continue;
            }
            k = date_scan(text + i, len - i, order, 0, &m);
            if (k && (m.precision == DATE_PREC_DAY ||
                      (m.precision == DATE_PREC_MONTH && is_alpha(s[i])))) {
                m.start = i;
                m.end = i + k;
                if (cb(&m, ctx))
                    return;
                i += k;
                continue;
            }
        }
        while (i < len && is_alnum(s[i]))
            i++;
    }
}

/* ---- Datelines -------------------------------------------------------- */

#define DL_TOP_LINES 5
#define DL_TOP_BYTES 1000
#define DL_FOOT_LINES 3
#define DL_FOOT_BYTES 400
#define DL_CLAUSE_LINES 6
#define DL_CLAUSE_BYTES 1200
#define DL_LINE_HEAD 200
#define DL_PREFIX_BYTES 80
#define DL_PREFIX_WORDS 8

/* Bytes of a decoration or separator character at s[i] in a prefix:
 * dashes, bullets, double quotes, guillemets and ASCII punctuation; 0 if
 * none.  Apostrophes (' and U+2019) are kept inside words ("St. Mary's"). */
static size_t
deco_at(const unsigned char *s, size_t n, size_t i)
{
    unsigned char c = s[i];
    if (c < 0x80)
        return strchr("#*_>|()[]\"/,:;-~=+", c) && c ? 1 : 0;
    if (c == 0xE2 && i + 2 < n && s[i + 1] == 0x80) {
        unsigned char d = s[i + 2];
        /* U+2010-U+2015 dashes, U+2018 and U+201A-U+201F quotes, U+2022
         * bullet, U+2026 ellipsis, U+2039/U+203A angle quotes */
        if ((d >= 0x90 && d <= 0x9F && d != 0x99) || d == 0xA2 || d == 0xA6 || d == 0xB9 ||
            d == 0xBA)
            return 3;
    }
    if (c == 0xC2 && i + 1 < n && (s[i + 1] == 0xAB || s[i + 1] == 0xBB || s[i + 1] == 0xB7))
        return 2;   /* « » · */
    return 0;
}

/* A dash or bar that separates a dateline from the text on its line. */
static size_t
dash_at(const unsigned char *s, size_t n, size_t i)
{
    if (i >= n)
        return 0;
    if (s[i] == '-' || s[i] == '|' || s[i] == '~')
        return 1;
    if (s[i] == 0xE2 && i + 2 < n && s[i + 1] == 0x80 &&
        ((s[i + 2] >= 0x90 && s[i + 2] <= 0x95) || s[i + 2] == 0xA2))
        return 3;
    if (s[i] == 0xC2 && i + 1 < n && s[i + 1] == 0xB7)
        return 2;
    return 0;
}

static const char *const dl_stopwords[] = {
    "a", "an", "on", "in", "at", "by", "for", "from", "to", "of", "since", "until",
    "till", "before", "after", "during", "through", "between", "and", "or", "but",
    "nor", "as", "than", "that", "this", "these", "those", "which", "when", "while",
    "where", "whereas", "whereby", "yesterday", "today", "tonight", "tomorrow", "last",
    "next", "approved", "accessed", "retrieved", "updated", "revised", "modified",
    "amended", "expires", "expired", "due", "ended", "ending", "beginning", "starting",
    "effective", "is", "was", "were", "be", "been", "will", "would", "shall", "should",
    "may", "can", "could", "must", "not", "we", "i", "he", "she", "they", "it", "you",
    "our", "his", "her", "their", "its", "with", "about", "around", "circa", "ca",
    "born", "died", "enacted", "signed", "passed", "held", "dated"
};

/* Release labels, as word sequences; "dated" is a label even though it
 * is also a stop word (a label is looked for first).  The first
 * DL_STRONG_LABELS may be followed by anything on their line (a press
 * release often runs "FOR IMMEDIATE RELEASE: March 3, 2017 Contact: ..."),
 * the others only by what rule (x) or (y) allows, since "Proclamation
 * 4074, dated August 15, 1971, terminated..." is prose. */
#define DL_STRONG_LABELS 5
static const char *const dl_labels[][4] = {
    { "for", "immediate", "release" }, { "immediate", "release" },
    { "embargoed", "until" }, { "embargoed", "for", "release" }, { "for", "release", "on" },
    { "for", "release" }, { "released" }, { "release" }, { "release", "date" },
    { "date" }, { "dated" }, { "issued" }, { "issue", "date" }, { "date", "issued" },
    { "date", "of", "issue" }, { "published" }, { "publication", "date" },
    { "date", "published" }, { "posted" }, { "posted", "on" }, { "published", "on" },
    { "released", "on" }, { "issued", "on" }, { "date", "of", "release" },
    { "letter", "dated" }, { "date", "of", "letter" },
};

typedef struct dl_word {
    size_t b, e;   /* bytes of the word */
} dl_word_t;

/*
 * Cut the prefix s[b..e) into words, dropping decoration.  Returns the
 * number of words (at most max + 1: more means "too many").
 */
static size_t
dl_words(const unsigned char *s, size_t b, size_t e, dl_word_t *w, size_t max)
{
    size_t nw = 0, i = b;
    while (i < e) {
        size_t k = space_at(s, e, i);
        if (!k)
            k = deco_at(s, e, i);
        if (k) {
            i += k;
            continue;
        }
        size_t wb = i;
        while (i < e && !space_at(s, e, i) && !deco_at(s, e, i))
            i++;
        if (nw > max)
            return nw;
        w[nw].b = wb;
        w[nw].e = i;
        nw++;
    }
    return nw;
}

/* Case-insensitive comparison of a prefix word (ignoring a trailing dot)
 * with a lower-case literal. */
static int
dl_word_is(const unsigned char *s, const dl_word_t *w, const char *lit)
{
    size_t len = w->e - w->b;
    if (len > 1 && s[w->e - 1] == '.')
        len--;
    return word_is(s + w->b, len, lit);
}

/* Do the words w[0..nw) make a heading (rule (c))? */
static int
dl_heading(const unsigned char *s, const dl_word_t *w, size_t nw)
{
    if (nw > DL_PREFIX_WORDS)
        return 0;
    for (size_t i = 0; i < nw; i++) {
        unsigned char c = s[w[i].b];
        if (i == 0 && nw > 1 && c == 'B' && dl_word_is(s, &w[i], "by"))
            continue;
        if (is_digit(c) || dl_word_is(s, &w[i], "a.m") || dl_word_is(s, &w[i], "p.m"))
            continue;   /* a number or a clock time: "1:01 a.m., April 7, 1968" */
        if (!(c >= 'A' && c <= 'Z') && !is_digit(c) && c < 0x80 && c != '&' && c != '.')
            return 0;
        for (size_t k = 0; k < sizeof dl_stopwords / sizeof dl_stopwords[0]; k++)
            if (dl_word_is(s, &w[i], dl_stopwords[k]))
                return 0;
    }
    return 1;
}

/* Does the prefix pass?  Sets *label to 2 when it ends with a strong
 * release label, 1 for another label, 0 for none. */
static int
dl_prefix_ok(const unsigned char *s, size_t b, size_t e, int *label)
{
    dl_word_t w[DL_PREFIX_WORDS + 2];
    *label = 0;
    if (e - b > DL_PREFIX_BYTES)
        return 0;
    size_t nw = dl_words(s, b, e, w, DL_PREFIX_WORDS);
    if (nw == 0)
        return 1;
    for (size_t l = 0; l < sizeof dl_labels / sizeof dl_labels[0]; l++) {
        size_t ll = 0;
        while (ll < 4 && dl_labels[l][ll])
            ll++;
        if (ll > nw)
            continue;
        size_t k = 0;
        while (k < ll && dl_word_is(s, &w[nw - ll + k], dl_labels[l][k]))
            k++;
        if (k == ll && dl_heading(s, w, nw - ll)) {
            *label = l < DL_STRONG_LABELS ? 2 : 1;
            return 1;
        }
    }
    return dl_heading(s, w, nw);
}

/* A clock time and zone running to e: "at 10:00 a.m. EST", "2:30 PM". */
static int
dl_clock(const unsigned char *s, size_t i, size_t e)
{
    int digit = 0;
    while (i < e) {
        size_t k = space_at(s, e, i);
        if (!k && (s[i] == ',' || s[i] == '(' || s[i] == ')' || s[i] == '.'))
            k = 1;
        if (k) {
            i += k;
            continue;
        }
        size_t wb = i;
        while (i < e && !space_at(s, e, i) && s[i] != ',' && s[i] != '(' && s[i] != ')')
            i++;
        size_t len = i - wb;
        const unsigned char *w = s + wb;
        if ((w[0] == '+' || w[0] == '-') && len == 5 && digits_at(w, len, 1, 4) == 4) {
            digit = 1;
            continue;   /* a zone offset: +0000 */
        }
        if (is_digit(w[0])) {
            for (size_t j = 0; j < len; j++)
                if (!is_digit(w[j]) && w[j] != ':' && w[j] != '.' && lower(w[j]) != 'a' &&
                    lower(w[j]) != 'p' && lower(w[j]) != 'm')
                    return 0;
            digit = 1;
            continue;
        }
        if (word_is(w, len, "at") || word_is(w, len, "am") || word_is(w, len, "pm") ||
            word_is(w, len, "a.m.") || word_is(w, len, "p.m.") || word_is(w, len, "a.m") ||
            word_is(w, len, "p.m"))
            continue;
        if (len >= 2 && len <= 4) {
            size_t j = 0;
            while (j < len && w[j] >= 'A' && w[j] <= 'Z')
                j++;
            if (j == len)
                continue;   /* a time zone: EST, ET, GMT, UTC */
        }
        return 0;
    }
    return digit;
}

/* A byline running to e: "by Jane Doe", "By JANE DOE." */
static int
dl_byline(const unsigned char *s, size_t i, size_t e)
{
    size_t w = word_at(s, e, i);
    if (!word_is(s + i, w, "by"))
        return 0;
    int names = 0;
    for (i += w; i < e;) {
        size_t k = space_at(s, e, i);
        if (!k && s[i] && s[i] < 0x80 && strchr(".,;:)]*_!?\"'-", s[i]))
            k = 1;
        if (k) {
            i += k;
            continue;
        }
        if (!(s[i] >= 'A' && s[i] <= 'Z') && s[i] < 0x80)
            return 0;
        if (++names > 4)
            return 0;
        while (i < e && !space_at(s, e, i) && s[i] != ',')
            i++;
    }
    return names > 0;
}

/* Does the suffix s[i..e) pass?  dash: may a dash and then text follow. */
static int
dl_suffix_ok(const unsigned char *s, size_t i, size_t e, int dash)
{
    size_t k;
    while (i < e && (k = space_at(s, e, i)) != 0)
        i += k;
    if (i >= e)
        return 1;
    if (dash && dash_at(s, e, i))
        return 1;
    /* Closing punctuation, then nothing or a clock time. */
    size_t p = i;
    while (p < e) {
        if ((k = space_at(s, e, p)) != 0 ||
            (s[p] && s[p] < 0x80 && strchr(".,;:)]*_!?\"'", s[p]) && (k = 1)) ||
            (s[p] == 0xE2 && p + 2 < e && s[p + 1] == 0x80 &&
             (s[p + 2] == 0x99 || s[p + 2] == 0x9D) && (k = 3)) ||
            (s[p] == 0xC2 && p + 1 < e && s[p + 1] == 0xBB && (k = 2)))
            p += k;
        else
            break;
    }
    if (p >= e)
        return 1;
    return dl_clock(s, i, e) || dl_byline(s, p, e);
}

/* Is the line s[b..e) a dateline?  top: the line is in the top block. */
static int
dl_line(const unsigned char *s, size_t b, size_t e, date_order_t order, int top,
        date_match_t *out)
{
    size_t k;
    while (b < e && (k = space_at(s, e, b)) != 0)
        b += k;
    if (b + 3 <= e && s[b] == 0xEF && s[b + 1] == 0xBB && s[b + 2] == 0xBF)
        b += 3;   /* a byte order mark */
    size_t head = e - b > DL_LINE_HEAD ? b + DL_LINE_HEAD : e;
    for (size_t p = b; p < head;) {
        if (!is_alnum(s[p])) {
            p++;
            continue;
        }
        if (date_start_ok(s + b, p - b) && date_first_byte(s[p])) {
            date_match_t m;
            size_t len = date_scan((const char *)s + p, e - p, order, 0, &m);
            if (len && m.precision == DATE_PREC_DAY) {
                int label;
                if (!dl_prefix_ok(s, b, p, &label))
                    return 0;
                if (label < 2 && !dl_suffix_ok(s, p + len, e, top))
                    return 0;
                m.start = p;
                m.end = p + len;
                *out = m;
                return 1;
            }
            if (len) {
                p += len;
                continue;
            }
        }
        while (p < head && is_alnum(s[p]))
            p++;
    }
    return 0;
}

/* End of the line that starts at i (the position of its line break). */
static size_t
line_end(const unsigned char *s, size_t n, size_t i)
{
    const void *nl = memchr(s + i, '\n', n - i);
    const void *cr = memchr(s + i, '\r', n - i);
    size_t e = nl ? (size_t)((const unsigned char *)nl - s) : n;
    if (cr && (size_t)((const unsigned char *)cr - s) < e)
        e = (size_t)((const unsigned char *)cr - s);
    return e;
}

static int
blank(const unsigned char *s, size_t b, size_t e)
{
    size_t k;
    while (b < e && (k = space_at(s, e, b)) != 0)
        b += k;
    return b >= e;
}

/* ---- Dating clauses --------------------------------------------------- */

/*
 * The closing formula of proclamations, treaties, deeds and contracts:
 * "IN WITNESS WHEREOF, I have hereunto set my hand this twenty-eighth day
 * of October, in the year of our Lord nineteen hundred and ninety-three",
 * "Done at the city of Washington, this 25th day of April, A. D. 1885",
 * "Given under my hand ... the 14th day of August, A. D. 1790".  The day
 * and the year may be written in words.
 */

static const char *const ord_words[] = {
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
    "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth",
    "sixteenth", "seventeenth", "eighteenth", "nineteenth", "twentieth"
};

static const char *const card_words[] = {
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
    "eighteen", "nineteen"
};

static const char *const tens_words[] = {
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"
};

static int
lookup(const char *const *tab, size_t nt, const unsigned char *w, size_t len)
{
    for (size_t i = 0; i < nt; i++)
        if (word_is(w, len, tab[i]))
            return (int)i + 1;
    return 0;
}

/* Position after a hyphen or spaces at i (the gap inside "twenty-first"),
 * or after a comma and spaces if comma is set ("one thousand, nine"). */
static size_t
word_gap(const unsigned char *s, size_t n, size_t i, int comma)
{
    if (i < n && s[i] == '-')
        return i + 1;
    if (comma && i < n && s[i] == ',')
        return skip_ws(s, n, i + 1);
    return skip_ws(s, n, i);
}

/* An ordinal day in words, "first" ... "thirty-first".  Returns the end. */
static size_t
ordinal_words(const unsigned char *s, size_t n, size_t i, int *v)
{
    size_t w = word_at(s, n, i);
    int k = lookup(ord_words, 20, s + i, w);
    if (k) {
        *v = k;
        return i + w;
    }
    if (word_is(s + i, w, "thirtieth")) {
        *v = 30;
        return i + w;
    }
    int base = word_is(s + i, w, "twenty") ? 20 : word_is(s + i, w, "thirty") ? 30 : 0;
    if (!base)
        return 0;
    size_t j = word_gap(s, n, i + w, 0);
    if (j == i + w)
        return 0;
    size_t w2 = word_at(s, n, j);
    k = lookup(ord_words, 9, s + j, w2);
    if (!k || base + k > 31)
        return 0;
    *v = base + k;
    return j + w2;
}

/* A number word: 1..19, or a multiple of ten, or the two run together as
 * transcriptions sometimes have them ("eightyone").  Returns the value. */
static int
number_word(const unsigned char *w, size_t len)
{
    int k = lookup(card_words, 19, w, len);
    if (k)
        return k;
    for (size_t t = 0; t < 8; t++) {
        size_t tl = strlen(tens_words[t]);
        if (len < tl || !word_is(w, tl, tens_words[t]))
            continue;
        if (len == tl)
            return (int)(t + 2) * 10;
        k = lookup(card_words, 9, w + tl, len - tl);
        return k ? (int)(t + 2) * 10 + k : 0;
    }
    return 0;
}

/*
 * A cardinal number in words ("nineteen hundred and ninety-three", "two
 * thousand twelve", "one thousand nine hundred and four"; a last part in
 * digits, "nineteen hundred and 83", is taken too).  Returns the end of
 * its last number, or 0.  An "and" after "hundred" or "thousand" must be
 * followed by a number, so that a number is never cut short into a wrong
 * one ("nineteen hundred and eighty-one" is never 1900).
 */
static size_t
cardinal_words(const unsigned char *s, size_t n, size_t i, int *v)
{
    int total = 0, cur = 0, words = 0, need = 0, scale = 0;
    size_t end = 0, j = i;
    for (int step = 0; step < 12 && j < n; step++) {
        size_t w = word_at(s, n, j);
        int k;
        if (w == 0 && is_digit(s[j]) && scale) {
            size_t nd = digits_at(s, n, j, 2);
            if (nd > 2 || (j + nd < n && is_alnum(s[j + nd])))
                return 0;
            cur += digits_value(s + j, nd);
            end = j + nd;
            need = 0;
            break;
        }
        if (w == 0 || w > 16)
            break;
        if (word_is(s + j, w, "and") && scale && !need) {
            need = 1;
        } else if ((k = number_word(s + j, w)) != 0) {
            cur += k;
            need = scale = 0;
        } else if (word_is(s + j, w, "hundred") && cur > 0 && cur < 100) {
            cur *= 100;
            scale = 1;
        } else if (word_is(s + j, w, "thousand") && cur > 0 && cur < 10 && total == 0) {
            total = cur * 1000;
            cur = 0;
            scale = 1;
        } else {
            break;
        }
        if (!need) {
            words++;
            end = j + w;
        }
        size_t g = word_gap(s, n, j + w, scale);
        if (g == j + w)
            break;
        if (s[j + w] == ',' && !number_word(s + g, word_at(s, n, g)))
            break;   /* "two thousand, and of the Independence" */
        j = g;
    }
    if (!words || need)
        return 0;
    /* A number cut short ("eighty-4", "ninety.two", "nineteen hundred
     * seventh-one") is refused rather than read as a smaller one. */
    if (end < n && (s[end] == '-' || s[end] == '.') && end + 1 < n && is_alnum(s[end + 1]))
        return 0;
    size_t g = word_gap(s, n, end, 0);
    if (g < n && g > end) {
        size_t w = word_at(s, n, g);
        if (is_digit(s[g]) || number_word(s + g, w) || lookup(ord_words, 20, s + g, w) ||
            word_is(s + g, w, "hundred") || word_is(s + g, w, "thousand"))
            return 0;
    }
    *v = total + cur;
    return end;
}

/* The date of a dating clause at s[i], after its "this" or "the". */
static size_t
clause_date(const unsigned char *s, size_t n, size_t i, date_match_t *m)
{
    int d, y, mon;
    size_t j;
    if (i < n && is_digit(s[i])) {
        size_t nd = digits_at(s, n, i, 2);
        if (nd > 2)
            return 0;
        d = digits_value(s + i, nd);
        j = i + nd;
        j += ordinal_at(s, n, j);
        if (j < n && is_alnum(s[j]))
            return 0;
    } else if (!(j = ordinal_words(s, n, i, &d))) {
        return 0;
    }
    size_t k = skip_ws(s, n, j);
    size_t w = word_at(s, n, k);
    if (k == j)
        return 0;
    if (word_is(s + k, w, "day")) {
        size_t p = skip_ws(s, n, k + w);
        if (p == k + w)
            return 0;
        k = p;
        w = word_at(s, n, k);
    }
    if (!word_is(s + k, w, "of"))
        return 0;
    size_t p = skip_ws(s, n, k + w);
    if (p == k + w)
        return 0;
    w = word_at(s, n, p);
    if (!(mon = month_lookup(s + p, w)))
        return 0;
    p += w;
    if (p < n && s[p] == '.')
        p++;
    size_t q = skip_ws(s, n, p);
    if (q < n && s[q] == ',')
        q = skip_ws(s, n, q + 1);
    else if (q == p)
        return 0;
    /* "in the year of our Lord", "in the year" */
    static const char *const year_of[] = { "in", "the", "year", "of", "our", "lord" };
    for (size_t t = 0; t < 6; t++) {
        w = word_at(s, n, q);
        if (!word_is(s + q, w, year_of[t])) {
            if (t != 0 && t != 3)
                return 0;
            break;
        }
        size_t r = skip_ws(s, n, q + w);
        if (t == 5 && r < n && s[r] == ',')
            r = skip_ws(s, n, r + 1);   /* "in the year of our Lord, one thousand" */
        if (r == q + w)
            return 0;
        q = r;
    }
    size_t e = year_at(s, n, q, &y);
    if (!e && !(e = cardinal_words(s, n, q, &y)))
        return 0;
    if (e < n && is_alnum(s[e]))
        return 0;
    if (!date_valid(y, mon, d) || y < 1000)
        return 0;
    set_day(m, y, mon, d);
    m->start = i;
    m->end = e;
    return e;
}

/* Does the line s[b..e) hold a dating clause?  "this" always introduces
 * one; "the" only within 120 bytes after a capitalised "Done", "Given" or
 * "Signed" ("Done at the city of New York, the 14th day of ..."). */
static int
dl_clause(const unsigned char *s, size_t b, size_t e, date_match_t *out)
{
    size_t formula = 0;   /* where the last formula word ended, plus one */
    for (size_t p = b; p < e;) {
        if (!is_alpha(s[p]) || (p > b && is_alnum(s[p - 1]))) {
            p++;
            continue;
        }
        size_t w = word_at(s, e, p);
        if (w > 16) {
            while (p < e && is_alpha(s[p]))
                p++;
            continue;
        }
        if ((s[p] == 'D' || s[p] == 'G' || s[p] == 'S') &&
            (word_is(s + p, w, "done") || word_is(s + p, w, "given") ||
             word_is(s + p, w, "signed")))
            formula = p + w + 1;
        if (word_is(s + p, w, "this") ||
            (formula && p < formula + 120 && word_is(s + p, w, "the"))) {
            size_t q = skip_ws(s, e, p + w);
            date_match_t m;
            if (q > p + w && clause_date(s, e, q, &m)) {
                *out = m;
                return 1;
            }
        }
        p += w;
    }
    return 0;
}

/* Is s[b..e) a line of prose: a sentence of DL_PROSE_WORDS words or more,
 * ending as sentences do?  (Titles and addresses seldom end so.) */
#define DL_PROSE_WORDS 12
static int
dl_prose(const unsigned char *s, size_t b, size_t e)
{
    while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r'))
        e--;
    if (e == b || !strchr(".:?!", s[e - 1]))
        return 0;
    int words = 0, in = 0;
    for (size_t i = b; i < e; i++) {
        int w = s[i] != ' ' && s[i] != '\t';
        words += w && !in;
        in = w;
    }
    return words >= DL_PROSE_WORDS;
}

int
date_find_dateline(const char *text, size_t len, date_order_t order, date_match_t *m)
{
    if (!text || len == 0)
        return 0;
    const unsigned char *s = (const unsigned char *)text;
    date_match_t tmp;
    if (!m)
        m = &tmp;

    /* The top: the first lines.  The line end is looked for only within
     * a bounded window, so a huge one-line text costs nothing more. */
    size_t win = len < DL_TOP_BYTES + DL_LINE_HEAD + 256 ? len : DL_TOP_BYTES + DL_LINE_HEAD + 256;
    size_t i = 0;
    int lines = 0;
    while (i < DL_TOP_BYTES && i < win && lines < DL_TOP_LINES) {
        size_t e = line_end(s, win, i);
        if (!blank(s, i, e)) {
            lines++;
            if (dl_line(s, i, e, order, 1, m))
                return 1;
            /* Below the first sentence of prose, a date alone on its line
             * heads something quoted (a communique read out), not the
             * document. */
            if (dl_prose(s, i, e))
                break;
        }
        i = e + newline_at(s, win, e);
        if (e >= win)
            break;
    }

    /* The foot: the last lines, read backwards to find where they start. */
    size_t lo = len > DL_CLAUSE_BYTES ? len - DL_CLAUSE_BYTES : 0;
    size_t starts[DL_CLAUSE_LINES], ends[DL_CLAUSE_LINES];
    int nl = 0;
    size_t e = len;
    while (nl < DL_CLAUSE_LINES && e > lo) {
        size_t b = e;
        while (b > lo && s[b - 1] != '\n' && s[b - 1] != '\r')
            b--;
        if (b == lo && lo > 0 && s[b - 1] != '\n' && s[b - 1] != '\r')
            break;   /* the line starts before the window */
        if (!blank(s, b, e)) {
            starts[nl] = b;
            ends[nl] = e;
            nl++;
        }
        if (b == 0)
            break;
        e = b - 1;
        if (e > 0 && s[e] == '\n' && s[e - 1] == '\r')
            e--;
    }
    for (int k = nl - 1; k >= 0; k--) {
        /* A line read as a top line fails the foot's line rule too (the
         * foot's is the stricter), but may still hold a dating clause. */
        if (k < DL_FOOT_LINES && starts[k] >= i && starts[k] + DL_FOOT_BYTES >= len &&
            dl_line(s, starts[k], ends[k], order, 0, m))
            return 1;
        if (dl_clause(s, starts[k], ends[k], m))
            return 1;
    }
    return 0;
}

/* ---- File names -------------------------------------------------------- */

int32_t
date_from_filename(const char *name)
{
    if (!name)
        return 0;
    const char *slash = strrchr(name, '/');
    const unsigned char *s = (const unsigned char *)(slash ? slash + 1 : name);
    size_t n = strlen((const char *)s);
    for (size_t i = 0; i + 8 <= n; i++) {
        if (!is_digit(s[i]) || (i > 0 && is_alnum(s[i - 1])))
            continue;
        if (digits_at(s, n, i, 8) == 8 && (i + 8 == n || !is_digit(s[i + 8]))) {
            int y = digits_value(s + i, 4), m = digits_value(s + i + 4, 2);
            int d = digits_value(s + i + 6, 2);
            if (y >= 1600 && y <= 2399 && date_valid(y, m, d))
                return date_make(y, m, d);
            continue;
        }
        /* 2017-03-03, 2017_03_03, 2017.03.03, 2017-3-3 */
        char sep = i + 4 < n ? (char)s[i + 4] : 0;
        if (digits_at(s, n, i, 4) == 4 && (sep == '-' || sep == '_' || sep == '.')) {
            size_t mi = i + 5, ml = digits_at(s, n, mi, 2);
            size_t di = mi + ml + 1;
            size_t dl = ml && mi + ml < n && s[mi + ml] == (unsigned char)sep
                            ? digits_at(s, n, di, 2) : 0;
            if (ml >= 1 && ml <= 2 && dl >= 1 && dl <= 2) {
                int y = digits_value(s + i, 4), m = digits_value(s + mi, ml);
                int d = digits_value(s + di, dl);
                if (y >= 1000 && date_valid(y, m, d))
                    return date_make(y, m, d);
            }
        }
    }
    return 0;
}

int
date_span_holds(date_span_t span, int32_t first, int32_t last)
{
    return !(span.first && first < span.first) && !(span.last && last > span.last);
}
