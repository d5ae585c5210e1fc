# bash completion for chipaudit(1): subcommands, options, formats, profile
# and rule ids (from 'chipaudit rules list', so the installed data directory's
# are included), files and folders where options take them.
# shellcheck shell=bash

# The profile ids (or, with "all", rule and profile ids) that the chipaudit
# being completed ($1) knows.
_chipaudit_ids()
{
	local prog=$1 what=$2
	"$prog" rules list 2> /dev/null | awk -v all="$what" '
		/^profiles:/ { section = "profiles"; next }
		/^rule packs:/ { section = "rules"; next }
		/^[^ ]/ { section = ""; next }
		section == "profiles" || (all == "all" && section == "rules") { print $1 }'
}

# chipaudit fleet VERB: $1 the program, $2 the index of "fleet".
_chipaudit_fleet()
{
	local prog=$1 verb="" j options
	for ((j = $2 + 1; j < COMP_CWORD; j++)); do
		case ${COMP_WORDS[j]} in
		ingest | summary | hosts | findings | scans | diff | export) verb=${COMP_WORDS[j]}; break ;;
		esac
	done
	if [ -z "$verb" ]; then
		# shellcheck disable=SC2207
		COMPREPLY=($(compgen -W "ingest summary hosts findings scans diff export --help" -- "$cur"))
		return
	fi
	case $prev in
	--format)
		if [ "$verb" = export ]; then
			# shellcheck disable=SC2207
			COMPREPLY=($(compgen -W "table json jsonl csv sarif cyclonedx html" -- "$cur"))
		else
			# shellcheck disable=SC2207
			COMPREPLY=($(compgen -W "table json" -- "$cur"))
		fi
		return ;;
	--color)
		# shellcheck disable=SC2207
		COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
	--csv-rows)
		# shellcheck disable=SC2207
		COMPREPLY=($(compgen -W "findings components" -- "$cur")); return ;;
	--role)
		# shellcheck disable=SC2207
		COMPREPLY=($(compgen -W "module dram register pmic drive controller nand vendor vram" -- "$cur")); return ;;
	--verdict)
		# shellcheck disable=SC2207
		COMPREPLY=($(compgen -W "fail warn info no_findings unreadable" -- "$cur")); return ;;
	--rule)
		# shellcheck disable=SC2207
		COMPREPLY=($(compgen -W "$(_chipaudit_ids "$prog" all)" -- "$cur")); return ;;
	--profile)
		# shellcheck disable=SC2207
		COMPREPLY=($(compgen -W "$(_chipaudit_ids "$prog" profiles)" -- "$cur") $(compgen -f -- "$cur"))
		return ;;
	--db | --kb | --rules | --ignore | --purchases | -o | --output)
		# shellcheck disable=SC2207
		COMPREPLY=($(compgen -f -- "$cur")); return ;;
	--host | --maker | --as-of)
		return ;;
	esac
	case $verb in
	ingest) options="--db --host --profile --as-of --kb --rules --ignore --purchases --help" ;;
	summary) options="--db --format --profile --as-of --kb --rules --ignore --purchases --help" ;;
	hosts) options="--db --rule --maker --role --verdict --host --format --help" ;;
	findings) options="--db --rule --maker --role --host --format --profile --as-of --kb --rules --ignore
		--purchases --help" ;;
	export) options="--db --host --format -o --output --profile --as-of --kb --rules --ignore --purchases
		--verbose --quiet --color --csv-rows --csv-bom --with-serials --help" ;;
	scans | diff) options="--db --host --format --help" ;;
	esac
	if [[ $cur == -* ]]; then
		# shellcheck disable=SC2207
		COMPREPLY=($(compgen -W "$options" -- "$cur"))
	elif [ "$verb" = ingest ]; then
		# shellcheck disable=SC2207
		COMPREPLY=($(compgen -f -- "$cur"))
	fi
}

_chipaudit()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
	local commands="scan audit bom identify rules fleet collect screen parties lists"
	local formats="table json jsonl csv sarif cyclonedx html"
	local common="--format --output -o --as-of --kb --profile --rules --ignore --purchases --fail-on --help
		--verbose -v --quiet -q --color --csv-rows --csv-bom --with-serials"
	local prog=${COMP_WORDS[0]} cmd="" i
	# a typed ~/ is not expanded in COMP_WORDS
	# shellcheck disable=SC2088
	[[ $prog == "~/"* ]] && prog=$HOME/${prog#"~/"}
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		scan | audit | bom | identify | rules | fleet | collect | screen | parties | lists) cmd=${COMP_WORDS[i]}; break ;;
		esac
	done
	COMPREPLY=()
	if [ -z "$cmd" ]; then
		# shellcheck disable=SC2207
		COMPREPLY=($(compgen -W "$commands --version --help" -- "$cur"))
		return 0
	fi
	if [ "$cmd" = fleet ]; then
		_chipaudit_fleet "$prog" "$i"
		return 0
	fi
	case $prev in
	--format)
		# identify and rules write a table or JSON
		case $cmd in identify | rules | parties) formats="table json" ;; esac
		# shellcheck disable=SC2207
		COMPREPLY=($(compgen -W "$formats" -- "$cur"))
		return 0 ;;
	--color)
		# shellcheck disable=SC2207
		COMPREPLY=($(compgen -W "auto always never" -- "$cur"))
		return 0 ;;
	--csv-rows)
		# shellcheck disable=SC2207
		COMPREPLY=($(compgen -W "findings components" -- "$cur"))
		return 0 ;;
	--fail-on)
		# shellcheck disable=SC2207
		COMPREPLY=($(compgen -W "fail warn info" -- "$cur"))
		return 0 ;;
	--profile)
		# a shipped or installed profile id, or a profile file
		# shellcheck disable=SC2207
		COMPREPLY=($(compgen -W "$(_chipaudit_ids "$prog" profiles)" -- "$cur") $(compgen -f -- "$cur"))
		return 0 ;;
	-o | --output | --kb | --rules | --ignore | --purchases | --lists | --annotate)
		# shellcheck disable=SC2207
		COMPREPLY=($(compgen -f -- "$cur"))
		return 0 ;;
	--root | --host)
		# shellcheck disable=SC2207
		COMPREPLY=($(compgen -d -- "$cur"))
		return 0 ;;
	--as-of | -j | --jobs | --columns | --country | --date)
		return 0 ;;
	esac
	local options
	case $cmd in
	scan) options="$common --root" ;;
	audit) options="$common --host --jobs -j" ;;
	bom) options="$common --columns --annotate" ;;
	identify) options="--as-of --kb --format --help" ;;
	rules) options="--kb --format --help" ;;
	collect) options="--root --with-serials --output -o --help" ;;
	screen) options="--as-of --columns --lists --format --output -o --fail-on --help --verbose -v --quiet -q --color --csv-rows --csv-bom --with-serials" ;;
	parties) options="--format --lists --country --help" ;;
	lists) options="--date --lists --help" ;;
	esac
	if [[ $cur == -* ]]; then
		# shellcheck disable=SC2207
		COMPREPLY=($(compgen -W "$options" -- "$cur"))
		return 0
	fi
	case $cmd in
	audit | bom | screen)
		# shellcheck disable=SC2207
		COMPREPLY=($(compgen -f -- "$cur")) ;;
	lists)
		local lverb="" j
		for ((j = i + 1; j < COMP_CWORD; j++)); do
			case ${COMP_WORDS[j]} in
			show | import) lverb=${COMP_WORDS[j]}; break ;;
			esac
		done
		case $lverb in
		"")
			# shellcheck disable=SC2207
			COMPREPLY=($(compgen -W "show import" -- "$cur")) ;;
		import)
			# shellcheck disable=SC2207
			COMPREPLY=($(compgen -f -- "$cur")) ;;
		esac ;;
	rules)
		local verb="" j
		for ((j = i + 1; j < COMP_CWORD; j++)); do
			case ${COMP_WORDS[j]} in
			list | show | validate) verb=${COMP_WORDS[j]}; break ;;
			esac
		done
		case $verb in
		"")
			# shellcheck disable=SC2207
			COMPREPLY=($(compgen -W "list show validate" -- "$cur")) ;;
		show)
			# shellcheck disable=SC2207
			COMPREPLY=($(compgen -W "$(_chipaudit_ids "$prog" all)" -- "$cur")) ;;
		validate)
			# shellcheck disable=SC2207
			COMPREPLY=($(compgen -f -- "$cur")) ;;
		esac ;;
	esac
	return 0
}
complete -o filenames -F _chipaudit chipaudit
