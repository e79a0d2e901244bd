#!/bin/bash
# A long passage is shown as a window around its first highlight, cut at
# spaces: whatever the width, the window holds whole words of the text.
. "$(dirname "$0")/lib.sh"

mkdir notes
para='The quick brown fox jumps over the lazy dog and a café sits near the riverbank while sanctions committees deliberate extraordinarily comprehensive arrangements for the implementation of multilateral instruments.'
printf 'A Title\n\n%s\n' "$para" >notes/long.txt
"$D" --index idx add notes 2>/dev/null

for w in 20 25 31 40 55 80 120; do
    for q in sanctions café riverbank implementation quick; do
        run "$D" --index idx search --color never --width "$w" -k 1 "$q"
        line=$(printf '%s\n' "$out" | grep '^notes/long.txt:3: ' | sed 's/^notes\/long.txt:3: //')
        check_contains "width $w, $q: passage shown" "$line" "**"
        shown=$(printf '%s' "$line" | sed -e 's/\*\*//g' -e 's/^…//' -e 's/…$//')
        check_contains "width $w, $q: whole words" " $para " " $shown "
    done
done

# path:line: names the line of the passage's first highlight, which in a
# long paragraph cut into windows lies below the passage's first line.
mkdir -p hl
{
    printf 'Title Line\n\n'
    for i in $(seq 1 39); do printf 'word%d filler text of this wrapped paragraph line number %d here.\n' "$i" "$i"; done
    printf 'the zanzibarword is here on this line.\n'
    for i in 1 2 3 4 5; do printf 'more filler text %d\n' "$i"; done
} >hl/a.txt
"$D" --index hlidx add hl 2>/dev/null
check_contains "path:line: the highlight's line" "$("$D" --index hlidx search -k 1 zanzibarword)" \
    "hl/a.txt:$(grep -n zanzibarword hl/a.txt | cut -d: -f1): "
# JSON gives both: where the passage starts, and that line.
hlline=$(grep -n zanzibarword hl/a.txt | cut -d: -f1)
check_contains "json: highlight_line as the text view's" "$("$D" --index hlidx search --json -k 1 zanzibarword)" \
    "\"highlight_line\":$hlline,"

# Markdown is quoted as it reads: no emphasis marks, links by their text,
# and path:line: still the line of the file.
mkdir -p md
cat >md/note.md <<'MD'
# Notes on the **Pipeline** Case

> The operator paid a [ransom](https://example.gov/ransom_note.pdf "PDF") of *four* million.

- report within **72 hours**; see <https://example.gov/portal> and `Form CIR-1`.
MD
"$D" --index mdidx add md 2>/dev/null
run "$D" --index mdidx search --color never -k 3 ransom
check_contains "markdown: link text, no markup" "$out" "md/note.md:3: The operator paid a **ransom** of four million."
run "$D" --index mdidx search --color never -k 3 hours
check_contains "markdown: bold and code marks dropped" "$out" \
    "md/note.md:5: - report within 72 **hours**; see https://example.gov/portal and Form CIR-1."
run "$D" --index mdidx search -c ransom_note
check_eq "markdown: a link's address is not a word of the text" 0 "$out"
check_contains "markdown: the title as it reads" "$("$D" --index mdidx show md/note.md)" \
    "title:       Notes on the Pipeline Case"

# The best passage is a paragraph that says something: not the "Key:
# value" lines on top (shown in the hit's header), nor a line of a few
# words such as a speaker's label, unless it is all there is.
mkdir -p tr
printf 'President: Jimmy Zorblat\n\nGovernor Zorblat.\n\nLet me take a minute to comment on something that Governor Zorblat said on nonproliferation, as Jimmy did in May of the year before last at the conference.\n\nMR. QUAXLEY. Right.\n' >tr/debate.txt
"$D" --index tridx add tr 2>/dev/null
check_contains "a paragraph, not a label" "$("$D" --index tridx search --color never -k 1 zorblat)" "tr/debate.txt:5: "
check_contains "a paragraph, not the header" "$("$D" --index tridx search --color never -k 1 jimmy)" "tr/debate.txt:5: "
check_contains "a label when it is all there is" "$("$D" --index tridx search --color never -k 1 quaxley)" "tr/debate.txt:7: MR. **QUAXLEY**. Right."

finish
