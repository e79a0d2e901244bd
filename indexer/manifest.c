/*
 * manifest.c - what the index knows about each file, for incremental sync.
 */
#include "indexer/manifest.h"

#include <stdlib.h>
#include <string.h>

#include "lib/schema.h"
#include "util/buf.h"
#include "util/xalloc.h"

void
manifest_encode_value(buf_t *b, const manifest_entry_t *e)
{
    buf_clear(b);
    buf_put_varint(b, e->size);
    buf_put_varint(b, (uint64_t)e->mtime_sec);
    buf_put_varint(b, e->mtime_nsec);
    buf_put_varint(b, e->checksum);
    buf_put_varint(b, e->npassages);
    buf_puts(b, e->path);
    buf_putc(b, '\0');
    buf_putc(b, (char)(e->flags | SYNC_CTIME));
    buf_put_varint(b, (uint64_t)e->ctime_sec);
    buf_put_varint(b, e->ctime_nsec);
}

int
manifest_decode_value(const char *v, size_t len, manifest_entry_t *e)
{
    bufreader_t r;
    bufreader_init(&r, v, len);
    e->size = bufreader_varint(&r);
    e->mtime_sec = (int64_t)bufreader_varint(&r);
    e->mtime_nsec = (uint32_t)bufreader_varint(&r);
    e->checksum = bufreader_varint(&r);
    e->npassages = (uint32_t)bufreader_varint(&r);
    if (r.bad)
        return -1;
    /* The path, then (in values written since they were kept) a NUL and
     * the flags. */
    const char *nul = memchr(r.p, '\0', (size_t)(r.end - r.p));
    e->path = xstrndup((const char *)r.p, (size_t)((nul ? nul : (const char *)r.end) - (const char *)r.p));
    e->flags = nul && nul + 1 < (const char *)r.end ? (unsigned char)nul[1] : 0;
    e->ctime_sec = 0;
    e->ctime_nsec = 0;
    if (e->flags & SYNC_CTIME) {
        bufreader_t t;
        bufreader_init(&t, nul + 2, (size_t)((const char *)r.end - (nul + 2)));
        e->ctime_sec = (int64_t)bufreader_varint(&t);
        e->ctime_nsec = (uint32_t)bufreader_varint(&t);
        if (t.bad)
            e->flags &= ~(unsigned)SYNC_CTIME;  /* compare as before */
    }
    e->seen = e->moved_away = 0;
    e->next_same = 0;
    return 0;
}

typedef struct loading {
    manifest_t *m;
    size_t shard;
} loading_t;

static int
add_value(dx_docid_t docid, const char *v, size_t len, void *ctx)
{
    loading_t *l = ctx;
    manifest_t *m = l->m;
    manifest_entry_t e;
    if (manifest_decode_value(v, len, &e) != 0)
        return 0;
    e.docid = docid;
    e.shard = l->shard;
    m->v = xgrow(m->v, &m->cap, m->n + 1, sizeof *m->v);
    m->v[m->n++] = e;
    return 0;
}

static void
content_key(uint64_t size, uint64_t checksum, unsigned char key[16])
{
    memcpy(key, &size, 8);
    memcpy(key + 8, &checksum, 8);
}

dx_status_t
manifest_load(manifest_t *m, dx_db_t *const *shards, size_t nshards)
{
    memset(m, 0, sizeof *m);
    hashmap_init(&m->by_path);
    hashmap_init(&m->by_content);
    for (size_t k = 0; k < nshards; k++) {
        loading_t l = { m, k };
        dx_status_t st = dx_db_values(shards[k], SLOT_SYNC, add_value, &l);
        if (st != DX_OK)
            return st;
    }
    for (size_t i = 0; i < m->n; i++) {
        hashmap_entry_t *e = hashmap_put(&m->by_path, m->v[i].path, strlen(m->v[i].path), NULL);
        e->value = i + 1;
        unsigned char key[16];
        content_key(m->v[i].size, m->v[i].checksum, key);
        int created;
        e = hashmap_put(&m->by_content, key, sizeof key, &created);
        if (created) {
            e->value = i + 1;
        } else {
            /* Chain duplicates behind the first. */
            manifest_entry_t *first = &m->v[e->value - 1];
            m->v[i].next_same = first->next_same;
            first->next_same = i + 1;
        }
    }
    return DX_OK;
}

void
manifest_free(manifest_t *m)
{
    for (size_t i = 0; i < m->n; i++)
        free(m->v[i].path);
    free(m->v);
    hashmap_free(&m->by_path);
    hashmap_free(&m->by_content);
    memset(m, 0, sizeof *m);
}

manifest_entry_t *
manifest_by_path(const manifest_t *m, const char *path)
{
    hashmap_entry_t *e = hashmap_get(&m->by_path, path, strlen(path));
    return e ? &m->v[e->value - 1] : NULL;
}

manifest_entry_t *
manifest_by_content(const manifest_t *m, uint64_t size, uint64_t checksum)
{
    unsigned char key[16];
    content_key(size, checksum, key);
    hashmap_entry_t *e = hashmap_get(&m->by_content, key, sizeof key);
    return e ? &m->v[e->value - 1] : NULL;
}

manifest_entry_t *
manifest_next_same(const manifest_t *m, const manifest_entry_t *e)
{
    return e->next_same ? &m->v[e->next_same - 1] : NULL;
}
