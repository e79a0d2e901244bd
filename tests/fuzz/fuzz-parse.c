/*
 * fuzz-parse.c - the document parsers (plain text, Markdown with front
 * matter, HTML, format sniffing), passages and the whole document build,
 * on arbitrary bytes.
 *
 * The first byte chooses the format; the rest is the document.  Checks:
 * parsing succeeds or gives a reason; the text is valid UTF-8 without NUL
 * bytes; blocks and passages lie inside the text, in order, without
 * overlapping, on lines from 1; the built document's record decodes back
 * to the same text and passages.
 */
#include <string.h>

#include "fuzz.h"
#include "indexer/docbuild.h"
#include "indexer/parse.h"
#include "indexer/passage.h"
#include "lib/record.h"
#include "util/utf8.h"

static void
check_parsed(const parsed_doc_t *pd)
{
    const char *text = buf_cstr(&pd->text);
    size_t len = pd->text.len;
    FUZZ_CHECK(text[len] == '\0');
    FUZZ_CHECK(memchr(text, '\0', len) == NULL);
    FUZZ_CHECK(utf8_invalid_count(text, len) == 0);
    FUZZ_CHECK(pd->encoding != NULL);
    size_t prev = 0;
    for (size_t i = 0; i < pd->nblocks; i++) {
        const doc_block_t *b = &pd->blocks[i];
        FUZZ_CHECK(b->start >= prev && b->start <= b->end && b->end <= len);
        FUZZ_CHECK(b->line >= 1);
        prev = b->end;
    }
    size_t np = 0;
    passage_t *p = passage_split(pd, &np);
    prev = 0;
    for (size_t i = 0; i < np; i++) {
        FUZZ_CHECK(p[i].start >= prev && p[i].start < p[i].end && p[i].end <= len);
        FUZZ_CHECK(p[i].line >= 1);
        prev = p[i].end;
    }
    free(p);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    static const doc_format_t formats[] = { DOC_FORMAT_TEXT, DOC_FORMAT_MARKDOWN,
                                            DOC_FORMAT_HTML, DOC_FORMAT_UNKNOWN };
    static const char *const names[] = { "2017-03-03-doc.txt", "doc.md", "doc.html", "doc" };
    unsigned which = data[0] % 4;
    const char *doc = (const char *)data + 1;
    size_t len = size - 1;

    parsed_doc_t pd;
    const char *reason = NULL;
    if (parse_document(formats[which], doc, len, &pd, &reason) == 0) {
        check_parsed(&pd);
    } else {
        FUZZ_CHECK(reason != NULL && reason[0] != '\0');
    }

    docbuild_in_t in = {
        .stored_path = "fuzz/doc",
        .name = names[which],
        .format = formats[which],
        .data = doc,
        .len = len,
        .size = len,
        .mtime_sec = 1488499200,
        .order = data[0] & 4 ? DATE_ORDER_DMY : DATE_ORDER_MDY,
    };
    docbuild_out_t out;
    docbuild_out_init(&out);
    reason = NULL;
    int built = docbuild(&in, &out, &reason) == 0;
    if (built) {
        FUZZ_CHECK(out.doc != NULL);
        char *rd = NULL;
        size_t rl = 0;
        FUZZ_CHECK(dx_doc_get_data(out.doc, &rd, &rl) == DX_OK);
        record_t rec;
        record_init(&rec);
        FUZZ_CHECK(record_decode(rd, rl, REC_DECODE_TEXT, NULL, NULL, &rec) == 0);
        FUZZ_CHECK(rec.text_len == pd.text.len);
        FUZZ_CHECK(memcmp(rec.text, buf_cstr(&pd.text), rec.text_len) == 0);
        for (size_t i = 0; i < rec.npassages; i++)
            FUZZ_CHECK(rec.passages[i].start <= rec.passages[i].end &&
                       rec.passages[i].end <= rec.text_len);
        record_free(&rec);
        free(rd);
    } else {
        FUZZ_CHECK(reason != NULL);
    }
    docbuild_out_free(&out);
    parsed_doc_free(&pd);
    return 0;
}
