/*
 * test-date.c - calendar arithmetic and reading dates in text (lib/date.h).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/date.h"
#include "testutil.h"
#include "util/buf.h"

#define MDY DATE_ORDER_MDY
#define DMY DATE_ORDER_DMY
#define P_Y DATE_PREC_YEAR
#define P_M DATE_PREC_MONTH
#define P_D DATE_PREC_DAY

/* A copy of s in a buffer of exactly its length (no NUL after it), so
 * that AddressSanitizer catches any read past n. */
static char *
exact(const char *s, size_t n)
{
    char *p = malloc(n ? n : 1);
    memcpy(p, s, n);
    return p;
}

/* ---- Calendar arithmetic ------------------------------------------- */

START_TEST(test_valid)
{
    ck_assert(date_valid(2000, 2, 29));
    ck_assert(!date_valid(1900, 2, 29));
    ck_assert(date_valid(2016, 2, 29));
    ck_assert(!date_valid(2017, 2, 29));
    ck_assert(!date_valid(2017, 2, 30));
    ck_assert(!date_valid(2017, 4, 31));
    ck_assert(date_valid(2017, 12, 31));
    ck_assert(!date_valid(2017, 13, 1));
    ck_assert(!date_valid(2017, 0, 1));
    ck_assert(!date_valid(2017, 1, 0));
    ck_assert(!date_valid(0, 1, 1));
    ck_assert(date_valid(1, 1, 1));
    ck_assert(date_valid(9999, 12, 31));
    ck_assert(!date_valid(10000, 1, 1));
    ck_assert_int_eq(date_days_in_month(2024, 2), 29);
    ck_assert_int_eq(date_days_in_month(2100, 2), 28);
    ck_assert_int_eq(date_days_in_month(2017, 9), 30);
    ck_assert_int_eq(date_days_in_month(2017, 13), 0);
}
END_TEST

START_TEST(test_parts)
{
    int32_t d = date_make(2017, 3, 3);
    ck_assert_int_eq(d, 20170303);
    ck_assert_int_eq(date_year(d), 2017);
    ck_assert_int_eq(date_month(d), 3);
    ck_assert_int_eq(date_mday(d), 3);
}
END_TEST

START_TEST(test_days)
{
    ck_assert_int_eq(date_to_days(19700101), 0);
    ck_assert_int_eq(date_to_days(19700102), 1);
    ck_assert_int_eq(date_to_days(19691231), -1);
    ck_assert_int_eq(date_to_days(20000301), 11017);
    ck_assert_int_eq(date_to_days(20170303), 17228);
    ck_assert_int_eq(date_from_days(17228), 20170303);
    ck_assert_int_eq(date_from_days(-719162), 10101);
    ck_assert_int_eq(date_from_days(2932896), 99991231);
    ck_assert_int_eq(date_from_days(2932897), 0);
    ck_assert_int_eq(date_from_days(-719163), 0);
    ck_assert_int_eq(date_from_days(INT64_MAX), 0);
    ck_assert_int_eq(date_from_days(INT64_MIN), 0);
    /* Every day from 0001-01-01 to 9999-12-31 follows the one before. */
    int32_t prev = date_from_days(-719162);
    for (int64_t n = -719161; n <= 2932896; n++) {
        int32_t d = date_from_days(n);
        int y = date_year(prev), m = date_month(prev), dd = date_mday(prev);
        int32_t want = dd < date_days_in_month(y, m) ? date_make(y, m, dd + 1)
                       : m < 12 ? date_make(y, m + 1, 1) : date_make(y + 1, 1, 1);
        if (d != want || date_to_days(d) != n)
            ck_abort_msg("day %lld: got %d, want %d", (long long)n, d, want);
        prev = d;
    }
}
END_TEST

START_TEST(test_weekday)
{
    ck_assert_int_eq(date_weekday(19700101), 3);   /* Thursday */
    ck_assert_int_eq(date_weekday(20170303), 4);   /* Friday */
    ck_assert_int_eq(date_weekday(20000101), 5);   /* Saturday */
    ck_assert_int_eq(date_weekday(20261124), 1);   /* Tuesday */
    ck_assert_int_eq(date_weekday(20261129), 6);   /* Sunday */
    ck_assert_int_eq(date_weekday(19691229), 0);   /* Monday */
    ck_assert_int_eq(date_weekday(10101), 0);      /* 0001-01-01, a Monday */
}
END_TEST

START_TEST(test_add)
{
    ck_assert_int_eq(date_add_days(20161231, 1), 20170101);
    ck_assert_int_eq(date_add_days(20160228, 1), 20160229);
    ck_assert_int_eq(date_add_days(20170228, 1), 20170301);
    ck_assert_int_eq(date_add_days(20170301, -1), 20170228);
    ck_assert_int_eq(date_add_days(20170303, 365), 20180303);
    ck_assert_int_eq(date_add_days(20170303, 0), 20170303);
    ck_assert_int_eq(date_add_days(10101, -1), 0);
    ck_assert_int_eq(date_add_days(99991231, 1), 0);
    ck_assert_int_eq(date_add_days(20170230, 1), 0);
    ck_assert_int_eq(date_add_days(20170303, INT64_MAX), 0);
    ck_assert_int_eq(date_add_months(20170131, 1), 20170228);
    ck_assert_int_eq(date_add_months(20160131, 1), 20160229);
    ck_assert_int_eq(date_add_months(20170331, -1), 20170228);
    ck_assert_int_eq(date_add_months(20171215, 1), 20180115);
    ck_assert_int_eq(date_add_months(20170115, -1), 20161215);
    ck_assert_int_eq(date_add_months(20160229, 12), 20170228);
    ck_assert_int_eq(date_add_months(20170531, -3), 20170228);
    ck_assert_int_eq(date_add_months(20170303, -24), 20150303);
    ck_assert_int_eq(date_add_months(99991201, 1), 0);
    ck_assert_int_eq(date_add_months(10101, -1), 0);
    ck_assert_int_eq(date_add_months(20170303, 2000000000), 0);
    ck_assert_int_eq(date_add_months(20170303, -2000000000), 0);
}
END_TEST

START_TEST(test_format_parse)
{
    char out[11];
    date_format(20170303, out);
    ck_assert_str_eq(out, "2017-03-03");
    date_format(10101, out);
    ck_assert_str_eq(out, "0001-01-01");
    date_format(0, out);
    ck_assert_str_eq(out, "");
    date_format(20171340, out);
    ck_assert_str_eq(out, "");
    ck_assert_int_eq(date_parse_iso("2017-03-03"), 20170303);
    ck_assert_int_eq(date_parse_iso("20170303"), 20170303);
    ck_assert_int_eq(date_parse_iso("2016-02-29"), 20160229);
    ck_assert_int_eq(date_parse_iso("2017-02-29"), 0);
    ck_assert_int_eq(date_parse_iso("2017-3-3"), 0);
    ck_assert_int_eq(date_parse_iso("2017-03-03x"), 0);
    ck_assert_int_eq(date_parse_iso(" 2017-03-03"), 0);
    ck_assert_int_eq(date_parse_iso("2017/03/03"), 0);
    ck_assert_int_eq(date_parse_iso("2017030"), 0);
    ck_assert_int_eq(date_parse_iso(""), 0);
    ck_assert_int_eq(date_parse_iso(NULL), 0);
}
END_TEST

START_TEST(test_from_time)
{
    setenv("TZ", "UTC", 1);
    tzset();
    ck_assert_int_eq(date_from_time(0), 19700101);
    ck_assert_int_eq(date_from_time(1488499200), 20170303);   /* 2017-03-03 00:00 UTC */
    ck_assert_int_eq(date_from_time(1488499200 - 1), 20170302);
}
END_TEST

START_TEST(test_source_name)
{
    ck_assert_str_eq(date_source_name(DATE_SRC_NONE), "none");
    ck_assert_str_eq(date_source_name(DATE_SRC_METADATA), "metadata");
    ck_assert_str_eq(date_source_name(DATE_SRC_DATELINE), "dateline");
    ck_assert_str_eq(date_source_name(DATE_SRC_FILENAME), "filename");
    ck_assert_str_eq(date_source_name(DATE_SRC_MTIME), "mtime");
    ck_assert_str_eq(date_source_name(DATE_SRC_MENTION), "mention");
    ck_assert_str_eq(date_source_name((date_source_t)99), "none");
}
END_TEST

/* ---- date_scan ------------------------------------------------------- */

typedef struct scan_case {
    const char *text;
    date_order_t order;
    int allow_year;
    size_t len;               /* bytes read; 0 = no date */
    int32_t first, last;
    date_precision_t prec;
} scan_case_t;

static const scan_case_t scan_cases[] = {
    { "March 3, 2017", MDY, 0, 13, 20170303, 20170303, P_D },
    { "Mar. 3, 2017", MDY, 0, 12, 20170303, 20170303, P_D },
    { "Sept. 3, 2017", MDY, 0, 13, 20170903, 20170903, P_D },
    { "Sep 3 2017", MDY, 0, 10, 20170903, 20170903, P_D },
    { "SEPT 30, 2017", MDY, 0, 13, 20170930, 20170930, P_D },
    { "3 March 2017", MDY, 0, 12, 20170303, 20170303, P_D },
    { "3 mar. 2017", MDY, 0, 11, 20170303, 20170303, P_D },
    { "Friday, March 3, 2017", MDY, 0, 21, 20170303, 20170303, P_D },
    { "Fri. 3 March 2017", MDY, 0, 17, 20170303, 20170303, P_D },
    /* The weekday is read but not checked: a wrong one keeps the date. */
    { "Monday, March 3, 2017", MDY, 0, 21, 20170303, 20170303, P_D },
    { "Tuesday the 3rd of March, 2015", MDY, 0, 30, 20150303, 20150303, P_D },
    { "Friday, March 2017", MDY, 0, 0, 0, 0, 0 },
    { "2017-03-03", MDY, 0, 10, 20170303, 20170303, P_D },
    { "2017/03/03", DMY, 0, 10, 20170303, 20170303, P_D },
    { "2017.3.3", MDY, 0, 8, 20170303, 20170303, P_D },
    { "2017-03-03T10:00:00Z", MDY, 0, 10, 20170303, 20170303, P_D },
    { "03/03/2017", MDY, 0, 10, 20170303, 20170303, P_D },
    /* Ambiguous numeric dates follow the order... */
    { "03/04/2017", MDY, 0, 10, 20170304, 20170304, P_D },
    { "03/04/2017", DMY, 0, 10, 20170403, 20170403, P_D },
    { "3-4-2017", DMY, 0, 8, 20170403, 20170403, P_D },
    /* ...unless only the other reading is a day. */
    { "13/04/2017", MDY, 0, 10, 20170413, 20170413, P_D },
    { "04.24.2019", MDY, 0, 10, 20190424, 20190424, P_D },
    { "04.24.2019", DMY, 0, 10, 20190424, 20190424, P_D },
    { "13/14/2017", MDY, 0, 0, 0, 0, 0 },
    /* Two-digit years: slash form only, 69-99 -> 19xx, 00-68 -> 20xx. */
    { "03/04/17", MDY, 0, 8, 20170304, 20170304, P_D },
    { "3/4/69", MDY, 0, 6, 19690304, 19690304, P_D },
    { "3/4/68", DMY, 0, 6, 20680403, 20680403, P_D },
    { "03-04-17", MDY, 0, 0, 0, 0, 0 },
    { "03.04.17", MDY, 0, 0, 0, 0, 0 },
    { "March 3, 17", MDY, 0, 0, 0, 0, 0 },
    { "3/4/170", MDY, 0, 0, 0, 0, 0 },
    /* Invalid days are never read, not even as months. */
    { "February 30, 2017", MDY, 0, 0, 0, 0, 0 },
    { "February 29, 2017", MDY, 0, 0, 0, 0, 0 },
    { "February 29, 2016", MDY, 0, 17, 20160229, 20160229, P_D },
    { "March 32, 2017", MDY, 0, 0, 0, 0, 0 },
    { "2017-02-30", MDY, 0, 0, 0, 0, 0 },
    { "2017-13-01", MDY, 0, 0, 0, 0, 0 },
    { "31/31/2017", DMY, 0, 0, 0, 0, 0 },
    { "0000-01-01", MDY, 0, 0, 0, 0, 0 },
    /* Ordinals. */
    { "March 3rd, 2017", MDY, 0, 15, 20170303, 20170303, P_D },
    { "March 1st 2017", MDY, 0, 14, 20170301, 20170301, P_D },
    { "3rd of March 2017", MDY, 0, 17, 20170303, 20170303, P_D },
    { "22d day of March, 1791", MDY, 0, 22, 17910322, 17910322, P_D },
    { "14th day of August, A. D. 1790", MDY, 0, 30, 17900814, 17900814, P_D },
    { "14th day of August, A.D., 1790", MDY, 0, 30, 17900814, 17900814, P_D },
    { "March 3x, 2017", MDY, 0, 0, 0, 0, 0 },
    { "03-Mar-2017", MDY, 0, 11, 20170303, 20170303, P_D },
    /* Months and years. */
    { "March 2017", MDY, 0, 10, 20170301, 20170331, P_M },
    { "march, 2017", MDY, 0, 11, 20170301, 20170331, P_M },
    { "December of 2016", MDY, 0, 16, 20161201, 20161231, P_M },
    { "Feb 2016", MDY, 0, 8, 20160201, 20160229, P_M },
    { "2017-03", MDY, 0, 7, 20170301, 20170331, P_M },
    { "2017-3", MDY, 0, 0, 0, 0, 0 },
    { "2017-18", MDY, 0, 0, 0, 0, 0 },
    { "2017", MDY, 0, 0, 0, 0, 0 },
    { "2017", MDY, 1, 4, 20170101, 20171231, P_Y },
    { "2017.", MDY, 1, 4, 20170101, 20171231, P_Y },
    { "20170", MDY, 1, 0, 0, 0, 0 },
    { "2017th", MDY, 1, 0, 0, 0, 0 },
    /* Case, spacing, punctuation after the date. */
    { "may 5, 2017", MDY, 0, 11, 20170505, 20170505, P_D },
    { "MARCH 3, 2017", MDY, 0, 13, 20170303, 20170303, P_D },
    { "March 3, 2017.", MDY, 0, 13, 20170303, 20170303, P_D },
    { "March 3, 2017\xE2\x80\x94the", MDY, 0, 13, 20170303, 20170303, P_D },
    { "March 3 , 2017", MDY, 0, 14, 20170303, 20170303, P_D },
    { "March\xC2\xA0" "3,\xC2\xA0" "2017", MDY, 0, 15, 20170303, 20170303, P_D },
    { "March 3,\n2017", MDY, 0, 13, 20170303, 20170303, P_D },
    { "March 3,\r\n2017", MDY, 0, 14, 20170303, 20170303, P_D },
    { "March 3,\n\n2017", MDY, 0, 0, 0, 0, 0 },
    { "Mar.3, 2017", MDY, 0, 11, 20170303, 20170303, P_D },
    { "March3, 2017", MDY, 0, 0, 0, 0, 0 },
    { "March 3, 20171", MDY, 0, 0, 0, 0, 0 },
    { "March 3, 2017a", MDY, 0, 0, 0, 0, 0 },
    { "2017-03-03-04", MDY, 0, 0, 0, 0, 0 },
    { "1/2/3", MDY, 0, 0, 0, 0, 0 },
    /* No year, no date. */
    { "May 5 people", MDY, 0, 0, 0, 0, 0 },
    { "March 3", MDY, 0, 0, 0, 0, 0 },
    { "Marching 3, 2017", MDY, 0, 0, 0, 0, 0 },
    { "Mayor 2017", MDY, 0, 0, 0, 0, 0 },
    { "", MDY, 1, 0, 0, 0, 0 },
};

START_TEST(test_scan)
{
    const scan_case_t *c = &scan_cases[_i];
    size_t n = strlen(c->text);
    char *text = exact(c->text, n);
    date_match_t m;
    memset(&m, 0xAA, sizeof m);
    size_t len = date_scan(text, n, c->order, c->allow_year, &m);
    ck_assert_msg(len == c->len, "'%s': read %zu bytes, want %zu", c->text, len, c->len);
    if (c->len) {
        ck_assert_msg(m.span.first == c->first && m.span.last == c->last,
                      "'%s': span %d..%d, want %d..%d", c->text, m.span.first, m.span.last,
                      c->first, c->last);
        ck_assert_int_eq(m.precision, c->prec);
        ck_assert_uint_eq(m.start, 0);
        ck_assert_uint_eq(m.end, c->len);
    }
    free(text);
}
END_TEST

START_TEST(test_scan_bounds)
{
    /* A date is read only within n, wherever the buffer goes on. */
    date_match_t m;
    ck_assert_uint_eq(date_scan("March 3, 2017", 11, MDY, 0, &m), 0);
    ck_assert_uint_eq(date_scan("2017-03-031", 10, MDY, 0, &m), 10);
    ck_assert_uint_eq(date_scan("March 2017", 8, MDY, 0, &m), 0);
    ck_assert_uint_eq(date_scan(NULL, 10, MDY, 1, &m), 0);
    ck_assert_uint_eq(date_scan("2017", 4, MDY, 1, NULL), 4);
    /* Truncated UTF-8 spaces at the end of the buffer. */
    char *t = exact("March\xC2", 6);
    ck_assert_uint_eq(date_scan(t, 6, MDY, 0, &m), 0);
    free(t);
    t = exact("March 3,\xE2\x80", 10);
    ck_assert_uint_eq(date_scan(t, 10, MDY, 0, &m), 0);
    free(t);
}
END_TEST

/* ---- date_find_dateline ------------------------------------------------ */

typedef struct dateline_case {
    const char *text;
    date_order_t order;
    int32_t want;          /* 0 = no dateline */
    const char *matched;   /* the matched bytes, or NULL not to check */
} dateline_case_t;

/* Prose long enough to push what follows out of the top or the foot. */
#define SENTENCE \
    "The committee met to consider the proposal and heard testimony from " \
    "several witnesses, who spoke about the costs and the benefits of the " \
    "programme over the coming years and about its effect on the states."
#define PROSE SENTENCE "\n"
#define PROSE4 PROSE PROSE PROSE PROSE
#define PROSE5 PROSE PROSE PROSE PROSE PROSE
#define LONG_LINE SENTENCE " " SENTENCE " " SENTENCE " " SENTENCE " " SENTENCE "\n"

static const dateline_case_t dateline_cases[] = {
    /* The seed layout: title, dateline, prose that mentions other dates. */
    { "Senators Weigh in on the North Korea Policy Review\n\nMarch 3, 2017\n\n"
      "On March 2, 2017 Senators Edward Markey (D-MA) and Al Franken (D-MN) "
      "co-authored a letter. It followed a letter sent on February 14, 2017.",
      MDY, 20170303, "March 3, 2017" },
    { "On March 2, 2017 Senators Edward Markey (D-MA) and Al Franken (D-MN) "
      "co-authored a letter to the President.", MDY, 0, NULL },
    { "March 3, 2017\nText follows.", MDY, 20170303, "March 3, 2017" },
    { "Mar. 3, 2017\n", MDY, 20170303, NULL },
    { "Sept. 3, 2017", MDY, 20170903, NULL },
    { "3 March 2017", MDY, 20170303, NULL },
    { "Friday, March 3, 2017", MDY, 20170303, "Friday, March 3, 2017" },
    { "2017-03-03", MDY, 20170303, NULL },
    { "Report\n03/04/2017\nBody", MDY, 20170304, NULL },
    { "Report\n03/04/2017\nBody", DMY, 20170403, NULL },
    { "Report\n04.24.2019\n", MDY, 20190424, NULL },
    { "Report\n3/4/17\n", DMY, 20170403, NULL },
    { "FOR IMMEDIATE RELEASE \xE2\x80\x93 March 3, 2017", MDY, 20170303, "March 3, 2017" },
    { "FOR IMMEDIATE RELEASE: Jan. 15, 2019\nContact: Press Office", MDY, 20190115, NULL },
    { "For Immediate Release: Jan. 15, 2019 Contact: Press Office", MDY, 20190115, NULL },
    { "WASHINGTON, D.C. \xE2\x80\x94 March 3, 2017 \xE2\x80\x94 The Senate voted today to "
      "confirm the nominee.", MDY, 20170303, "March 3, 2017" },
    { "WASHINGTON - March 3, 2017 - The Senate voted.", MDY, 20170303, NULL },
    { "Released: March 3, 2017", MDY, 20170303, NULL },
    { "Dated: March 3, 2017", MDY, 20170303, NULL },
    { "Release date: 2017-03-03", MDY, 20170303, NULL },
    { "Title\r\n\r\nMarch 3, 2017\r\n\r\nBody text on March 5, 2017.", MDY, 20170303,
      "March 3, 2017" },
    { "Title\rMarch 3, 2017\rBody", MDY, 20170303, NULL },
    { "Title\nMarch 3, 2017.", MDY, 20170303, "March 3, 2017" },
    { "Title\n(March 3, 2017)", MDY, 20170303, NULL },
    { "**March 3, 2017**\n\nBody", MDY, 20170303, NULL },
    { "# Press release\n\n*Released: March 3, 2017*\n", MDY, 20170303, NULL },
    { "\xEF\xBB\xBFMarch 3, 2017\nBody", MDY, 20170303, "March 3, 2017" },
    { "Title\n\xC2\xA0\xC2\xA0March\xC2\xA0" "3, 2017\xC2\xA0\nBody", MDY, 20170303, NULL },
    { "EXECUTIVE MANSION, February 2, 1888.", MDY, 18880202, NULL },
    { "Washington, August 26, 1863.", MDY, 18630826, NULL },
    { "THE WHITE HOUSE, March 19, 2018.", MDY, 20180319, NULL },
    { "ST. MARY\xE2\x80\x99S COUNTY, Md. \xE2\x80\x94 March 3, 2017 \xE2\x80\x94 Officials "
      "said.", MDY, 20170303, NULL },
    { "\xE2\x80\x9CMarch 3, 2017\xE2\x80\x9D", MDY, 20170303, NULL },
    { "By Jane Doe | March 3, 2017", MDY, 20170303, NULL },
    { "Press Release No. 17-042 | March 3, 2017", MDY, 20170303, NULL },
    { "Title\n2017-03-03 | Agency news", MDY, 20170303, NULL },
    { "Friday, March 3, 2017 at 10:00 a.m. EST", MDY, 20170303, NULL },
    { "March 3, 2017 2:30 PM", MDY, 20170303, NULL },
    { "Date: Sat, 04 Mar 2017 10:00:00 +0000\nFrom: someone", MDY, 20170304,
      "Sat, 04 Mar 2017" },
    { "Posted on March 3, 2017 by Jane Doe", MDY, 20170303, NULL },
    { "Title\nMarch 3, 2017 by the Senate of the state", MDY, 0, NULL },
    { "JANUARY 1, 1979", MDY, 19790101, NULL },
    /* Dates in prose, or not full dates, are not datelines. */
    { "May 5 people attended the meeting.\n", MDY, 0, NULL },
    { "Title\nMay 5, 2017 people attended.\n", MDY, 0, NULL },
    { "Title\nMarch 3, 2017, the Senate voted.\n", MDY, 0, NULL },
    { "Title\nMarch 3, 2017. The Senate voted.\n", MDY, 0, NULL },
    { "Yesterday, December 7, 1941\xE2\x80\x94" "a date which will live in infamy", MDY, 0,
      NULL },
    { "In a letter dated March 3, 2017, the senators asked for talks.", MDY, 0, NULL },
    { "Proclamation 4074, dated August 15, 1971, terminated in part.", MDY, 0, NULL },
    { "Statement on the March 3, 2017 summit\n", MDY, 0, NULL },
    { "Title\nMarch 2017\nBody", MDY, 0, NULL },
    { "Title\nFebruary 30, 2017\nBody", MDY, 0, NULL },
    { "Title\n13/14/2017\nBody", MDY, 0, NULL },
    { "Title\nAccessed March 3, 2017.\n", MDY, 0, NULL },
    { "", MDY, 0, NULL },
    { "\n\n\n", MDY, 0, NULL },
    /* The fifth non-empty line is still the top; the sixth is not. */
    { "One\nTwo\n\nThree\nFour\nMarch 3, 2017\n" PROSE4, MDY, 20170303, NULL },
    { "One\nTwo\n\nThree\nFour\nFive\nMarch 3, 2017\n" PROSE4, MDY, 0, NULL },
    /* A line starting after the first 1000 bytes is not the top. */
    { LONG_LINE "March 3, 2017\n" PROSE5, MDY, 0, NULL },
    { "Title\n" LONG_LINE "March 3, 2017\n" PROSE5, MDY, 0, NULL },
    { "Title\nShort words.\nMarch 3, 2017\n" PROSE5, MDY, 20170303, NULL },
    /* Below a sentence of prose, a date alone on its line heads something
     * read out or quoted (a communique in a speech), not the document. */
    { "Title\n" PROSE PROSE "March 3, 2017\n" PROSE5, MDY, 0, NULL },
    { "President: Jimmy Carter\n\nGood evening.\n\nI would like to read a joint communique "
      "which is being issued in Peking at this very moment:\n\nJANUARY 1, 1979\n" PROSE5,
      MDY, 0, NULL },
    /* The foot: a date alone under a signature. */
    { PROSE5 "DONALD J. TRUMP\nTHE WHITE HOUSE,\nMarch 19, 2018.\n", MDY, 20180319,
      "March 19, 2018" },
    { PROSE5 "LYNDON B. JOHNSON\n1:01 a.m., April 7, 1968\nThe White House\n", MDY, 19680407,
      NULL },
    { PROSE5 "March 3, 2017 \xE2\x80\x94 and so the matter ended\n", MDY, 0, NULL },
    { PROSE5 "Accessed March 3, 2017.\n", MDY, 0, NULL },
    { PROSE5 "Retrieved from the archive\n", MDY, 0, NULL },
    /* The foot: dating clauses. */
    { PROSE5 "IN WITNESS WHEREOF, I have hereunto set my hand this twenty-eighth day of "
      "October, in the year of our Lord nineteen hundred and ninety-three, and of the "
      "Independence of the United States of America the two hundred and eighteenth.\n"
      "WILLIAM J. CLINTON\n", MDY, 19931028, NULL },
    { PROSE5 "In testimony whereof I have caused the seal of the United States to be "
      "affixed. Done at the city of Washington, this 25th day of April, A. D. 1885, and "
      "of the Independence of the United States the one hundred and ninth.\n"
      "GROVER CLEVELAND\nBy the President:\nT. F. BAYARD,\n Secretary of State.\n", MDY,
      18850425, "25th day of April, A. D. 1885" },
    { PROSE5 "Done at the city of New York, the 14th day of August, A. D. 1790.\n"
      "GO. WASHINGTON.\n", MDY, 17900814, NULL },
    { PROSE5 "I have hereunto set my hand this first day of May, in the year of our Lord "
      "two thousand twelve.\nBARACK OBAMA\n", MDY, 20120501, NULL },
    { PROSE5 "at the City of Washington this sixth day of April in the year of our Lord one "
      "thousand, nine hundred and seventeen and of the independence.\nX\n", MDY, 19170406,
      NULL },
    { PROSE5 "I have hereunto set my hand this 3rd day of Jan., in the year of our Lord "
      "nineteen hundred and 83, and of the Independence.\nRONALD REAGAN\n", MDY, 19830103,
      NULL },
    { PROSE5 "I have hereunto set my hand this ninth day of April, in the year of our Lord "
      "nineteen hundred and eightyone, and of the Independence.\nRONALD REAGAN\n", MDY,
      19810409, NULL },
    /* A year in words cut short is refused rather than misread. */
    { PROSE5 "I have hereunto set my hand this ninth day of April, in the year of our Lord "
      "nineteen hundred and eighty-4.\nRONALD REAGAN\n", MDY, 0, NULL },
    { PROSE5 "I have hereunto set my hand this ninth day of July, in the year of our Lord "
      "nineteen hundred seventh-one.\nRICHARD NIXON\n", MDY, 0, NULL },
    /* "the" needs a capitalised Done/Given/Signed before it. */
    { PROSE5 "As herein given, the agent may go on collecting until the 1st day of "
      "September, 1875, after which time these regulations take effect.\nU.S. GRANT.\n",
      MDY, 0, NULL },
};

START_TEST(test_dateline)
{
    const dateline_case_t *c = &dateline_cases[_i];
    size_t n = strlen(c->text);
    char *text = exact(c->text, n);
    date_match_t m;
    memset(&m, 0, sizeof m);
    int found = date_find_dateline(text, n, c->order, &m);
    if (!c->want) {
        ck_assert_msg(!found, "case %d: unexpected dateline %d at %zu", _i, m.span.first,
                      m.start);
    } else {
        ck_assert_msg(found, "case %d: no dateline, want %d", _i, c->want);
        ck_assert_msg(m.span.first == c->want && m.span.last == c->want,
                      "case %d: dateline %d, want %d", _i, m.span.first, c->want);
        ck_assert_int_eq(m.precision, DATE_PREC_DAY);
        ck_assert(m.start < m.end && m.end <= n);
        if (c->matched) {
            ck_assert_uint_eq(m.end - m.start, strlen(c->matched));
            ck_assert(memcmp(c->text + m.start, c->matched, m.end - m.start) == 0);
        }
    }
    free(text);
}
END_TEST

/* ---- date_from_filename ------------------------------------------------ */

typedef struct filename_case {
    const char *name;
    int32_t want;
} filename_case_t;

static const filename_case_t filename_cases[] = {
    { "2017-03-03-letter.txt", 20170303 },
    { "20170303_x.txt", 20170303 },
    { "corpus/20180319_Executive_Order_DJT.txt", 20180319 },
    { "2020-08-08-press-conference-executive-orders", 20200808 },
    { "report_2017_03_03.pdf", 20170303 },
    { "IMG_20170303_123456.jpg", 20170303 },
    { "minutes 2017-03-03.md", 20170303 },
    { "2017-03-03_and_2018-01-01.txt", 20170303 },
    { "1789-04-30-first-inaugural-address.txt", 17890430 },
    { "2017-03-03/notes.txt", 0 },
    { "1790_george_washington_n.txt", 0 },
    { "x20170303.txt", 0 },
    { "201703031.txt", 0 },
    { "2017-02-30-x.txt", 0 },
    { "2017-3-3.txt", 20170303 },
    { "memo-2017-3-14.txt", 20170314 },
    { "2017.03.03 memo.txt", 20170303 },
    { "minutes_2019.12.1.txt", 20191201 },
    { "2017.13.03 memo.txt", 0 },
    { "2017-3-123.txt", 0 },
    { "2017-03_03.txt", 0 },
    { "12345678.txt", 0 },
    { "99991231.txt", 0 },
    { "", 0 },
    { NULL, 0 },
};

START_TEST(test_filename)
{
    const filename_case_t *c = &filename_cases[_i];
    ck_assert_msg(date_from_filename(c->name) == c->want, "'%s': got %d, want %d",
                  c->name ? c->name : "(null)", date_from_filename(c->name), c->want);
}
END_TEST

/* ---- date_find_mentions ------------------------------------------------ */

typedef struct mention_list {
    buf_t out;   /* "first-last@start " for each mention */
    int limit;   /* stop after this many (0 = never) */
    int count;
} mention_list_t;

static int
collect(const date_match_t *m, void *ctx)
{
    mention_list_t *l = ctx;
    if (m->precision == DATE_PREC_DAY)
        buf_printf(&l->out, "%d@%zu ", m->span.first, m->start);
    else
        buf_printf(&l->out, "%d-%d@%zu ", m->span.first, m->span.last, m->start);
    l->count++;
    return l->limit && l->count >= l->limit;
}

typedef struct mention_case {
    const char *text;
    date_order_t order;
    const char *want;
} mention_case_t;

static const mention_case_t mention_cases[] = {
    { "On March 2, 2017 Senators wrote; a letter sent on February 14, 2017 preceded it.",
      MDY, "20170302@3 20170214@50 " },
    { "Bare years like 2017 are not mentions, March 2017 is.", MDY,
      "20170301-20170331@39 " },
    { "The 2011-12 school year ended on 2012-06-15.", MDY, "20120615@33 " },
    { "Friday, March 3, 2017 and 3/4/2017", MDY, "20170303@0 20170304@26 " },
    { "Friday, March 3, 2017 and 3/4/2017", DMY, "20170303@0 20170403@26 " },
    { "May 5 people came in may 2017.", MDY, "20170501-20170531@21 " },
    { "version 1.03.04.2017 and 12/31/2017", MDY, "20171231@25 " },
    { "Invalid February 30, 2017 and valid February 28, 2017.", MDY, "20170228@36 " },
    { "On the 14th day of August, A. D. 1790, and Dec. 25, 1790.", MDY,
      "17900814@7 17901225@43 " },
    { "Hard-wrapped: March\n3, 2017.", MDY, "20170303@14 " },
    { "From 2017-03-01 to 2017-03-31.", MDY, "20170301@5 20170331@19 " },
    { "x2017-03-03 and A3/4/2017", MDY, "" },
    { "", MDY, "" },
    /* A range of days in one month: every day of it. */
    { "Met on February 27\xE2\x80\x93" "28, 2019 in Hanoi.", MDY, "20190227@7 20190228@7 " },
    { "Met on February 27-28, 2019.", MDY, "20190227@7 20190228@7 " },
    { "Met 27-28 February 2019.", DMY, "20190227@4 20190228@4 " },
    { "Met March 1 \xE2\x80\x94 3, 2019.", MDY, "20190301@4 20190302@4 20190303@4 " },
    { "Met Feb. 27-28 2019.", MDY, "20190227@4 20190228@4 " },
    { "Not February 28-27, 2019 nor February 27-30, 2019.", MDY, "" },
    { "Pages 12-14 of the 2019 report.", MDY, "" },
};

START_TEST(test_mentions)
{
    const mention_case_t *c = &mention_cases[_i];
    size_t n = strlen(c->text);
    char *text = exact(c->text, n);
    mention_list_t l = { BUF_INIT, 0, 0 };
    date_find_mentions(text, n, c->order, collect, &l);
    ck_assert_msg(strcmp(buf_cstr(&l.out), c->want) == 0, "'%s': got '%s', want '%s'",
                  c->text, buf_cstr(&l.out), c->want);
    buf_free(&l.out);
    free(text);
}
END_TEST

START_TEST(test_mentions_stop)
{
    const char *t = "March 1, 2017, March 2, 2017, March 3, 2017";
    mention_list_t l = { BUF_INIT, 2, 0 };
    date_find_mentions(t, strlen(t), MDY, collect, &l);
    ck_assert_int_eq(l.count, 2);
    buf_free(&l.out);
    date_find_mentions(NULL, 10, MDY, collect, &l);
    date_find_mentions(t, strlen(t), MDY, NULL, NULL);
}
END_TEST

/* ---- Hostile input --------------------------------------------------- */

static int
count_cb(const date_match_t *m, void *ctx)
{
    (void)m;
    (*(size_t *)ctx)++;
    return 0;
}

START_TEST(test_huge)
{
    /* 8 MB of near-dates and of dates: both are read in linear time. */
    const char *unit[] = { "March 3, ", "3/4/2017 ", "March \xC2\xA0\xC2\xA0 " };
    size_t want[] = { 0, 1, 0 };
    for (size_t u = 0; u < 3; u++) {
        size_t ul = strlen(unit[u]), reps = (8u << 20) / ul, n = ul * reps;
        char *t = malloc(n);
        for (size_t k = 0; k < reps; k++)
            memcpy(t + k * ul, unit[u], ul);
        size_t count = 0;
        date_find_mentions(t, n, MDY, count_cb, &count);
        ck_assert_uint_eq(count, want[u] * reps);
        date_match_t m;
        ck_assert_int_eq(date_find_dateline(t, n, MDY, &m), 0);
        free(t);
    }
}
END_TEST

START_TEST(test_random_bytes)
{
    /* Random bytes and random mixes of date pieces, in buffers of their
     * exact size: nothing may read past the end (AddressSanitizer) and
     * every match must lie inside the text. */
    static const char *const pieces[] = {
        "March", " ", "3", ",", "2017", "\xC2\xA0", "\xE2\x80\x94", "\n", "\r", "-", "/",
        ".", "rd", "of", "day", "this", "the", "Done", "A.D.", "nineteen", "hundred",
        "and", "twenty", "-first", "Friday", "FOR IMMEDIATE RELEASE", ":", "\xC2", "\xE2",
        "\xE2\x80", "12", "31", "1999", "T", "WASHINGTON", "Sept", "year", "Lord"
    };
    uint64_t seed = 88172645463325252u;
    for (int iter = 0; iter < 20000; iter++) {
        size_t cap = 1 + (size_t)(iter % 300);
        char *t = malloc(cap);
        size_t n = 0;
        while (n < cap) {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            if (iter % 2) {
                t[n++] = (char)(seed & 0xFF);
            } else {
                const char *p = pieces[seed % (sizeof pieces / sizeof pieces[0])];
                size_t l = strlen(p);
                if (l > cap - n)
                    l = cap - n;
                memcpy(t + n, p, l);
                n += l;
            }
        }
        date_match_t m;
        size_t count = 0;
        date_find_mentions(t, n, (date_order_t)(iter & 1), count_cb, &count);
        if (date_find_dateline(t, n, MDY, &m))
            ck_assert(m.start < m.end && m.end <= n && m.precision == DATE_PREC_DAY);
        for (size_t k = 0; k < n; k++) {
            size_t len = date_scan(t + k, n - k, MDY, 1, &m);
            ck_assert(len <= n - k && len < 256);
        }
        free(t);
    }
}
END_TEST

static Suite *
date_suite(void)
{
    Suite *s = suite_create("date");
    TCase *tc = tcase_create("calendar");
    tcase_add_test(tc, test_valid);
    tcase_add_test(tc, test_parts);
    tcase_add_test(tc, test_days);
    tcase_add_test(tc, test_weekday);
    tcase_add_test(tc, test_add);
    tcase_add_test(tc, test_format_parse);
    tcase_add_test(tc, test_from_time);
    tcase_add_test(tc, test_source_name);
    suite_add_tcase(s, tc);

    tc = tcase_create("scan");
    tcase_add_loop_test(tc, test_scan, 0, (int)(sizeof scan_cases / sizeof scan_cases[0]));
    tcase_add_test(tc, test_scan_bounds);
    suite_add_tcase(s, tc);

    tc = tcase_create("dateline");
    tcase_add_loop_test(tc, test_dateline, 0,
                        (int)(sizeof dateline_cases / sizeof dateline_cases[0]));
    suite_add_tcase(s, tc);

    tc = tcase_create("filename");
    tcase_add_loop_test(tc, test_filename, 0,
                        (int)(sizeof filename_cases / sizeof filename_cases[0]));
    suite_add_tcase(s, tc);

    tc = tcase_create("mentions");
    tcase_add_loop_test(tc, test_mentions, 0,
                        (int)(sizeof mention_cases / sizeof mention_cases[0]));
    tcase_add_test(tc, test_mentions_stop);
    suite_add_tcase(s, tc);

    tc = tcase_create("hostile");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_huge);
    tcase_add_test(tc, test_random_bytes);
    suite_add_tcase(s, tc);
    return s;
}

TEST_MAIN(date_suite)
