/*
 * zdict.h - preset dictionaries for the deflated text of records.
 *
 * Records are deflated one at a time (lib/record.h), and a document of a
 * few kilobytes leaves deflate little to refer back to: the first
 * occurrence of every word is spelled out.  A preset dictionary (zlib's
 * deflateSetDictionary) gives it up to 32 KB of the corpus's common words
 * to refer to from the first byte.  Trained on the first 2 MB of a corpus
 * and tried on a thousand other documents, it takes 18% off the deflated
 * text of the benchmark's generated corpus, 17% off executive orders and
 * 8% off long speeches.
 *
 * An index gets its dictionary from the first run that adds at least
 * ZDICT_MIN_SAMPLE bytes of files (usually its first), trained on the
 * first files that run adds, and keeps it as metadata (META_ZDICT) of
 * every local shard, never changed; records written before stay as they
 * are.  A record names its dictionary by
 * zlib's dictionary id (the Adler-32 of the dictionary's bytes), so it
 * decodes with the dictionary it was written with, from any shard.
 */
#ifndef DOSSIER_LIB_ZDICT_H
#define DOSSIER_LIB_ZDICT_H

#include <stddef.h>
#include <stdint.h>

#define ZDICT_MAX 32768           /* deflate's window: a larger one is unused */
#define ZDICT_SAMPLE (2u << 20)   /* bytes of text to train on */
#define ZDICT_MIN_SAMPLE (64u << 10) /* below this, no dictionary */

typedef struct zdict {
    char *data;
    size_t len;
    uint32_t id;                  /* zlib's dictionary id: adler32(data) */
} zdict_t;

/*
 * Train a dictionary on sample texts: their words (runs of bytes other
 * than white space) that occur at least twice, each after a space, the
 * most frequent last (deflate codes near distances in fewer bits), at
 * most ZDICT_MAX bytes.  Returns 0, or -1 (and *out empty) when the
 * sample is under ZDICT_MIN_SAMPLE bytes or has no repeated word.
 */
int zdict_train(const char *const *texts, const size_t *lens, size_t n, zdict_t *out);

/* Make *d a copy of len bytes (as stored in an index), NUL-terminated. */
void zdict_set(zdict_t *d, const char *data, size_t len);
void zdict_free(zdict_t *d);

/* Finds the dictionary a record asks for by id, or NULL. */
typedef const zdict_t *(*zdict_lookup_fn)(void *ctx, uint32_t id);

#endif
