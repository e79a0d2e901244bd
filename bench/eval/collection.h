/*
 * collection.h - reading relevance-judged test collections.
 *
 * A collection is documents, queries and judgments, each in one of the
 * formats below, named on the command line as FORMAT:FILE.
 *
 * Documents
 *   smart   SMART-tagged records (CISI, Cranfield, MEDLINE, ADI, CACM...):
 *           a record starts with a line ".I ID"; a line ".X" (a full stop,
 *           one capital letter, nothing else but white space) starts
 *           field X.  .T is the title, .W the text; other fields (.A
 *           authors, .B bibliography, .X citations...) are not searched.
 *   trec    TREC SGML: <DOC> ... <DOCNO>ID</DOCNO> ... </DOC>; the title
 *           is the first of <HEADLINE>, <TITLE>, <HEAD>; the text is the
 *           content of every <TEXT> element (tags inside are dropped).
 *
 * Queries
 *   smart   as above: the .W field is the query (.T, .A, .B of CISI's
 *           article-based queries are not part of the request).
 *   smartpos  the same, but queries are numbered 1, 2, 3... by their
 *           position in the file, not by their .I line (Cranfield's
 *           judgments number them so).
 *   trec    TREC topics: <top> <num> Number: ID ... <title> TEXT ...
 *           </top>; the query is the title field.
 *   tsv     "ID<TAB>TEXT" per line.
 *
 * Judgments (all read into grades: 0 not relevant, >= 1 relevant)
 *   trec    "QID ITER DOC GRADE" (MEDLINE's MED.REL is in this form).
 *   pairs   "QID DOC ..." per line: every listed pair is relevant, grade 1
 *           (CISI's CISI.REL).
 *   cranfield  "QID DOC CODE" with Cleverdon's codes: 1 complete answer,
 *           2 high relevance, 3 useful background, 4 minimum interest,
 *           -1 no interest.  Grade = 5 - CODE for codes 1-4 (4, 3, 2, 1),
 *           0 for -1: every code 1-4 is relevant for the binary measures.
 *
 * Line breaks inside a title or query are read as spaces, and runs of
 * white space are collapsed; a title's trailing " ." (Cranfield writes
 * its titles as tokenised sentences) is dropped.
 */
#ifndef DOSSIER_BENCH_EVAL_COLLECTION_H
#define DOSSIER_BENCH_EVAL_COLLECTION_H

#include <stddef.h>

#include "bench/eval/metrics.h"

typedef struct coll_doc {
    char *id;
    char *title;   /* "" when none */
    char *text;
} coll_doc_t;

typedef struct coll_query {
    char *id;
    char *text;
} coll_query_t;

typedef struct collection {
    coll_doc_t *docs;
    size_t ndocs, capdocs;
    coll_query_t *queries;
    size_t nqueries, capqueries;
} collection_t;

void collection_init(collection_t *c);
void collection_free(collection_t *c);

/* Parse documents or queries from text (spec is the format name).
 * Return 0, or -1 with a malloc'd message. */
int coll_parse_docs(collection_t *c, const char *format, const char *text, size_t len,
                    char **err);
int coll_parse_queries(collection_t *c, const char *format, const char *text, size_t len,
                       char **err);
int coll_parse_qrels(eval_qrels_t *q, const char *format, const char *text, size_t len,
                     char **err);

/* The same, reading "FORMAT:FILE". */
int coll_read_docs(collection_t *c, const char *spec, char **err);
int coll_read_queries(collection_t *c, const char *spec, char **err);
int coll_read_qrels(eval_qrels_t *q, const char *spec, char **err);

/* 1 if a document id can be used as a file name as it is (letters,
 * digits, '-', '_' and '.', not starting with '.'): documents are written
 * as ID.txt and found again from the file name. */
int coll_id_is_safe(const char *id);

#endif
