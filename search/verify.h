/*
 * verify.h - checking approximate phrases against the stored text.
 *
 * A schema 3 shard keeps the positions of most function words on class
 * terms (lib/stopwords.h), so Xapian matches a phrase that holds one
 * approximately: another word of the same class may stand in its place.
 * A quoted phrase that every match must hold (a part of the query's
 * top-level AND) is then checked in each document the matcher considers:
 * its record's text and title must hold the words in that order.  Such a
 * phrase under OR or NOT, or in a remote shard, stays approximate.
 */
#ifndef DOSSIER_SEARCH_VERIFY_H
#define DOSSIER_SEARCH_VERIFY_H

#include <stddef.h>

#include "lib/index.h"
#include "search/query.h"

typedef struct verify verify_t;

/* The phrases of root to check in ix, or NULL when there are none (no
 * such phrase, no schema 3 shard, or OR mode). */
verify_t *verify_new(const qnode_t *root, dindex_t *ix, int or_mode);
void verify_free(verify_t *v);

/* Does text hold the words of phrase p (Q_PHRASE) in a row, as the
 * tokenizer reads them?  (Exposed for tests.) */
int verify_text(const char *text, size_t len, const qnode_t *p);

/* The match decider (binding/dx.h): 1 if the record data holds every
 * phrase of ctx (a verify_t), or cannot be read (a damaged record is
 * not this check's to hide). */
int verify_record(const char *data, size_t len, void *ctx);

#endif
