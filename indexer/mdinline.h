/*
 * mdinline.h - Markdown's inline markup turned into the text it shows.
 *
 * What a reader sees of a Markdown line, which is what Dossier stores,
 * searches and quotes: emphasis, strike-through and code-span delimiters
 * dropped (`**budget**` -> budget), links and images replaced by their
 * text (`[the report](https://...)` -> the report, `![Chart](a.png)` ->
 * Chart), autolinks by their address, inline HTML tags dropped, and
 * backslash escapes resolved (`\*` -> *).  Anything that does not pair up
 * on the line, such as a lone `*` or `_` inside snake_case, is kept as
 * written.  Work is bounded: delimiters are paired within MD_SPAN_MAX
 * bytes and nested at most MD_DEPTH_MAX deep, and a line longer than
 * MD_LINE_MAX is kept as written.
 */
#ifndef DOSSIER_INDEXER_MDINLINE_H
#define DOSSIER_INDEXER_MDINLINE_H

#include <stddef.h>

#include "util/buf.h"

#define MD_SPAN_MAX 2048
#define MD_DEPTH_MAX 8
#define MD_LINE_MAX 65536

/*
 * Append the rendering of the line s[0, n) (no newline) to out.  With
 * map non-NULL (n + 1 entries), map[i] is set to where input byte i
 * lands: the output's length, counted from where this call started
 * appending, when byte i is reached (map[n]: the rendering's length).
 */
void md_inline(const char *s, size_t n, buf_t *out, size_t *map);

#endif
