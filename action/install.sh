#!/usr/bin/env bash
# Installs the socpick release SOCPICK_VERSION (a tag, v1.2.0) for the
# runner's OS and architecture: the archive goreleaser publishes, checked
# against the release's checksums.txt before anything is unpacked, put on
# PATH through GITHUB_PATH.
set -euo pipefail

version=${SOCPICK_VERSION:?set the action input version to a socpick release tag, e.g. v1.2.0}
case ${RUNNER_OS:-Linux} in
  Linux) os=linux ;;
  macOS) os=darwin ;;
  Windows) os=windows ;;
  *) echo "socpick: no release for runner OS ${RUNNER_OS}" >&2; exit 2 ;;
esac
case ${RUNNER_ARCH:-X64} in
  X64) arch=amd64 ;;
  ARM64) arch=arm64 ;;
  *) echo "socpick: no release for runner architecture ${RUNNER_ARCH}" >&2; exit 2 ;;
esac
ext=tar.gz
if [[ $os == windows ]]; then ext=zip; fi
archive="socpick_${version#v}_${os}_${arch}.${ext}"
base="https://github.com/socpick/socpick/releases/download/${version}"
dir="${RUNNER_TEMP:-$(mktemp -d)}/socpick-${version}"
mkdir -p "$dir"
cd "$dir"
curl --fail --silent --show-error --location --retry 3 -o "$archive" "$base/$archive"
curl --fail --silent --show-error --location --retry 3 -o checksums.txt "$base/checksums.txt"
grep " ${archive}\$" checksums.txt | sha256sum --check --strict -
if [[ $ext == zip ]]; then unzip -q "$archive"; else tar -xzf "$archive"; fi
echo "$dir" >> "${GITHUB_PATH:-/dev/null}"
"$dir/socpick" version
