#!/usr/bin/env bash
# The Debian packages: built by dpkg-buildpackage -us -uc -b from a copy of
# the source tree, lintian clean, with the expected contents, installable
# (apt-get --simulate), and working once installed: the packages' files are
# laid over /usr in a private mount namespace (a throwaway root over the real
# one), where chipaudit --version, man chipaudit, rules list, an audit of the
# examples, the units and a program built with pkg-config all run from the
# installed paths.
# usage: run.sh SOURCE_DIR
set -u
SRC=$1
# the packages are built and run as on a user's machine, not against the build tree
unset LD_LIBRARY_PATH CHIPAUDIT_DATA_DIR
# shellcheck source=tests/check.sh
source "$(dirname "$0")/../check.sh"
require dpkg-buildpackage dh lintian dpkg-deb apt-get cc pkg-config man unshare mount systemd-analyze
dpkg-checkbuilddeps "$SRC/debian/control" 2> "$TMP/deps" || missing "$(cat "$TMP/deps")"

# --- build from a copy of the source tree (version-controlled and new files)
mkdir "$TMP/src"
if git -C "$SRC" rev-parse --show-toplevel > /dev/null 2>&1; then
	git -C "$SRC" ls-files -z --cached --others --exclude-standard | (cd "$SRC" && tar --null -T - -cf -) |
		tar -C "$TMP/src" -xf -
else
	tar -C "$SRC" --exclude='./build*' --exclude=./.git -cf - . | tar -C "$TMP/src" -xf -
fi
start=$(date +%s)
(cd "$TMP/src" && DEB_BUILD_OPTIONS="parallel=$(nproc)" dpkg-buildpackage -us -uc -b) > "$TMP/build.log" 2>&1
rc=$?
echo "dpkg-buildpackage -us -uc -b: exit $rc in $(($(date +%s) - start)) s"
check "dpkg-buildpackage -us -uc -b succeeds" test $rc -eq 0
[ $rc -eq 0 ] || { tail -40 "$TMP/build.log"; exit 1; }
arch=$(dpkg --print-architecture)
version=$(cd "$TMP/src" && dpkg-parsechangelog -S Version)
for p in chipaudit libchipaudit0 libchipaudit-dev; do
	check "${p}_${version}_$arch.deb built" test -f "$TMP/${p}_${version}_$arch.deb"
done

lintian "$TMP/chipaudit_${version}_$arch.changes" > "$TMP/lintian.out" 2>&1
check "lintian (default level) reports nothing: $(grep -v 'running with root privileges' "$TMP/lintian.out" | head -c 600)" \
	test -z "$(grep -v 'running with root privileges' "$TMP/lintian.out")"

# --- contents
deb() { echo "$TMP/${1}_${version}_$arch.deb"; }
contents() { dpkg-deb -c "$(deb "$1")" | awk '{print $6}' | sed 's,^\./,/,'; }
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
contents chipaudit > "$TMP/c.chipaudit"
contents libchipaudit0 > "$TMP/c.lib"
contents libchipaudit-dev > "$TMP/c.dev"
for f in /usr/bin/chipaudit /usr/share/chipaudit/rules/cn-cac-2023-micron.yaml /usr/share/chipaudit/profiles/cn-cii-bank.yaml \
	/usr/share/chipaudit/kb/makers.ini /usr/share/man/man1/chipaudit.1.gz /usr/share/man/man5/chipaudit-rules.5.gz \
	/usr/share/man/man5/chipaudit-report.5.gz /usr/share/bash-completion/completions/chipaudit \
	/usr/share/zsh/vendor-completions/_chipaudit /lib/systemd/system/chipaudit-collect.service \
	/lib/systemd/system/chipaudit-collect.timer; do
	check "chipaudit ships $f" grep -qx -- "$f" "$TMP/c.chipaudit"
done
check "the report schema is shipped uncompressed" grep -qx /usr/share/doc/chipaudit/report.schema.json "$TMP/c.chipaudit"
check "libchipaudit0 ships libchipaudit.so.0" grep -qx "/usr/lib/$multiarch/libchipaudit.so.0" "$TMP/c.lib"
check "libchipaudit0 ships nothing for developers" sh -c "! grep -q 'include\|pkgconfig\|libchipaudit.so\$' '$TMP/c.lib'"
for f in /usr/include/chipaudit/assess.h "/usr/lib/$multiarch/libchipaudit.so" "/usr/lib/$multiarch/pkgconfig/chipaudit.pc"; do
	check "libchipaudit-dev ships $f" grep -qx -- "$f" "$TMP/c.dev"
done
check "libchipaudit-dev depends on libchipaudit0 of the same version" \
	sh -c "dpkg-deb -f '$(deb libchipaudit-dev)' Depends | grep -q 'libchipaudit0 (= $version)'"
dpkg-deb -e "$(deb chipaudit)" "$TMP/control"
check "the timer is not enabled on a fresh install: every enable is under was-enabled" \
	awk '/was-enabled/ {guard = 1} /^[[:space:]]*fi/ {guard = 0} /helper enable/ && !guard {bad = 1} END {exit bad}' \
	"$TMP/control/postinst"
check "postinst enables the timer only if it was enabled before" grep -q "was-enabled 'chipaudit-collect.timer'" "$TMP/control/postinst"

# --- apt would install them on this system
apt-get install --simulate --no-download -q "$(deb chipaudit)" "$(deb libchipaudit0)" "$(deb libchipaudit-dev)" \
	> "$TMP/apt.out" 2>&1
rc=$?
check "apt-get install --simulate ./chipaudit_*.deb ./libchipaudit*.deb resolves (exit $rc)" test $rc -eq 0
check "... and would unpack chipaudit" grep -q "^Inst chipaudit " "$TMP/apt.out"
[ $rc -eq 0 ] || cat "$TMP/apt.out"

# --- installed: the packages' files over /usr, in a private mount namespace
ROOT=$TMP/root
for p in chipaudit libchipaudit0 libchipaudit-dev; do dpkg -x "$(deb "$p")" "$ROOT"; done
# /lib is /usr/lib on Debian 12 (merged /usr)
mkdir -p "$ROOT/usr/lib" && cp -a "$ROOT/lib/." "$ROOT/usr/lib/" && rm -rf "${ROOT:?}/lib"
[ "$(id -u)" -eq 0 ] || missing "laying the packages over /usr needs root"
cat > "$TMP/installed.sh" <<'EOS'
set -u
EX=$1 OUT=$2 TMP=$3
mount -t overlay overlay -o "lowerdir=$4/usr:/usr" /usr || exit 90
cd "$TMP" || exit 91
command -v chipaudit > "$OUT/which" 2>&1
chipaudit --version > "$OUT/version" 2>&1; echo $? > "$OUT/version.rc"
MANWIDTH=80 man chipaudit > "$OUT/man" 2> "$OUT/man.err"; echo $? > "$OUT/man.rc"
MANWIDTH=80 man 5 chipaudit-rules > "$OUT/man5" 2> /dev/null
chipaudit rules list > "$OUT/rules" 2>&1; echo $? > "$OUT/rules.rc"
chipaudit rules show cn-cac-2023-micron > "$OUT/show" 2>&1
chipaudit audit --fail-on warn --as-of 2026-11-30 --profile cn-cii-bank "$EX" > "$OUT/audit" 2>&1; echo $? > "$OUT/audit.rc"
systemd-analyze verify --man=no /usr/lib/systemd/system/chipaudit-collect.service \
	/usr/lib/systemd/system/chipaudit-collect.timer > "$OUT/verify" 2>&1; echo $? > "$OUT/verify.rc"
# shellcheck disable=SC2046
cc -std=c17 -Wall -Werror -o memory_makers /usr/share/doc/libchipaudit-dev/examples/memory_makers.c \
	$(pkg-config --cflags --libs chipaudit) > "$OUT/cc" 2>&1; echo $? > "$OUT/cc.rc"
ldd ./memory_makers > "$OUT/ldd" 2>&1
./memory_makers "$EX/lenovo-t480.dmidecode-dump-bin" > "$OUT/mm" 2>&1; echo $? > "$OUT/mm.rc"
EOS
mkdir "$TMP/out"
env -u CHIPAUDIT_DATA_DIR -u LD_LIBRARY_PATH unshare -m --propagation private \
	bash "$TMP/installed.sh" "$SRC/examples/hosts" "$TMP/out" "$TMP" "$ROOT" > "$TMP/ns.log" 2>&1
rc=$?
[ $rc -eq 90 ] && missing "cannot mount an overlay over /usr here: $(cat "$TMP/ns.log")"
check "the installed-tree checks ran (exit $rc)" test $rc -eq 0
O=$TMP/out
check "chipaudit is /usr/bin/chipaudit" test "$(cat "$O/which")" = /usr/bin/chipaudit
check "chipaudit --version: $(head -c 100 "$O/version")" \
	sh -c "test \"\$(cat '$O/version.rc')\" = 0 && grep -q '^chipaudit $version ' '$O/version'"
check "man chipaudit shows the page" \
	sh -c "test \"\$(cat '$O/man.rc')\" = 0 && grep -q '^NAME' '$O/man' && grep -q 'chipaudit - who made each chip' '$O/man'"
check "man 5 chipaudit-rules shows the page" grep -q 'chipaudit-rules - rule packs' "$O/man5"
check "chipaudit rules list reads /usr/share/chipaudit" grep -qx 'data directory: /usr/share/chipaudit' "$O/rules"
check "chipaudit rules list lists the installed profiles" grep -q '^  cn-cii-bank ' "$O/rules"
check "the installed pack is the one read" \
	grep -qx '  defined at:   /usr/share/chipaudit/rules/cn-cac-2023-micron.yaml:[0-9]*' "$O/show"
check "audit of the examples: exit 1 (warn findings)" test "$(cat "$O/audit.rc")" = 1
check "audit of the examples: the CAC finding on the Micron server" \
	sh -c "grep -q 'server-micron-rdimm' '$O/audit' && grep -q 'cn-cac-2023-micron' '$O/audit'"
check "systemd-analyze verify on the installed units: $(head -c 300 "$O/verify")" \
	sh -c "test \"\$(cat '$O/verify.rc')\" = 0 && test ! -s '$O/verify'"
check "a program builds with pkg-config --cflags --libs chipaudit: $(head -c 300 "$O/cc")" test "$(cat "$O/cc.rc")" = 0
check "it links the installed libchipaudit.so.0 (/lib is /usr/lib): $(grep chipaudit "$O/ldd")" \
	grep -Eq "libchipaudit.so.0 => (/usr)?/lib/$multiarch/libchipaudit.so.0 " "$O/ldd"
check "it reads the example dump: SK hynix and Samsung modules" \
	sh -c "test \"\$(cat '$O/mm.rc')\" = 0 && grep -q 'module   SK hynix (high)' '$O/mm' && grep -q 'module   Samsung (high)' '$O/mm'"
check "the source tree is left clean (no obj-*, no debian/tmp)" \
	test ! -e "$SRC/debian/tmp" -a -z "$(find "$SRC" -maxdepth 1 -name 'obj-*')"
summary package
