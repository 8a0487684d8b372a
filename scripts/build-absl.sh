#!/usr/bin/env bash
# Builds Abseil for WebAssembly from Debian's source package of the Abseil
# release that the native build links (libabsl-dev), with Debian's patches
# applied so that both builds share one configuration. The install prefix is
# cached in build/absl-wasm/install; a second run returns at once.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
work="$root/build/absl-wasm"
prefix="$work/install"
version=$(dpkg-query -W -f='${Version}' libabsl-dev)
stamp="$prefix/.built-from-$version"

if [[ -f "$stamp" ]]; then
  exit 0
fi

echo "abseil-wasm: building Abseil $version for WebAssembly (about 1-2 min)"
rm -rf "$work"
mkdir -p "$work/lists/partial"
cat >"$work/src.sources" <<'SOURCES'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
# These options point apt at a private source list and state folder, so the
# machine's own apt configuration stays untouched.
apt_options=(-o "Dir::Etc::SourceList=$work/src.sources"
  -o Dir::Etc::SourceParts=/dev/null -o "Dir::State::Lists=$work/lists"
  -o "APT::Sandbox::User=root")
apt-get "${apt_options[@]}" update >/dev/null
(cd "$work" && apt-get "${apt_options[@]}" source --download-only \
  "abseil=$version" >/dev/null)

mkdir -p "$work/src"
tar -xzf "$work"/abseil_*.orig.tar.gz -C "$work/src" --strip-components=1
tar -xJf "$work"/abseil_*.debian.tar.xz -C "$work/src"
while read -r patch_name; do
  [[ -z "$patch_name" || "$patch_name" == \#* ]] && continue
  patch -d "$work/src" -p1 --quiet <"$work/src/debian/patches/$patch_name"
done <"$work/src/debian/patches/series"

export NODE_PATH=/usr/share/nodejs
emcmake cmake -S "$work/src" -B "$work/build" -G Ninja \
  -DCMAKE_BUILD_TYPE=MinSizeRel -DCMAKE_CXX_STANDARD=17 \
  -DCMAKE_CXX_FLAGS="-fno-exceptions" \
  -DABSL_PROPAGATE_CXX_STD=ON -DBUILD_TESTING=OFF -DABSL_BUILD_TESTING=OFF \
  -DABSL_ENABLE_INSTALL=ON -DCMAKE_INSTALL_PREFIX="$prefix" >/dev/null
cmake --build "$work/build" >/dev/null
cmake --install "$work/build" >/dev/null
rm -rf "$work/build" "$work/src" "$work/lists"
touch "$stamp"
echo "abseil-wasm: installed in $prefix"
