/*
 * fuzz-date.c - the date scanner, dateline and mention finders, file-name
 * dates and the date query grammar, on arbitrary bytes.
 *
 * Checks: every day returned is a real day; a span runs forwards; every
 * match lies inside the text; a date query either gives a span or a
 * reason.
 */
#include <string.h>

#include "fuzz.h"
#include "lib/date.h"
#include "search/datequery.h"
#include "util/xalloc.h"

static int
real_day(int32_t d)
{
    return date_valid(date_year(d), date_month(d), date_mday(d));
}

static void
check_span(date_span_t s)
{
    FUZZ_CHECK(s.first == 0 || real_day(s.first));
    FUZZ_CHECK(s.last == 0 || real_day(s.last));
    FUZZ_CHECK(s.first == 0 || s.last == 0 || s.first <= s.last);
}

static int
on_mention(const date_match_t *m, void *ctx)
{
    size_t len = *(const size_t *)ctx;
    FUZZ_CHECK(m->start < m->end && m->end <= len);
    FUZZ_CHECK(m->span.first != 0 && m->span.last != 0);
    check_span(m->span);
    return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    date_match_t m;
    for (int order = 0; order < 2; order++) {
        for (int year = 0; year < 2; year++) {
            memset(&m, 0, sizeof m);
            size_t k = date_scan(s, size, (date_order_t)order, year, &m);
            FUZZ_CHECK(k <= size);
            if (k) {
                FUZZ_CHECK(m.span.first != 0 && m.span.last != 0);
                check_span(m.span);
            }
        }
        memset(&m, 0, sizeof m);
        if (date_find_dateline(s, size, (date_order_t)order, &m)) {
            FUZZ_CHECK(m.start < m.end && m.end <= size);
            check_span(m.span);
        }
        date_find_mentions(s, size, (date_order_t)order, on_mention, &size);
    }

    char *z = xstrndup(s, size);
    int32_t day = date_from_filename(z);
    FUZZ_CHECK(day == 0 || real_day(day));
    free(z);

    date_span_t span = { 0, 0 };
    char *err = NULL;
    if (datequery_parse(s, size, 20170315, DATE_ORDER_MDY, NULL, &span, &err) == 0) {
        FUZZ_CHECK(err == NULL);
        FUZZ_CHECK(span.first != 0 || span.last != 0);
        check_span(span);
    } else {
        FUZZ_CHECK(err != NULL && err[0] != '\0');
        free(err);
    }
    return 0;
}
