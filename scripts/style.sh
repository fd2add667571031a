#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The kernel's own style checks on all of our C: checkpatch.pl (taken from
# Debian's linux-source-6.1, which ships it; only the three files it needs are
# extracted) and sparse on the module. Any report fails.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${LB_STYLE_DIR:-$repo/build/style}"
checkpatch="$cache/scripts/checkpatch.pl"
cd "$repo"

if [[ ! -f $checkpatch ]]; then
	mkdir -p "$cache"
	(cd "$cache" && apt-get download -q linux-source-6.1 >&2)
	dpkg-deb --fsys-tarfile "$cache"/linux-source-6.1_*.deb |
		tar -xO ./usr/src/linux-source-6.1.tar.xz |
		tar -xJ -C "$cache" --strip-components=1 \
			linux-source-6.1/scripts/checkpatch.pl \
			linux-source-6.1/scripts/spelling.txt \
			linux-source-6.1/scripts/const_structs.checkpatch
	rm -f "$cache"/linux-source-6.1_*.deb
fi

mapfile -t sources < <(git ls-files --cached --others --exclude-standard '*.c' '*.h')
status=0
echo "style: checkpatch on ${#sources[@]} files"
# Userspace typedefs checkpatch cannot know (the check framework's).
report="$(perl "$checkpatch" --no-tree --terse --show-types --quiet \
	--typedefsfile scripts/checkpatch-typedefs \
	-f "${sources[@]}" 2>&1 | grep -v '^total: 0 errors, 0 warnings' || true)"
if [[ -n $report ]]; then
	echo "$report"
	status=1
fi

echo "style: sparse on kmod/"
# shellcheck source=tests/vm/kernel.sh
. tests/vm/kernel.sh >/dev/null
report="$(make -s -C "$KHEADERS" M="$repo" C=2 CHECK=sparse modules 2>&1 |
	grep -v -e '^  [A-Z]' -e '^make' -e 'Skipping BTF' || true)"
if [[ -n $report ]]; then
	echo "$report"
	status=1
fi

echo "style: shellcheck and groff on scripts/ and man/"
report="$(shellcheck -x scripts/*.sh scripts/openvpn-updown \
	scripts/nm-dispatcher scripts/leakctl.bash-completion 2>&1 || true)"
report+="$(groff -man -Tutf8 -ww -z man/leakctl.8 2>&1 || true)"
if [[ -n $report ]]; then
	echo "$report"
	status=1
fi

[[ $status == 0 ]] && echo "style: clean"
exit "$status"
