/*
 * fuzz.h - what every fuzz target shares.
 *
 * Each fuzz-*.c defines LLVMFuzzerTestOneInput().  Built with clang and
 * -DDOSSIER_FUZZ=ON it links libFuzzer; otherwise it links driver.c, which
 * runs the target once on every file given, so that the inputs kept in
 * tests/fuzz/corpus/ (seeds and every crash fuzzing ever found) are run
 * by ctest in every build.  A target checks the invariants of what it
 * calls and aborts (FUZZ_CHECK) when one fails.
 */
#ifndef DOSSIER_TESTS_FUZZ_H
#define DOSSIER_TESTS_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond)                                                   \
    do {                                                                   \
        if (!(cond)) {                                                     \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, \
                    #cond);                                                \
            abort();                                                       \
        }                                                                  \
    } while (0)

#endif
