/*
 * stems.h - the stem map: from an English stem to the words that have it.
 *
 * Dossier indexes words as they are (normalised, with positions) and no
 * stemmed terms; a query word is widened at search time to every indexed
 * word with the same Snowball stem ("sanction" -> sanction, sanctions,
 * sanctioned).  The map lives in the database's metadata under
 * "stem:STEM" (lib/schema.h), so it is committed atomically with the
 * documents and can be read from remote shards too.
 */
#ifndef DOSSIER_LIB_STEMS_H
#define DOSSIER_LIB_STEMS_H

#include <stddef.h>

#include "binding/dx.h"
#include "util/hashmap.h"

#define STEM_MAX 80

typedef struct stems stems_t;

stems_t *stems_new(void);
void stems_free(stems_t *s);

/* The stem of a normalised word into out (STEM_MAX bytes); cached.
 * Words that are not plain (tok_is_plain_word) are their own stem. */
size_t stems_stem(stems_t *s, const char *word, size_t len, char *out);

/* Writers: note that word occurs in a document being indexed.  Cheap for
 * words already seen in this run. */
void stems_note(stems_t *s, const char *word, size_t len);

/* Writers: merge the words noted since the last flush into the database's
 * map (call before each commit).  Returns DX_OK or the failing status. */
dx_status_t stems_flush(stems_t *s, dx_db_t *db);

/* Writers: add to `to` the words `from` noted since its last flush, so
 * that they go into another database's map too (shard 0 of an index of
 * several shards keeps the map of all of them: a server that serves the
 * shards as one database shows the metadata of the first only).  Then
 * stems_drop_pending() empties `from` without writing (once copied), and
 * stems_pending() counts what is waiting. */
void stems_copy_pending(stems_t *to, const stems_t *from);
void stems_drop_pending(stems_t *s);
size_t stems_pending(const stems_t *s);

/*
 * Readers: the words of the index sharing the stem of word, read from
 * every shard of db and de-duplicated.  The result always contains word
 * itself.  Returns a malloc'd array of malloc'd strings (*n entries).
 */
char **stems_variants(stems_t *s, dx_db_t *db, const char *word, size_t len,
                      size_t *n);

#endif
