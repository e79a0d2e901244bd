/*
 * manifest.h - what the index knows about each file, for incremental sync.
 *
 * Loaded in one pass over the SLOT_SYNC value stream (lib/schema.h): for
 * every document its stored path, size, modification time and content
 * checksum.  Lookups by path decide whether a file changed; lookups by
 * (size, checksum) recognise a file that moved.
 */
#ifndef DOSSIER_INDEXER_MANIFEST_H
#define DOSSIER_INDEXER_MANIFEST_H

#include <stddef.h>
#include <stdint.h>

#include "binding/dx.h"
#include "util/buf.h"
#include "util/hashmap.h"

typedef struct manifest_entry {
    char *path;            /* stored path */
    size_t shard;          /* local shard holding the document */
    dx_docid_t docid;      /* its id in that shard */
    uint64_t size;
    int64_t mtime_sec;
    uint32_t mtime_nsec;
    int64_t ctime_sec;     /* with SYNC_CTIME in flags */
    uint32_t ctime_nsec;
    uint64_t checksum;
    uint32_t npassages;    /* passages of the document */
    unsigned flags;        /* SYNC_* (lib/schema.h); 0 if not kept */
    int seen;              /* the file was found in this run */
    int moved_away;        /* its document now lives under another path */
    size_t next_same;      /* index + 1 of the next entry with the same
                            * (size, checksum), 0 at the end */
} manifest_entry_t;

typedef struct manifest {
    manifest_entry_t *v;
    size_t n, cap;
    hashmap_t by_path;     /* stored path -> index + 1 */
    hashmap_t by_content;  /* (size, checksum) -> index + 1 (first) */
} manifest_t;

/* Load the manifest of every shard.  Returns DX_OK or the failing
 * status. */
dx_status_t manifest_load(manifest_t *m, dx_db_t *const *shards, size_t nshards);
void manifest_free(manifest_t *m);
manifest_entry_t *manifest_by_path(const manifest_t *m, const char *path);
manifest_entry_t *manifest_by_content(const manifest_t *m, uint64_t size,
                                      uint64_t checksum);
/* The next entry with the same content as e, or NULL. */
manifest_entry_t *manifest_next_same(const manifest_t *m, const manifest_entry_t *e);
/* Encode e (path: the stored path) as a SLOT_SYNC value into b (cleared
 * first); it always carries the ctime (SYNC_CTIME). */
void manifest_encode_value(buf_t *b, const manifest_entry_t *e);
/* Decode a SLOT_SYNC value (exposed for tests and `show`). */
int manifest_decode_value(const char *v, size_t len, manifest_entry_t *e);

#endif
