/*
 * msg.h - messages to the user on stderr.
 *
 * Every message is one line that starts with the program name, and a file
 * name in it is escaped so that a name holding a newline or invalid UTF-8
 * cannot break the line: control characters become \n, \t or \xNN, and
 * bytes that are not UTF-8 become \xNN; a name that is empty or starts or
 * ends with a space is put in single quotes.  A progress line, when one is
 * showing, is cleared before a message is printed.
 */
#ifndef DOSSIER_UTIL_MSG_H
#define DOSSIER_UTIL_MSG_H

#include <stdio.h>

#include "util/buf.h"

/* "dossier: FMT" */
void msg_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "dossier: warning: FMT" */
void msg_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "dossier: PATH: FMT" with PATH escaped */
void msg_file(const char *path, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "dossier: note: FMT" (informational) */
void msg_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Quiet (for scripts and cron): notes, also a file's, are not printed;
 * errors, warnings and files skipped or failed still are. */
void msg_set_quiet(int quiet);
int msg_quiet(void);

/* Append path to b, escaped as described above. */
void msg_escape(buf_t *b, const char *s);
/* The escaped form of s in a static per-thread buffer (for printf). */
const char *msg_path(const char *s);

/* Show a progress line (overwritten in place; stderr must be a terminal). */
void msg_progress(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Remove the progress line, if any. */
void msg_progress_done(void);

#endif
