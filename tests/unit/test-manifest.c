/*
 * test-manifest.c - the SLOT_SYNC value (indexer/manifest.h): what sync
 * knows of a file round-trips, with its status change time, and a value
 * written before that time was kept still decodes, without it.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "indexer/manifest.h"
#include "lib/schema.h"
#include "testutil.h"
#include "util/buf.h"

START_TEST(test_round_trip)
{
    manifest_entry_t e;
    memset(&e, 0, sizeof e);
    e.path = "Press/a.txt";
    e.size = 123456;
    e.mtime_sec = 1700000000;
    e.mtime_nsec = 999999999;
    e.ctime_sec = 1700000123;
    e.ctime_nsec = 42;
    e.checksum = 0x0123456789abcdefULL;
    e.npassages = 17;
    e.flags = SYNC_DATE_FROM_MTIME;
    buf_t b = BUF_INIT;
    manifest_encode_value(&b, &e);

    manifest_entry_t d;
    ck_assert_int_eq(manifest_decode_value(b.data, b.len, &d), 0);
    ck_assert_str_eq(d.path, "Press/a.txt");
    ck_assert_uint_eq(d.size, 123456);
    ck_assert_int_eq(d.mtime_sec, 1700000000);
    ck_assert_uint_eq(d.mtime_nsec, 999999999);
    ck_assert_int_eq(d.ctime_sec, 1700000123);
    ck_assert_uint_eq(d.ctime_nsec, 42);
    ck_assert_uint_eq(d.checksum, 0x0123456789abcdefULL);
    ck_assert_uint_eq(d.npassages, 17);
    ck_assert_uint_eq(d.flags, SYNC_DATE_FROM_MTIME | SYNC_CTIME);
    free(d.path);
    buf_free(&b);
}
END_TEST

START_TEST(test_older_values)
{
    /* Size, mtime, checksum, passages, path: no flags, no ctime. */
    buf_t b = BUF_INIT;
    buf_put_varint(&b, 10);
    buf_put_varint(&b, 1600000000);
    buf_put_varint(&b, 5);
    buf_put_varint(&b, 77);
    buf_put_varint(&b, 2);
    buf_puts(&b, "a.txt");
    manifest_entry_t d;
    ck_assert_int_eq(manifest_decode_value(b.data, b.len, &d), 0);
    ck_assert_str_eq(d.path, "a.txt");
    ck_assert_uint_eq(d.flags, 0);
    ck_assert_int_eq(d.ctime_sec, 0);
    free(d.path);

    /* With the flags byte and no ctime. */
    buf_putc(&b, '\0');
    buf_putc(&b, (char)SYNC_DATE_FROM_MTIME);
    ck_assert_int_eq(manifest_decode_value(b.data, b.len, &d), 0);
    ck_assert_str_eq(d.path, "a.txt");
    ck_assert_uint_eq(d.flags, SYNC_DATE_FROM_MTIME);
    free(d.path);

    /* A ctime flag with its varints cut off: compared as before. */
    b.data[b.len - 1] = (char)(SYNC_DATE_FROM_MTIME | SYNC_CTIME);
    buf_putc(&b, (char)0x80);
    ck_assert_int_eq(manifest_decode_value(b.data, b.len, &d), 0);
    ck_assert_uint_eq(d.flags, SYNC_DATE_FROM_MTIME);
    free(d.path);
    buf_free(&b);
}
END_TEST

static Suite *
manifest_suite(void)
{
    Suite *s = suite_create("manifest");
    TCase *tc = tcase_create("value");
    tcase_add_test(tc, test_round_trip);
    tcase_add_test(tc, test_older_values);
    suite_add_tcase(s, tc);
    return s;
}

TEST_MAIN(manifest_suite)
