/*
 * cmd-serve.c - `dossier serve`: serve an index's shards over TCP.
 *
 * Dossier does not have a protocol of its own: this runs Xapian's
 * xapian-tcpsrv on the index's local shards, and searchers combine it with
 * other shards (`remote = tcp://HOST:PORT` in their config, or --shard).
 */
#include <errno.h>
#include <getopt.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cli/cli.h"
#include "util/msg.h"
#include "util/path.h"
#include "util/xalloc.h"

/* Can a server listen on iface (NULL: every interface) and port?  Said
 * here in one line with exit status 2, rather than by xapian-tcpsrv with
 * its own statuses once it has been started.  0, or -1 after a message. */
static int
check_listen(const char *iface, const char *port)
{
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE;
    int rc = getaddrinfo(iface, port, &hints, &res);
    if (rc != 0) {
        msg_error("cannot listen on %s port %s: %s", iface ? iface : "every interface", port,
                  gai_strerror(rc));
        return -1;
    }
    int fd = socket(res->ai_family, res->ai_socktype, res->ai_protocol);
    int one = 1;
    int ok = fd >= 0 && setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) == 0 &&
             bind(fd, res->ai_addr, res->ai_addrlen) == 0;
    int err = errno;
    if (fd >= 0)
        close(fd);
    freeaddrinfo(res);
    if (!ok) {
        msg_error("cannot listen on %s port %s: %s", iface ? iface : "every interface", port,
                  err == EADDRINUSE ? "the port is in use" : strerror(err));
        return -1;
    }
    return 0;
}

static const char help[] =
    "usage: dossier serve --port PORT [OPTIONS]\n"
    "\n"
    "Serve the index's local shards, read-only, to Dossier searches on other\n"
    "machines, by running Xapian's xapian-tcpsrv on them (package xapian-tools).\n"
    "A searcher adds 'remote = tcp://THIS_HOST:PORT' to its index's config file,\n"
    "or passes --shard tcp://THIS_HOST:PORT.  The server reopens the shards for\n"
    "every connection, so it serves what 'dossier add' committed last.\n"
    "\n"
    "Options:\n"
    "  -p, --port PORT       the TCP port to listen on\n"
    "      --interface ADDR  the address to listen on (default: every interface;\n"
    "                        127.0.0.1 for this machine only)\n"
    "      --shard K         serve only local shard K (default: all, as one)\n"
    "      --timeout SECS    close connections idle for SECS seconds (default 60)\n"
    "      --index DIR       the index to serve\n";

int
cmd_serve(cli_t *cli, int argc, char **argv)
{
    static const struct option longopts[] = {
        { "port", required_argument, NULL, 'p' },
        { "interface", required_argument, NULL, 'i' },
        { "shard", required_argument, NULL, 's' },
        { "timeout", required_argument, NULL, 't' },
        { "index", required_argument, NULL, 'I' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char *port = NULL, *iface = NULL, *timeout = NULL;
    char timeout_ms[32];
    long shard = -1;
    int c;
    while ((c = getopt_long(argc, argv, "p:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'p': {
            long v = cli_parse_count(optarg);
            if (v < 1 || v > 65535)
                return cli_usage_error(cli, "--port needs a port number, not '%s'", optarg);
            port = optarg;
            break;
        }
        case 'i': iface = optarg; break;
        case 's':
            if ((shard = cli_parse_count(optarg)) < 0)
                return cli_usage_error(cli, "--shard needs a shard number, not '%s'", optarg);
            break;
        case 't': {
            long v = cli_parse_count(optarg);
            if (v < 1 || v > 86400 * 365)
                return cli_usage_error(cli, "--timeout needs a number of seconds, not '%s'", optarg);
            /* xapian-tcpsrv counts in milliseconds. */
            snprintf(timeout_ms, sizeof timeout_ms, "%ld000", v);
            timeout = timeout_ms;
            break;
        }
        case 'I': cli->index_dir = optarg; break;
        case 'h': return cli_help(help);
        default: return cli_bad_option(cli, argv);
        }
    }
    if (!port)
        return cli_usage_error(cli, "give the port to listen on (--port)");
    if (optind < argc)
        return cli_usage_error(cli, "serve takes no arguments");
    dindex_t *ix = cli_open(cli, INDEX_READ, 0);
    if (!ix)
        return EXIT_ERROR;
    if (ix->nlocal == 0) {
        msg_error("%s: no local shard to serve (its shards are all remote)", ix->dir);
        index_close(ix);
        return EXIT_ERROR;
    }
    if (shard >= 0 && (size_t)shard >= ix->nlocal) {
        msg_error("%s: no local shard %ld to serve (the index has %zu)", ix->dir,
                  shard, ix->nlocal);
        index_close(ix);
        return EXIT_ERROR;
    }
    if (check_listen(iface, port) != 0) {
        index_close(ix);
        return EXIT_ERROR;
    }
    /* xapian-tcpsrv [--interface A] --port P [--idle-timeout MS] DB... */
    char **args = xcalloc(ix->nlocal + 10, sizeof *args);
    size_t n = 0;
    args[n++] = xstrdup("xapian-tcpsrv");
    if (iface) {
        args[n++] = xstrdup("--interface");
        args[n++] = xstrdup(iface);
    }
    args[n++] = xstrdup("--port");
    args[n++] = xstrdup(port);
    if (timeout) {
        args[n++] = xstrdup("--idle-timeout");
        args[n++] = xstrdup(timeout);
    }
    for (size_t k = 0; k < ix->nlocal; k++) {
        if (shard >= 0 && (size_t)shard != k)
            continue;
        char name[32];
        snprintf(name, sizeof name, "shard-%zu", k);
        args[n++] = path_join(ix->dir, name);
    }
    args[n] = NULL;
    index_close(ix);
    fflush(NULL);
    /* xapian-tcpsrv stops its whole process group when told to stop; give
     * it a group of its own so that a script that started it in the
     * background survives stopping it. */
    if (getpgrp() != getpid())
        setpgid(0, 0);
    execvp(args[0], args);
    msg_error("cannot run xapian-tcpsrv: %s (install the xapian-tools package)",
              strerror(errno));
    for (size_t i = 0; i < n; i++)
        free(args[i]);
    free(args);
    return EXIT_ERROR;
}
