/*
 * tune.h - choosing Dossier's ranking settings on judged collections.
 */
#ifndef DOSSIER_BENCH_EVAL_TUNE_H
#define DOSSIER_BENCH_EVAL_TUNE_H

/* `dossier-eval tune`: see tune.c. */
int tune_main(int argc, char **argv);

#endif
