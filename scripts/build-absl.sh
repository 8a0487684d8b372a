#!/usr/bin/env bash
# Usage: scripts/build-absl.sh native|wasm [FOLDER]
#
# Builds Abseil from Debian's source package of the release that Debian ships
# (the version of libabsl-dev), once natively and once for WebAssembly, so
# that the server, the native tests and the browser module compile against
# the same Abseil source with the same configuration. Debian's own patches
# are applied except configure.diff: that one makes absl::string_view and
# absl::optional distinct from the std types, and the project uses the
# upstream configuration, where they are the std types. The wasm build also
# skips latomic.diff (see below).
#
# The wasm build is optimized for size (-Oz) and compiled to LLVM bitcode
# (-flto), so that the module's link-time optimization also inlines and
# drops Abseil code. The native build is a plain Release build.
#
# FOLDER is the work folder (default build/absl-<target>); the install
# prefix is cached in FOLDER/install, and a second run with the same Abseil
# version and flags returns at once.
set -euo pipefail

target=${1:?usage: build-absl.sh native|wasm}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(realpath -m "${2:-$root/build/absl-$target}")
prefix="$work/install"
version=$(apt-cache show --no-all-versions libabsl-dev | sed -n 's/^Version: //p')
stamp="$prefix/.built-from-$version"
# The wasm stamp names the size flags too, so that an install made before
# them is rebuilt.
if [[ "$target" == wasm ]]; then
  stamp+="-oz-flto"
fi

if [[ -f "$stamp" ]]; then
  exit 0
fi

echo "abseil: building Abseil $version for $target (about 1-3 min)"
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
  [[ "$patch_name" == configure.diff ]] && continue
  # latomic.diff links -latomic, which wasm-ld has no library for.
  [[ "$patch_name" == latomic.diff && "$target" == wasm ]] && continue
  patch -d "$work/src" -p1 --quiet <"$work/src/debian/patches/$patch_name"
done <"$work/src/debian/patches/series"

common_flags=(-S "$work/src" -B "$work/build" -G Ninja
  -DCMAKE_CXX_STANDARD=17 -DABSL_PROPAGATE_CXX_STD=ON -DBUILD_TESTING=OFF
  -DABSL_BUILD_TESTING=OFF -DABSL_ENABLE_INSTALL=ON
  -DCMAKE_INSTALL_PREFIX="$prefix")
if [[ "$target" == wasm ]]; then
  export NODE_PATH=/usr/share/nodejs
  # The module is built with exceptions off, and links only if Abseil is too.
  # CMAKE_CXX_FLAGS_MINSIZEREL replaces CMake's -Os, which would otherwise
  # come after -Oz on the command line and win.
  emcmake cmake "${common_flags[@]}" -DCMAKE_BUILD_TYPE=MinSizeRel \
    -DCMAKE_CXX_FLAGS="-fno-exceptions -flto" \
    -DCMAKE_CXX_FLAGS_MINSIZEREL="-Oz -DNDEBUG" >/dev/null
else
  cmake "${common_flags[@]}" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_POSITION_INDEPENDENT_CODE=ON >/dev/null
fi
cmake --build "$work/build" >/dev/null
cmake --install "$work/build" >/dev/null
rm -rf "$work/build" "$work/src" "$work/lists"
touch "$stamp"
echo "abseil: installed in $prefix"
