/*
 * text.c - plain text: blocks are runs of non-blank lines.
 *
 * Hard-wrapped prose separates paragraphs with blank lines.  Many corpora
 * instead write one paragraph per line with no blank line between them
 * (executive orders, speech transcripts), or a whole speech on one line.
 * Hard-wrapped text never has lines much longer than 80 columns, so a run
 * of lines that contains a line longer than TEXT_LONG_LINE bytes is taken
 * to be one paragraph per line: each of its lines becomes its own block.
 *
 * The decoder has already turned CR LF and lone CR into LF.
 */
#include "indexer/parse.h"

#include <string.h>

#define TEXT_LONG_LINE 250

static int
is_hspace(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\f' || c == '\v' || c == '\r';
}

/* Add text[s, e) as a block with its horizontal white space trimmed. */
static void
add_trimmed(parsed_doc_t *d, size_t s, size_t e, uint32_t line)
{
    const unsigned char *t = (const unsigned char *)d->text.data;
    while (s < e && is_hspace(t[s]))
        s++;
    while (e > s && is_hspace(t[e - 1]))
        e--;
    parsed_doc_add_block(d, s, e, line);
}

/* Emit the run of non-blank lines text[s, e) that starts on line `line`. */
static void
flush_run(parsed_doc_t *d, size_t s, size_t e, uint32_t line, int per_line)
{
    if (!per_line) {
        add_trimmed(d, s, e, line);
        return;
    }
    const char *t = d->text.data;
    while (s < e) {
        const char *nl = memchr(t + s, '\n', e - s);
        size_t le = nl ? (size_t)(nl - t) : e;
        add_trimmed(d, s, le, line);
        line++;
        s = le + 1;
    }
}

void
parse_text(parsed_doc_t *d)
{
    const unsigned char *t = (const unsigned char *)d->text.data;
    size_t n = d->text.len;
    size_t pos = 0;
    uint32_t line = 1;
    /* The current run of non-blank lines. */
    int in_run = 0, run_long = 0;
    size_t run_start = 0, run_end = 0;
    uint32_t run_line = 0;

    if (!t)
        return;
    while (pos < n) {
        const unsigned char *nl = memchr(t + pos, '\n', n - pos);
        size_t le = nl ? (size_t)(nl - t) : n;
        size_t i = pos;
        while (i < le && is_hspace(t[i]))
            i++;
        if (i == le) {
            if (in_run)
                flush_run(d, run_start, run_end, run_line, run_long);
            in_run = 0;
        } else {
            if (!in_run) {
                in_run = 1;
                run_long = 0;
                run_start = pos;
                run_line = line;
            }
            run_end = le;
            if (le - pos > TEXT_LONG_LINE)
                run_long = 1;
        }
        pos = le + 1;
        line++;
    }
    if (in_run)
        flush_run(d, run_start, run_end, run_line, run_long);
}
