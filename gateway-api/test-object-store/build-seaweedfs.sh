#!/usr/bin/env bash
# Builds SeaweedFS's `weed` (an S3-compatible object store, Apache-2.0) from the Go module proxy
# into gateway-api/test-object-store/.seaweedfs/weed, for the document store's tests on a real S3
# server (`npm run test:object-store`). The binary lands in the gitignored .seaweedfs/ and is never
# committed; a stamp file records the module version, so a second run reuses the build.
#
# Why the copy: `go install pkg@version` refuses a module whose go.mod has replace directives, and
# the module cache is read-only. A first build on a machine with a cold Go cache takes about 13
# minutes on two cores (about 2,500 packages); with the cache warm, well under one.
set -euo pipefail

MODULE=github.com/seaweedfs/seaweedfs
# The newest version the Go module proxy here serves (the project tags no Go-module release).
VERSION=v0.0.0-20261109003541-7506e5f91cd6

DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/.seaweedfs
STAMP=$DIR/version.stamp
WANT="$MODULE@$VERSION"

if [[ -x $DIR/weed && -f $STAMP && $(cat "$STAMP") == "$WANT" ]]; then
  echo "seaweedfs reused ($WANT) in $DIR"
  exit 0
fi

command -v go >/dev/null || PATH=$PATH:/usr/local/go/bin
started=$(date +%s)
mkdir -p "$DIR"
src=$(go mod download -json "$WANT" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
[[ -d $src ]] || { echo "go mod download $WANT gave no source directory" >&2; exit 1; }
rm -rf "$DIR/src"
cp -r "$src" "$DIR/src"
chmod -R u+w "$DIR/src"
(cd "$DIR/src" && go build -trimpath -o "$DIR/weed" ./weed)
rm -rf "$DIR/src"
echo "$WANT" >"$STAMP"
echo "seaweedfs built ($WANT) in $DIR/weed, $(($(date +%s) - started)) s"
