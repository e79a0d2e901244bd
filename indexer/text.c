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
 *
 * A first run of "Key: value" lines, as mail and transcripts start
 * ("President: George Washington"), is the document's metadata when one
 * of its keys is known (Title, Subject, Date, Author, By, From, President,
 * Speaker, Type) and has a value; other keys (To, Cc...) and empty values
 * are passed over.  The run ends at a blank line or at the first line
 * that is not a key line; its lines stay in the text.
 */
#include "indexer/parse.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/xalloc.h"

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

/* Which field a header key fills: 0 title, 1 date, 2 author, 3 type; -1
 * for none. */
static int
header_key_field(const char *k, size_t n)
{
    static const struct {
        const char *key;
        int field;
    } keys[] = {
        { "title", 0 }, { "subject", 0 }, { "date", 1 }, { "author", 2 }, { "by", 2 },
        { "from", 2 }, { "president", 2 }, { "speaker", 2 }, { "type", 3 },
    };
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
        if (strlen(keys[i].key) == n && strncasecmp(keys[i].key, k, n) == 0)
            return keys[i].field;
    return -1;
}

/* The field a header key fills, or NULL. */
static char **
header_field(parsed_doc_t *d, const char *k, size_t n)
{
    switch (header_key_field(k, n)) {
    case 0: return &d->title;
    case 1: return &d->date;
    case 2: return &d->author;
    case 3: return &d->type;
    default: return NULL;
    }
}

int
parse_header_key(const char *k, size_t n)
{
    return header_key_field(k, n) >= 0;
}

void
parse_key_header(parsed_doc_t *d, const unsigned char *t, size_t n)
{
    size_t pos = 0;
    while (pos < n && (t[pos] == '\n' || is_hspace(t[pos])))
        pos++;
    char *found[4] = { NULL, NULL, NULL, NULL };
    char **fields[4] = { &d->title, &d->date, &d->author, &d->type };
    int lines = 0, known = 0;
    while (pos < n && lines < 30) {
        const unsigned char *nl = memchr(t + pos, '\n', n - pos);
        size_t le = nl ? (size_t)(nl - t) : n;
        size_t i = pos;
        while (i < le && is_hspace(t[i]))
            i++;
        if (i == le)
            break;   /* the blank line that ends the block */
        size_t ks = i;
        while (i < le && i - ks < 30 &&
               ((t[i] >= 'a' && t[i] <= 'z') || (t[i] >= 'A' && t[i] <= 'Z') ||
                (t[i] >= '0' && t[i] <= '9') || (t[i] == '-' && i > ks)))
            i++;
        if (i == ks || i >= le || t[i] != ':' || le - pos > 1000)
            break;   /* not a key line: the body starts here */
        size_t vs = i + 1, ve = le;
        while (vs < ve && is_hspace(t[vs]))
            vs++;
        while (ve > vs && is_hspace(t[ve - 1]))
            ve--;
        char **f = header_field(d, (const char *)t + ks, i - ks);
        for (int k = 0; f && vs < ve && k < 4; k++) {
            if (fields[k] == f && !found[k]) {
                found[k] = xstrndup((const char *)t + vs, ve - vs);
                known++;
            }
        }
        lines++;
        pos = le + 1;
    }
    if (!known)
        return;
    for (int k = 0; k < 4; k++) {
        if (found[k]) {
            free(*fields[k]);
            *fields[k] = found[k];
        }
    }
    d->header_in_text = 1;
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
    parse_key_header(d, t, n);
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
