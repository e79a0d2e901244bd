/*
 * zdict.c - preset dictionaries for records (see zdict.h).
 */
#include "lib/zdict.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "util/buf.h"
#include "util/hashmap.h"
#include "util/xalloc.h"

static int
is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

typedef struct word {
    const char *s;
    size_t len;
    uint64_t count;
} word_t;

/* More frequent first; equal counts in byte order, so that training is
 * deterministic. */
static int
by_count(const void *a, const void *b)
{
    const word_t *x = a, *y = b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->s, y->s, n);
    if (c)
        return c;
    return x->len < y->len ? -1 : x->len > y->len;
}

int
zdict_train(const char *const *texts, const size_t *lens, size_t n, zdict_t *out)
{
    memset(out, 0, sizeof *out);
    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += lens[i];
    if (total < ZDICT_MIN_SAMPLE)
        return -1;
    hashmap_t counts;
    hashmap_init(&counts);
    for (size_t i = 0; i < n; i++) {
        const char *p = texts[i], *end = p + lens[i];
        while (p < end) {
            while (p < end && is_space((unsigned char)*p))
                p++;
            const char *w = p;
            while (p < end && !is_space((unsigned char)*p))
                p++;
            /* A word longer than this is a table or an address: a
             * dictionary spends its room better on the rest. */
            if (p > w && p - w <= 64)
                hashmap_put(&counts, w, (size_t)(p - w), NULL)->value++;
        }
    }
    word_t *v = xcalloc(hashmap_count(&counts) + 1, sizeof *v);
    size_t nv = 0, i = 0;
    hashmap_entry_t *e;
    while ((e = hashmap_next(&counts, &i)))
        if (e->value >= 2)
            v[nv++] = (word_t){ e->key, e->keylen, e->value };
    qsort(v, nv, sizeof *v, by_count);
    /* The most frequent words that fit, then written least frequent
     * first. */
    size_t used = 0, take = 0;
    char *keep = xcalloc(nv + 1, 1);
    for (size_t k = 0; k < nv; k++) {
        if (used + v[k].len + 1 > ZDICT_MAX)
            continue;
        keep[k] = 1;
        used += v[k].len + 1;
        take++;
    }
    int rc = -1;
    if (take) {
        buf_t b = BUF_INIT;
        for (size_t k = nv; k-- > 0;) {
            if (!keep[k])
                continue;
            buf_putc(&b, ' ');
            buf_append(&b, v[k].s, v[k].len);
        }
        zdict_set(out, b.data, b.len);
        buf_free(&b);
        rc = 0;
    }
    free(keep);
    free(v);
    hashmap_free(&counts);
    return rc;
}

void
zdict_set(zdict_t *d, const char *data, size_t len)
{
    d->data = xmalloc(len + 1);
    memcpy(d->data, data, len);
    d->data[len] = '\0';
    d->len = len;
    d->id = (uint32_t)adler32(adler32(0L, Z_NULL, 0), (const Bytef *)data, (uInt)len);
}

void
zdict_free(zdict_t *d)
{
    free(d->data);
    memset(d, 0, sizeof *d);
}
