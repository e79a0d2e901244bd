/*
 * passage.c - splitting a parsed document into passages.
 *
 * Each block is trimmed; a block of at most PASSAGE_MAX_BYTES is one
 * passage, a longer one is cut into windows that aim at
 * PASSAGE_TARGET_BYTES: at the sentence end nearest the target among those
 * at least half the target in, else at the space nearest the target, else
 * at the last space, else (one huge word) at the last character boundary
 * that fits.  A window never exceeds the max and never ends inside a UTF-8
 * sequence.
 *
 * Lines: in text and Markdown the stored text is the file's text, so the
 * line of a window is its block's line plus the newlines before it in the
 * block.  HTML text is extracted and its newlines are not the file's, so
 * every window of an HTML block has the block's line.
 */
#include "indexer/passage.h"

#include <stdlib.h>
#include <string.h>

#include "util/utf8.h"
#include "util/xalloc.h"

#define PASSAGE_MIN_CUT (PASSAGE_TARGET_BYTES / 2)

static int
ascii_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '\v';
}

/* Bytes of the white-space character at p (< end), or 0: ASCII white
 * space, no-break space, the U+2000 spaces, U+202F, U+205F, U+3000. */
static size_t
space_at(const unsigned char *p, const unsigned char *end)
{
    if (ascii_space(p[0]))
        return 1;
    if (p[0] == 0xC2 && end - p >= 2 && p[1] == 0xA0)
        return 2;
    if (end - p >= 3) {
        if (p[0] == 0xE2 && p[1] == 0x80 && (p[2] <= 0x8B || p[2] == 0xAF))
            return 3;
        if (p[0] == 0xE2 && p[1] == 0x81 && p[2] == 0x9F)
            return 3;
        if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80)
            return 3;
    }
    return 0;
}

/* Bytes of the white-space character that ends just before p (> start). */
static size_t
space_before(const unsigned char *start, const unsigned char *p)
{
    if (ascii_space(p[-1]))
        return 1;
    if (p - start >= 2 && p[-2] == 0xC2 && p[-1] == 0xA0)
        return 2;
    if (p - start >= 3 && space_at(p - 3, p) == 3)
        return 3;
    return 0;
}

/* Is code point cp a letter or digit, as far as a passage needs to know?
 * Punctuation, symbols, spaces, marks and emoji are not. */
static int
word_cp(uint32_t cp)
{
    if (cp < 0x80)
        return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
               (cp >= 'A' && cp <= 'Z');
    if (cp < 0xC0)
        return cp == 0xAA || cp == 0xB2 || cp == 0xB3 || cp == 0xB5 ||
               cp == 0xB9 || cp == 0xBA || (cp >= 0xBC && cp <= 0xBE);
    if (cp == 0xD7 || cp == 0xF7)
        return 0;
    if (cp >= 0x300 && cp <= 0x36F)          /* combining marks */
        return 0;
    if (cp >= 0x2000 && cp <= 0x2BFF)        /* punctuation, symbols */
        return 0;
    if ((cp >= 0x3000 && cp <= 0x3003) || (cp >= 0x3008 && cp <= 0x3011) ||
        (cp >= 0x3014 && cp <= 0x301F))
        return 0;
    if ((cp >= 0xE000 && cp <= 0xF8FF) || (cp >= 0xFE00 && cp <= 0xFE0F) ||
        (cp >= 0xFE30 && cp <= 0xFE4F) || cp == 0xFEFF ||
        (cp >= 0xFFF0 && cp <= 0xFFFF))
        return 0;
    if ((cp >= 0xFF01 && cp <= 0xFF0F) || (cp >= 0xFF1A && cp <= 0xFF20) ||
        (cp >= 0xFF3B && cp <= 0xFF40) || (cp >= 0xFF5B && cp <= 0xFF65))
        return 0;
    if (cp >= 0x1F000 && cp <= 0x1FAFF)      /* emoji, game symbols */
        return 0;
    if (cp >= 0xE0000)
        return 0;
    return 1;
}

static int
has_word(const unsigned char *p, const unsigned char *end)
{
    while (p < end) {
        if (*p < 0x80) {
            if (word_cp(*p))
                return 1;
            p++;
            continue;
        }
        uint32_t cp;
        int k = utf8_decode(p, (size_t)(end - p), &cp);
        if (k < 0) {
            p++;
            continue;
        }
        if (word_cp(cp))
            return 1;
        p += k;
    }
    return 0;
}

static int
lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/*
 * Is the '.' at p (inside [start, ...)) the end of an abbreviation rather
 * than of a sentence?  Initials and dotted acronyms (J. Smith, U.S.) and
 * a few titles and references (Mr., Sec., No.) are.
 */
static int
abbreviation(const unsigned char *start, const unsigned char *p)
{
    static const char *const abbrevs[] = {
        "mr", "mrs", "ms", "dr", "st", "jr", "sr", "no", "nos", "sec",
        "secs", "gen", "gov", "sen", "rep", "reps", "inc", "co", "corp",
        "ltd", "vs", "art", "vol", "pp", "cf", "ch", "fig", "hon", "messrs",
        "rev", "lt", "col", "capt", "sgt", "stat", "jan", "feb", "mar", "apr",
        "jun", "jul", "aug", "sept", "oct", "nov", "dec", "pub", "approx",
        "dept", "est", "sq", "ft", "mt", "op", "pres", "prof", "subch", "par",
    };
    const unsigned char *w = p;
    while (w > start && ((w[-1] >= 'a' && w[-1] <= 'z') || (w[-1] >= 'A' && w[-1] <= 'Z')))
        w--;
    size_t len = (size_t)(p - w);
    if (len == 0)
        return 0;
    if (w > start && w[-1] == '.')
        return 1;   /* U.S. */
    if (len == 1 && w[0] >= 'A' && w[0] <= 'Z')
        return 1;   /* J. */
    if (len > 6)
        return 0;
    for (size_t i = 0; i < sizeof abbrevs / sizeof *abbrevs; i++) {
        const char *a = abbrevs[i];
        if (strlen(a) != len)
            continue;
        size_t j = 0;
        while (j < len && lower(w[j]) == a[j])
            j++;
        if (j == len)
            return 1;
    }
    return 0;
}

/* Closing quotes and brackets that may follow a sentence's final mark:
 * their length at p, or 0. */
static size_t
closer_at(const unsigned char *p, const unsigned char *end)
{
    if (*p == '"' || *p == '\'' || *p == ')' || *p == ']')
        return 1;
    if (end - p >= 3 && p[0] == 0xE2 && p[1] == 0x80 &&
        (p[2] == 0x9D || p[2] == 0x99))
        return 3;   /* ” ’ */
    return 0;
}

/*
 * If a sentence ends at the mark t[i], the offset where it ends (after
 * the mark and any closers), which is followed by ASCII white space and
 * then not by a lower-case letter; else 0.
 */
static size_t
sentence_end(const unsigned char *t, size_t start, size_t i, size_t e)
{
    unsigned char c = t[i];
    if (c != '.' && c != '!' && c != '?')
        return 0;
    if (c == '.' && abbreviation(t + start, t + i))
        return 0;
    size_t j = i + 1, k;
    while (j < e && (k = closer_at(t + j, t + e)) > 0)
        j += k;
    if (j >= e || !ascii_space(t[j]))
        return 0;
    size_t q = j;
    while (q < e && ascii_space(t[q]))
        q++;
    if (q < e && t[q] >= 'a' && t[q] <= 'z')
        return 0;
    return j;
}

static size_t
dist(size_t a, size_t b)
{
    return a > b ? a - b : b - a;
}

/* Where to end the window that starts at pos, e - pos > MAX. */
static size_t
find_cut(const unsigned char *t, size_t pos, size_t e)
{
    size_t lim = pos + PASSAGE_MAX_BYTES;
    size_t target = pos + PASSAGE_TARGET_BYTES;
    size_t best = 0;

    /* A sentence end nearest the target. */
    for (size_t i = pos + PASSAGE_MIN_CUT; i < lim; i++) {
        size_t j = sentence_end(t, pos, i, e);
        if (!j || j > lim)
            continue;
        if (!best || dist(j, target) < dist(best, target))
            best = j;
        if (j >= target)
            break;   /* later ones are farther */
    }
    if (best)
        return best;

    /* A space nearest the target. */
    for (size_t i = pos + PASSAGE_MIN_CUT; i <= lim; i++) {
        if (!ascii_space(t[i]))
            continue;
        if (!best || dist(i, target) < dist(best, target))
            best = i;
        if (i >= target)
            break;
    }
    if (best)
        return best;

    /* The last space. */
    for (size_t i = lim; i > pos; i--)
        if (ascii_space(t[i]))
            return i;

    /* One huge word: the last character boundary that fits. */
    size_t cut = pos + utf8_clip((const char *)t + pos, PASSAGE_MAX_BYTES);
    return cut > pos ? cut : lim;
}

static void
push(passage_t **v, size_t *n, size_t *cap, size_t s, size_t e, uint32_t line, int cont)
{
    if (*n == *cap)
        *v = xgrow(*v, cap, *n + 1, sizeof **v);
    (*v)[*n].start = (uint32_t)s;
    (*v)[*n].end = (uint32_t)e;
    (*v)[*n].line = line;
    (*v)[*n].cont = cont;
    (*n)++;
}

passage_t *
passage_split(const parsed_doc_t *d, size_t *n)
{
    const unsigned char *t = (const unsigned char *)buf_cstr(&d->text);
    size_t tlen = d->text.len;
    int count_lines = d->format != DOC_FORMAT_HTML;
    passage_t *v = NULL;
    size_t count = 0, cap = 0;

    if (tlen > UINT32_MAX)
        tlen = UINT32_MAX;   /* offsets are 32-bit; limits keep text far smaller */
    for (size_t b = 0; b < d->nblocks; b++) {
        size_t s = d->blocks[b].start, e = d->blocks[b].end;
        if (e > tlen)
            e = tlen;
        if (s >= e)
            continue;
        uint32_t line = d->blocks[b].line ? d->blocks[b].line : 1;
        size_t line_pos = s;
        size_t pos = s;
        int windows = 0;
        while (pos < e) {
            size_t k;
            while (pos < e && (k = space_at(t + pos, t + e)) > 0)
                pos += k;
            if (pos >= e)
                break;
            size_t cut = e - pos <= PASSAGE_MAX_BYTES ? e : find_cut(t, pos, e);
            size_t we = cut;
            while (we > pos && (k = space_before(t + pos, t + we)) > 0)
                we -= k;
            if (we > pos && has_word(t + pos, t + we)) {
                if (count_lines) {
                    const unsigned char *p = t + line_pos;
                    while ((p = memchr(p, '\n', (size_t)(t + pos - p))) != NULL) {
                        line++;
                        p++;
                    }
                    line_pos = pos;
                }
                push(&v, &count, &cap, pos, we, line, windows++ > 0);
            }
            pos = cut;
        }
    }
    *n = count;
    if (!v)
        v = xmalloc(sizeof *v);   /* never NULL, even with no passages */
    return v;
}
