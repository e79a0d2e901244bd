/*
 * hashmap.c - a hash table from byte strings to a 64-bit value.
 */
#include "util/hashmap.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

struct hashmap_chunk {
    struct hashmap_chunk *next;
    size_t used, size;
    char data[];
};

void
hashmap_init(hashmap_t *m)
{
    m->slots = NULL;
    m->nslots = 0;
    m->count = 0;
    m->chunks = NULL;
}

void
hashmap_free(hashmap_t *m)
{
    struct hashmap_chunk *c = m->chunks;
    while (c) {
        struct hashmap_chunk *next = c->next;
        free(c);
        c = next;
    }
    free(m->slots);
    hashmap_init(m);
}

uint64_t
hashmap_hash(const void *key, size_t len)
{
    const unsigned char *p = key;
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= 0x100000001b3ull;
    }
    /* Final avalanche (from SplitMix64) so low bits are well mixed. */
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9ull;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebull;
    h ^= h >> 31;
    return h;
}

static char *
arena_copy(hashmap_t *m, const void *key, size_t len)
{
    struct hashmap_chunk *c = m->chunks;
    if (!c || c->size - c->used < len + 1) {
        size_t size = len + 1 > 65536 ? len + 1 : 65536;
        c = xmalloc(sizeof *c + size);
        c->used = 0;
        c->size = size;
        c->next = m->chunks;
        m->chunks = c;
    }
    char *p = c->data + c->used;
    memcpy(p, key, len);
    p[len] = '\0';
    c->used += len + 1;
    return p;
}

static hashmap_entry_t *
probe(const hashmap_t *m, const void *key, size_t len, uint64_t h)
{
    size_t mask = m->nslots - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        hashmap_entry_t *e = &m->slots[i];
        if (!e->key)
            return e;
        if (e->hash == h && e->keylen == len && memcmp(e->key, key, len) == 0)
            return e;
    }
}

static void
grow(hashmap_t *m)
{
    size_t n = m->nslots ? m->nslots * 2 : 64;
    hashmap_entry_t *old = m->slots;
    size_t oldn = m->nslots;
    m->slots = xcalloc(n, sizeof *m->slots);
    m->nslots = n;
    for (size_t i = 0; i < oldn; i++) {
        if (old[i].key) {
            hashmap_entry_t *e = probe(m, old[i].key, old[i].keylen, old[i].hash);
            *e = old[i];
        }
    }
    free(old);
}

hashmap_entry_t *
hashmap_get(const hashmap_t *m, const void *key, size_t len)
{
    if (!m->nslots)
        return NULL;
    hashmap_entry_t *e = probe(m, key, len, hashmap_hash(key, len));
    return e->key ? e : NULL;
}

hashmap_entry_t *
hashmap_put(hashmap_t *m, const void *key, size_t len, int *created)
{
    if ((m->count + 1) * 4 > m->nslots * 3)
        grow(m);
    uint64_t h = hashmap_hash(key, len);
    hashmap_entry_t *e = probe(m, key, len, h);
    if (created)
        *created = 0;
    if (!e->key) {
        e->key = arena_copy(m, key, len);
        e->keylen = len;
        e->hash = h;
        e->value = 0;
        m->count++;
        if (created)
            *created = 1;
    }
    return e;
}

hashmap_entry_t *
hashmap_next(const hashmap_t *m, size_t *i)
{
    while (*i < m->nslots) {
        hashmap_entry_t *e = &m->slots[(*i)++];
        if (e->key)
            return e;
    }
    return NULL;
}

size_t
hashmap_count(const hashmap_t *m)
{
    return m->count;
}
