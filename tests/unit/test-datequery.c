/*
 * test-datequery.c - the date query grammar (search/datequery.h).
 *
 * Relative forms are anchored at a fixed today, Tuesday 2026-11-24.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "search/datequery.h"
#include "testutil.h"

#define TODAY 20261124
#define MDY DATE_ORDER_MDY
#define DMY DATE_ORDER_DMY

typedef struct dq_case {
    const char *query;
    date_order_t order;
    int32_t first, last;   /* the span wanted (0 = open end) */
    const char *err;       /* or the error wanted */
} dq_case_t;

static const dq_case_t dq_cases[] = {
    /* One day. */
    { "2017-03-03", MDY, 20170303, 20170303, NULL },
    { "20170303", MDY, 20170303, 20170303, NULL },
    { "March 3, 2017", MDY, 20170303, 20170303, NULL },
    { "\"March 3, 2017\"", MDY, 20170303, 20170303, NULL },
    { "3_march_2017", MDY, 20170303, 20170303, NULL },
    { "march_3_2017", MDY, 20170303, 20170303, NULL },
    { "3-march-2017", MDY, 20170303, 20170303, NULL },
    { "Sept. 3, 2017", MDY, 20170903, 20170903, NULL },
    { "3rd of March 2017", MDY, 20170303, 20170303, NULL },
    { "03/04/2017", MDY, 20170304, 20170304, NULL },
    { "03/04/2017", DMY, 20170403, 20170403, NULL },
    { "  2017-03-03  ", MDY, 20170303, 20170303, NULL },
    /* One month. */
    { "2017-03", MDY, 20170301, 20170331, NULL },
    { "march_2017", MDY, 20170301, 20170331, NULL },
    { "March 2017", MDY, 20170301, 20170331, NULL },
    { "mar-2017", MDY, 20170301, 20170331, NULL },
    { "FEB-2016", MDY, 20160201, 20160229, NULL },
    /* One year. */
    { "2017", MDY, 20170101, 20171231, NULL },
    /* Quarters. */
    { "2017-Q1", MDY, 20170101, 20170331, NULL },
    { "2017-q2", MDY, 20170401, 20170630, NULL },
    { "Q3-2017", MDY, 20170701, 20170930, NULL },
    { "2017q4", MDY, 20171001, 20171231, NULL },
    { "q1_2017", MDY, 20170101, 20170331, NULL },
    /* Ranges. */
    { "2017..2018", MDY, 20170101, 20181231, NULL },
    { "2017-03..2017-05", MDY, 20170301, 20170531, NULL },
    { "2017-03-03 .. 2017-03-05", MDY, 20170303, 20170305, NULL },
    { "march_2017..june_2017", MDY, 20170301, 20170630, NULL },
    { "2017-Q1..2017-Q3", MDY, 20170101, 20170930, NULL },
    { "03/04/2017..03/05/2017", MDY, 20170304, 20170305, NULL },
    { "2017-03/2017-06", MDY, 20170301, 20170630, NULL },
    { "2017-03-01/2017-03-31", MDY, 20170301, 20170331, NULL },
    { "2017..2017", MDY, 20170101, 20171231, NULL },
    /* Open ends. */
    { "..2018", MDY, 0, 20181231, NULL },
    { "2017..", MDY, 20170101, 0, NULL },
    { "2017/..", MDY, 20170101, 0, NULL },
    { "../2018-06", MDY, 0, 20180630, NULL },
    /* Comparisons. */
    { ">=2017", MDY, 20170101, 0, NULL },
    { ">2017", MDY, 20180101, 0, NULL },
    { "<=2017-03", MDY, 0, 20170331, NULL },
    { "<2017-03", MDY, 0, 20170228, NULL },
    { "< 2016-03-01", MDY, 0, 20160229, NULL },
    { "\xE2\x89\xA5" "2020", MDY, 20200101, 0, NULL },
    { "since_2017", MDY, 20170101, 0, NULL },
    { "after 2017-03-03", MDY, 20170304, 0, NULL },
    { "before march_2017", MDY, 0, 20170228, NULL },
    { "until 2017", MDY, 0, 20171231, NULL },
    /* Relative days. */
    { "today", MDY, TODAY, TODAY, NULL },
    { "Yesterday", MDY, 20261123, 20261123, NULL },
    { "tomorrow", MDY, 20261125, 20261125, NULL },
    { "3d", MDY, 20261121, 20261121, NULL },
    { "2w", MDY, 20261110, 20261110, NULL },
    { "1m", MDY, 20261024, 20261024, NULL },
    { "1y", MDY, 20251124, 20251124, NULL },
    { "0d", MDY, TODAY, TODAY, NULL },
    { "3 days ago", MDY, 20261121, 20261121, NULL },
    { "2-weeks-ago", MDY, 20261110, 20261110, NULL },
    /* Rolling spans ending today. */
    { "last 7 days", MDY, 20261118, TODAY, NULL },
    { "last_3_months", MDY, 20260825, TODAY, NULL },
    { "past 2 weeks", MDY, 20261111, TODAY, NULL },
    { "past year", MDY, 20251125, TODAY, NULL },
    { "last 1 quarter", MDY, 20260825, TODAY, NULL },
    { "next 10 days", MDY, TODAY, 20261203, NULL },
    /* Calendar units (weeks run Monday to Sunday). */
    { "this week", MDY, 20261123, 20261129, NULL },
    { "last week", MDY, 20261116, 20261122, NULL },
    { "next week", MDY, 20261130, 20261206, NULL },
    { "this month", MDY, 20261101, 20261130, NULL },
    { "last month", MDY, 20261001, 20261031, NULL },
    { "this quarter", MDY, 20261001, 20261231, NULL },
    { "last_quarter", MDY, 20260701, 20260930, NULL },
    { "this year", MDY, 20260101, 20261231, NULL },
    { "last year", MDY, 20250101, 20251231, NULL },
    { "last day", MDY, 20261123, 20261123, NULL },
    /* Relative forms as range ends. */
    { "2w..", MDY, 20261110, TODAY, NULL },
    { "..2w", MDY, 0, 20261110, NULL },
    { "2w..1w", MDY, 20261110, 20261117, NULL },
    { "2017..yesterday", MDY, 20170101, 20261123, NULL },
    { ">=2w", MDY, 20261110, 0, NULL },
    /* Malformed. */
    { "", MDY, 0, 0, "empty date" },
    { "   ", MDY, 0, 0, "empty date" },
    { "\"\"", MDY, 0, 0, "empty date" },
    { "foo", MDY, 0, 0, "'foo' is not a date" },
    { "2017-13", MDY, 0, 0, "'2017-13' is not a date (month 13)" },
    { "2017-00", MDY, 0, 0, "'2017-00' is not a date (month 0)" },
    { "2017-02-29", MDY, 0, 0, "'2017-02-29' is not a date (February 2017 has 28 days)" },
    { "20170230", MDY, 0, 0, "'20170230' is not a date (February 2017 has 28 days)" },
    { "2017-04-31", MDY, 0, 0, "'2017-04-31' is not a date (April 2017 has 30 days)" },
    { "february_30_2017", MDY, 0, 0,
      "'february_30_2017' is not a date (February 2017 has 28 days)" },
    { "0000", MDY, 0, 0, "'0000' is not a date (year 0)" },
    { "2017-Q5", MDY, 0, 0, "'2017-Q5' is not a date (quarter 5)" },
    { "march", MDY, 0, 0, "'march' is not a date (no year)" },
    { "march 3", MDY, 0, 0, "'march 3' is not a date (no year)" },
    { "12h", MDY, 0, 0, "'12h' is not a date (units are d, w, m, y)" },
    { "99999y", MDY, 0, 0, "'99999y' is out of range" },
    { "last 0 days", MDY, 0, 0, "'last 0 days' is an empty range" },
    { "..", MDY, 0, 0, "'..' needs a date on at least one side" },
    { "2018..2017", MDY, 0, 0, "'2018..2017' ends before it starts" },
    { "1w..2w", MDY, 0, 0, "'1w..2w' ends before it starts" },
    { "2017..2018..2019", MDY, 0, 0, "'2017..2018..2019' has more than one '..'" },
    { "2017-13..2018", MDY, 0, 0, "'2017-13' is not a date (month 13)" },
    { "2017-13/2018", MDY, 0, 0, "'2017-13' is not a date (month 13)" },
    { ">", MDY, 0, 0, "'>' needs a date" },
    { ">=2017..2018", MDY, 0, 0, "'>=2017..2018' compares with a range: use A..B alone" },
    { ">9999-12-31", MDY, 0, 0, "'>9999-12-31' is out of range" },
    { "<0001-01-01", MDY, 0, 0, "'<0001-01-01' is out of range" },
    { "13/14/2017", MDY, 0, 0, "'13/14/2017' is not a date" },
    { "May 5 people", MDY, 0, 0, "'May 5 people' is not a date" },
    { "2017-03-03\nx", MDY, 0, 0, "'2017-03-03?x' is not a date" },
    /* A hyphen inside a date stands for a space; at an end it is refused
     * (an open range was most likely meant). */
    { "-2017", MDY, 0, 0, "'-2017' is not a date (for up to 2017, write ..2017)" },
    { "2017-03-", MDY, 0, 0, "'2017-03-' is not a date (for 2017-03 and after, write 2017-03..)" },
    { " _-2017 ", MDY, 0, 0, "'-2017' is not a date (a stray '-')" },
    { "-2017-", MDY, 0, 0, "'-2017-' is not a date (a stray '-')" },
    { "-", MDY, 0, 0, "'-' is not a date (a stray '-')" },
    { "-foo", MDY, 0, 0, "'-foo' is not a date (a stray '-')" },
    { "2015..-2017", MDY, 0, 0, "'-2017' is not a date (a stray '-')" },
    { "2015-..2017", MDY, 0, 0, "'2015-' is not a date (a stray '-')" },
    { ">=-2017", MDY, 0, 0, "'-2017' is not a date (a stray '-')" },
    { "2015/-2017", MDY, 0, 0, "'-2017' is not a date (a stray '-')" },
    { "since -2017", MDY, 0, 0, "'-2017' is not a date (a stray '-')" },
};

START_TEST(test_grammar)
{
    const dq_case_t *c = &dq_cases[_i];
    size_t n = strlen(c->query);
    char *q = malloc(n ? n : 1);   /* no NUL after the query */
    memcpy(q, c->query, n);
    date_span_t span = { -1, -1 };
    char *err = (char *)"untouched";
    int rc = datequery_parse(q, n, TODAY, c->order, NULL, &span, &err);
    if (c->err) {
        ck_assert_msg(rc == -1, "'%s': parsed as %d..%d, want error", c->query, span.first,
                      span.last);
        ck_assert_ptr_nonnull(err);
        ck_assert_str_eq(err, c->err);
        ck_assert_int_eq(span.first, 0);
        ck_assert_int_eq(span.last, 0);
        free(err);
    } else {
        ck_assert_msg(rc == 0, "'%s': error '%s'", c->query, rc ? err : "");
        ck_assert_ptr_null(err);
        ck_assert_msg(span.first == c->first && span.last == c->last,
                      "'%s': %d..%d, want %d..%d", c->query, span.first, span.last, c->first,
                      c->last);
        ck_assert(span.first || span.last);
    }
    free(q);
}
END_TEST

START_TEST(test_hint_names_field)
{
    /* The hint is written with the field as the user wrote it. */
    char *err = NULL;
    ck_assert_int_eq(datequery_parse("2017-", 5, TODAY, MDY, "year", NULL, &err), -1);
    ck_assert_str_eq(err, "'2017-' is not a date (for 2017 and after, write year:2017..)");
    free(err);
    err = NULL;
    ck_assert_int_eq(datequery_parse("-March 2017", 11, TODAY, MDY, "date", NULL, &err), -1);
    ck_assert_str_eq(err, "'-March 2017' is not a date (for up to March 2017, write "
                          "date:..March 2017)");
    free(err);
}
END_TEST

START_TEST(test_no_today)
{
    /* Relative forms need a current date; absolute ones do not. */
    date_span_t span;
    char *err = NULL;
    ck_assert_int_eq(datequery_parse("yesterday", 9, 0, MDY, NULL, &span, &err), -1);
    ck_assert_str_eq(err, "'yesterday' is relative and no current date is known");
    free(err);
    err = NULL;
    ck_assert_int_eq(datequery_parse("2w..", 4, 20170230, MDY, NULL, &span, &err), -1);
    ck_assert_str_eq(err, "'2w' is relative and no current date is known");
    free(err);
    ck_assert_int_eq(datequery_parse("2017", 4, 0, MDY, NULL, &span, &err), 0);
    ck_assert_int_eq(span.first, 20170101);
}
END_TEST

START_TEST(test_edges)
{
    date_span_t span;
    char *err = NULL;
    /* Relative forms near the ends of the calendar. */
    ck_assert_int_eq(datequery_parse("tomorrow", 8, 99991231, MDY, NULL, &span, &err), -1);
    ck_assert_str_eq(err, "'tomorrow' is out of range");
    free(err);
    ck_assert_int_eq(datequery_parse("last 7 days", 11, 10103, MDY, NULL, &span, &err), -1);
    free(err);
    /* Month ends are clamped: a month before March 31 is February 28. */
    ck_assert_int_eq(datequery_parse("1m", 2, 20170331, MDY, NULL, &span, &err), 0);
    ck_assert_int_eq(span.first, 20170228);
    ck_assert_int_eq(datequery_parse("1y", 2, 20160229, MDY, NULL, &span, &err), 0);
    ck_assert_int_eq(span.first, 20150228);
    /* A week that starts in one year and ends in the next. */
    ck_assert_int_eq(datequery_parse("this week", 9, 20261231, MDY, NULL, &span, &err), 0);
    ck_assert_int_eq(span.first, 20261228);
    ck_assert_int_eq(span.last, 20270103);
    /* NULL outputs are allowed. */
    ck_assert_int_eq(datequery_parse("2017", 4, 0, MDY, NULL, NULL, NULL), 0);
    ck_assert_int_eq(datequery_parse("nope", 4, 0, MDY, NULL, NULL, NULL), -1);
    ck_assert_int_eq(datequery_parse(NULL, 0, 0, MDY, NULL, &span, &err), -1);
    ck_assert_str_eq(err, "empty date");
    free(err);
    /* Only n bytes are read. */
    ck_assert_int_eq(datequery_parse("2017-03-03", 7, 0, MDY, NULL, &span, &err), 0);
    ck_assert_int_eq(span.first, 20170301);
    ck_assert_int_eq(span.last, 20170331);
}
END_TEST

START_TEST(test_long_and_binary)
{
    date_span_t span;
    char *err = NULL;
    char big[400];
    memset(big, '2', sizeof big);
    ck_assert_int_eq(datequery_parse(big, sizeof big, TODAY, MDY, NULL, &span, &err), -1);
    ck_assert_str_eq(err, "date is too long (400 bytes)");
    free(err);
    /* A long bad value is quoted only in part. */
    memset(big, 'x', 200);
    ck_assert_int_eq(datequery_parse(big, 200, TODAY, MDY, NULL, &span, &err), -1);
    ck_assert(strlen(err) < 100);
    ck_assert(strstr(err, "...' is not a date") != NULL);
    free(err);
    /* Embedded NUL, invalid UTF-8 and control bytes. */
    ck_assert_int_eq(datequery_parse("2017\0-03", 8, TODAY, MDY, NULL, &span, &err), -1);
    ck_assert_str_eq(err, "'2017?-03' is not a date");
    free(err);
    ck_assert_int_eq(datequery_parse("\xC2\xE2\x80", 3, TODAY, MDY, NULL, &span, &err), -1);
    free(err);
    /* Random short strings never crash and always answer. */
    static const char alphabet[] = "0123456789-/._ .qQdwmy<>=\"'tlnapsx\xC2\xA0\xE2";
    uint64_t seed = 0x9E3779B97F4A7C15u;
    for (int iter = 0; iter < 50000; iter++) {
        char buf[24];
        size_t n = (size_t)(iter % 24);
        for (size_t k = 0; k < n; k++) {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            buf[k] = alphabet[seed % (sizeof alphabet - 1)];
        }
        err = NULL;
        int rc = datequery_parse(buf, n, TODAY, (date_order_t)(iter & 1), NULL, &span, &err);
        if (rc == 0) {
            ck_assert(err == NULL);
            ck_assert(span.first || span.last);
            ck_assert(!span.first || !span.last || span.first <= span.last);
        } else {
            ck_assert(err != NULL && strchr(err, '\n') == NULL);
            free(err);
        }
    }
}
END_TEST

static Suite *
datequery_suite(void)
{
    Suite *s = suite_create("datequery");
    TCase *tc = tcase_create("grammar");
    tcase_add_loop_test(tc, test_grammar, 0, (int)(sizeof dq_cases / sizeof dq_cases[0]));
    suite_add_tcase(s, tc);
    tc = tcase_create("edges");
    tcase_add_test(tc, test_hint_names_field);
    tcase_add_test(tc, test_no_today);
    tcase_add_test(tc, test_edges);
    tcase_add_test(tc, test_long_and_binary);
    suite_add_tcase(s, tc);
    return s;
}

TEST_MAIN(datequery_suite)
