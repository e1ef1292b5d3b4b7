#!/usr/bin/env bash
# Builds the Fabric v2.5.0 command-line binaries (peer, orderer, configtxgen, cryptogen, osnadmin)
# from the Go module into test-network/.fabric/bin/, and copies the module's sample core.yaml and
# orderer.yaml into test-network/.fabric/config/. Everything lands in the gitignored .fabric/ so no
# binary is ever committed. A stamp file records the module version: a second run reuses the build.
#
# Why not `go install pkg@version`: it reads the module's version list, which the proxy here refuses.
# Why the copy and `rm -rf vendor`: module zips keep only vendor/modules.txt, so -mod=vendor cannot
# build; the module cache is read-only, so the copy is made writable first.
set -euo pipefail

FABRIC_MODULE=github.com/hyperledger/fabric
# v2.5.0 (commit 695dd57e01c2); the module has no /v2 suffix, hence the pseudo-version.
FABRIC_VERSION=v1.4.0-rc1.0.20230405174026-695dd57e01c2
TOOLS=(peer orderer configtxgen cryptogen osnadmin)

NETWORK_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
FABRIC_DIR=$NETWORK_DIR/.fabric
BIN_DIR=$FABRIC_DIR/bin
CONFIG_DIR=$FABRIC_DIR/config
STAMP=$FABRIC_DIR/version.stamp
WANT="$FABRIC_MODULE@$FABRIC_VERSION"

now_ms() { date +%s%3N; }
elapsed() { local ms=$(($(now_ms) - $1)); printf '%d.%02d s' $((ms / 1000)) $((ms % 1000 / 10)); }
started=$(now_ms)

complete() {
  [[ -f $STAMP && $(cat "$STAMP") == "$WANT" && -f $CONFIG_DIR/core.yaml && -f $CONFIG_DIR/orderer.yaml ]] || return 1
  local tool
  for tool in "${TOOLS[@]}"; do [[ -x $BIN_DIR/$tool ]] || return 1; done
}

if complete; then
  echo "fabric binaries reused ($WANT) in $BIN_DIR, $(elapsed "$started")"
  exit 0
fi

# A non-login shell (CI) may not have the toolchain's usual install directory on PATH.
command -v go >/dev/null || PATH=$PATH:/usr/local/go/bin
command -v go >/dev/null || { echo "go is not on PATH (Go >= 1.20 needed to build Fabric 2.5)" >&2; exit 1; }

echo "downloading $WANT"
MODULE_DIR=$(go mod download -json "$WANT" | node -e '
  let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
    const m = JSON.parse(s);
    if (m.Error || !m.Dir) { console.error(m.Error || "no Dir in go mod download output"); process.exit(1); }
    console.log(m.Dir);
  });')
downloaded=$(now_ms)
echo "  module at $MODULE_DIR ($(elapsed "$started"))"

SRC=$FABRIC_DIR/src
rm -rf "$SRC" "$STAMP"
mkdir -p "$BIN_DIR" "$CONFIG_DIR"
cp -r "$MODULE_DIR" "$SRC"
chmod -R u+w "$SRC"
rm -rf "$SRC/vendor"

echo "building ${TOOLS[*]} (several minutes on 2 cores when the Go build cache is cold)"
pkgs=()
for tool in "${TOOLS[@]}"; do pkgs+=("./cmd/$tool"); done
# -buildvcs=false: the copy sits inside this repository's git work tree, whose commit is not Fabric's.
(cd "$SRC" && go build -mod=mod -buildvcs=false -o "$BIN_DIR/" "${pkgs[@]}")
echo "  compiled in $(elapsed "$downloaded")"

# The network copies these again and edits its copy; these stay pristine.
cp "$SRC/sampleconfig/core.yaml" "$SRC/sampleconfig/orderer.yaml" "$CONFIG_DIR/"
chmod u+w "$CONFIG_DIR"/*.yaml
rm -rf "$SRC"

echo "$WANT" >"$STAMP"
echo "fabric binaries built ($WANT) in $BIN_DIR, $(elapsed "$started")"
