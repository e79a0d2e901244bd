# Bash completion for dossier(1).
#
# Installed as share/bash-completion/completions/dossier; or load it by
# hand with `. docs/dossier.bash`.  Completes commands, each command's
# options, the values of options that take a fixed set (--sort, --facet,
# --color, --date-order, --feedback), the query fields of `dossier search`
# (title:, date:, ...), folders for --index and --copy-into, and files
# elsewhere.

_dossier_options() {
    case $1 in
    add | index)
        echo "-n --dry-run -v --verbose -q --quiet -0 --null --copy-into -j --threads --reindex --batch-mb
              --memory-mb --compact --no-compact --max-size --follow --no-follow --date-order --shards --part --no-spelling --progress
              --no-progress --index --help" ;;
    update)
        echo "-n --dry-run -v --verbose -q --quiet -j --threads --reindex --progress --no-progress --index --help" ;;
    remove)
        echo "-n --dry-run -v --verbose -q --quiet --index --help" ;;
    search)
        echo "-n --limit --offset -k --per-doc --passages --json -l --files --null -c --count --sort
              --facet --color --now --explain --k1 --b --feedback --batch --partial --width
              --index --help" ;;
    show)
        echo "--json --text --index --help" ;;
    stats)
        echo "--json --index --help" ;;
    similar)
        echo "-n --limit --terms --json --explain --color --index --help" ;;
    compact)
        echo "-q --quiet --index --help" ;;
    serve)
        echo "-p --port --interface --shard --timeout --index --help" ;;
    esac
}

_dossier() {
    local cur prev words cword
    if declare -F _init_completion >/dev/null 2>&1; then
        _init_completion -n := || return
    else
        cur=${COMP_WORDS[COMP_CWORD]}
        prev=${COMP_WORDS[COMP_CWORD - 1]}
        words=("${COMP_WORDS[@]}")
        cword=$COMP_CWORD
    fi
    local commands="add index update remove search show stats similar compact serve help"

    # The command: the first word after the global options.
    local i cmd="" cmd_at=0
    for ((i = 1; i < cword; i++)); do
        case ${words[i]} in
        --index | --shard) ((i++)) ;;
        --index=* | --shard=*) ;;
        -*) ;;
        *) cmd=${words[i]}; cmd_at=$i; break ;;
        esac
    done

    # Values of options.
    case $prev in
    --index | --copy-into)
        COMPREPLY=($(compgen -d -- "$cur"))
        return ;;
    --sort) COMPREPLY=($(compgen -W "relevance date -date" -- "$cur")); return ;;
    --facet) COMPREPLY=($(compgen -W "year month" -- "$cur")); return ;;
    --color | --colour) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
    --date-order) COMPREPLY=($(compgen -W "mdy dmy" -- "$cur")); return ;;
    --feedback) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
    --now) COMPREPLY=($(compgen -W "$(date +%Y-%m-%d 2>/dev/null)" -- "$cur")); return ;;
    -n | --limit | --offset | -k | --per-doc | -j | --threads | --batch-mb | --memory-mb | --max-size | \
        --shards | --part | --k1 | --b | --width | --terms | -p | --port | --interface | \
        --timeout | --shard)
        return ;;
    esac

    if [ -z "$cmd" ]; then
        if [[ $cur == -* ]]; then
            COMPREPLY=($(compgen -W "--index --shard --help --version" -- "$cur"))
        else
            COMPREPLY=($(compgen -W "$commands" -- "$cur"))
        fi
        return
    fi
    if [ "$cmd" = help ]; then
        [ "$cword" -eq $((cmd_at + 1)) ] && COMPREPLY=($(compgen -W "${commands% help}" -- "$cur"))
        return
    fi

    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$(_dossier_options "$cmd")" -- "$cur"))
        return
    fi
    case $cmd in
    search)
        # Query fields; words are left alone.
        if [[ $cur != *:* ]]; then
            local fields="title: author: type: path: dir: ext: date: year: mentions:"
            COMPREPLY=($(compgen -W "$fields" -- "$cur"))
            [ ${#COMPREPLY[@]} -gt 0 ] && compopt -o nospace 2>/dev/null
        elif [[ $cur == dir:* || $cur == path:* ]]; then
            local field=${cur%%:*}
            local d
            COMPREPLY=()
            while IFS= read -r d; do
                COMPREPLY+=("$field:$d")
            done < <(if [ "$field" = dir ]; then compgen -d -- "${cur#*:}"; else compgen -f -- "${cur#*:}"; fi)
            compopt -o nospace 2>/dev/null
        elif [[ $cur == type:* ]]; then
            COMPREPLY=($(compgen -W "type:letter type:news type:report type:speech" -- "$cur"))
        elif [[ $cur == ext:* ]]; then
            COMPREPLY=($(compgen -W "ext:txt ext:md ext:html ext:htm" -- "$cur"))
        fi
        # With ':' in COMP_WORDBREAKS, readline replaces only what follows it.
        declare -F __ltrim_colon_completions >/dev/null && __ltrim_colon_completions "$cur"
        ;;
    stats | update | compact | serve) ;;
    *)
        COMPREPLY=($(compgen -f -- "$cur"))
        ;;
    esac
}

complete -o default -F _dossier dossier
