/*
 * datequery.h - the value of a date: or mentions: query field.
 *
 * Grammar (case-insensitive), every form giving an inclusive span of days:
 *
 *   2017-03-03  20170303  "March 3, 2017"  3_march_2017   one day
 *   2017-03  march_2017  "March 2017"  mar-2017           one month
 *   2017                                                  one year
 *   2017-Q1 .. 2017-Q4  (also Q1-2017, 2017q1)            one quarter
 *   A..B   A/B                                            from A's first day
 *                                                         to B's last day
 *   ..B  A..                                              open ends
 *   >=A  >A  <=A  <A                                      comparisons
 *   today  yesterday  tomorrow                            relative days
 *   "last N days|weeks|months|years"  ("past" also)       up to today
 *   "this week|month|quarter|year"  "last week|month|quarter|year"
 *   Nd Nw Nm Ny (N days/weeks/months/years ago: a day),
 *   and as range ends: 2w.. = from two weeks ago to today
 *
 * Underscores and hyphens may stand for spaces ("march_3_2017"), but a
 * hyphen may not start or end a date ("-2017" is refused).  Relative
 * forms are anchored at `today`, which the caller takes from the clock or
 * from --now so that results on an archived corpus are reproducible.
 */
#ifndef DOSSIER_SEARCH_DATEQUERY_H
#define DOSSIER_SEARCH_DATEQUERY_H

#include <stddef.h>

#include "lib/date.h"

/*
 * Parse s[0..n).  On success returns 0 and fills *span (first or last 0
 * for an open end; both 0 never happens on success).  On failure returns
 * -1 and stores a malloc'd one-line reason in *err (caller frees), e.g.
 * "'2017-13' is not a date (month 13)".  field, if not NULL, is the field
 * as the user wrote it, for hints ("'2017-' is not a date (for 2017 and
 * after, write date:2017..)").
 */
int datequery_parse(const char *s, size_t n, int32_t today, date_order_t order,
                    const char *field, date_span_t *span, char **err);

#endif
