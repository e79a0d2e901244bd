/*
 * gencorpus.c - the benchmark's deterministic corpus and query generator.
 *
 *   dossier-gencorpus corpus SIZE OUTDIR [SEED]
 *       Write policy-like documents totalling about SIZE bytes (10M, 100M,
 *       1G: suffixes K, M, G are powers of ten) under OUTDIR/tree/, and
 *       the next 1% of documents under OUTDIR/add/ (the "add new
 *       documents" step).  Document i depends only on (SEED, i), so the
 *       10 MB corpus is the start of the 100 MB one, which is the start
 *       of the 1 GB one.
 *
 *   dossier-gencorpus queries DIR OUT.tsv [PER_TYPE] [SEED]
 *       Draw a fixed query set from the files under DIR (a generated
 *       tree or a real corpus): PER_TYPE queries (default 10) of each
 *       type, one per line, "type<TAB>words<TAB>year_from<TAB>year_to".
 *
 *   dossier-gencorpus model
 *       Print the text model's version (also in the corpus's "info").
 *
 * The documents: a title line, a dateline ("WASHINGTON, March 3, 2017"
 * and other forms), then paragraphs of sentences.  Sizes are log-uniform
 * between 2 and 20 KB.  Dates are spread evenly over 1975-2024, and the
 * file's modification time is set to the document's date (noon UTC) so
 * that tools which only know file dates can filter by date too.
 *
 * Words: function words at their usual rates, topic words (each document
 * draws a topic that favours a few dozen words and two-word names), and
 * content words drawn from a Zipf (1/rank) law over an unbounded
 * vocabulary: the first few hundred ranks are English policy words, the
 * rest pronounceable pseudo-words made from the rank.  So the dictionary
 * keeps growing with the corpus, as it does in real collections (names,
 * places, acronyms, typos), and frequent bigrams recur for phrase
 * queries.  Numbers, section references, money amounts and dates
 * mentioned in the text appear at realistic rates.
 */
#define _DEFAULT_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/hashmap.h"
#include "util/xalloc.h"

#define DEFAULT_SEED 20170303u

/* Bumped whenever the text changes for a given seed, so that a
 * benchmark does not reuse a corpus written by an older generator. */
#define TEXT_MODEL 2

/* ---- Random numbers: splitmix64, seeded per document ------------------ */

typedef struct rng {
    uint64_t s;
} rng_t;

static uint64_t
rng_next(rng_t *r)
{
    uint64_t z = (r->s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static void
rng_seed(rng_t *r, uint64_t seed, uint64_t stream)
{
    r->s = seed * 0x100000001b3ull ^ (stream + 1) * 0x9e3779b97f4a7c15ull;
    rng_next(r);
    rng_next(r);
}

/* Uniform in [0, 1). */
static double
rng_unit(rng_t *r)
{
    return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

static unsigned
rng_below(rng_t *r, unsigned n)
{
    return n ? (unsigned)(rng_next(r) % n) : 0;
}

/* ---- Vocabulary --------------------------------------------------------- */

static const char *const function_words[] = {
    "the", "of", "and", "to", "in", "a", "that", "is", "for", "on", "with", "as",
    "by", "be", "this", "are", "from", "at", "it", "not", "or", "have", "has",
    "will", "an", "which", "their", "its", "we", "our", "they", "been", "was",
    "were", "all", "these", "more", "such", "other", "any", "under", "into",
    "would", "may", "must", "shall", "also", "than", "those", "who", "can",
    "each", "should", "there", "upon", "between", "within", "through", "but",
    "if", "no", "so", "only", "most", "over", "about", "after", "before",
    "i", "he", "you", "his", "them", "what", "when", "who", "one", "do",
    "had", "there", "out", "up", "now", "then", "how", "us", "him", "her",
    "she", "my", "some", "very", "even", "both", "same", "every", "here",
};
#define NFUNC (sizeof function_words / sizeof *function_words)

/* The first ranks of the content vocabulary, most frequent first. */
static const char *const policy_words[] = {
    "new", "time", "year", "years", "work", "make", "made", "great", "good",
    "first", "last", "many", "much", "well", "just", "take", "give", "help",
    "need", "know", "see", "come", "way", "part", "day", "days", "long",
    "own", "high", "life", "home", "place", "end", "case", "fact", "right",
    "use", "find", "keep", "hold", "meet", "free", "full", "open", "best",
    "less", "few", "still", "again", "never", "today", "said", "two",
    "three", "world", "nation", "country", "people", "men", "war", "peace",
    "hope", "must", "can", "want", "plan", "act", "law", "tax", "aid", "job",
    "jobs", "pay", "cost", "costs", "rate", "rates", "area", "areas", "role",
    "goal", "goals", "step", "steps", "sure", "able", "strong", "better",
    "government", "states", "united", "federal", "congress", "president",
    "public", "national", "people", "law", "act", "section", "department",
    "security", "policy", "program", "year", "administration", "support",
    "secretary", "health", "state", "economic", "agency", "order", "new",
    "foreign", "budget", "tax", "development", "committee", "international",
    "defense", "energy", "report", "authority", "military", "rights", "office",
    "american", "nation", "country", "world", "service", "services", "general",
    "trade", "assistance", "members", "system", "local", "education", "funds",
    "community", "information", "commission", "council", "peace", "financial",
    "provide", "resources", "legislation", "house", "senate", "treaty",
    "subject", "provisions", "agreement", "interest", "countries", "force",
    "forces", "growth", "employment", "workers", "labor", "market", "markets",
    "industry", "business", "financing", "investment", "private", "costs",
    "prices", "income", "insurance", "care", "children", "families", "schools",
    "research", "science", "technology", "environment", "environmental",
    "water", "land", "natural", "agriculture", "farmers", "food", "rural",
    "urban", "housing", "transportation", "highway", "emergency", "disaster",
    "relief", "protection", "enforcement", "justice", "courts", "court",
    "judicial", "crime", "criminal", "police", "border", "immigration",
    "citizens", "citizenship", "veterans", "benefits", "social", "medical",
    "hospital", "drug", "drugs", "public", "safety", "regulation",
    "regulations", "regulatory", "review", "standards", "management", "plan",
    "plans", "planning", "strategy", "mission", "operations", "personnel",
    "employees", "civilian", "officers", "officials", "authorities",
    "cooperation", "alliance", "allies", "nuclear", "weapons", "arms",
    "sanctions", "diplomatic", "embassy", "relations", "negotiations",
    "conference", "proclamation", "observance", "anniversary", "memorial",
    "freedom", "liberty", "democracy", "constitution", "constitutional",
    "election", "elections", "vote", "voting", "party", "leaders", "leadership",
    "responsibility", "responsibilities", "accountability", "transparency",
    "efficiency", "performance", "progress", "reform", "reforms", "challenges",
    "opportunity", "opportunities", "future", "history", "tradition",
    "heritage", "generation", "generations", "women", "men", "youth",
    "elderly", "retirement", "pension", "wages", "poverty", "hunger",
    "homeless", "disabilities", "discrimination", "equality", "equal",
    "access", "quality", "affordable", "coverage", "prevention", "disease",
    "vaccine", "pandemic", "climate", "pollution", "conservation", "wildlife",
    "forest", "forests", "ocean", "coastal", "fisheries", "mining", "oil",
    "gas", "coal", "electricity", "nuclear", "renewable", "infrastructure",
    "bridges", "airports", "ports", "shipping", "exports", "imports",
    "tariffs", "currency", "deficit", "debt", "spending", "revenue",
    "appropriations", "fiscal", "monetary", "inflation", "recession",
    "recovery", "jobs", "unemployment", "training", "apprenticeship",
    "colleges", "universities", "students", "teachers", "curriculum",
    "innovation", "manufacturing", "small", "enterprise", "contracts",
    "procurement", "acquisition", "grants", "loans", "credit", "banking",
    "banks", "securities", "exchange", "commerce", "consumer", "consumers",
    "competition", "antitrust", "privacy", "data", "cybersecurity", "networks",
    "communications", "broadcasting", "telecommunications", "internet",
    "intelligence", "surveillance", "terrorism", "terrorist", "threats",
    "threat", "homeland", "preparedness", "response", "resilience", "guidance",
    "implementation", "compliance", "oversight", "inspector", "audit",
    "evaluation", "assessment", "analysis", "findings", "recommendations",
    "measures", "actions", "action", "purposes", "purpose", "effect",
    "effective", "hereby", "thereof", "herein", "pursuant", "accordance",
    "amended", "amendment", "statute", "statutory", "code", "title",
    "paragraph", "subsection", "chapter", "provision", "designated",
    "designation", "established", "establish", "establishment", "directed",
    "direct", "directs", "heads", "executive", "departments", "agencies",
    "independent", "board", "members", "chairman", "director", "deputy",
    "assistant", "representative", "representatives", "delegation", "mayor",
    "governor", "governors", "tribal", "tribes", "territories", "district",
    "county", "counties", "cities", "city", "region", "regional", "northern",
    "southern", "eastern", "western", "pacific", "atlantic", "gulf", "river",
    "valley", "mountain", "island", "islands", "capital", "capitol",
};
#define NPOLICY (sizeof policy_words / sizeof *policy_words)

static const char *const onsets[] = {
    "b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t",
    "v", "w", "z", "b", "c", "d", "l", "m", "n", "p", "r", "s", "t", "br",
    "cr", "dr", "fr", "gr", "pr", "tr", "bl", "cl", "fl", "pl", "st", "sh",
    "ch", "th", "qu",
};
static const char *const vowels[] = {
    "a", "e", "i", "o", "u", "a", "e", "i", "o", "ai", "ea", "ee", "ou", "y",
};
static const char *const codas[] = {
    "", "", "", "n", "r", "s", "t", "l", "m", "nd", "nt", "rt", "st", "ck",
    "ng", "x", "rd", "ld", "sh", "th",
};
#define NELEM(a) (sizeof(a) / sizeof *(a))

/* The content word of a rank (0-based): a policy word or a pseudo-word
 * made from the rank alone, so every run spells it the same. */
static size_t
content_word(uint64_t rank, char *out)
{
    if (rank < NPOLICY) {
        size_t n = strlen(policy_words[rank]);
        memcpy(out, policy_words[rank], n + 1);
        return n;
    }
    rng_t r;
    rng_seed(&r, rank, 0x5eed);
    /* Frequent words are short; rare ones longer. */
    unsigned syl = 1 + (rank > 2000) + (rank > 100000) + rng_below(&r, 2);
    size_t n = 0;
    for (unsigned i = 0; i < syl; i++) {
        const char *parts[3] = { onsets[rng_below(&r, NELEM(onsets))],
                                 vowels[rng_below(&r, NELEM(vowels))],
                                 i + 1 == syl ? codas[rng_below(&r, NELEM(codas))] : "" };
        for (int k = 0; k < 3; k++) {
            size_t l = strlen(parts[k]);
            memcpy(out + n, parts[k], l);
            n += l;
        }
    }
    out[n] = '\0';
    return n;
}

/* A rank with P(rank) ~ (rank + c)^-2, c = 300: a Pareto law whose
 * Heaps' exponent is about 0.46, so the dictionary keeps growing with
 * the corpus (about 31 000 distinct words at 10 MB, 2.7x more per
 * tenfold size), beyond the first ranks that take most content words. */
static uint64_t
zipf_rank(rng_t *r, double vocab)
{
    double u = rng_unit(r);
    double x = 300.0 * (1.0 / (1.0 - u) - 1.0);
    if (x >= vocab)
        x = fmod(x, vocab);
    return (uint64_t)x;
}
/* An index into the function words, P(k) ~ 1/(k + 1): "the" about 7%
 * of all words, "of" 3.5%, as in English prose. */
static unsigned
function_rank(rng_t *r)
{
    static double cum[NFUNC];
    if (cum[NFUNC - 1] == 0.0) {
        double t = 0.0;
        for (unsigned k = 0; k < NFUNC; k++)
            cum[k] = t += 1.0 / (k + 1);
        for (unsigned k = 0; k < NFUNC; k++)
            cum[k] /= t;
    }
    double u = rng_unit(r);
    unsigned k = 0;
    while (k + 1 < NFUNC && cum[k] < u)
        k++;
    return k;
}

/* A rank uniform in log scale over [0, n): for short lists. */
static unsigned
log_rank(rng_t *r, unsigned n)
{
    return (unsigned)(exp(rng_unit(r) * log((double)n + 1.0)) - 1.0);
}

#define VOCAB 5.0e7
#define TOPICS 4000u

/* ---- Documents ---------------------------------------------------------- */

static const char *const month_names[] = {
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
};
static const char *const places[] = {
    "WASHINGTON", "WASHINGTON, D.C.", "NEW YORK", "CHICAGO", "DENVER",
    "ATLANTA", "BOSTON", "SAN FRANCISCO", "GENEVA", "BRUSSELS",
};
static const char *const title_heads[] = {
    "Statement on", "Remarks on", "Report on", "Testimony on",
    "Executive Order on", "Proclamation on", "Letter on", "Memorandum on",
    "Fact Sheet:", "Press Release:", "Message to the Congress on",
    "Address on",
};

typedef struct doc {
    buf_t text;
    int year, month, day;
} doc_t;

static int
days_in_month(int y, int m)
{
    static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return d[m - 1];
}

static void
put_word(buf_t *b, const char *w, int capital)
{
    if (capital && w[0] >= 'a' && w[0] <= 'z') {
        buf_putc(b, (char)(w[0] - 'a' + 'A'));
        buf_puts(b, w + 1);
    } else {
        buf_puts(b, w);
    }
}

/* A topic's k-th favoured word: mostly mid-frequency ranks. */
static uint64_t
topic_word(unsigned topic, unsigned k)
{
    rng_t r;
    rng_seed(&r, topic, 0x70c + k);
    return 50 + (uint64_t)exp(rng_unit(&r) * log(3.0e4));
}

static void
put_date(buf_t *b, rng_t *r, int year)
{
    int y = year - 10 + (int)rng_below(r, 12);
    int m = 1 + (int)rng_below(r, 12);
    int d = 1 + (int)rng_below(r, (unsigned)days_in_month(y, m));
    buf_printf(b, "%s %d, %d", month_names[m - 1], d, y);
}

/* One sentence of about nwords words. */
static void
put_sentence(buf_t *b, rng_t *r, unsigned topic, int year, unsigned nwords)
{
    char w[64];
    int first = 1;
    int func_run = 0;
    for (unsigned i = 0; i < nwords; i++) {
        if (!first)
            buf_putc(b, ' ');
        double u = rng_unit(r);
        if (u < 0.50 && func_run < 3) {
            /* A function word; at most three in a row ("as a result of the"). */
            put_word(b, function_words[function_rank(r)], first);
            func_run++;
        } else if (u < 0.60) {
            /* A topic word. */
            content_word(topic_word(topic, rng_below(r, 40)), w);
            put_word(b, w, first);
            func_run = 0;
        } else if (u < 0.63) {
            /* A topic's two-word name ("Brailo Quenst"). */
            unsigned k = rng_below(r, 6);
            content_word(topic_word(topic, 100 + 2 * k), w);
            put_word(b, w, 1);
            buf_putc(b, ' ');
            content_word(topic_word(topic, 101 + 2 * k), w);
            put_word(b, w, 1);
            func_run = 0;
        } else if (u < 0.635) {
            buf_printf(b, "%u", 2 + rng_below(r, 998));
            func_run = 0;
        } else if (u < 0.638) {
            buf_printf(b, "section %u", 100 + rng_below(r, 9000));
            func_run = 0;
        } else if (u < 0.640) {
            buf_printf(b, "$%u.%u million", 1 + rng_below(r, 900), rng_below(r, 10));
            func_run = 0;
        } else if (u < 0.6415) {
            buf_puts(b, first ? "On " : "on ");
            put_date(b, r, year);
            func_run = 0;
        } else {
            content_word(zipf_rank(r, VOCAB), w);
            put_word(b, w, first);
            func_run = 0;
        }
        first = 0;
    }
    buf_puts(b, ". ");
}

static void
make_doc(uint64_t seed, uint64_t i, doc_t *d)
{
    rng_t r;
    rng_seed(&r, seed, i);
    buf_clear(&d->text);
    /* 2-20 KB, log-uniform. */
    size_t target = (size_t)exp(log(2000.0) + rng_unit(&r) * (log(20000.0) - log(2000.0)));
    d->year = 1975 + (int)rng_below(&r, 50);
    d->month = 1 + (int)rng_below(&r, 12);
    d->day = 1 + (int)rng_below(&r, (unsigned)days_in_month(d->year, d->month));
    unsigned topic = rng_below(&r, TOPICS);
    char w[64];

    /* Title. */
    buf_puts(&d->text, title_heads[rng_below(&r, NELEM(title_heads))]);
    unsigned tw = 3 + rng_below(&r, 5);
    for (unsigned k = 0; k < tw; k++) {
        buf_putc(&d->text, ' ');
        if (k % 2 == 1 && rng_below(&r, 3) == 0) {
            buf_puts(&d->text, k + 1 < tw ? "of the" : "Act");
            continue;
        }
        uint64_t rank = rng_below(&r, 2) ? topic_word(topic, rng_below(&r, 40))
                                          : log_rank(&r, 2000);
        content_word(rank, w);
        put_word(&d->text, w, 1);
    }
    buf_puts(&d->text, "\n\n");

    /* Dateline. */
    const char *mn = month_names[d->month - 1];
    switch (rng_below(&r, 4)) {
    case 0:
        buf_printf(&d->text, "%s, %s %d, %d\n\n", places[rng_below(&r, NELEM(places))], mn,
                   d->day, d->year);
        break;
    case 1:
        buf_printf(&d->text, "%s %d, %d\n\n", mn, d->day, d->year);
        break;
    case 2:
        buf_printf(&d->text, "FOR IMMEDIATE RELEASE \xe2\x80\x94 %s %d, %d\n\n", mn, d->day,
                   d->year);
        break;
    default:
        buf_printf(&d->text, "%d %s %d\n\n", d->day, mn, d->year);
        break;
    }

    /* Paragraphs. */
    while (d->text.len < target) {
        unsigned ns = 2 + rng_below(&r, 6);
        for (unsigned s = 0; s < ns && d->text.len < target + 200; s++)
            put_sentence(&d->text, &r, topic, d->year, 6 + rng_below(&r, 22));
        buf_truncate(&d->text, d->text.len - 1);  /* the last space */
        buf_puts(&d->text, "\n\n");
    }
}

static int
mkdirs(const char *path)
{
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s", path);
    for (char *p = tmp + 1; *p; p++) {
        if (*p == '/') {
            *p = '\0';
            if (mkdir(tmp, 0777) != 0 && errno != EEXIST)
                return -1;
            *p = '/';
        }
    }
    if (mkdir(tmp, 0777) != 0 && errno != EEXIST)
        return -1;
    return 0;
}

static int
write_doc(const char *dir, uint64_t i, const doc_t *d)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%04llu", dir, (unsigned long long)(i / 100));
    static char last[4096];
    if (strcmp(path, last) != 0) {
        if (mkdirs(path) != 0)
            return -1;
        snprintf(last, sizeof last, "%s", path);
    }
    snprintf(path, sizeof path, "%s/%04llu/doc%07llu.txt", dir, (unsigned long long)(i / 100),
             (unsigned long long)i);
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fwrite(d->text.data, 1, d->text.len, f);
    if (fclose(f) != 0)
        return -1;
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    tm.tm_year = d->year - 1900;
    tm.tm_mon = d->month - 1;
    tm.tm_mday = d->day;
    tm.tm_hour = 12;
    time_t t = timegm(&tm);
    struct timeval tv[2] = { { t, 0 }, { t, 0 } };
    return utimes(path, tv);
}

static uint64_t
parse_size(const char *s)
{
    char *end;
    double v = strtod(s, &end);
    if (*end == 'K' || *end == 'k')
        v *= 1e3;
    else if (*end == 'M' || *end == 'm')
        v *= 1e6;
    else if (*end == 'G' || *end == 'g')
        v *= 1e9;
    return (uint64_t)v;
}

static int
cmd_corpus(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    uint64_t size = parse_size(argv[0]);
    const char *out = argv[1];
    uint64_t seed = argc > 2 ? strtoull(argv[2], NULL, 10) : DEFAULT_SEED;
    char tree[4096], add[4096];
    snprintf(tree, sizeof tree, "%s/tree", out);
    snprintf(add, sizeof add, "%s/add", out);
    if (mkdirs(tree) != 0 || mkdirs(add) != 0) {
        fprintf(stderr, "dossier-gencorpus: %s: %s\n", out, strerror(errno));
        return 1;
    }
    doc_t d;
    memset(&d, 0, sizeof d);
    uint64_t bytes = 0, n = 0;
    while (bytes < size) {
        make_doc(seed, n, &d);
        if (write_doc(tree, n, &d) != 0) {
            fprintf(stderr, "dossier-gencorpus: %s: %s\n", tree, strerror(errno));
            return 1;
        }
        bytes += d.text.len;
        n++;
    }
    uint64_t nadd = n / 100 ? n / 100 : 1, addbytes = 0;
    for (uint64_t i = n; i < n + nadd; i++) {
        make_doc(seed, i, &d);
        if (write_doc(add, i, &d) != 0) {
            fprintf(stderr, "dossier-gencorpus: %s: %s\n", add, strerror(errno));
            return 1;
        }
        addbytes += d.text.len;
    }
    buf_free(&d.text);
    printf("docs %llu\nbytes %llu\nadd_docs %llu\nadd_bytes %llu\nseed %llu\nmodel %d\n",
           (unsigned long long)n, (unsigned long long)bytes, (unsigned long long)nadd,
           (unsigned long long)addbytes, (unsigned long long)seed, TEXT_MODEL);
    return 0;
}

/* ---- Queries ------------------------------------------------------------ */

typedef struct sample {
    char **paths;
    size_t n, cap;
} sample_t;

static int
cmp_strp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
list_files(const char *dir, sample_t *s)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char *p = xasprintf("%s/%s", dir, e->d_name);
        struct stat st;
        if (stat(p, &st) != 0) {
            free(p);
            continue;
        }
        if (S_ISDIR(st.st_mode)) {
            list_files(p, s);
            free(p);
        } else if (S_ISREG(st.st_mode)) {
            s->paths = xgrow(s->paths, &s->cap, s->n + 1, sizeof *s->paths);
            s->paths[s->n++] = p;
        } else {
            free(p);
        }
    }
    closedir(d);
}

static const char *const stop_words[] = {
    "the", "of", "and", "to", "in", "a", "that", "is", "for", "on", "with", "as",
    "by", "be", "this", "are", "from", "at", "it", "not", "or", "have", "has",
    "will", "an", "which", "their", "its", "we", "our", "they", "been", "was",
    "were", "all", "these", "more", "such", "other", "any", "under", "into",
    "would", "may", "must", "shall", "also", "than", "those", "who", "can",
    "each", "should", "there", "upon", "between", "within", "through", "but",
    "if", "no", "so", "only", "most", "over", "about", "after", "before", "he",
    "his", "she", "her", "you", "your", "i", "my", "me", "us", "them", "what",
    "when", "where", "how", "why", "do", "does", "did", "had", "being", "one",
    "two", "new", "out", "up", "then", "now", "very", "some", "same", "own",
};

static int
is_stop(const char *w)
{
    for (size_t i = 0; i < NELEM(stop_words); i++)
        if (strcmp(stop_words[i], w) == 0)
            return 1;
    return 0;
}

/* A document of the sample: its words (lower case ASCII letters) and,
 * for each, whether a single space separates it from the next (for
 * phrases), and its year (file mtime). */
typedef struct sdoc {
    char **w;
    unsigned char *joined;
    size_t n;
    int year;
} sdoc_t;

static void
tokenize(const char *s, size_t len, sdoc_t *d)
{
    size_t cap = 0, jcap = 0;
    size_t i = 0;
    while (i < len) {
        while (i < len && !((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
                            (s[i] >= '0' && s[i] <= '9')))
            i++;
        size_t st = i;
        int alpha = 1;
        while (i < len && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
                           (s[i] >= '0' && s[i] <= '9'))) {
            if (s[i] >= '0' && s[i] <= '9')
                alpha = 0;
            i++;
        }
        if (i == st)
            break;
        char *w = xstrndup(s + st, i - st);
        for (char *p = w; *p; p++)
            if (*p >= 'A' && *p <= 'Z')
                *p = (char)(*p - 'A' + 'a');
        /* Only plain words of letters take part; others break phrases. */
        int ok = alpha && i - st >= 3 && i - st <= 20;
        if (!ok) {
            free(w);
            if (d->n)
                d->joined[d->n - 1] = 0;
            continue;
        }
        /* Apostrophes and hyphens glue words in some tools: avoid them. */
        int next_space = i < len && s[i] == ' ' && i + 1 < len &&
                         ((s[i + 1] >= 'a' && s[i + 1] <= 'z') || (s[i + 1] >= 'A' && s[i + 1] <= 'Z'));
        d->w = xgrow(d->w, &cap, d->n + 1, sizeof *d->w);
        d->joined = xgrow(d->joined, &jcap, d->n + 1, 1);
        d->w[d->n] = w;
        d->joined[d->n] = (unsigned char)next_space;
        if (d->n && st > 0 && (s[st - 1] == '\'' || s[st - 1] == '-'))
            d->joined[d->n - 1] = 0;
        if (i < len && (s[i] == '\'' || s[i] == '-'))
            d->joined[d->n] = 0;
        d->n++;
    }
}

static void
count_once(hashmap_t *df, hashmap_t *seen, const char *key)
{
    int created;
    hashmap_put(seen, key, strlen(key), &created);
    if (created)
        hashmap_put(df, key, strlen(key), NULL)->value++;
}

static unsigned
df_of(const hashmap_t *df, const char *key)
{
    hashmap_entry_t *e = hashmap_get(df, key, strlen(key));
    return e ? (unsigned)e->value : 0;
}

typedef struct picker {
    sdoc_t *docs;
    size_t ndocs;
    hashmap_t df1, df2, df3;
    hashmap_t used;
    rng_t r;
    FILE *out;
} picker_t;

/* A word of document d in the df band [lo, hi] (fractions of docs). */
static const char *
band_word(picker_t *p, const sdoc_t *d, double lo, double hi)
{
    for (int tries = 0; tries < 200 && d->n; tries++) {
        const char *w = d->w[rng_below(&p->r, (unsigned)d->n)];
        if (is_stop(w))
            continue;
        double f = (double)df_of(&p->df1, w) / (double)p->ndocs;
        if (f >= lo && f <= hi)
            return w;
    }
    return NULL;
}

static int
emit(picker_t *p, const char *type, const char *words, int y1, int y2)
{
    buf_t key = BUF_INIT;
    buf_printf(&key, "%s\t%s", type, words);
    int created;
    hashmap_put(&p->used, key.data, key.len, &created);
    buf_free(&key);
    if (!created)
        return 0;
    if (y1)
        fprintf(p->out, "%s\t%s\t%d\t%d\n", type, words, y1, y2);
    else
        fprintf(p->out, "%s\t%s\t\t\n", type, words);
    return 1;
}

static int
distinct(const char *a, const char *b, const char *c)
{
    return strcmp(a, b) != 0 && (!c || (strcmp(a, c) != 0 && strcmp(b, c) != 0));
}

static int
cmd_queries(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    const char *dir = argv[0];
    const char *outpath = argv[1];
    unsigned per = argc > 2 ? (unsigned)atoi(argv[2]) : 10;
    uint64_t seed = argc > 3 ? strtoull(argv[3], NULL, 10) : DEFAULT_SEED;
    sample_t s = { NULL, 0, 0 };
    list_files(dir, &s);
    if (s.n == 0) {
        fprintf(stderr, "dossier-gencorpus: %s: no files\n", dir);
        return 1;
    }
    qsort(s.paths, s.n, sizeof *s.paths, cmp_strp);

    picker_t p;
    memset(&p, 0, sizeof p);
    rng_seed(&p.r, seed, 0xfeed);
    /* The sample: about 1500 documents spread over the sorted list. */
    size_t want = s.n < 1500 ? s.n : 1500;
    p.docs = xcalloc(want, sizeof *p.docs);
    hashmap_init(&p.df1);
    hashmap_init(&p.df2);
    hashmap_init(&p.df3);
    hashmap_init(&p.used);
    buf_t b = BUF_INIT;
    for (size_t k = 0; k < want; k++) {
        const char *path = s.paths[k * s.n / want];
        FILE *f = fopen(path, "rb");
        if (!f)
            continue;
        buf_clear(&b);
        char chunk[65536];
        size_t got;
        while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
            buf_append(&b, chunk, got);
        fclose(f);
        struct stat st;
        sdoc_t *d = &p.docs[p.ndocs++];
        if (stat(path, &st) == 0) {
            struct tm tm;
            time_t t = st.st_mtime;
            gmtime_r(&t, &tm);
            d->year = tm.tm_year + 1900;
        }
        tokenize(buf_cstr(&b), b.len, d);
        hashmap_t seen;
        hashmap_init(&seen);
        char key[256];
        for (size_t i = 0; i < d->n; i++) {
            count_once(&p.df1, &seen, d->w[i]);
            if (i + 1 < d->n && d->joined[i]) {
                snprintf(key, sizeof key, "%s %s", d->w[i], d->w[i + 1]);
                count_once(&p.df2, &seen, key);
                if (i + 2 < d->n && d->joined[i + 1]) {
                    snprintf(key, sizeof key, "%s %s %s", d->w[i], d->w[i + 1], d->w[i + 2]);
                    count_once(&p.df3, &seen, key);
                }
            }
        }
        hashmap_free(&seen);
    }
    buf_free(&b);

    p.out = fopen(outpath, "w");
    if (!p.out) {
        fprintf(stderr, "dossier-gencorpus: %s: %s\n", outpath, strerror(errno));
        return 1;
    }
    static const char *const types[] = { "rare", "common", "and2", "and3", "phrase2",
                                         "phrase3", "date", "snip" };
    char q[512];
    for (size_t t = 0; t < NELEM(types); t++) {
        unsigned got = 0;
        for (unsigned tries = 0; got < per && tries < 200000; tries++) {
            const sdoc_t *d = &p.docs[rng_below(&p.r, (unsigned)p.ndocs)];
            if (d->n < 10)
                continue;
            const char *a, *b2, *c;
            switch (t) {
            case 0:  /* rare: in 0.1-0.5% of documents (at least 2, and
                      * up to 3 in a small sample) */
                a = band_word(&p, d, 0.001, p.ndocs < 600 ? 3.0 / (double)p.ndocs : 0.005);
                if (a && df_of(&p.df1, a) >= 2)
                    got += (unsigned)emit(&p, types[t], a, 0, 0);
                break;
            case 1:  /* common: in 20-50% */
                a = band_word(&p, d, 0.20, 0.50);
                if (a)
                    got += (unsigned)emit(&p, types[t], a, 0, 0);
                break;
            case 2:
            case 3:
            case 7:  /* AND of mid-band words of one document */
                a = band_word(&p, d, 0.02, 0.15);
                b2 = band_word(&p, d, 0.02, 0.15);
                c = t == 3 ? band_word(&p, d, 0.02, 0.15) : NULL;
                if (!a || !b2 || (t == 3 && !c) || !distinct(a, b2, c))
                    break;
                if (c)
                    snprintf(q, sizeof q, "%s %s %s", a, b2, c);
                else
                    snprintf(q, sizeof q, "%s %s", a, b2);
                got += (unsigned)emit(&p, types[t], q, 0, 0);
                break;
            case 4: {  /* phrase2: adjacent words seen in >= 3 documents */
                size_t i = rng_below(&p.r, (unsigned)d->n - 1);
                if (!d->joined[i] || is_stop(d->w[i]) || is_stop(d->w[i + 1]) ||
                    !distinct(d->w[i], d->w[i + 1], NULL))
                    break;
                snprintf(q, sizeof q, "%s %s", d->w[i], d->w[i + 1]);
                if (df_of(&p.df2, q) >= 3 && (double)df_of(&p.df2, q) < 0.2 * (double)p.ndocs)
                    got += (unsigned)emit(&p, types[t], q, 0, 0);
                break;
            }
            case 5: {  /* phrase3: outer words not stop words, >= 2 documents */
                size_t i = rng_below(&p.r, (unsigned)d->n - 2);
                if (!d->joined[i] || !d->joined[i + 1] || is_stop(d->w[i]) ||
                    is_stop(d->w[i + 2]) || !distinct(d->w[i], d->w[i + 1], d->w[i + 2]))
                    break;
                snprintf(q, sizeof q, "%s %s %s", d->w[i], d->w[i + 1], d->w[i + 2]);
                if (df_of(&p.df3, q) >= 2)
                    got += (unsigned)emit(&p, types[t], q, 0, 0);
                break;
            }
            case 6:  /* a mid-band word and a 5-year window around the date */
                if (!d->year)
                    break;
                a = band_word(&p, d, 0.02, 0.15);
                if (a)
                    got += (unsigned)emit(&p, types[t], a, d->year - 2, d->year + 2);
                break;
            }
        }
        if (got < per)
            fprintf(stderr, "dossier-gencorpus: only %u %s queries found\n", got, types[t]);
    }
    fclose(p.out);
    for (size_t k = 0; k < p.ndocs; k++) {
        for (size_t i = 0; i < p.docs[k].n; i++)
            free(p.docs[k].w[i]);
        free(p.docs[k].w);
        free(p.docs[k].joined);
    }
    free(p.docs);
    for (size_t k = 0; k < s.n; k++)
        free(s.paths[k]);
    free(s.paths);
    hashmap_free(&p.df1);
    hashmap_free(&p.df2);
    hashmap_free(&p.df3);
    hashmap_free(&p.used);
    return 0;
}

int
main(int argc, char **argv)
{
    int rc = 2;
    if (argc >= 2 && strcmp(argv[1], "corpus") == 0)
        rc = cmd_corpus(argc - 2, argv + 2);
    else if (argc >= 2 && strcmp(argv[1], "queries") == 0)
        rc = cmd_queries(argc - 2, argv + 2);
    else if (argc == 2 && strcmp(argv[1], "model") == 0) {
        printf("%d\n", TEXT_MODEL);
        rc = 0;
    }
    if (rc == 2)
        fprintf(stderr, "usage: dossier-gencorpus corpus SIZE OUTDIR [SEED]\n"
                        "       dossier-gencorpus queries DIR OUT.tsv [PER_TYPE] [SEED]\n"
                        "       dossier-gencorpus model\n");
    return rc;
}
