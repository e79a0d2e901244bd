/*
 * test-readfile.c - util/readfile.h: plain and gzip files, concatenated
 * members, truncated and corrupt streams, the size limit (and gzip bombs),
 * checksums, empty files, non-regular files and errno reasons.
 */
#include <check.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "testutil.h"
#include "util/buf.h"
#include "util/readfile.h"
#include "util/xalloc.h"

/* gzip-compress data into out (one member). */
static void
gz(buf_t *out, const void *data, size_t len, int level)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    ck_assert_int_eq(deflateInit2(&z, level, Z_DEFLATED, 16 + MAX_WBITS, 8,
                                  Z_DEFAULT_STRATEGY), Z_OK);
    size_t bound = deflateBound(&z, (uLong)len);
    buf_reserve(out, bound);
    z.next_in = (Bytef *)data;
    z.avail_in = (uInt)len;
    z.next_out = (Bytef *)out->data + out->len;
    z.avail_out = (uInt)bound;
    ck_assert_int_eq(deflate(&z, Z_FINISH), Z_STREAM_END);
    out->len += bound - z.avail_out;
    deflateEnd(&z);
}

/* A gzip member holding n zero bytes, compressed in pieces. */
static void
gz_zeros(buf_t *out, size_t n)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    ck_assert_int_eq(deflateInit2(&z, 9, Z_DEFLATED, 16 + MAX_WBITS, 9,
                                  Z_DEFAULT_STRATEGY), Z_OK);
    static unsigned char zero[1 << 20];
    unsigned char tmp[1 << 16];
    while (n > 0 || z.avail_in == 0) {
        size_t k = n < sizeof zero ? n : sizeof zero;
        n -= k;
        z.next_in = zero;
        z.avail_in = (uInt)k;
        int flush = n == 0 ? Z_FINISH : Z_NO_FLUSH;
        int r;
        do {
            z.next_out = tmp;
            z.avail_out = sizeof tmp;
            r = deflate(&z, flush);
            buf_append(out, tmp, sizeof tmp - z.avail_out);
        } while (z.avail_out == 0);
        if (flush == Z_FINISH) {
            ck_assert_int_eq(r, Z_STREAM_END);
            break;
        }
    }
    deflateEnd(&z);
}

static char *dir;

static char *
path_of(const char *name)
{
    return xasprintf("%s/%s", dir, name);
}

static void
setup(void)
{
    dir = tu_tmpdir("readfile");
}

static void
teardown(void)
{
    chmod(dir, 0700);
    tu_rmtree(dir);
    free(dir);
    dir = NULL;
}

static const char sample[] =
    "The Secretary shall report to the Congress.\n"
    "Caf\xc3\xa9 \xe2\x80\x9cquoted\xe2\x80\x9d.\n";

START_TEST(test_plain)
{
    char *p = path_of("plain.txt");
    tu_write_file(p, sample, sizeof sample - 1);
    buf_t out = BUF_INIT;
    buf_puts(&out, "previous contents");
    readfile_info_t info;
    const char *why = "unset";
    ck_assert_int_eq(readfile(p, 1 << 20, &out, &info, &why), READFILE_OK);
    ck_assert_ptr_null(why);
    ck_assert_uint_eq(out.len, sizeof sample - 1);
    ck_assert_mem_eq(out.data, sample, out.len);
    ck_assert_int_eq(out.data[out.len], '\0');
    ck_assert_int_eq(info.gzip, 0);
    ck_assert_uint_eq(info.raw_bytes, sizeof sample - 1);
    ck_assert_uint_eq(info.crc32, crc32(0, (const Bytef *)sample, sizeof sample - 1));
    ck_assert_uint_eq(info.adler32, adler32(1, (const Bytef *)sample, sizeof sample - 1));
    /* NULL info and reason are allowed. */
    ck_assert_int_eq(readfile(p, 1 << 20, &out, NULL, NULL), READFILE_OK);
    ck_assert_str_eq(out.data, sample);
    buf_free(&out);
    free(p);
}
END_TEST

START_TEST(test_plain_large)
{
    /* Larger than the read chunk, not a multiple of it. */
    size_t n = 3 * 1024 * 1024 + 17;
    char *data = xmalloc(n);
    for (size_t i = 0; i < n; i++)
        data[i] = (char)('a' + (i * 7919) % 26);
    char *p = path_of("big.txt");
    tu_write_file(p, data, n);
    buf_t out = BUF_INIT;
    readfile_info_t info;
    ck_assert_int_eq(readfile(p, n, &out, &info, NULL), READFILE_OK);
    ck_assert_uint_eq(out.len, n);
    ck_assert(memcmp(out.data, data, n) == 0);
    ck_assert_uint_eq(info.crc32, crc32(0, (const Bytef *)data, (uInt)n));
    buf_free(&out);
    free(data);
    free(p);
}
END_TEST

START_TEST(test_gzip)
{
    buf_t z = BUF_INIT;
    gz(&z, sample, sizeof sample - 1, 6);
    /* The magic decides, not the name. */
    char *p = path_of("looks-plain.txt");
    tu_write_file(p, z.data, z.len);
    buf_t out = BUF_INIT;
    readfile_info_t info;
    const char *why = "unset";
    ck_assert_int_eq(readfile(p, 1 << 20, &out, &info, &why), READFILE_OK);
    ck_assert_ptr_null(why);
    ck_assert_str_eq(out.data, sample);
    ck_assert_uint_eq(out.len, sizeof sample - 1);
    ck_assert_int_eq(info.gzip, 1);
    ck_assert_uint_eq(info.raw_bytes, z.len);
    ck_assert_uint_eq(info.crc32, crc32(0, (const Bytef *)z.data, (uInt)z.len));
    ck_assert_uint_eq(info.adler32, adler32(1, (const Bytef *)z.data, (uInt)z.len));

    /* Same through memory. */
    buf_t out2 = BUF_INIT;
    readfile_info_t info2;
    ck_assert_int_eq(readfile_mem(z.data, z.len, 1 << 20, &out2, &info2, NULL), READFILE_OK);
    ck_assert_str_eq(out2.data, sample);
    ck_assert_int_eq(info2.gzip, 1);
    ck_assert_uint_eq(info2.crc32, info.crc32);
    buf_free(&out2);
    buf_free(&out);
    buf_free(&z);
    free(p);
}
END_TEST

START_TEST(test_gzip_large)
{
    /* Output much larger than the inflate steps, input larger than a
     * read chunk: level 0 stores the data. */
    size_t n = 5 * 1024 * 1024 + 3;
    char *data = xmalloc(n);
    uint32_t x = 12345;
    for (size_t i = 0; i < n; i++) {
        x = x * 1103515245u + 12345u;
        data[i] = (char)(x >> 24);
    }
    buf_t z = BUF_INIT;
    gz(&z, data, n, 0);
    char *p = path_of("big.gz");
    tu_write_file(p, z.data, z.len);
    buf_t out = BUF_INIT;
    ck_assert_int_eq(readfile(p, n, &out, NULL, NULL), READFILE_OK);
    ck_assert_uint_eq(out.len, n);
    ck_assert(memcmp(out.data, data, n) == 0);
    /* One byte less is too much. */
    const char *why = NULL;
    ck_assert_int_eq(readfile(p, n - 1, &out, NULL, &why), READFILE_TOO_BIG);
    ck_assert_str_eq(why, "larger than 5.0 MB after decompression");
    ck_assert_uint_eq(out.len, 0);
    buf_free(&out);
    buf_free(&z);
    free(data);
    free(p);
}
END_TEST

START_TEST(test_gzip_concatenated)
{
    buf_t z = BUF_INIT;
    gz(&z, "first member\n", 13, 6);
    gz(&z, "", 0, 6);   /* an empty member in between */
    gz(&z, "second member\n", 14, 9);
    char *p = path_of("cat.gz");
    tu_write_file(p, z.data, z.len);
    buf_t out = BUF_INIT;
    readfile_info_t info;
    ck_assert_int_eq(readfile(p, 1 << 20, &out, &info, NULL), READFILE_OK);
    ck_assert_str_eq(out.data, "first member\nsecond member\n");
    ck_assert_uint_eq(info.raw_bytes, z.len);

    /* Zero padding after the last member is ignored, as gzip does, and
     * still counted in the checksum of the file. */
    buf_append(&z, "\0\0\0\0\0\0\0\0", 8);
    ck_assert_int_eq(readfile_mem(z.data, z.len, 1 << 20, &out, &info, NULL), READFILE_OK);
    ck_assert_str_eq(out.data, "first member\nsecond member\n");
    ck_assert_uint_eq(info.raw_bytes, z.len);
    ck_assert_uint_eq(info.crc32, crc32(0, (const Bytef *)z.data, (uInt)z.len));
    buf_free(&out);
    buf_free(&z);
    free(p);
}
END_TEST

START_TEST(test_gzip_truncated)
{
    char text[4000];
    for (size_t i = 0; i < sizeof text; i++)
        text[i] = (char)('a' + (i * 31 + i / 7) % 26);
    buf_t z = BUF_INIT;
    gz(&z, text, sizeof text, 6);
    /* Cut in the header, in the data, in the trailer. */
    size_t cuts[] = { 2, 5, 11, z.len / 2, z.len - 8, z.len - 4, z.len - 1 };
    char *p = path_of("trunc.gz");
    buf_t out = BUF_INIT;
    for (size_t i = 0; i < sizeof cuts / sizeof *cuts; i++) {
        tu_write_file(p, z.data, cuts[i]);
        const char *why = NULL;
        ck_assert_msg(readfile(p, 1 << 20, &out, NULL, &why) == READFILE_GZIP,
                      "cut at %zu", cuts[i]);
        ck_assert_str_eq(why, "truncated gzip data");
        ck_assert_uint_eq(out.len, 0);
        why = NULL;
        ck_assert_int_eq(readfile_mem(z.data, cuts[i], 1 << 20, &out, NULL, &why),
                         READFILE_GZIP);
        ck_assert_str_eq(why, "truncated gzip data");
    }
    /* A second member cut short. */
    buf_t two = BUF_INIT;
    gz(&two, "complete\n", 9, 6);
    size_t first = two.len;
    gz(&two, text, sizeof text, 6);
    const char *why = NULL;
    ck_assert_int_eq(readfile_mem(two.data, first + 20, 1 << 20, &out, NULL, &why),
                     READFILE_GZIP);
    ck_assert_str_eq(why, "truncated gzip data");
    buf_free(&two);
    buf_free(&out);
    buf_free(&z);
    free(p);
}
END_TEST

START_TEST(test_gzip_corrupt)
{
    char text[2000];
    for (size_t i = 0; i < sizeof text; i++)
        text[i] = (char)('a' + (i * 13) % 26);
    buf_t z = BUF_INIT, out = BUF_INIT;
    gz(&z, text, sizeof text, 6);
    const char *why;

    /* A damaged CRC in the trailer. */
    z.data[z.len - 6] ^= 0x55;
    why = NULL;
    ck_assert_int_eq(readfile_mem(z.data, z.len, 1 << 20, &out, NULL, &why), READFILE_GZIP);
    ck_assert_str_eq(why, "corrupt gzip data");
    z.data[z.len - 6] ^= 0x55;
    ck_assert_int_eq(readfile_mem(z.data, z.len, 1 << 20, &out, NULL, &why), READFILE_OK);

    /* An unknown compression method in the header. */
    z.data[2] = 7;
    why = NULL;
    ck_assert_int_eq(readfile_mem(z.data, z.len, 1 << 20, &out, NULL, &why), READFILE_GZIP);
    ck_assert_str_eq(why, "corrupt gzip data");

    /* Just the magic followed by garbage. */
    why = NULL;
    ck_assert_int_eq(readfile_mem("\x1f\x8bxxxxxxxxxxxxxxxxxxxxxx", 24, 1 << 20, &out, NULL, &why),
                     READFILE_GZIP);
    ck_assert_str_eq(why, "corrupt gzip data");
    buf_free(&out);
    buf_free(&z);
}
END_TEST

START_TEST(test_gzip_bomb)
{
    /* 512 MB of zeros compress to about half a megabyte. */
    size_t n = (size_t)512 << 20;
    buf_t z = BUF_INIT;
    gz_zeros(&z, n);
    ck_assert_uint_lt(z.len, 1 << 20);
    char *p = path_of("bomb.txt.gz");
    tu_write_file(p, z.data, z.len);
    buf_t out = BUF_INIT;
    readfile_info_t info;
    const char *why = NULL;
    ck_assert_int_eq(readfile(p, 1 << 20, &out, &info, &why), READFILE_TOO_BIG);
    ck_assert_str_eq(why, "larger than 1 MB after decompression");
    ck_assert_int_eq(info.gzip, 1);
    /* It stopped early: it neither read the whole file nor allocated
     * much more than the limit. */
    ck_assert_uint_lt(info.raw_bytes, z.len);
    ck_assert_uint_le(out.cap, 4u << 20);
    ck_assert_uint_eq(out.len, 0);

    /* The same from memory. */
    why = NULL;
    ck_assert_int_eq(readfile_mem(z.data, z.len, 100u << 20, &out, NULL, &why),
                     READFILE_TOO_BIG);
    ck_assert_str_eq(why, "larger than 100 MB after decompression");
    ck_assert_uint_le(out.cap, 200u << 20);
    buf_free(&out);
    buf_free(&z);
    free(p);
}
END_TEST

START_TEST(test_limit_plain)
{
    char data[1000];
    memset(data, 'x', sizeof data);
    char *p = path_of("thousand.txt");
    tu_write_file(p, data, sizeof data);
    buf_t out = BUF_INIT;
    const char *why = NULL;
    ck_assert_int_eq(readfile(p, 1000, &out, NULL, &why), READFILE_OK);
    ck_assert_uint_eq(out.len, 1000);
    ck_assert_int_eq(readfile(p, 999, &out, NULL, &why), READFILE_TOO_BIG);
    ck_assert_str_eq(why, "larger than 999 bytes");
    ck_assert_uint_eq(out.len, 0);
    ck_assert_int_eq(readfile_mem(data, sizeof data, 999, &out, NULL, &why), READFILE_TOO_BIG);
    ck_assert_str_eq(why, "larger than 999 bytes");
    ck_assert_int_eq(readfile_mem(data, sizeof data, 1000, &out, NULL, &why), READFILE_OK);
    ck_assert_uint_eq(out.len, 1000);

    /* The limit appears in units people use. */
    ck_assert_int_eq(readfile(p, 0, &out, NULL, &why), READFILE_TOO_BIG);
    ck_assert_str_eq(why, "larger than 0 bytes");
    ck_assert_int_eq(readfile_mem(data, sizeof data, 512, &out, NULL, &why), READFILE_TOO_BIG);
    ck_assert_str_eq(why, "larger than 512 bytes");
    buf_free(&out);
    free(p);
}
END_TEST

START_TEST(test_empty)
{
    char *p = path_of("empty.txt");
    tu_write_file(p, "", 0);
    buf_t out = BUF_INIT;
    buf_puts(&out, "stale");
    readfile_info_t info;
    const char *why = "unset";
    ck_assert_int_eq(readfile(p, 1 << 20, &out, &info, &why), READFILE_OK);
    ck_assert_ptr_null(why);
    ck_assert_uint_eq(out.len, 0);
    ck_assert_ptr_nonnull(out.data);
    ck_assert_str_eq(out.data, "");
    ck_assert_int_eq(info.gzip, 0);
    ck_assert_uint_eq(info.raw_bytes, 0);
    ck_assert_uint_eq(info.crc32, 0);
    ck_assert_uint_eq(info.adler32, 1);

    buf_t out2 = BUF_INIT;
    ck_assert_int_eq(readfile_mem(NULL, 0, 1 << 20, &out2, &info, NULL), READFILE_OK);
    ck_assert_str_eq(buf_cstr(&out2), "");
    /* One byte of the magic is not gzip. */
    ck_assert_int_eq(readfile_mem("\x1f", 1, 1 << 20, &out2, &info, NULL), READFILE_OK);
    ck_assert_uint_eq(out2.len, 1);
    ck_assert_int_eq(info.gzip, 0);
    /* A gzip of nothing is empty. */
    buf_t z = BUF_INIT;
    gz(&z, "", 0, 6);
    ck_assert_int_eq(readfile_mem(z.data, z.len, 1 << 20, &out2, &info, NULL), READFILE_OK);
    ck_assert_uint_eq(out2.len, 0);
    ck_assert_int_eq(info.gzip, 1);
    buf_free(&z);
    buf_free(&out2);
    buf_free(&out);
    free(p);
}
END_TEST

START_TEST(test_not_regular)
{
    char *sub = path_of("subdir");
    ck_assert_int_eq(mkdir(sub, 0700), 0);
    buf_t out = BUF_INIT;
    const char *why = NULL;
    ck_assert_int_eq(readfile(sub, 1 << 20, &out, NULL, &why), READFILE_NOT_REGULAR);
    ck_assert_str_eq(why, "is a directory");

    /* A FIFO is refused at once, without waiting for a writer. */
    char *fifo = path_of("fifo");
    ck_assert_int_eq(mkfifo(fifo, 0600), 0);
    why = NULL;
    ck_assert_int_eq(readfile(fifo, 1 << 20, &out, NULL, &why), READFILE_NOT_REGULAR);
    ck_assert_str_eq(why, "not a regular file");
    why = NULL;
    ck_assert_int_eq(readfile("/dev/null", 1 << 20, &out, NULL, &why), READFILE_NOT_REGULAR);
    ck_assert_str_eq(why, "not a regular file");
    buf_free(&out);
    free(fifo);
    free(sub);
}
END_TEST

START_TEST(test_errno)
{
    buf_t out = BUF_INIT;
    const char *why = NULL;
    char *missing = path_of("no-such-file.txt");
    ck_assert_int_eq(readfile(missing, 1 << 20, &out, NULL, &why), READFILE_ERRNO);
    ck_assert_str_eq(why, "no such file or directory");

    char *p = path_of("secret.txt");
    tu_write_file(p, "secret", 6);
    ck_assert_int_eq(chmod(p, 0), 0);
    why = NULL;
    readfile_status_t st = readfile(p, 1 << 20, &out, NULL, &why);
    if (geteuid() != 0) {
        /* root reads anything: the assertion only holds for others. */
        ck_assert_int_eq(st, READFILE_ERRNO);
        ck_assert_str_eq(why, "permission denied");
    } else {
        ck_assert_int_eq(st, READFILE_OK);
        ck_assert_str_eq(out.data, "secret");
    }

    /* A path through a regular file. */
    char *through = path_of("secret.txt/x");
    why = NULL;
    ck_assert_int_eq(readfile(through, 1 << 20, &out, NULL, &why), READFILE_ERRNO);
    ck_assert_str_eq(why, "not a directory");
    buf_free(&out);
    free(through);
    free(p);
    free(missing);
}
END_TEST

/* Reasons that carry a number are per thread. */
typedef struct reason_job {
    uint64_t limit;
    char expect[64];
    int bad;
} reason_job_t;

static void *
reason_worker(void *arg)
{
    reason_job_t *j = arg;
    char data[100];
    memset(data, 'y', sizeof data);
    buf_t out = BUF_INIT;
    for (int i = 0; i < 2000; i++) {
        const char *why = NULL;
        if (readfile_mem(data, sizeof data, j->limit, &out, NULL, &why) != READFILE_TOO_BIG ||
            strcmp(why, j->expect) != 0)
            j->bad++;
    }
    buf_free(&out);
    return NULL;
}

START_TEST(test_reason_threads)
{
    reason_job_t jobs[4];
    pthread_t th[4];
    for (int i = 0; i < 4; i++) {
        jobs[i].limit = (uint64_t)(10 + i);
        snprintf(jobs[i].expect, sizeof jobs[i].expect, "larger than %d bytes", 10 + i);
        jobs[i].bad = 0;
        ck_assert_int_eq(pthread_create(&th[i], NULL, reason_worker, &jobs[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(th[i], NULL);
        ck_assert_int_eq(jobs[i].bad, 0);
    }
}
END_TEST

START_TEST(test_gzip_trailing_garbage)
{
    buf_t z = BUF_INIT, out = BUF_INIT;
    gz(&z, "payload\n", 8, 6);
    buf_append(&z, "not gzip at all", 15);
    const char *why = "unset";
    ck_assert_int_eq(readfile_mem(z.data, z.len, 1 << 20, &out, NULL, &why), READFILE_OK);
    ck_assert_ptr_null(why);
    ck_assert_str_eq(out.data, "payload\n");
    buf_free(&out);
    buf_free(&z);
}
END_TEST

static Suite *
readfile_suite(void)
{
    Suite *s = suite_create("readfile");
    TCase *tc = tcase_create("readfile");
    tcase_set_timeout(tc, 60);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_plain);
    tcase_add_test(tc, test_plain_large);
    tcase_add_test(tc, test_gzip);
    tcase_add_test(tc, test_gzip_large);
    tcase_add_test(tc, test_gzip_concatenated);
    tcase_add_test(tc, test_gzip_truncated);
    tcase_add_test(tc, test_gzip_corrupt);
    tcase_add_test(tc, test_gzip_bomb);
    tcase_add_test(tc, test_gzip_trailing_garbage);
    tcase_add_test(tc, test_limit_plain);
    tcase_add_test(tc, test_empty);
    tcase_add_test(tc, test_not_regular);
    tcase_add_test(tc, test_errno);
    tcase_add_test(tc, test_reason_threads);
    suite_add_tcase(s, tc);
    return s;
}

TEST_MAIN(readfile_suite)
