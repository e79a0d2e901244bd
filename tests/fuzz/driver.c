/*
 * driver.c - run a fuzz target on files, without libFuzzer.
 *
 *   fuzz-TARGET FILE|DIR...
 *
 * Every file (and every file in every folder) is read and passed once to
 * LLVMFuzzerTestOneInput(); a failed check aborts.  Prints how many
 * inputs were run.
 */
#include <dirent.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"
#include "util/buf.h"
#include "util/path.h"
#include "util/xalloc.h"

static unsigned long runs;

static void
run_file(const char *path)
{
    buf_t b = BUF_INIT;
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        exit(2);
    }
    char chunk[65536];
    size_t k;
    while ((k = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_append(&b, chunk, k);
    fclose(f);
    /* A copy of exactly the input's size, so that the sanitizers see a
     * read past its end. */
    uint8_t *copy = xmalloc(b.len ? b.len : 1);
    if (b.len)
        memcpy(copy, b.data, b.len);
    LLVMFuzzerTestOneInput(copy, b.len);
    free(copy);
    buf_free(&b);
    runs++;
}

static void
run_path(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        perror(path);
        exit(2);
    }
    if (!S_ISDIR(st.st_mode)) {
        run_file(path);
        return;
    }
    DIR *d = opendir(path);
    if (!d) {
        perror(path);
        exit(2);
    }
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char *p = path_join(path, e->d_name);
        run_path(p);
        free(p);
    }
    closedir(d);
}

int
main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        run_path(argv[i]);
    printf("%s: %lu inputs passed\n", argc > 0 ? argv[0] : "fuzz", runs);
    return 0;
}
