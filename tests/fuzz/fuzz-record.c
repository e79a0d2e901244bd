/*
 * fuzz-record.c - decoding a stored document record from arbitrary bytes
 * (an index damaged on disk, or written by another version).
 *
 * Checks: decoding fails cleanly or gives a record whose passages lie in
 * its text; a decoded record encodes and decodes back to the same; what
 * decodes with the text's checksum checked decodes the same without it;
 * a stream naming a preset dictionary is inflated with one.
 */
#include <string.h>

#include "fuzz.h"
#include "lib/record.h"
#include "lib/zdict.h"
#include "util/buf.h"

static void
check_same(const record_t *a, const record_t *b)
{
    FUZZ_CHECK(strcmp(a->path, b->path) == 0);
    FUZZ_CHECK(strcmp(a->title, b->title) == 0);
    FUZZ_CHECK(a->date == b->date && a->date_source == b->date_source);
    FUZZ_CHECK(a->size == b->size && a->checksum == b->checksum);
    FUZZ_CHECK(a->nmentions == b->nmentions);
    FUZZ_CHECK(a->npassages == b->npassages && a->text_len == b->text_len);
    FUZZ_CHECK(memcmp(a->text, b->text, a->text_len) == 0);
    for (size_t i = 0; i < a->npassages; i++)
        FUZZ_CHECK(a->passages[i].start == b->passages[i].start &&
                   a->passages[i].end == b->passages[i].end &&
                   a->passages[i].line == b->passages[i].line);
}

/* Whatever dictionary a stream names, this one. */
static const zdict_t *
any_dict(void *ctx, uint32_t id)
{
    static zdict_t d;
    (void)ctx;
    (void)id;
    if (!d.data) {
        static const char words[] = " of the and to in a that for sanctions Korea the ";
        zdict_set(&d, words, sizeof words - 1);
    }
    return &d;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    record_t r;
    record_init(&r);
    if (record_decode((const char *)data, size, REC_DECODE_META, NULL, NULL, &r) == 0)
        FUZZ_CHECK(r.title != NULL);
    if (record_decode((const char *)data, size, REC_DECODE_TEXT, NULL, NULL, &r) == 0) {
        FUZZ_CHECK(r.path != NULL && r.title != NULL && r.text != NULL);
        FUZZ_CHECK(r.text[r.text_len] == '\0');
        for (size_t i = 0; i < r.npassages; i++)
            FUZZ_CHECK(r.passages[i].start <= r.passages[i].end &&
                       r.passages[i].end <= r.text_len);
        buf_t b = BUF_INIT;
        record_encode(&r, NULL, &b);
        record_t again;
        record_init(&again);
        FUZZ_CHECK(record_decode(b.data, b.len, REC_DECODE_TEXT, NULL, NULL, &again) == 0);
        check_same(&r, &again);
        record_free(&again);
        buf_free(&b);
        record_init(&again);
        FUZZ_CHECK(record_decode((const char *)data, size, REC_DECODE_TEXT | REC_DECODE_NOCHECK,
                                 NULL, NULL, &again) == 0);
        check_same(&r, &again);
        record_free(&again);
    }
    if (record_decode((const char *)data, size, REC_DECODE_TEXT | REC_DECODE_NOCHECK, any_dict,
                      NULL, &r) == 0) {
        FUZZ_CHECK(r.text != NULL && r.text[r.text_len] == '\0');
        for (size_t i = 0; i < r.npassages; i++)
            FUZZ_CHECK(r.passages[i].start <= r.passages[i].end &&
                       r.passages[i].end <= r.text_len);
    }
    record_free(&r);
    return 0;
}
