/*
 * cmd-show.c - `dossier show`: what the index holds about a document.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "lib/record.h"
#include "lib/schema.h"
#include "search/output.h"
#include "util/buf.h"
#include "util/json.h"
#include "util/msg.h"
#include "util/path.h"
#include "util/utf8.h"
#include "util/xalloc.h"

static const char help[] =
    "usage: dossier show [OPTIONS] PATH\n"
    "\n"
    "Show a document as the index holds it: title, date and where the date came\n"
    "from, the dates it mentions, its passages with their line numbers, size and\n"
    "checksum.  PATH is the file's path (as given to add, or as search prints it).\n"
    "\n"
    "Options:\n"
    "      --json         one JSON object (keys: path, title, date, date_source,\n"
    "                     date_text, mentions, passages [{line, start, end,\n"
    "                     text}], bytes, checksum, ...)\n"
    "      --text         print the stored text only\n"
    "      --index DIR    the index to use\n";

static void
mention_text(int32_t m, char out[16])
{
    if (m % 100 == 0)
        snprintf(out, 16, "%04d-%02d", (int)(m / 10000 % 10000), (int)((m / 100) % 100));
    else
        date_format(m, out);
}

static void
show_json(const dindex_t *ix, dx_docid_t docid, const record_t *r)
{
    buf_t b = BUF_INIT;
    char date[11];
    char *path = index_display_doc_path(ix, docid, r->path);
    buf_putc(&b, '{');
    json_key(&b, "path");
    json_cstr(&b, path);
    buf_putc(&b, ',');
    json_key(&b, "stored_path");
    json_cstr(&b, r->path);
    buf_putc(&b, ',');
    json_key(&b, "title");
    json_cstr(&b, r->title);
    buf_putc(&b, ',');
    json_key(&b, "author");
    json_cstr(&b, r->author && *r->author ? r->author : NULL);
    buf_putc(&b, ',');
    json_key(&b, "type");
    json_cstr(&b, r->type && *r->type ? r->type : NULL);
    buf_putc(&b, ',');
    date_format(r->date, date);
    json_key(&b, "date");
    json_cstr(&b, r->date ? date : NULL);
    char label[11];
    if (record_date_label(r, label)) {
        buf_putc(&b, ',');
        json_key(&b, "date_precision");
        json_cstr(&b, "year");
    }
    buf_putc(&b, ',');
    json_key(&b, "date_source");
    json_cstr(&b, date_source_name((date_source_t)r->date_source));
    buf_putc(&b, ',');
    json_key(&b, "date_text");
    json_cstr(&b, r->date_text && *r->date_text ? r->date_text : NULL);
    buf_putc(&b, ',');
    json_key(&b, "mentions");
    buf_putc(&b, '[');
    for (size_t i = 0; i < r->nmentions; i++) {
        char m[16];
        mention_text(r->mentions[i], m);
        if (i)
            buf_putc(&b, ',');
        json_cstr(&b, m);
    }
    buf_puts(&b, "],");
    json_key(&b, "format");
    json_cstr(&b, r->format);
    buf_putc(&b, ',');
    json_key(&b, "encoding");
    json_cstr(&b, r->encoding);
    buf_putc(&b, ',');
    json_key(&b, "gzip");
    buf_puts(&b, r->gzip ? "true" : "false");
    buf_putc(&b, ',');
    json_key(&b, "bytes");
    json_int(&b, (int64_t)r->size);
    buf_putc(&b, ',');
    json_key(&b, "text_bytes");
    json_int(&b, (int64_t)r->text_len);
    buf_putc(&b, ',');
    json_key(&b, "checksum");
    buf_printf(&b, "\"%016llx\"", (unsigned long long)r->checksum);
    buf_putc(&b, ',');
    json_key(&b, "passages");
    buf_putc(&b, '[');
    for (size_t i = 0; i < r->npassages; i++) {
        const rec_passage_t *p = &r->passages[i];
        if (i)
            buf_putc(&b, ',');
        buf_putc(&b, '{');
        json_key(&b, "line");
        json_int(&b, p->line);
        buf_putc(&b, ',');
        json_key(&b, "start");
        json_int(&b, p->start);
        buf_putc(&b, ',');
        json_key(&b, "end");
        json_int(&b, p->end);
        buf_putc(&b, ',');
        json_key(&b, "text");
        json_str(&b, r->text + p->start, p->end - p->start);
        buf_putc(&b, '}');
    }
    buf_puts(&b, "]}\n");
    fwrite(b.data, 1, b.len, stdout);
    buf_free(&b);
    free(path);
}

static void
show_text(const dindex_t *ix, dx_docid_t docid, const record_t *r)
{
    char date[11];
    char *path = index_display_doc_path(ix, docid, r->path);
    record_date_label(r, date);
    /* What the document holds is shown with its control characters as
     * '?': a file's escape sequences must not drive the terminal. */
    char *title = output_printable(r->title && *r->title ? r->title : "(none)");
    char *author = output_printable(r->author ? r->author : "");
    char *type = output_printable(r->type ? r->type : "");
    char *date_text = output_printable(r->date_text ? r->date_text : "");
    printf("path:        %s\n", msg_path(path));
    printf("title:       %s\n", title);
    if (*author)
        printf("author:      %s\n", author);
    if (*type)
        printf("type:        %s\n", type);
    printf("date:        %s (from %s%s%s%s)\n", r->date ? date : "none",
           date_source_name((date_source_t)r->date_source), *date_text ? ": \"" : "",
           date_text, *date_text ? "\"" : "");
    free(title);
    free(author);
    free(type);
    free(date_text);
    printf("mentions:   ");
    for (size_t i = 0; i < r->nmentions; i++) {
        char m[16];
        mention_text(r->mentions[i], m);
        printf(" %s", m);
    }
    printf("%s\n", r->nmentions ? "" : " none");
    printf("format:      %s%s, %s\n", r->format, r->gzip ? " (gzip)" : "", r->encoding);
    printf("size:        %llu bytes (%zu bytes of text), checksum %016llx\n",
           (unsigned long long)r->size, r->text_len, (unsigned long long)r->checksum);
    printf("passages:    %zu\n", r->npassages);
    for (size_t i = 0; i < r->npassages; i++) {
        const rec_passage_t *p = &r->passages[i];
        /* The passage's first 160 bytes or so, white space squeezed, cut
         * between characters. */
        buf_t b = BUF_INIT;
        int space = 0, cut = 0;
        for (uint32_t k = p->start; k < p->end; k++) {
            char c = r->text[k];
            if (c == '\n' || c == '\t' || c == '\r' || c == ' ') {
                space = 1;
                continue;
            }
            if (b.len >= 160) {
                cut = 1;
                break;
            }
            if (space && b.len)
                buf_putc(&b, ' ');
            space = 0;
            size_t ctl = utf8_control_len(r->text + k, p->end - k);
            if (ctl) {
                buf_putc(&b, '?');
                k += (uint32_t)ctl - 1;
                continue;
            }
            buf_putc(&b, c);
        }
        if (cut) {
            size_t keep = utf8_clip(b.data, b.len);
            if (keep < b.len)
                buf_truncate(&b, keep);
        }
        printf("  %5u: %s%s\n", p->line, buf_cstr(&b), cut ? "…" : "");
        buf_free(&b);
    }
    free(path);
}

/* Find a document by the path a user typed. */
static int
find_doc(dindex_t *ix, const char *arg, dx_docid_t *docid)
{
    buf_t term = BUF_INIT;
    char *abs = path_absolute(arg);
    char *stored = index_store_path(ix, abs);
    const char *tries[] = { stored, arg };
    int found = 0;
    for (size_t i = 0; i < 2 && !found; i++) {
        index_key_term(PREFIX_ID, tries[i], strlen(tries[i]), &term);
        found = dx_db_find(ix->db, buf_cstr(&term), docid) == DX_OK;
    }
    free(abs);
    free(stored);
    buf_free(&term);
    return found ? 0 : -1;
}

int
cmd_show(cli_t *cli, int argc, char **argv)
{
    static const struct option longopts[] = {
        { "json", no_argument, NULL, 'J' },
        { "text", no_argument, NULL, 'T' },
        { "index", required_argument, NULL, 'I' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    int json = 0, text_only = 0, c;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case 'J': json = 1; break;
        case 'T': text_only = 1; break;
        case 'I': cli->index_dir = optarg; break;
        case 'h': return cli_help(help);
        default: return cli_bad_option(cli, argv);
        }
    }
    if (optind + 1 != argc)
        return cli_usage_error(cli, "give one document's path");
    dindex_t *ix = cli_open(cli, INDEX_READ, 0);
    if (!ix)
        return EXIT_ERROR;
    const char *arg = argv[optind];
    dx_docid_t docid;
    int rc = EXIT_OK;
    if (find_doc(ix, arg, &docid) != 0) {
        msg_file(arg, "not in the index");
        index_close(ix);
        return EXIT_NONE;
    }
    dx_doc_t *doc = NULL;
    char *data = NULL;
    size_t len = 0;
    record_t r;
    record_init(&r);
    dx_status_t st = dx_db_get_doc(ix->db, docid, &doc);
    if (st == DX_OK)
        st = dx_doc_get_data(doc, &data, &len);
    if (st != DX_OK) {
        msg_error("%s: cannot read the document: %s", arg, dx_status_string(st));
        rc = EXIT_ERROR;
    } else if (record_decode(data, len, REC_DECODE_TEXT, index_zdict_lookup, ix, &r) != 0) {
        msg_error("%s: the stored record is damaged", arg);
        rc = EXIT_ERROR;
    } else if (text_only) {
        fwrite(r.text, 1, r.text_len, stdout);
    } else if (json) {
        show_json(ix, docid, &r);
    } else {
        show_text(ix, docid, &r);
    }
    record_free(&r);
    free(data);
    dx_doc_free(doc);
    index_close(ix);
    return rc;
}
