#!/usr/bin/env bash
# bash and zsh completions: subcommands, options (checked against what the
# binary accepts and lists in --help), formats (against the binary's list),
# profile and rule ids (from 'chipaudit rules list', data directory included),
# files and folders.
# usage: run.sh CHIPAUDIT SOURCE_DIR
set -u
CA=$1 SRC=$2
# shellcheck source=tests/check.sh
source "$(dirname "$0")/../check.sh"
require zsh

# A data directory with one added profile: completions must offer it.
mkdir -p "$TMP/data/profiles" "$TMP/work/evidence-dir"
sed 's/^id: cn-cii-bank$/id: test-added-profile/' "$SRC/data/profiles/cn-cii-bank.yaml" > "$TMP/data/profiles/added.yaml"
: > "$TMP/work/evidence-file.txt"
export CHIPAUDIT_DATA_DIR=$TMP/data
cd "$TMP/work" || exit 1

"$CA" rules list | awk '/^profiles:/ {p = 1; next} /^[^ ]/ {p = 0} p {print $1}' | sort > "$TMP/profiles"
"$CA" rules list | awk '/^ / {print $1}' | sort > "$TMP/ids"
check "rules list names the added profile" grep -qx test-added-profile "$TMP/profiles"
formats=$("$CA" audit --format nonsense 2>&1 | sed -n "s/.*unknown format 'nonsense' (\(.*\))/\1/p" | tr '|' '\n' | sort)
check "the binary lists its formats" test -n "$formats"

# --- bash: source the completion and call it as readline would
# shellcheck source=/dev/null
source "$SRC/completions/chipaudit.bash"
bash_complete() { # bash_complete WORD... (the last is the word being completed)
	COMP_WORDS=("$CA" "$@")
	COMP_CWORD=$#
	COMPREPLY=()
	_chipaudit
	printf '%s\n' "${COMPREPLY[@]}" | sort
}
# --- zsh: the same function logic with compadd, _describe and _files stubbed
zsh_complete() {
	zsh -f -c '
		matching() { local w; for w; do [[ $w == ${words[CURRENT]}* ]] && print -r -- $w; done; }
		compadd() { while [[ $1 == -* && $1 != -- ]]; do shift; done; [[ $1 == -- ]] && shift; matching "$@"; }
		_describe() { local name=$4; matching ${${(P)name}%%:*}; }
		_files() { if [[ $1 == -/ ]]; then matching *(/); else matching *; fi; }
		words=(); CURRENT=1
		source "$1" > /dev/null
		shift
		words=("$@"); CURRENT=$#
		_chipaudit' zsh "$SRC/completions/_chipaudit" "$CA" "$@" | sed '/^$/d' | sort
}

for sh in bash zsh; do
	c=${sh}_complete
	check "$sh: subcommands" test "$($c '' | xargs)" = "--help --version audit bom collect fleet identify lists parties rules scan screen"
	check "$sh: subcommand prefix" test "$($c i | xargs)" = "identify"
	check "$sh: --format offers exactly the binary's formats" test "$($c audit --format '')" = "$formats"
	check "$sh: --fail-on values" test "$($c scan --fail-on '' | xargs)" = "fail info warn"
	$c audit --profile '' > "$TMP/$sh.profile"
	check "$sh: --profile offers every profile, the data directory's included" \
		test -z "$(comm -23 "$TMP/profiles" "$TMP/$sh.profile")"
	check "$sh: --profile also offers files" grep -qx evidence-file.txt "$TMP/$sh.profile"
	check "$sh: --profile prefix" test "$($c scan --profile us-federal-contractor-d | xargs)" = "us-federal-contractor-deliverables"
	check "$sh: rules verbs" test "$($c rules '' | xargs)" = "list show validate"
	check "$sh: lists verbs" test "$($c lists '' | xargs)" = "import show"
	check "$sh: rules show offers every rule and profile id" test "$($c rules show '')" = "$(cat "$TMP/ids")"
	check "$sh: --host offers folders only" test "$($c audit --host '' | xargs)" = "evidence-dir"
	check "$sh: audit offers files" grep -qx evidence-file.txt <($c audit '')
	check "$sh: --as-of offers nothing" test -z "$($c audit --as-of '')"
	check "$sh: scan options" test "$($c scan --r | xargs)" = "--root --rules"
	check "$sh: collect options" test "$($c collect --w | xargs)" = "--with-serials"
	check "$sh: collect --root offers folders only" test "$($c collect --root '' | xargs)" = "evidence-dir"
	for cmd in scan audit bom identify rules collect screen parties lists; do
		$c "$cmd" - > "$TMP/$sh.$cmd.opts"
		check "$sh: $cmd offers options" test -s "$TMP/$sh.$cmd.opts"
		# every option the command's --help lists is offered
		for opt in $("$CA" "$cmd" --help | grep -o -- '--[a-z][a-z-]*' | grep -vx -- --dump-bin | sort -u); do
			check "$sh: $cmd offers $opt (in its --help)" grep -qx -- "$opt" "$TMP/$sh.$cmd.opts"
		done
		# every option offered is one the binary accepts
		while read -r opt; do
			"$CA" "$cmd" "$opt" < /dev/null > /dev/null 2> "$TMP/err"
			check "$sh: $cmd accepts $opt" sh -c "! grep -q 'unrecognized option\|invalid option' '$TMP/err'"
		done < "$TMP/$sh.$cmd.opts"
	done
	# fleet: every option its --help lists is offered by some verb, and each
	# verb's options are accepted by that verb
	: > "$TMP/$sh.fleet.all"
	export CHIPAUDIT_DB="$TMP/completion.db" # an option without a value runs the verb: on a store of its own
	for verb in ingest summary hosts findings scans diff export; do
		$c fleet "$verb" - > "$TMP/$sh.fleet.$verb"
		check "$sh: fleet $verb offers options" grep -qx -- --db "$TMP/$sh.fleet.$verb"
		cat "$TMP/$sh.fleet.$verb" >> "$TMP/$sh.fleet.all"
		while read -r opt; do
			"$CA" fleet "$verb" "$opt" < /dev/null > /dev/null 2> "$TMP/err"
			check "$sh: fleet $verb accepts $opt" sh -c "! grep -q 'unrecognized option\\|invalid option' '$TMP/err'"
		done < "$TMP/$sh.fleet.$verb"
	done
	for opt in $("$CA" fleet --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
		check "$sh: fleet offers $opt (in its --help)" grep -qx -- "$opt" "$TMP/$sh.fleet.all"
	done
	check "$sh: fleet verbs" test "$($c fleet '' | xargs)" = "--help diff export findings hosts ingest scans summary"
	check "$sh: fleet --role values" test "$($c fleet hosts --role '' | xargs)" = \
		"controller dram drive module nand pmic register vendor vram"
	check "$sh: fleet export --format values" test "$($c fleet export --format '' | xargs)" = \
		"csv cyclonedx html json jsonl sarif table"
done
check "identify does not offer report options" sh -c "! grep -qx -- --profile '$TMP/bash.identify.opts' && ! grep -qx -- --quiet '$TMP/bash.identify.opts'"

summary completion
