/*
 * test-record.c - the document record (lib/record.h) and its deflate
 * dictionary (lib/zdict.h): what a dictionary is trained from, that a
 * record round-trips with or without one, that it decodes only with the
 * dictionary it was written with, that the dictionary saves room, and
 * what the checksum of the text catches.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/record.h"
#include "lib/zdict.h"
#include "testutil.h"
#include "util/buf.h"
#include "util/xalloc.h"

/* A policy-like text of about n bytes, different for each seed. */
static char *
sample_text(unsigned seed, size_t n)
{
    static const char *const words[] = {
        "the", "of", "and", "to", "sanctions", "committee", "Treasury", "Korea",
        "administration", "policy", "resolution", "enforcement", "negotiations",
        "Senator", "the President", "Congress", "in", "a", "that", "for",
        "implementation", "financial", "agreement", "United States", "trade"
    };
    buf_t b = BUF_INIT;
    unsigned x = seed * 2654435761u + 1;
    while (b.len < n) {
        x = x * 1103515245u + 12345u;
        buf_puts(&b, words[(x >> 16) % (sizeof words / sizeof *words)]);
        buf_putc(&b, (x >> 8) % 13 == 0 ? '\n' : ' ');
    }
    return buf_detach(&b, NULL);
}

static void
fill_record(record_t *r, char *text)
{
    record_init(r);
    r->path = xstrdup("letters/markey.txt");
    r->title = xstrdup("A letter");
    r->date = 20170302;
    r->text = text;
    r->text_len = strlen(text);
    r->npassages = 2;
    r->passages = xcalloc(2, sizeof *r->passages);
    r->passages[0] = (rec_passage_t){ 0, 10, 1 };
    r->passages[1] = (rec_passage_t){ 12, (uint32_t)r->text_len, 3 };
}

/* Eight sample texts, ZDICT_MIN_SAMPLE bytes and more in all. */
typedef struct samples {
    char *texts[8];
    size_t lens[8];
} samples_t;

static void
samples_make(samples_t *s)
{
    for (unsigned i = 0; i < 8; i++) {
        s->texts[i] = sample_text(i, ZDICT_MIN_SAMPLE / 8 + 1000);
        s->lens[i] = strlen(s->texts[i]);
    }
}

static void
samples_free(samples_t *s)
{
    for (unsigned i = 0; i < 8; i++)
        free(s->texts[i]);
}

static const zdict_t *the_dict;

static const zdict_t *
lookup_one(void *ctx, uint32_t id)
{
    int *calls = ctx;
    (*calls)++;
    return the_dict && the_dict->id == id ? the_dict : NULL;
}

START_TEST(test_train)
{
    samples_t sm;
    samples_make(&sm);
    zdict_t a, b;
    ck_assert_int_eq(zdict_train((const char *const *)sm.texts, sm.lens, 8, &a), 0);
    ck_assert_uint_gt(a.len, 0);
    ck_assert_uint_le(a.len, ZDICT_MAX);
    /* The most frequent word comes last; every word once. */
    ck_assert_ptr_nonnull(strstr(a.data, " sanctions"));
    ck_assert_ptr_null(strstr(strstr(a.data, " sanctions") + 1, " sanctions "));
    /* Deterministic. */
    ck_assert_int_eq(zdict_train((const char *const *)sm.texts, sm.lens, 8, &b), 0);
    ck_assert_uint_eq(a.len, b.len);
    ck_assert_int_eq(memcmp(a.data, b.data, a.len), 0);
    ck_assert_uint_eq(a.id, b.id);
    zdict_free(&b);
    /* Too little text: no dictionary. */
    size_t small[2] = { ZDICT_MIN_SAMPLE / 2, ZDICT_MIN_SAMPLE / 2 - 1 };
    ck_assert_int_eq(zdict_train((const char *const *)sm.texts, small, 2, &b), -1);
    ck_assert_ptr_null(b.data);
    ck_assert_uint_eq(b.len, 0);
    /* A copy has the same id. */
    zdict_set(&b, a.data, a.len);
    ck_assert_uint_eq(a.id, b.id);
    zdict_free(&b);
    zdict_free(&a);
    samples_free(&sm);
}
END_TEST

START_TEST(test_round_trip)
{
    samples_t sm;
    samples_make(&sm);
    zdict_t d;
    ck_assert_int_eq(zdict_train((const char *const *)sm.texts, sm.lens, 8, &d), 0);

    record_t r, back;
    fill_record(&r, sample_text(99, 3000));
    buf_t plain = BUF_INIT, with = BUF_INIT;
    record_encode(&r, NULL, &plain);
    record_encode(&r, &d, &with);
    /* The dictionary saves room on a text like those it was trained on. */
    ck_assert_uint_lt(with.len * 100, plain.len * 90);

    int calls = 0;
    the_dict = &d;
    record_init(&back);
    ck_assert_int_eq(record_decode(with.data, with.len, REC_DECODE_TEXT, lookup_one, &calls,
                                   &back), 0);
    ck_assert_int_eq(calls, 1);
    ck_assert_uint_eq(back.text_len, r.text_len);
    ck_assert_str_eq(back.text, r.text);
    ck_assert_str_eq(back.path, "letters/markey.txt");
    ck_assert_uint_eq(back.npassages, 2);
    ck_assert_uint_eq(back.passages[1].start, 12);
    ck_assert_uint_eq(back.passages[1].line, 3);
    /* Metadata alone needs no dictionary. */
    calls = 0;
    ck_assert_int_eq(record_decode(with.data, with.len, REC_DECODE_META, NULL, NULL, &back), 0);
    ck_assert_str_eq(back.title, "A letter");
    ck_assert_int_eq(back.date, 20170302);

    /* Without its dictionary, or with another, the text does not decode. */
    ck_assert_int_eq(record_decode(with.data, with.len, REC_DECODE_TEXT, NULL, NULL, &back), -1);
    zdict_t other;
    zdict_set(&other, " treaty of the ", 15);
    the_dict = &other;
    ck_assert_int_eq(record_decode(with.data, with.len, REC_DECODE_TEXT, lookup_one, &calls,
                                   &back), -1);
    ck_assert_ptr_null(back.text);
    /* A record written without one decodes whatever the lookup, which is
     * not asked. */
    calls = 0;
    ck_assert_int_eq(record_decode(plain.data, plain.len, REC_DECODE_TEXT, lookup_one, &calls,
                                   &back), 0);
    ck_assert_int_eq(calls, 0);
    ck_assert_str_eq(back.text, r.text);

    the_dict = NULL;
    zdict_free(&other);
    record_free(&back);
    record_free(&r);
    buf_free(&plain);
    buf_free(&with);
    zdict_free(&d);
    samples_free(&sm);
}
END_TEST

/* The text's Adler-32 ends the record: a decode that checks it refuses a
 * damaged one, a decode for passages (REC_DECODE_NOCHECK) does not look. */
START_TEST(test_checksum)
{
    samples_t sm;
    samples_make(&sm);
    zdict_t d;
    ck_assert_int_eq(zdict_train((const char *const *)sm.texts, sm.lens, 8, &d), 0);
    the_dict = &d;
    int calls = 0;
    record_t r, back;
    fill_record(&r, sample_text(7, 5000));
    record_init(&back);
    for (int dict = 0; dict < 2; dict++) {
        buf_t b = BUF_INIT;
        record_encode(&r, dict ? &d : NULL, &b);
        ck_assert_int_eq(record_decode(b.data, b.len, REC_DECODE_TEXT | REC_DECODE_NOCHECK,
                                       lookup_one, &calls, &back), 0);
        ck_assert_str_eq(back.text, r.text);
        /* A changed checksum. */
        b.data[b.len - 1] ^= 0x5a;
        ck_assert_int_eq(record_decode(b.data, b.len, REC_DECODE_TEXT, lookup_one, &calls,
                                       &back), -1);
        ck_assert_ptr_null(back.text);
        ck_assert_int_eq(record_decode(b.data, b.len, REC_DECODE_TEXT | REC_DECODE_NOCHECK,
                                       lookup_one, &calls, &back), 0);
        ck_assert_str_eq(back.text, r.text);
        b.data[b.len - 1] ^= 0x5a;
        /* A cut record decodes either way to nothing. */
        ck_assert_int_eq(record_decode(b.data, b.len - 3, REC_DECODE_TEXT | REC_DECODE_NOCHECK,
                                       lookup_one, &calls, &back), -1);
        /* A damaged byte in the deflated text: refused when checked. */
        b.data[b.len - 40] ^= 0x10;
        ck_assert_int_eq(record_decode(b.data, b.len, REC_DECODE_TEXT, lookup_one, &calls,
                                       &back), -1);
        buf_free(&b);
    }
    the_dict = NULL;
    record_free(&back);
    record_free(&r);
    zdict_free(&d);
    samples_free(&sm);
}
END_TEST

static Suite *
record_suite(void)
{
    Suite *s = suite_create("record");
    TCase *tc = tcase_create("record");
    tcase_add_test(tc, test_train);
    tcase_add_test(tc, test_round_trip);
    tcase_add_test(tc, test_checksum);
    suite_add_tcase(s, tc);
    return s;
}

TEST_MAIN(record_suite)
