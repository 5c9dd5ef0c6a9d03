#!/usr/bin/env bash
# Installs a Java 21 runtime for apex-ls (the semantic Apex check in
# internal/sfcheck) and prints the path of its `java` wrapper on stdout.
#
# Debian 12 has no Java 21, so this takes Debian 13 (trixie)'s own packages:
# `apt-get download` against a private sources list and apt state (the
# machine's apt configuration and installed packages are not touched),
# `dpkg -x` into tools/java21/, and a wrapper that runs the JRE through
# trixie's glibc loader with trixie's libraries, so nothing of the host's
# libc is mixed in. Only Debian's package registry is contacted, and only
# when the runtime is missing; once installed, a run takes a fraction of a
# second (it checks the wrapper still starts Java 21).
#
# Usage: scripts/java21.sh [DIR]   (default: tools/java21, or $JAVA21_DIR)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
dest=${1:-${JAVA21_DIR:-$here/tools/java21}}

# The packages: the JRE, and every library its core (java, libjli, libjvm,
# libjava, libzip, libnio, libnet) links against, checked with the loader's
# --list below. The JRE's desktop libraries (fonts, sound, images) are not
# used by a headless analyser and are left unresolved.
packages=(openjdk-21-jre-headless libc6 zlib1g libgcc-s1 libstdc++6)
suite=trixie
triplet=x86_64-linux-gnu
jvm=usr/lib/jvm/java-21-openjdk-amd64
stamp="$suite ${packages[*]}"

log() { echo "java21: $*" >&2; }

installed() {
	[ -x "$dest/bin/java" ] && [ "$(cat "$dest/.installed" 2>/dev/null)" = "$stamp" ] &&
		"$dest/bin/java" -version 2>&1 | grep -q '^openjdk version "21\.'
}

if installed; then
	echo "$dest/bin/java"
	exit 0
fi

arch=$(dpkg --print-architecture)
if [ "$arch" != amd64 ]; then
	log "only amd64 is supported (this machine is $arch)"
	exit 1
fi
for tool in apt-get dpkg; do
	command -v "$tool" >/dev/null || { log "$tool is missing"; exit 1; }
done
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
[ -f "$keyring" ] || { log "$keyring is missing (apt-get install debian-archive-keyring)"; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/debs"
echo "deb [signed-by=$keyring] http://deb.debian.org/debian $suite main" >"$work/sources.list"
apt=(apt-get -q
	-o "Dir::Etc::SourceList=$work/sources.list"
	-o "Dir::Etc::SourceParts=$work/none"
	-o "Dir::State::Lists=$work/lists"
	-o "Dir::Cache=$work/cache"
	-o "Dir::State::status=/dev/null"
	-o "APT::Sandbox::User=$(id -un)"
	-o "Acquire::IndexTargets::deb::DEP-11::DefaultEnabled=false"
	-o "Acquire::IndexTargets::deb::DEP-11-icons::DefaultEnabled=false"
	-o "Acquire::IndexTargets::deb::DEP-11-icons-small::DefaultEnabled=false")
log "fetching Debian $suite's package index"
"${apt[@]}" update >&2
log "downloading ${packages[*]}"
(cd "$work/debs" && "${apt[@]}" download "${packages[@]}" >&2)

tmp="$dest.tmp"
rm -rf "$tmp"
mkdir -p "$tmp/bin"
for deb in "$work"/debs/*.deb; do
	dpkg -x "$deb" "$tmp"
	dpkg-deb --show --showformat='${Package} ${Version}\n' "$deb" >>"$tmp/packages.txt"
done

# The JRE's config files are absolute symlinks into /etc/java-21-openjdk
# (which exists only in the unpacked tree): point them into the tree.
find "$tmp" -type l -lname '/*' | while read -r link; do
	target=$(readlink "$link")
	if [ -e "$tmp$target" ]; then
		ln -sfn "$tmp$target" "$link"
	fi
done
# ... and make them relative to the final location.
find "$tmp" -type l -lname "$tmp/*" | while read -r link; do
	target=$(readlink "$link")
	ln -sfn "$(realpath --relative-to="$(dirname "$link")" "$target")" "$link"
done

cat >"$tmp/bin/java" <<EOF
#!/bin/sh
# Java 21 from Debian $suite's packages (installed by scripts/java21.sh), run
# through that glibc's own loader and libraries.
root=\$(cd "\$(dirname "\$0")/.." && pwd)
lib=\$root/usr/lib/$triplet
jdk=\$root/$jvm
unset LD_LIBRARY_PATH
exec "\$lib/ld-linux-x86-64.so.2" --library-path "\$lib:\$jdk/lib:\$jdk/lib/server" "\$jdk/bin/java" "\$@"
EOF
chmod 755 "$tmp/bin/java"

# Every library the JRE's core needs must come from the unpacked tree.
loader="$tmp/usr/lib/$triplet/ld-linux-x86-64.so.2"
libpath="$tmp/usr/lib/$triplet:$tmp/$jvm/lib:$tmp/$jvm/lib/server"
for f in bin/java lib/libjli.so lib/server/libjvm.so lib/libjava.so lib/libzip.so lib/libnio.so lib/libnet.so lib/libjimage.so; do
	deps=$("$loader" --library-path "$libpath" --list "$tmp/$jvm/$f")
	if echo "$deps" | grep -q 'not found'; then
		log "$f: missing libraries:"; echo "$deps" | grep 'not found' >&2; exit 1
	fi
	if echo "$deps" | grep '=>' | grep -v "=> $tmp/" | grep -q .; then
		log "$f: libraries resolved outside the unpacked tree:"; echo "$deps" | grep '=>' | grep -v "=> $tmp/" >&2; exit 1
	fi
done

echo "$stamp" >"$tmp/.installed"
rm -rf "$dest"
mv "$tmp" "$dest"
if ! installed; then
	log "$dest/bin/java does not start Java 21:"
	"$dest/bin/java" -version >&2 || true
	exit 1
fi
log "installed $(paste -sd, "$dest/packages.txt" | sed 's/,/, /g') in $dest"
echo "$dest/bin/java"
