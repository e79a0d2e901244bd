/*
 * verify.c - checking approximate phrases against the stored text (see
 * verify.h).
 */
#include "search/verify.h"

#include <stdlib.h>
#include <string.h>

#include "lib/record.h"
#include "lib/schema.h"
#include "lib/stopwords.h"
#include "lib/token.h"
#include "search/build.h"
#include "util/xalloc.h"

struct verify {
    dindex_t *ix;
    const qnode_t **phrases;
    size_t n;
};

/* Does Xapian match this phrase approximately in a schema 3 shard? */
static int
approximate(const qnode_t *n)
{
    if (n->kind != Q_PHRASE || !n->exact || n->prefix[0] != '\0')
        return 0;
    for (size_t i = 0; i < n->nwords; i++)
        if (stopword_class(n->words[i].term, strlen(n->words[i].term)) >= 0)
            return 1;
    return 0;
}

verify_t *
verify_new(const qnode_t *root, dindex_t *ix, int or_mode)
{
    if (!root || or_mode)
        return NULL;
    const qnode_t *const *kids = (const qnode_t *const *)root->kids;
    size_t nkids = root->nkids;
    if (root->kind != Q_AND) {
        kids = &root;
        nkids = 1;
    }
    verify_t *v = NULL;
    for (size_t i = 0; i < nkids; i++) {
        if (!approximate(kids[i]))
            continue;
        if (!v) {
            if (!build_has_stop_classes(ix->db))
                return NULL;
            v = xcalloc(1, sizeof *v);
            v->ix = ix;
            v->phrases = xcalloc(nkids, sizeof *v->phrases);
        }
        v->phrases[v->n++] = kids[i];
    }
    return v;
}

void
verify_free(verify_t *v)
{
    if (!v)
        return;
    free(v->phrases);
    free(v);
}

/* Does token t stand for word w of a quoted phrase? */
static int
same_word(const token_t *t, const qword_t *w)
{
    if (w->exact)
        return t->exact_len == strlen(w->exact) && memcmp(t->exact, w->exact, t->exact_len) == 0;
    return t->len == strlen(w->term) && memcmp(t->term, w->term, t->len) == 0;
}

static int
same_words(const qword_t *a, const qword_t *b)
{
    if (strcmp(a->term, b->term) != 0)
        return 0;
    return (!a->exact && !b->exact) || (a->exact && b->exact && strcmp(a->exact, b->exact) == 0);
}

/* Does s[0..len) hold the words of phrase p in a row?  (Knuth-Morris-
 * Pratt over words: "that that is" is found in "that that that is".) */
static int
holds(const char *s, size_t len, const qnode_t *p, size_t *fail)
{
    fail[0] = 0;
    for (size_t i = 1, k = 0; i < p->nwords; i++) {
        while (k > 0 && !same_words(&p->words[i], &p->words[k]))
            k = fail[k - 1];
        if (same_words(&p->words[i], &p->words[k]))
            k++;
        fail[i] = k;
    }
    tokenizer_t t;
    token_t tok;
    size_t run = 0;
    tok_init(&t, s, len);
    while (tok_next(&t, &tok)) {
        while (run > 0 && !same_word(&tok, &p->words[run]))
            run = fail[run - 1];
        if (same_word(&tok, &p->words[run]) && ++run == p->nwords)
            return 1;
    }
    return 0;
}

/*
 * Tokenizing every candidate's text is most of the cost of a check.  A
 * text whose only bytes above ASCII are punctuation (curly quotes,
 * dashes) has its words as plain letters: a phrase whose first word is
 * ASCII starts where those letters stand, in any case, after a byte
 * that no word runs through.  Only those places are tokenized.
 */

/* Can s[0..len) hold a word that is not written as its ASCII letters?
 * (Accents, ligatures, full-width forms, soft hyphens and zero-width
 * characters fold into words; U+2010..U+203F punctuation does not.) */
static int
folds_words(const unsigned char *s, size_t len)
{
    const unsigned char *end = s + len;
    for (const unsigned char *p = s; p < end; p++) {
        if (*p < 0x80)
            continue;
        if (*p == 0xE2 && end - p >= 3 && p[1] == 0x80 && p[2] >= 0x90 && p[2] <= 0xBF) {
            p += 2;
            continue;
        }
        return 1;
    }
    return 0;
}

static int
ascii_word(const char *w)
{
    for (; *w; w++)
        if (!((*w >= 'a' && *w <= 'z') || (*w >= '0' && *w <= '9')))
            return 0;
    return 1;
}

/* Does a word start at s[i]?  1 yes, 0 no (a letter or digit before it),
 * -1 it depends on more than the byte before it (U.S., 1,000, o'brien,
 * AT&T, a curly apostrophe), which only the tokenizer can tell. */
static int
word_starts(const unsigned char *s, size_t i)
{
    if (i == 0)
        return 1;
    unsigned char c = s[i - 1];
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return 0;
    if (c == '.' || c == ',' || c == '\'' || c == '&' || c >= 0x80)
        return -1;
    return 1;
}

/* holds() for a text with no folding (folds_words() 0) and a phrase whose
 * first word is ASCII letters and digits: 1 or 0, or -1 when a place the
 * first word stands depends on the tokenizer's reading of what precedes
 * it. */
static int
holds_ascii(const char *text, size_t len, const qnode_t *p)
{
    const unsigned char *s = (const unsigned char *)text;
    const char *w = p->words[0].term;
    size_t wl = strlen(w);
    int unsure = 0;
    for (size_t i = 0; i + wl <= len; i++) {
        if ((s[i] | 0x20) != (unsigned char)w[0] && s[i] != (unsigned char)w[0])
            continue;
        size_t k = 1;
        while (k < wl && (s[i + k] == (unsigned char)w[k] ||
                          (w[k] >= 'a' && w[k] <= 'z' && (s[i + k] | 0x20) == (unsigned char)w[k])))
            k++;
        if (k < wl)
            continue;
        int start = word_starts(s, i);
        if (start < 0)
            unsure = 1;
        if (start <= 0)
            continue;
        /* The phrase from here: p's words, read by the tokenizer. */
        tokenizer_t t;
        token_t tok;
        size_t run = 0;
        tok_init(&t, text + i, len - i);
        while (run < p->nwords && tok_next(&t, &tok) && same_word(&tok, &p->words[run]))
            run++;
        if (run == p->nwords)
            return 1;
    }
    return unsure ? -1 : 0;
}

int
verify_text(const char *text, size_t len, const qnode_t *p)
{
    if (ascii_word(p->words[0].term) && !p->words[0].exact &&
        !folds_words((const unsigned char *)text, len)) {
        int r = holds_ascii(text, len, p);
        if (r >= 0)
            return r;
    }
    size_t *fail = xcalloc(p->nwords, sizeof *fail);
    int ok = holds(text, len, p, fail);
    free(fail);
    return ok;
}

int
verify_record(const char *data, size_t len, void *ctx)
{
    verify_t *v = ctx;
    record_t rec;
    record_init(&rec);
    if (record_decode(data, len, REC_DECODE_TEXT | REC_DECODE_NOCHECK, index_zdict_lookup, v->ix,
                      &rec) != 0) {
        record_free(&rec);
        return 1;
    }
    int ok = 1;
    for (size_t i = 0; i < v->n && ok; i++)
        ok = verify_text(rec.text, rec.text_len, v->phrases[i]) ||
             verify_text(rec.title, strlen(rec.title), v->phrases[i]);
    record_free(&rec);
    return ok;
}
