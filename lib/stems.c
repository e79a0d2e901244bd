/*
 * stems.c - the stem map (see stems.h).
 */
#include "lib/stems.h"

#include <stdlib.h>
#include <string.h>

#include "lib/schema.h"
#include "lib/token.h"
#include "util/buf.h"
#include "util/xalloc.h"

struct stems {
    dx_stemmer_t *stemmer;
    hashmap_t cache;        /* word -> index into `stemtab` + 1 */
    buf_t stemtab;          /* NUL-separated stems */
    hashmap_t seen;         /* words noted in this run */
    hashmap_t pending;      /* "stem\0word" pairs not yet flushed */
};

stems_t *
stems_new(void)
{
    stems_t *s = xcalloc(1, sizeof *s);
    if (dx_stemmer_new("english", &s->stemmer) != DX_OK)
        s->stemmer = NULL;
    hashmap_init(&s->cache);
    hashmap_init(&s->seen);
    hashmap_init(&s->pending);
    return s;
}

void
stems_free(stems_t *s)
{
    if (!s)
        return;
    dx_stemmer_free(s->stemmer);
    hashmap_free(&s->cache);
    hashmap_free(&s->seen);
    hashmap_free(&s->pending);
    buf_free(&s->stemtab);
    free(s);
}

/* The stem of a word that stems_stem() would not look up in the cache:
 * the word itself, cut to STEM_MAX - 1 bytes. */
static size_t
stem_self(const char *word, size_t len, char *out)
{
    size_t n = len < STEM_MAX - 1 ? len : STEM_MAX - 1;
    memcpy(out, word, n);
    out[n] = '\0';
    return n;
}

size_t
stems_stem(stems_t *s, const char *word, size_t len, char *out)
{
    if (!s->stemmer || !tok_is_plain_word(word, len) || len >= STEM_MAX)
        return stem_self(word, len, out);
    int created;
    hashmap_entry_t *e = hashmap_put(&s->cache, word, len, &created);
    if (created) {
        char tmp[STEM_MAX];
        size_t n = dx_stem(s->stemmer, word, len, tmp, sizeof tmp);
        e->value = s->stemtab.len + 1;
        buf_append(&s->stemtab, tmp, n);
        buf_putc(&s->stemtab, '\0');
    }
    const char *st = s->stemtab.data + (e->value - 1);
    size_t n = strlen(st);
    memcpy(out, st, n + 1);
    return n;
}

void
stems_note(stems_t *s, const char *word, size_t len)
{
    int created;
    if (!tok_is_plain_word(word, len))
        return;
    hashmap_put(&s->seen, word, len, &created);
    if (!created)
        return;
    /* Each word is stemmed once per run here, so caching its stem would
     * only double the memory a writer keeps per distinct word (tens of
     * MB per shard for a gigabyte of text). */
    char stem[STEM_MAX];
    size_t n = s->stemmer && len < STEM_MAX ? dx_stem(s->stemmer, word, len, stem, sizeof stem)
                                            : stem_self(word, len, stem);
    /* A word that is its own stem and has no other form needs no entry,
     * but a later inflection would, so every word is recorded. */
    char key[STEM_MAX + TOKEN_MAX + 2];
    memcpy(key, stem, n);
    key[n] = '\0';
    memcpy(key + n + 1, word, len);
    hashmap_put(&s->pending, key, n + 1 + len, NULL);
}

static int
cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Does the space-separated list contain word? */
static int
list_has(const char *list, size_t listlen, const char *word, size_t len)
{
    const char *p = list, *end = list + listlen;
    while (p < end) {
        const char *sp = memchr(p, ' ', (size_t)(end - p));
        size_t n = sp ? (size_t)(sp - p) : (size_t)(end - p);
        if (n == len && memcmp(p, word, len) == 0)
            return 1;
        p += n + 1;
    }
    return 0;
}

dx_status_t
stems_flush(stems_t *s, dx_db_t *db)
{
    size_t n = hashmap_count(&s->pending);
    if (n == 0)
        return DX_OK;
    /* Sort the pairs so each stem's key is read and written once. */
    const char **pairs = xmalloc(n * sizeof *pairs);
    size_t i = 0, k = 0;
    hashmap_entry_t *e;
    while ((e = hashmap_next(&s->pending, &i)))
        pairs[k++] = e->key;
    qsort(pairs, k, sizeof *pairs, cmp_str);

    dx_status_t st = DX_OK;
    buf_t key = BUF_INIT, val = BUF_INIT;
    for (size_t a = 0; a < k && st == DX_OK;) {
        const char *stem = pairs[a];
        buf_clear(&key);
        buf_puts(&key, META_STEM_PREFIX);
        buf_puts(&key, stem);
        char *old = NULL;
        size_t oldlen = 0;
        st = dx_db_get_metadata(db, buf_cstr(&key), &old, &oldlen);
        if (st != DX_OK)
            break;
        buf_clear(&val);
        buf_append(&val, old, oldlen);
        int changed = 0;
        size_t b = a;
        for (; b < k && strcmp(pairs[b], stem) == 0; b++) {
            const char *word = pairs[b] + strlen(stem) + 1;
            size_t wl = strlen(word);
            if (!list_has(val.data ? val.data : "", val.len, word, wl)) {
                if (val.len)
                    buf_putc(&val, ' ');
                buf_append(&val, word, wl);
                changed = 1;
            }
        }
        free(old);
        /* Xapian limits a metadata value only by its tag size; a stem
         * with an absurd number of forms stops growing. */
        if (changed && val.len < 60000)
            st = dx_db_set_metadata(db, buf_cstr(&key), buf_cstr(&val), val.len);
        a = b;
    }
    buf_free(&key);
    buf_free(&val);
    free(pairs);
    if (st == DX_OK) {
        hashmap_free(&s->pending);
        hashmap_init(&s->pending);
    }
    return st;
}

void
stems_copy_pending(stems_t *to, const stems_t *from)
{
    size_t i = 0;
    hashmap_entry_t *e;
    while ((e = hashmap_next(&from->pending, &i)))
        hashmap_put(&to->pending, e->key, e->keylen, NULL);
}

void
stems_drop_pending(stems_t *s)
{
    hashmap_free(&s->pending);
    hashmap_init(&s->pending);
}

size_t
stems_pending(const stems_t *s)
{
    return hashmap_count(&s->pending);
}

char **
stems_variants(stems_t *s, dx_db_t *db, const char *word, size_t len, size_t *n)
{
    char stem[STEM_MAX];
    size_t sl = stems_stem(s, word, len, stem);
    hashmap_t uniq;
    hashmap_init(&uniq);
    char **out = NULL;
    size_t cap = 0;
    *n = 0;

    out = xgrow(out, &cap, 1, sizeof *out);
    out[(*n)++] = xstrndup(word, len);
    hashmap_put(&uniq, word, len, NULL);

    if (tok_is_plain_word(word, len)) {
        char *key = xasprintf("%s%.*s", META_STEM_PREFIX, (int)sl, stem);
        size_t shards = dx_db_shard_count(db);
        for (size_t sh = 0; sh < shards; sh++) {
            char *v = NULL;
            size_t vl = 0;
            if (dx_db_shard_metadata(db, sh, key, &v, &vl) != DX_OK || !v) {
                free(v);
                continue;
            }
            const char *p = v, *end = v + vl;
            while (p < end) {
                const char *sp = memchr(p, ' ', (size_t)(end - p));
                size_t wl = sp ? (size_t)(sp - p) : (size_t)(end - p);
                int created;
                if (wl) {
                    hashmap_put(&uniq, p, wl, &created);
                    if (created) {
                        out = xgrow(out, &cap, *n + 1, sizeof *out);
                        out[(*n)++] = xstrndup(p, wl);
                    }
                }
                p += wl + 1;
            }
            free(v);
        }
        free(key);
    }
    hashmap_free(&uniq);
    return out;
}
