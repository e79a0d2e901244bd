/*
 * hashmap.h - a hash table from byte strings to a 64-bit value.
 *
 * Open addressing with linear probing; keys are copied into the table's
 * own arena.  Used for the indexer's per-run caches (stems, spelling
 * counts) and for incremental sync (path -> manifest entry).
 */
#ifndef DOSSIER_UTIL_HASHMAP_H
#define DOSSIER_UTIL_HASHMAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct hashmap_entry {
    const char *key;   /* NUL-terminated copy, owned by the map */
    size_t keylen;
    uint64_t hash;
    uint64_t value;
} hashmap_entry_t;

typedef struct hashmap {
    hashmap_entry_t *slots;
    size_t nslots;     /* a power of two */
    size_t count;
    struct hashmap_chunk *chunks;  /* arena for keys */
} hashmap_t;

void hashmap_init(hashmap_t *m);
void hashmap_free(hashmap_t *m);
/* 64-bit hash of bytes (FNV-1a folded through a mixer). */
uint64_t hashmap_hash(const void *key, size_t len);
/* The entry for key, or NULL. */
hashmap_entry_t *hashmap_get(const hashmap_t *m, const void *key, size_t len);
/* The entry for key, created with value 0 if absent (*created set to 1). */
hashmap_entry_t *hashmap_put(hashmap_t *m, const void *key, size_t len,
                             int *created);
/* Iterate: *i starts at 0; returns NULL at the end. */
hashmap_entry_t *hashmap_next(const hashmap_t *m, size_t *i);
size_t hashmap_count(const hashmap_t *m);

#endif
