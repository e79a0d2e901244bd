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
    for (size_t i = 0; i < v->n && ok; i++) {
        size_t *fail = xcalloc(v->phrases[i]->nwords, sizeof *fail);
        ok = holds(rec.text, rec.text_len, v->phrases[i], fail) ||
             holds(rec.title, strlen(rec.title), v->phrases[i], fail);
        free(fail);
    }
    record_free(&rec);
    return ok;
}
