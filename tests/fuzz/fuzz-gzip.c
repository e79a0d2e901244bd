/*
 * fuzz-gzip.c - reading documents (gzip or not) from arbitrary bytes,
 * under a small size limit, as readfile() reads every file.
 *
 * Checks: the output never passes the limit; it is NUL-terminated; a
 * failure gives a reason and no output; plain bytes come back unchanged;
 * the checksums are those of the input.
 */
#include <string.h>
#include <zlib.h>

#include "fuzz.h"
#include "util/buf.h"
#include "util/readfile.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* Small limits too, so that "larger than" is reached. */
    static const uint64_t limits[] = { 1u << 20, 4096, 1 };
    for (size_t l = 0; l < sizeof limits / sizeof *limits; l++) {
        uint64_t limit = limits[l];
        buf_t out = BUF_INIT;
        readfile_info_t info;
        const char *reason = NULL;
        readfile_status_t st = readfile_mem(data, size, limit, &out, &info, &reason);
        FUZZ_CHECK(out.data != NULL && out.data[out.len] == '\0');
        if (st == READFILE_OK) {
            FUZZ_CHECK(reason == NULL);
            FUZZ_CHECK((uint64_t)out.len <= limit);
            if (!info.gzip) {
                FUZZ_CHECK(out.len == size);
                FUZZ_CHECK(size == 0 || memcmp(out.data, data, size) == 0);
            }
            FUZZ_CHECK(info.raw_bytes == size);
            FUZZ_CHECK(info.crc32 == (uint32_t)crc32(crc32(0L, Z_NULL, 0), data, (uInt)size));
        } else {
            FUZZ_CHECK(reason != NULL && reason[0] != '\0');
            FUZZ_CHECK(out.len == 0);
        }
        buf_free(&out);
    }
    return 0;
}
