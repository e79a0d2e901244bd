/*
 * xapianbatch.c - many queries in one process over a database built by
 * omindex, parsed the way quest parses them: Xapian's QueryParser with
 * AND as the default operator, English stemming, and omindex's year:
 * boolean prefix.  The batch figure for the xapian-omega peer, which has
 * no batch mode of its own.
 *
 *   dossier-xapianbatch DB < QUERIES   (one query string per line)
 *
 * Prints each hit's document data line (as quest does) and a final count.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "binding/dx.h"

int
main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: dossier-xapianbatch DB < QUERIES\n");
        return 2;
    }
    dx_db_t *db = NULL;
    char *err = NULL;
    if (dx_db_open(argv[1], DX_DB_READ, 0, &db, &err) != DX_OK) {
        fprintf(stderr, "dossier-xapianbatch: %s: %s\n", argv[1], err ? err : "cannot open");
        return 1;
    }
    dx_qparser_t *qp = dx_qparser_new(db, DX_QP_DEFAULT_AND | DX_QP_STEM);
    dx_qparser_add_prefix(qp, "year", "Y", 1);
    char line[4096];
    unsigned long nq = 0, hits = 0;
    dx_search_opts_t so;
    dx_search_opts_init(&so);
    while (fgets(line, sizeof line, stdin)) {
        line[strcspn(line, "\n")] = '\0';
        if (!*line)
            continue;
        dx_query_t *q = NULL;
        if (dx_qparser_parse(qp, line, &q) != DX_OK)
            continue;
        dx_mset_t *m = NULL;
        if (dx_db_search(db, q, &so, 0, 10, &m) == DX_OK) {
            for (unsigned i = 0; i < dx_mset_size(m); i++) {
                dx_doc_t *d = NULL;
                char *data = NULL;
                size_t len = 0;
                if (dx_mset_doc(m, i, &d) == DX_OK && dx_doc_get_data(d, &data, &len) == DX_OK) {
                    const char *nl = memchr(data, '\n', len);
                    fwrite(data, 1, nl ? (size_t)(nl - data) : len, stdout);
                    putchar('\n');
                }
                free(data);
                dx_doc_free(d);
            }
            hits += dx_mset_size(m);
        }
        dx_mset_free(m);
        dx_query_free(q);
        nq++;
    }
    printf("%lu queries, %lu hits shown\n", nq, hits);
    dx_qparser_free(qp);
    dx_db_close(db);
    return 0;
}
