#!/bin/sh
# Fetch Unicorn 2.1.1 (Debian 13's libunicorn2t64 and libunicorn-dev) into a private
# prefix, without root and without touching the system's apt state.
# Usage: fetch-unicorn.sh PREFIX    (PREFIX/usr/include/unicorn, PREFIX/usr/lib/...)
set -eu
prefix=$1
version=2.1.1
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
[ -f "$prefix/.done-$version" ] && exit 0
if [ ! -r "$keyring" ]; then
    echo "fetch-unicorn: $keyring is missing; install it with: apt-get install debian-archive-keyring" >&2
    exit 1
fi
work=$prefix/apt
rm -rf "$work" && mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/state" "$work/debs"
echo "deb [signed-by=$keyring] http://deb.debian.org/debian trixie main" > "$work/sources.list"
: > "$work/status"
apt_get() {
    apt-get -q -o Dir::Etc::SourceList="$work/sources.list" -o Dir::Etc::SourceParts=/dev/null \
        -o Dir::State="$work/state" -o Dir::State::Lists="$work/lists" \
        -o Dir::State::status="$work/status" -o Dir::Cache="$work/cache" \
        -o Debug::NoLocking=1 -o APT::Sandbox::User="$(id -un)" "$@"
}
apt_get update >"$work/update.log" 2>&1 || { cat "$work/update.log" >&2; exit 1; }
for pkg in libunicorn2t64 libunicorn-dev; do
    ver=$(apt_get -qq --print-uris download "$pkg" 2>/dev/null | sed -n "s/.*_\($version[^_]*\)_amd64\.deb.*/\1/p" | head -n1)
    ver=${ver:-$(apt-cache -o Dir::State::Lists="$work/lists" -o Dir::State::status="$work/status" \
        -o Dir::Cache="$work/cache" -o Dir::Etc::SourceList="$work/sources.list" \
        -o Dir::Etc::SourceParts=/dev/null madison "$pkg" | awk -v v="$version" '$3 ~ "^"v {print $3; exit}')}
    if [ -z "$ver" ]; then
        echo "fetch-unicorn: Debian 13 has no $pkg $version" >&2
        exit 1
    fi
    (cd "$work/debs" && apt_get download "$pkg=$ver") >>"$work/download.log" 2>&1 ||
        { cat "$work/download.log" >&2; exit 1; }
done
for deb in "$work"/debs/*.deb; do dpkg-deb -x "$deb" "$prefix"; done
# The -dev package's libunicorn.so is a link to the runtime library: keep it relative.
touch "$prefix/.done-$version"
echo "fetch-unicorn: Unicorn $version unpacked into $prefix"
