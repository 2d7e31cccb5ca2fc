#!/usr/bin/env bash
# make dist: release builds of pairstat for the servers offices run,
# linux/amd64 and linux/arm64 (Kunpeng, Phytium), into dist/ with their
# SHA-256 sums in dist/SHA256SUMS.
#
# Each binary has DuckDB linked in (the driver's static libraries, cgo),
# is stripped (-s -w) and is reproducible: -trimpath drops the build
# machine's paths, -buildid= fixes the build id, -buildvcs=false leaves out
# the checkout's state, which the version string (git describe, injected
# with -X) carries instead, and SOURCE_DATE_EPOCH is the commit's time.
# The C side is precompiled static libraries plus the cgo files of the
# driver and of Go's runtime/cgo; CGO_CFLAGS/CGO_CXXFLAGS map the module
# cache and GOROOT away (-ffile-prefix-map) so that no path of the build
# machine reaches the binary through __FILE__ or debug records.
# `scripts/dist.sh --verify` (make dist-verify) then builds both again from
# a copy of the sources in another folder with an empty build cache, and
# fails unless the sums are equal.
#
# The binaries link glibc and libstdc++ dynamically; the script prints the
# newest symbol versions each needs (Debian 12's toolchain: glibc 2.34,
# GLIBCXX_3.4.30 of GCC 12). Linking libstdc++ statically would need
# glibc 2.36 instead (GCC 12's libstdc++.a calls arc4random).
#
# Windows is not built: the driver's Windows library wants the UCRT C
# runtime (__stdio_common_vswprintf, __imp___tzname), which Debian's
# mingw-w64 (msvcrt) does not provide; see README, Install on a server.
set -euo pipefail
cd "$(dirname "$0")/.."

verify=no
case "${1:-}" in
  "") ;;
  --verify) verify=yes ;;
  *) echo "usage: scripts/dist.sh [--verify]" >&2; exit 2 ;;
esac

# the Debian tools the cross build needs, installed when missing
missing=()
command -v aarch64-linux-gnu-gcc >/dev/null || missing+=(gcc-aarch64-linux-gnu)
command -v aarch64-linux-gnu-g++ >/dev/null || missing+=(g++-aarch64-linux-gnu)
command -v qemu-aarch64-static >/dev/null || missing+=(qemu-user-static)
if [ ${#missing[@]} -gt 0 ]; then
  echo "dist: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
fi

version=$(git describe --tags --always --dirty)
export SOURCE_DATE_EPOCH
SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)

# build SRC OUT GOARCH CC CXX: one release binary of the sources in SRC
build() {
  local src=$1 out=$2 arch=$3 cc=$4 cxx=$5 map
  map="-ffile-prefix-map=$(go env GOMODCACHE)=/gomod -ffile-prefix-map=$(go env GOROOT)=/goroot"
  (cd "$src" &&
    GOOS=linux GOARCH="$arch" CGO_ENABLED=1 CC="$cc" CXX="$cxx" \
    CGO_CFLAGS="-O2 $map" CGO_CXXFLAGS="-O2 $map" GOFLAGS= \
    go build -tags duckdb_arrow -trimpath -buildvcs=false \
      -ldflags "-s -w -buildid= -X github.com/pairstat/pairstat/buildinfo.version=$version" \
      -o "$out" ./cmd/pairstat)
}

# all SRC DIR: both binaries of SRC into DIR, with DIR/SHA256SUMS
all() {
  local src=$1 dir=$2
  mkdir -p "$dir"
  build "$src" "$dir/pairstat-linux-amd64" amd64 gcc g++
  build "$src" "$dir/pairstat-linux-arm64" arm64 aarch64-linux-gnu-gcc aarch64-linux-gnu-g++
  (cd "$dir" && sha256sum pairstat-linux-amd64 pairstat-linux-arm64 > SHA256SUMS)
}

# needs BINARY: the newest glibc and libstdc++ symbol versions it asks for,
# the oldest a server may have (README, Install on a server)
needs() {
  readelf -V "$1" | grep -oE '(GLIBC|GLIBCXX)_[0-9.]+' | sort -uV |
    awk -F_ '{v[$1] = $2} END {printf "glibc %s, libstdc++ GLIBCXX_%s\n", v["GLIBC"], v["GLIBCXX"]}'
}

rm -rf dist
all . "$PWD/dist"
echo "dist: pairstat $version"
cat dist/SHA256SUMS
for arch in amd64 arm64; do
  echo "dist: pairstat-linux-$arch needs $(needs "dist/pairstat-linux-$arch")"
done

if [ "$verify" = yes ]; then
  other=$(mktemp -d)
  trap 'rm -rf "$other"' EXIT
  # the same sources, committed or not (and not deleted), in another folder
  git ls-files -z --cached --others --exclude-standard |
    while IFS= read -r -d '' f; do if [ -e "$f" ]; then printf '%s\0' "$f"; fi; done |
    xargs -0 cp --parents -t "$other"
  mkdir "$other/out"
  # with an empty build cache, so that the C and Go code is compiled
  # again rather than taken from the first build
  GOCACHE="$other/cache" all "$other" "$other/out"
  if ! diff dist/SHA256SUMS "$other/out/SHA256SUMS"; then
    echo "dist: a build from $other differs from dist/: not reproducible" >&2
    exit 1
  fi
  echo "dist: a second build from another folder has the same sums"
fi
