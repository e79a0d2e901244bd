/*
 * btime.c - time commands for the benchmark, with nothing but libc.
 *
 *   dossier-btime run RESULT -- COMMAND [ARG...]
 *       Run COMMAND once (its output goes where ours goes) and append
 *       "wall_s cpu_s maxrss_kb status" to the file RESULT.  cpu_s is
 *       user + system time of the command and of its waited-for children;
 *       maxrss_kb the largest resident set among them.
 *
 *   dossier-btime lat RESULT RUNS WARMUP -- COMMAND [ARG...]
 *       Run COMMAND WARMUP times untimed, then RUNS times, its output
 *       thrown away, and append each run's wall time in milliseconds to
 *       RESULT, one per line.  Every process is started directly (no
 *       shell), so the figure is the command's own start-up and work.
 */
#define _DEFAULT_SOURCE
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static double
now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Run argv; returns its wait status, or -1 if it could not start. */
static int
run(char **argv, int quiet, double *wall, struct rusage *ru)
{
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    if (quiet) {
        posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
        posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    }
    pid_t pid;
    double t0 = now();
    int rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) {
        fprintf(stderr, "dossier-btime: %s: %s\n", argv[0], strerror(rc));
        return -1;
    }
    int status = 0;
    memset(ru, 0, sizeof *ru);
    if (wait4(pid, &status, 0, ru) < 0)
        return -1;
    *wall = now() - t0;
    return status;
}

static double
tv(const struct timeval *t)
{
    return (double)t->tv_sec + (double)t->tv_usec / 1e6;
}

int
main(int argc, char **argv)
{
    if (argc >= 5 && strcmp(argv[1], "run") == 0 && strcmp(argv[3], "--") == 0) {
        double wall;
        struct rusage ru;
        int st = run(argv + 4, 0, &wall, &ru);
        if (st < 0)
            return 127;
        FILE *f = fopen(argv[2], "a");
        if (!f)
            return 1;
        int code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
        fprintf(f, "%.3f %.3f %ld %d\n", wall, tv(&ru.ru_utime) + tv(&ru.ru_stime),
                ru.ru_maxrss, code);
        fclose(f);
        return code;
    }
    if (argc >= 7 && strcmp(argv[1], "lat") == 0 && strcmp(argv[5], "--") == 0) {
        int runs = atoi(argv[3]), warm = atoi(argv[4]);
        FILE *f = fopen(argv[2], "a");
        if (!f)
            return 1;
        double wall;
        struct rusage ru;
        for (int i = 0; i < warm; i++)
            if (run(argv + 6, 1, &wall, &ru) < 0)
                return 127;
        for (int i = 0; i < runs; i++) {
            if (run(argv + 6, 1, &wall, &ru) < 0)
                return 127;
            fprintf(f, "%.3f\n", wall * 1e3);
        }
        fclose(f);
        return 0;
    }
    fprintf(stderr, "usage: dossier-btime run RESULT -- COMMAND [ARG...]\n"
                    "       dossier-btime lat RESULT RUNS WARMUP -- COMMAND [ARG...]\n");
    return 2;
}
