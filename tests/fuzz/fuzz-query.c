/*
 * fuzz-query.c - the forgiving query parser and the tokenizer that
 * normalises query words, on arbitrary text.
 *
 * Checks: a query always parses (never NULL), its tree is well formed
 * (words non-empty and no longer than a token, operators with operands),
 * it can be described; the tokenizer's tokens lie inside the text, in
 * order, with non-empty normalised terms of at most TOKEN_MAX bytes.
 */
#include <string.h>

#include "fuzz.h"
#include "lib/token.h"
#include "search/query.h"
#include "util/buf.h"
#include "util/xalloc.h"

static void
check_node(const qnode_t *n, int depth)
{
    FUZZ_CHECK(depth < 10000);
    switch (n->kind) {
    case Q_TERM:
    case Q_WILDCARD:
        FUZZ_CHECK(n->nwords == 1);
        break;
    case Q_PHRASE:
        FUZZ_CHECK(n->nwords >= 1);
        break;
    case Q_NOT:
        FUZZ_CHECK(n->nkids >= 1);
        break;
    case Q_BOOLEAN:
        FUZZ_CHECK(n->term != NULL && n->term[0] != '\0');
        break;
    default:
        break;
    }
    for (size_t i = 0; i < n->nwords; i++) {
        const char *t = n->words[i].term;
        FUZZ_CHECK(t != NULL && t[0] != '\0' && strlen(t) <= 2 * TOKEN_MAX + 8);
    }
    for (size_t i = 0; i < n->nkids; i++) {
        FUZZ_CHECK(n->kids[i] != NULL);
        check_node(n->kids[i], depth + 1);
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* A query comes from a command line or a line of --batch: no NUL. */
    char *text = xstrndup((const char *)data, size);

    query_opts_t o = { 20170315, size % 2 ? DATE_ORDER_DMY : DATE_ORDER_MDY };
    query_t *q = query_parse(text, &o);
    FUZZ_CHECK(q != NULL);
    for (size_t i = 0; i < q->nwarnings; i++)
        FUZZ_CHECK(q->warnings[i] != NULL && q->warnings[i][0] != '\0');
    if (q->root)
        check_node(q->root, 0);
    buf_t b = BUF_INIT;
    query_describe(q->root, &b);
    buf_free(&b);
    query_free(q);

    tokenizer_t t;
    token_t tok;
    size_t n = strlen(text), last_end = 0;
    tok_init(&t, text, n);
    while (tok_next(&t, &tok)) {
        FUZZ_CHECK(tok.start < tok.end && tok.end <= n);
        FUZZ_CHECK(tok.start >= last_end);
        FUZZ_CHECK(tok.len > 0 && tok.len <= TOKEN_MAX && tok.len == strlen(tok.term));
        FUZZ_CHECK(tok.exact_len < sizeof tok.exact);
        last_end = tok.end;
    }
    free(text);
    return 0;
}
