#!/usr/bin/env bash
# meson install into a temporary root, then what an installed chipaudit
# offers: libchipaudit.so.0 exporting exactly the public ca_ API, a program
# built with pkg-config against it reading example dumps, the installed CLI
# reading its data directory, man pages and completions in place.
# usage: run.sh BUILD_DIR SOURCE_DIR PREFIX LIBDIR DATADIR MANDIR
set -u
BUILD=$1 SRC=$2 PREFIX=$3 LIBDIR=$4 DATADIR=$5 MANDIR=$6
# shellcheck source=tests/check.sh
source "$(dirname "$0")/../check.sh"
require cc nm readelf pkg-config

ROOT=$TMP/root
meson install -C "$BUILD" --no-rebuild --quiet --destdir "$ROOT" > "$TMP/install.log" 2>&1
check "meson install into a temporary root" test $? -eq 0
lib=$ROOT$LIBDIR data=$ROOT$DATADIR bin=$ROOT$PREFIX/bin/chipaudit

# --- the shared library
so=$lib/libchipaudit.so.0
check "libchipaudit.so.0 installed, libchipaudit.so links to it" \
	test -f "$(readlink -f "$so")" -a "$(readlink -f "$lib/libchipaudit.so")" = "$(readlink -f "$so")"
check "versioned soname libchipaudit.so.0" \
	sh -c "readelf -d '$so' | grep -q 'Library soname: \[libchipaudit.so.0\]'"
check "no static library installed" test -z "$(find "$ROOT" -name '*.a')"
nm -D --defined-only "$so" | awk '$2 != "A" {sub(/@.*/, "", $3); print $3}' | sort -u > "$TMP/exported"
check "exports symbols" test "$(wc -l < "$TMP/exported")" -gt 100
check "exports only ca_ symbols (nm -D)" test -z "$(grep -v '^ca_' "$TMP/exported")"
check "no cai_ internal is visible" test -z "$(nm -D "$so" | grep -w 'cai_[a-z0-9_]*')"
check "every symbol is tagged with the version node CHIPAUDIT_0" \
	test -z "$(nm -D --defined-only "$so" | awk '$2 != "A"' | grep -v '@@CHIPAUDIT_0$')"
check "every header of include/chipaudit/ is installed (public_headers in lib/meson.build)" \
	test "$(cd "$SRC/include/chipaudit" && ls -- *.h)" = "$(cd "$ROOT$PREFIX/include/chipaudit" && ls -- *.h)"
# every exported name is declared in an installed header, and the reverse
cat "$ROOT$PREFIX"/include/chipaudit/*.h | sed 's,/\*.*\*/,,' | grep -o '\bca_[a-z0-9_]*[ ]*[(\[]' |
	tr -d '([ ' | sort -u > "$TMP/declared"
check "every exported symbol is declared in include/chipaudit/" test -z "$(comm -23 "$TMP/exported" "$TMP/declared")"
check "every function the headers declare is exported" test -z "$(comm -13 "$TMP/exported" "$TMP/declared")"
check "the lib/util helpers (cai_) stay local" test -z "$(grep -x 'cai_arena_alloc\|cai_file_read' "$TMP/exported")"

# --- a program built with pkg-config against the installed library
export PKG_CONFIG_SYSROOT_DIR=$ROOT PKG_CONFIG_PATH=$lib/pkgconfig
check "pkg-config knows chipaudit $(pkg-config --modversion chipaudit 2>&1)" pkg-config --exists chipaudit
flags=$(pkg-config --cflags --libs chipaudit)
# shellcheck disable=SC2086 # flags are words
cc -std=c17 -Wall -Wextra -Werror "$SRC/examples/libchipaudit/memory_makers.c" $flags -o "$TMP/memory_makers" \
	2> "$TMP/cc.err"
check "memory_makers.c compiles against the installed headers and library" test $? -eq 0
cat "$TMP/cc.err"
check "it links the shared library, not a copy" \
	sh -c "LD_LIBRARY_PATH='$lib' ldd '$TMP/memory_makers' | grep -q 'libchipaudit.so.0 => $lib/'"
LD_LIBRARY_PATH=$lib "$TMP/memory_makers" --profile cn-cii-bank "$SRC/examples/hosts/lenovo-t480.dmidecode-dump-bin" \
	"$SRC/examples/hosts/server-micron-rdimm.dmidecode.txt" > "$TMP/mm.out" 2>&1
check "the program reads the example dump and text (exit 0)" test $? -eq 0
check "the dump is read as a binary SMBIOS dump" grep -q "lenovo-t480.dmidecode-dump-bin: smbios-dump, SMBIOS 3.0.0" "$TMP/mm.out"
check "the T480's modules are SK hynix and Samsung (examples/README.md)" \
	sh -c "grep -q 'module   SK hynix (high)' '$TMP/mm.out' && grep -q 'module   Samsung (high)' '$TMP/mm.out'"
# the module makers the library gives the program are the installed CLI's
LD_LIBRARY_PATH=$lib "$bin" audit --format json "$SRC/examples/hosts/server-micron-rdimm.dmidecode.txt" 2> /dev/null |
	python3 -c 'import json, sys
for d in json.load(sys.stdin)["hosts"][0]["memory_devices"]:
    if d["installed"]:
        print(d["makers"]["module"]["maker"])' | sort | uniq -c > "$TMP/cli_modules"
sed -n '/server-micron/,$s/^    module   \(.*\) ([a-z]*)$/\1/p' "$TMP/mm.out" | sort | uniq -c > "$TMP/lib_modules"
check "the program's module makers are the installed CLI's ($(xargs < "$TMP/cli_modules"))" \
	sh -c "test -s '$TMP/cli_modules' && cmp -s '$TMP/cli_modules' '$TMP/lib_modules'"
check "findings evaluated through the library (cn-cii-bank, Micron server)" \
	sh -c "grep -A200 server-micron '$TMP/mm.out' | grep -q 'findings: [1-9]'"
printf '#include <chipaudit/assess.h>\nint cai_host_diag(void);\nint main(void) { return cai_host_diag(); }\n' > "$TMP/internal.c"
# shellcheck disable=SC2086
cc "$TMP/internal.c" $flags -o "$TMP/internal" 2> /dev/null
check "a program cannot link an internal cai_ function" test $? -ne 0

# --- the installed CLI and its data directory
export LD_LIBRARY_PATH=$lib
check "installed chipaudit --version" sh -c "'$bin' --version | grep -q '^chipaudit [0-9]'"
check "data directory holds rule packs, profiles, knowledge base" \
	test -f "$data/rules/cn-cac-2023-micron.yaml" -a -f "$data/profiles/cn-cii-bank.yaml" -a -f "$data/kb/makers.ini"
check "installed packs are byte-identical to data/" diff -r "$SRC/data/rules" "$data/rules"
check "the built-in data directory is DATADIR/chipaudit" \
	sh -c "env -u CHIPAUDIT_DATA_DIR '$bin' rules list | grep -qx 'data directory: $DATADIR.*'"
export CHIPAUDIT_DATA_DIR=$data
"$bin" rules show cn-cac-2023-micron cn-cii-bank > "$TMP/show.txt" 2>&1
check "rules show: the pack is read from the data directory" \
	grep -qx "  defined at:   $data/rules/cn-cac-2023-micron.yaml:[0-9]*" "$TMP/show.txt"
check "rules list names the data directory" sh -c "'$bin' rules list | grep -qx 'data directory: $data'"
"$bin" audit --fail-on warn --as-of 2026-11-30 --profile cn-cii-bank "$SRC/examples/hosts" > "$TMP/audit.txt" 2>&1
rc=$?
check "audit of the examples with the installed packs (exit 1: warn findings)" test $rc -eq 1
check "the CAC rule fires on the Micron server" grep -q "cn-cac-2023-micron" "$TMP/audit.txt"
CHIPAUDIT_DATA_DIR='' "$bin" audit --fail-on warn --as-of 2026-11-30 --profile cn-cii-bank "$SRC/examples/hosts" \
	> "$TMP/audit-builtin.txt" 2>&1
check "the same report as with the built-in copies" cmp -s "$TMP/audit.txt" "$TMP/audit-builtin.txt"
# (what the data directory may hold: tests/datadir)
check "CHIPAUDIT_DATA_DIR empty: the built-in packs" \
	sh -c "CHIPAUDIT_DATA_DIR= '$bin' rules show cn-cac-2023-micron | grep -qx '  defined at:   data/rules/cn-cac-2023-micron.yaml:[0-9]*'"

# --- man pages and completions are installed
for page in man1/chipaudit.1 man5/chipaudit-rules.5 man5/chipaudit-report.5; do
	check "man page $page installed" test -s "$ROOT$MANDIR/$page"
done
check "bash completion installed" test -n "$(find "$ROOT" -path '*bash-completion/completions/chipaudit')"
check "zsh completion installed" test -n "$(find "$ROOT" -name _chipaudit)"
check "systemd units installed" test -n "$(find "$ROOT" -name chipaudit-collect.timer)"

summary install
