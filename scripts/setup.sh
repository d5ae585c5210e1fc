#!/usr/bin/env bash
# Installs what is missing (Debian 12, as root), configures and builds
# chipaudit into build/ (and build-asan/ with --asan). Safe to run again.
# usage: scripts/setup.sh [--asan]
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(gcc libc6-dev meson ninja-build pkg-config python3 libjansson-dev libcmocka-dev
	libyaml-dev libzip-dev libxml2-dev libsqlite3-dev libpq-dev libarchive-dev libpci-dev pci.ids usb.ids postgresql dmidecode python3-jsonschema python3-openpyxl util-linux valgrind i2c-tools time
	chromium fonts-wqy-zenhei
	scdoc man-db groff-base zsh bash-completion systemd mount
	build-essential debhelper dpkg-dev lintian fakeroot)
missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2> /dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "setup: missing Debian packages: ${missing[*]}" >&2
		echo "setup: run as root, or: sudo apt-get install ${missing[*]}" >&2
		exit 1
	fi
	echo "setup: installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends "${missing[@]}" > /dev/null
fi

[ -f build/build.ninja ] || meson setup build
ninja -C build

if [ "${1:-}" = "--asan" ]; then
	[ -f build-asan/build.ninja ] ||
		meson setup build-asan -Db_sanitize=address,undefined -Db_lundef=false \
			-Dc_args=-fno-sanitize-recover=all
	ninja -C build-asan
fi
