/*
 * date.h - calendar dates, and finding the dates written in documents.
 *
 * A day is held as an int32_t yyyymmdd (20170303); 0 means "no date".  A
 * span is an inclusive range of days, so "March 2017" is the span
 * [20170301, 20170331] and "2017" is [20170101, 20171231].
 *
 * The indexer uses this module to find a document's own date (its
 * dateline, near the top of the text) and every date mentioned anywhere in
 * it; search/datequery.h builds the query grammar (date:..., mentions:...)
 * on the same scanner, so a date a user types is read exactly as a date in
 * a document is.
 */
#ifndef DOSSIER_LIB_DATE_H
#define DOSSIER_LIB_DATE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* How to read an all-numeric date such as 03/04/2017. */
typedef enum date_order {
    DATE_ORDER_MDY = 0,   /* 03/04/2017 is March 4 (US usage, the default) */
    DATE_ORDER_DMY = 1    /* 03/04/2017 is 3 April */
} date_order_t;

/* What a written date pins down. */
typedef enum date_precision {
    DATE_PREC_NONE = 0,
    DATE_PREC_YEAR,
    DATE_PREC_MONTH,
    DATE_PREC_DAY
} date_precision_t;

typedef struct date_span {
    int32_t first;   /* yyyymmdd, or 0 for an open start */
    int32_t last;    /* yyyymmdd, or 0 for an open end */
} date_span_t;

/* 1 if the days first..last (yyyymmdd) lie wholly inside span (whose
 * open ends hold everything): how a mention is matched by mentions:. */
int date_span_holds(date_span_t span, int32_t first, int32_t last);

/* ---- Calendar arithmetic ------------------------------------------- */

/* 1 if y-m-d is a real day of the proleptic Gregorian calendar with
 * 1 <= y <= 9999. */
int date_valid(int y, int m, int d);
int date_days_in_month(int y, int m);
/* yyyymmdd from parts (no validation). */
int32_t date_make(int y, int m, int d);
int date_year(int32_t day);
int date_month(int32_t day);
int date_mday(int32_t day);
/* Days since 1970-01-01 and back (valid days only). */
int64_t date_to_days(int32_t day);
int32_t date_from_days(int64_t days);
/* Day of week, 0 = Monday ... 6 = Sunday. */
int date_weekday(int32_t day);
int32_t date_add_days(int32_t day, int64_t n);
/* Add n months, clamping the day to the month's length (Jan 31 + 1 = Feb 28). */
int32_t date_add_months(int32_t day, int n);
/* The local calendar day of a time_t. */
int32_t date_from_time(time_t t);
/* Write YYYY-MM-DD (11 bytes with the NUL); "" for 0. */
void date_format(int32_t day, char out[11]);
/* Parse exactly YYYY-MM-DD or YYYYMMDD (whole string); 0 if not a day. */
int32_t date_parse_iso(const char *s);

/* ---- Reading dates in text ------------------------------------------ */

typedef struct date_match {
    date_span_t span;            /* the day, month or year written */
    date_precision_t precision;
    size_t start, end;           /* bytes of the match in the scanned text */
} date_match_t;

/*
 * Read one date written at the very start of s[0..n): "March 3, 2017",
 * "Mar. 3, 2017", "3 March 2017", "Friday, March 3, 2017", "2017-03-03",
 * "03/03/2017" (read with order), "04.24.2019", "March 2017", "2017-03".
 * A bare year is accepted only if allow_year is set.  Returns the number
 * of bytes read (0 if no date starts there) and fills *m (start = 0).
 */
size_t date_scan(const char *s, size_t n, date_order_t order, int allow_year,
                 date_match_t *m);

/* Where a document's date came from; stored with the document. */
typedef enum date_source {
    DATE_SRC_NONE = 0,
    DATE_SRC_METADATA,   /* front matter or an HTML <meta> */
    DATE_SRC_DATELINE,   /* the dateline near the top of the text */
    DATE_SRC_FILENAME,   /* 2017-03-03-letter.txt, 20170303_x.txt */
    DATE_SRC_MTIME,      /* the file's modification time */
    DATE_SRC_MENTION     /* no better date: the first full date in the body */
} date_source_t;

/* "metadata", "dateline", "filename", "mtime", "mention", "none". */
const char *date_source_name(date_source_t src);

/*
 * Find the dateline of a document: the first full date (day precision)
 * standing near the top of the text, i.e. in the first few non-empty
 * lines, either alone on its line or in a dateline form such as
 * "FOR IMMEDIATE RELEASE – March 3, 2017" or "WASHINGTON, D.C. — March 3,
 * 2017 —".  A date inside running prose ("On March 2, 2017 Senators...")
 * is not a dateline.  Failing that, a date standing alone in the last few
 * lines (under a signature: "THE WHITE HOUSE,\nMarch 19, 2018.") or the
 * dating clause of a formal instrument there ("Done ... this 25th day of
 * April, A. D. 1885") is taken.  The exact rule is described at the top
 * of date.c.  Returns 1 and fills *m (offsets into text) if found.
 */
int date_find_dateline(const char *text, size_t len, date_order_t order,
                       date_match_t *m);

/* A date in a file name (the last path component): YYYY-MM-DD, YYYY_MM_DD,
 * YYYYMMDD at a word boundary.  Returns the day or 0. */
int32_t date_from_filename(const char *name);

/*
 * Call cb for every date mentioned in text (day or month precision; bare
 * years are too ambiguous to count as mentions).  cb returns 0 to go on.
 */
typedef int (*date_mention_cb)(const date_match_t *m, void *ctx);
void date_find_mentions(const char *text, size_t len, date_order_t order,
                        date_mention_cb cb, void *ctx);

#endif
