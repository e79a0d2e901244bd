# hostile-gen.sh - bad files and paths for hostile.sh (sourced).
#
# make_hostile DIR OUTSIDE [BIG]: write every case under DIR (OUTSIDE is a
# folder out of the corpus, for links that leave it); BIG=1 makes the
# 200 MB single line one to be indexed (with --max-size 300), not refused.
# Each case is one record of $cases, ended by $EOR (\036; names may hold
# newlines), its fields separated by $SEP (\037):
#   NAME PATH EXPECT MESSAGE WORD
# where EXPECT is
#   indexed   the document is in the index and matches WORD (if any);
#   failed    not indexed, counted as failed;
#   skipped   not indexed, counted as skipped;
#   absent    not indexed, and nothing said (hidden files, formats Dossier
#             does not read, links to what the walk reaches anyway).
# MESSAGE is what the one line "dossier: PATH: ..." on stderr must say
# about the file (it must start with it), or "" when nothing may be said.
# PATH is as dossier shows it: relative to the current folder.

cases=""
ncases=0
SEP=$(printf '\037')
EOR=$(printf '\036')

# case_add NAME PATH EXPECT MESSAGE [WORD]
case_add() {
    cases="$cases$1$SEP$2$SEP$3$SEP$4$SEP${5:-}$EOR"
    ncases=$((ncases + 1))
}

# A gzip member of stdin's bytes.
gz() {
    gzip -c -n
}

make_hostile() {
    local dir=$1 outside=$2 big=${3:-0}
    # The size limit add runs with: --max-size 300 with --big.
    local limit=100
    [ "$big" = 1 ] && limit=300
    local c=$dir
    mkdir -p "$c" "$outside"
    local p

    # -- Contents --------------------------------------------------------
    head -c 65536 /dev/urandom >"$c/random.txt"
    case_add "random bytes" "$c/random.txt" failed "contains"

    printf 'start of text\000end of text\n' >"$c/nul-inside.txt"
    case_add "a NUL byte inside text" "$c/nul-inside.txt" failed "contains NUL bytes"

    printf '%%PDF-1.4\n%%\342\343\317\323\n1 0 obj\n<< /Length 5 >>\nstream\n\000\001\002\003\004\nendstream\n' >"$c/report.txt"
    case_add "a PDF named .txt" "$c/report.txt" failed "looks like a pdf file"

    printf 'zebrafinch \377\376 text \200\201\202 with \300\257 bad bytes and \355\240\200 a surrogate\n' >"$c/invalid-utf8.txt"
    case_add "invalid UTF-8" "$c/invalid-utf8.txt" indexed "note: not valid UTF-8" zebrafinch

    printf 'UTF-8 caf\303\251 then Latin-1 caf\351 and na\357ve quillwort\n' >"$c/mixed-encodings.txt"
    case_add "UTF-8 and Latin-1 mixed" "$c/mixed-encodings.txt" indexed \
        "note: not valid UTF-8; read as utf-8 with 2 invalid bytes replaced" quillwort

    printf 'Windows \223quoted\224 text \226 dash, ptarmigan na\357ve\n' >"$c/cp1252.txt"
    case_add "Windows-1252" "$c/cp1252.txt" indexed "note: not valid UTF-8; read as windows-1252" ptarmigan

    : >"$c/empty.txt"
    case_add "0 bytes" "$c/empty.txt" failed "empty file"

    printf '\357\273\277' >"$c/bom-only.txt"
    case_add "a byte-order mark only" "$c/bom-only.txt" failed "no text"

    printf '\377\376' >"$c/utf16le.txt"
    printf 'h\000e\000r\000o\000n\000s\000 \000f\000l\000y\000\n\000' >>"$c/utf16le.txt"
    case_add "UTF-16 with a byte-order mark" "$c/utf16le.txt" indexed "note: not valid UTF-8; read as utf-16le" herons

    printf 'h\000e\000r\000o\000n\000\n\000' >"$c/utf16-nobom.txt"
    case_add "UTF-16 without a byte-order mark" "$c/utf16-nobom.txt" failed "contains NUL bytes"

    printf 'first line\r\n\r\nsecond cassowary line\r\n' >"$c/crlf.txt"
    case_add "CR LF line ends" "$c/crlf.txt" indexed "" cassowary
    printf 'first line\r\rsecond kookaburra line\r' >"$c/cr-only.txt"
    case_add "CR line ends" "$c/cr-only.txt" indexed "" kookaburra

    printf '   \n\t\n  \n' >"$c/blank.txt"
    case_add "whitespace only" "$c/blank.txt" failed "no text"
    printf '!!! ??? ... --- *** ### \n' >"$c/punct.txt"
    case_add "punctuation only" "$c/punct.txt" failed "no words to index"

    # One line of 200 MB: refused by the default limit (100 MB) at once.
    head -c 200000000 /dev/zero | tr '\0' 'x' >"$c/line-200mb.txt"
    if [ "$big" = 1 ]; then
        printf ' wombatending\n' >>"$c/line-200mb.txt"
        case_add "one 200 MB line (--max-size 300)" "$c/line-200mb.txt" indexed "" wombatending
    else
        case_add "one 200 MB line" "$c/line-200mb.txt" failed "larger than 100 MB"
    fi
    # One line of 8 MB of words, indexed.
    { awk 'BEGIN { for (i = 0; i < 800000; i++) printf "lorem%d ", i % 1000 }'
      printf 'wallabyfinal\n'; } >"$c/line-8mb.txt"
    case_add "one 8 MB line" "$c/line-8mb.txt" indexed "" wallabyfinal

    { head -c 10000000 /dev/zero | tr '\0' 'q'; printf ' numbatword\n'; } >"$c/long-word.txt"
    case_add "a 10 MB word" "$c/long-word.txt" indexed "" numbatword

    { head -c 2000000 /dev/zero | tr '\0' '\n'; printf 'dugongline\n'; } >"$c/many-lines.txt"
    case_add "two million empty lines" "$c/many-lines.txt" indexed "" dugongline

    awk 'BEGIN { for (i = 0; i < 20000; i++) printf "On March %d, %d and 0%d/1%d/20%02d ", i % 28 + 1, 1900 + i % 120, i % 9 + 1, i % 9, i % 100; print "axolotl" }' \
        >"$c/dates.txt"
    case_add "100,000 dates" "$c/dates.txt" indexed "" axolotl

    awk 'BEGIN { printf "e"; for (i = 0; i < 100000; i++) printf "\xcc\x81"; print " tapirzalgo" }' >"$c/zalgo.txt"
    case_add "100,000 combining marks on one letter" "$c/zalgo.txt" indexed "" tapirzalgo

    awk 'BEGIN { for (i = 0; i < 200000; i++) printf "1,"; print "000 okapidigits" }' >"$c/digits.txt"
    case_add "a 400 KB number with digit groups" "$c/digits.txt" indexed "" okapidigits

    # -- HTML --------------------------------------------------------------
    awk 'BEGIN { for (i = 0; i < 200000; i++) printf "<div>"; printf "<p>narwhaldeep</p>"; for (i = 0; i < 200000; i++) printf "</div>"; print "" }' \
        >"$c/nested.html"
    case_add "HTML nested 200,000 deep" "$c/nested.html" indexed "" narwhaldeep

    printf '<html><body><p>pangolin text</p><!-- a comment never closed <p>hidden</p>\n' >"$c/open-comment.html"
    case_add "HTML with an unclosed comment" "$c/open-comment.html" indexed "" pangolin
    printf '<html><body><p>quokka text</p><script>var x = "<p>"; never closed\n' >"$c/open-script.html"
    case_add "HTML with an unclosed script" "$c/open-script.html" indexed "" quokka
    printf '<p>bilby &#xFFFFFFFF; &#0; &#xD800; &#99999999999999999999; &amp &bogus; &#x; &#; &\n' >"$c/entities.html"
    case_add "HTML with invalid entities" "$c/entities.html" indexed "" bilby
    { printf '<p>echidna '; head -c 1000000 /dev/zero | tr '\0' '<'; printf '</p>\n'; } >"$c/lt-storm.html"
    case_add "HTML with a million '<'" "$c/lt-storm.html" indexed "" echidna
    { printf '<p>platypus</p><a href="'; head -c 1000000 /dev/zero | tr '\0' 'a'; printf '\n'; } >"$c/open-attr.html"
    case_add "HTML with an unterminated attribute" "$c/open-attr.html" indexed "" platypus
    { printf '<title>marmosettitle '; head -c 500000 /dev/zero | tr '\0' 't'; printf '</title><p>body</p>\n'; } >"$c/huge-title.html"
    case_add "HTML with a 500 KB title" "$c/huge-title.html" indexed "" title:marmosettitle

    # -- Markdown ----------------------------------------------------------
    printf -- '---\ntitle: Unclosed front matter\ndate: 2017-03-03\n\nsifaka body text\n' >"$c/open-front.md"
    case_add "Markdown front matter never closed" "$c/open-front.md" indexed "" sifaka
    printf -- '---\ntitle: Bad date\ndate: 2017-13-45\nauthor: \n---\n\ntarsier body\n' >"$c/bad-date.md"
    case_add "Markdown front matter with an impossible date" "$c/bad-date.md" indexed "note: its date '2017-13-45' is not a date; dated by its mtime instead" tarsier
    { printf -- '---\ntitle: '; head -c 1000000 /dev/zero | tr '\0' 'm'; printf '\n---\n\ncolugo body\n'; } >"$c/huge-front.md"
    case_add "Markdown with a 1 MB title" "$c/huge-front.md" indexed "" colugo
    { head -c 100000 /dev/zero | tr '\0' '>'; printf ' galago quoted\n'; awk 'BEGIN { for (i = 0; i < 20000; i++) { for (j = 0; j < i % 50; j++) printf "  "; print "- item" } }'; } >"$c/deep.md"
    case_add "Markdown nested quotes and lists" "$c/deep.md" indexed "" galago
    printf -- '---\n---\n---\n' >"$c/only-fences.md"
    case_add "Markdown made of front-matter fences" "$c/only-fences.md" failed "no words to index"

    # -- gzip --------------------------------------------------------------
    printf 'serval gzip text\n' | gz >"$c/plain.txt.gz"
    case_add "gzip" "$c/plain.txt.gz" indexed "" serval
    { printf 'caracal first member\n' | gz; printf 'margay second member\n' | gz; } >"$c/members.txt.gz"
    case_add "concatenated gzip members" "$c/members.txt.gz" indexed "" margay
    awk 'BEGIN { for (i = 0; i < 20000; i++) print "ocelot line", i }' | gz | head -c 30000 >"$c/truncated.txt.gz"
    case_add "truncated gzip" "$c/truncated.txt.gz" failed "truncated gzip data"
    { printf '\037\213\010\000\000\000\000\000\000\003'; head -c 4096 /dev/urandom; } >"$c/corrupt.txt.gz"
    case_add "corrupt gzip" "$c/corrupt.txt.gz" failed "corrupt gzip data"
    { printf 'jaguarundi member\n' | gz; printf 'trailing garbage'; } >"$c/trailing.txt.gz"
    case_add "gzip with trailing garbage" "$c/trailing.txt.gz" indexed "" jaguarundi
    head -c 1000000000 /dev/zero | gz >"$c/bomb.txt.gz"
    case_add "gzip bomb (1 GB of zeros)" "$c/bomb.txt.gz" failed "larger than $limit MB after decompression"
    head -c 65536 /dev/urandom | gz >"$c/binary.txt.gz"
    case_add "gzip of binary data" "$c/binary.txt.gz" failed "contains"
    : | gz >"$c/empty.txt.gz"
    case_add "gzip of nothing" "$c/empty.txt.gz" failed "empty file"
    printf 'fossa not really gzip\n' >"$c/not-gzip.txt.gz"
    case_add "plain text named .gz" "$c/not-gzip.txt.gz" indexed "" fossa
    printf '\037\213' >"$c/magic-only.txt.gz"
    case_add "gzip magic alone" "$c/magic-only.txt.gz" failed "truncated gzip data"

    # -- Files that are not what they seem -----------------------------------
    mkfifo "$c/fifo.txt"
    case_add "a FIFO named .txt" "$c/fifo.txt" skipped "not a regular file"
    mkdir "$c/folder.txt"
    printf 'binturong in a folder named .txt\n' >"$c/folder.txt/inner.txt"
    case_add "a folder named .txt" "$c/folder.txt/inner.txt" indexed "" binturong
    truncate -s 10G "$c/sparse.txt"
    case_add "a sparse 10 GB file" "$c/sparse.txt" failed "larger than $limit MB"
    printf 'hidden\n' >"$c/.hidden.txt"
    case_add "a hidden file" "$c/.hidden.txt" absent ""
    printf 'slides\n' >"$c/deck.pptx"
    case_add "a format Dossier does not read" "$c/deck.pptx" absent ""

    # -- Names -------------------------------------------------------------
    p="$c/new
line.txt"
    printf 'kinkajou newline name\n' >"$p"
    case_add "a name with a newline" "$p" indexed "" kinkajou
    p="$c/$(printf '\033[31mred\033[0m.txt')"
    printf 'coati escape name\n' >"$p"
    case_add "a name with terminal escapes" "$p" indexed "" coati
    p="$c/$(printf 'caf\351-latin1.txt')"
    printf 'genet latin1 name\n' >"$p"
    case_add "a name that is not UTF-8" "$p" indexed "" genet
    p="$c/$(printf '%0250d' 0 | tr 0 n).txt"
    printf 'linsang long name\n' >"$p"
    case_add "a 254-byte file name" "$p" indexed "" linsang
    p="$c/-n.txt"
    printf 'civet dash name\n' >"$p"
    case_add "a name starting with a dash" "$p" indexed "" civet
    p="$c/sp ace's \"quoted\" \$(touch pwned) ;name.txt"
    printf 'mongoose shell name\n' >"$p"
    case_add "a name with shell syntax" "$p" indexed "" mongoose
    # A path longer than PATH_MAX (4096): 20 folders of 250 bytes.
    local i
    p=$c
    for ((i = 0; i < 20; i++)); do p="$p/$(printf '%0250d' "$i")"; done
    if (cd "$c" && for ((i = 0; i < 20; i++)); do
            mkdir "$(printf '%0250d' "$i")" && cd "$(printf '%0250d' "$i")" || exit 1
        done && printf 'deep fennec\n' >deep.txt); then
        case_add "a path longer than PATH_MAX" "$p" failed "file name too long"
    fi

    # -- Links -------------------------------------------------------------
    ln -s loop-b.txt "$c/loop-a.txt"
    ln -s loop-a.txt "$c/loop-b.txt"
    case_add "a symbolic link loop" "$c/loop-a.txt" failed "symbolic link loop"
    case_add "the other end of the loop" "$c/loop-b.txt" failed "symbolic link loop"
    mkdir "$c/sub"
    printf 'meerkat in sub\n' >"$c/sub/inner.txt"
    ln -s .. "$c/sub/up"
    case_add "a folder link back to its parent" "$c/sub/up" absent ""
    case_add "the file under a folder loop" "$c/sub/inner.txt" indexed "" meerkat
    printf 'secret outside\n' >"$outside/secret.txt"
    ln -s "$outside/secret.txt" "$c/out-file.txt"
    case_add "a link to a file out of the corpus" "$c/out-file.txt" skipped "symbolic link leads outside the corpus"
    ln -s "$outside" "$c/out-dir"
    case_add "a link to a folder out of the corpus" "$c/out-dir" skipped "symbolic link leads outside the corpus"
    ln -s /dev/zero "$c/zero.txt"
    case_add "a link to /dev/zero" "$c/zero.txt" skipped "symbolic link leads outside the corpus"
    ln -s missing.txt "$c/broken.txt"
    case_add "a broken link" "$c/broken.txt" failed "broken symbolic link"
    ln -s sub/inner.txt "$c/inside-link.txt"
    # Not followed: its target is indexed under its own path (above).
    case_add "a link inside the corpus" "$c/inside-link.txt" absent ""
}
