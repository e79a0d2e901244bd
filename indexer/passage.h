/*
 * passage.h - splitting a parsed document into passages.
 *
 * A passage is the unit search ranks and prints: a paragraph, or a window
 * of a long paragraph.  Each carries its byte range in the stored text and
 * the line of the original file on which it begins, so that a result can
 * cite path:line without re-reading the file.
 */
#ifndef DOSSIER_INDEXER_PASSAGE_H
#define DOSSIER_INDEXER_PASSAGE_H

#include <stddef.h>
#include <stdint.h>

#include "indexer/parse.h"

typedef struct passage {
    uint32_t start, end;   /* bytes [start, end) of the stored text */
    uint32_t line;         /* 1-based source line where it begins */
    int cont;              /* a later window of the previous passage's
                            * paragraph: phrases run on across the cut */
} passage_t;

/* Windows of a long paragraph aim at this size and never exceed the max;
 * they break at a sentence end if one is near, else at a space. */
#define PASSAGE_TARGET_BYTES 600
#define PASSAGE_MAX_BYTES 1000

/*
 * Split d's blocks into passages (blocks with no word characters are
 * dropped; blocks longer than PASSAGE_MAX_BYTES are cut into windows;
 * leading and trailing white space is trimmed from each passage).
 * Returns a malloc'd array (caller frees) and its length in *n.
 */
passage_t *passage_split(const parsed_doc_t *d, size_t *n);

#endif
