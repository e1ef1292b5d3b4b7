#!/usr/bin/env bash
# The Estate Ledger test network: Fabric v2.5 as native processes, no Docker.
#
#   network.sh up [--orderers 1|3]   crypto, channel `estate`, 4 peers, chaincode `estate` as a service,
#                                    then .run/network.json for the gateway's Fabric adapter
#   network.sh down                  stop what `up` started (by recorded pid) and remove .run/
#   network.sh status                health and ledger height of every node, CCaaS state; non-zero if any is down
#   network.sh stop-peer <org>       stop one agency's peer (its ledger stays on disk)
#   network.sh start-peer <org>      start it again and wait until it has caught up
#
# Environment: ORDERERS (1 or 3, default 1; --orderers wins), FABRIC_BASE_PORT (default 17000),
# ESTATE_COURT (the court named in CourtMSP staff certificates), FABRIC_LOGGING_SPEC (node log level).
# All state (crypto, ledgers, logs, pids) lives in test-network/.run/. See test-network/README.md.
set -euo pipefail
shopt -s inherit_errexit
# Everything under .run/ (keys, ledgers with private data, logs) is for this user only: 0700 dirs, 0600 files.
umask 077

NETWORK_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
REPO_DIR=$(cd "$NETWORK_DIR/.." && pwd)
PEERS_CONFIG=$REPO_DIR/peers-config
CHAINCODE_DIR=$REPO_DIR/chaincode
ORGANISATIONS_JS=$CHAINCODE_DIR/dist/domain/organisations.js
BIN_DIR=$NETWORK_DIR/.fabric/bin
SAMPLE_CONFIG=$NETWORK_DIR/.fabric/config
BUILDER_DIR=$NETWORK_DIR/builders/ccaas
NETCONF=$NETWORK_DIR/scripts/netconf.js

RUN_DIR=$NETWORK_DIR/.run
CFG=$RUN_DIR/config          # FABRIC_CFG_PATH of every node and CLI call: core.yaml, orderer.yaml, configtx.yaml
CRYPTO=$RUN_DIR/crypto       # cryptogen output
IDENTITIES=$RUN_DIR/identities
DATA=$RUN_DIR/data
LOGS=$RUN_DIR/logs
PIDS=$RUN_DIR/pids
CC_PKG_DIR=$RUN_DIR/chaincode
SETTINGS=$RUN_DIR/settings.env
PROFILE=$RUN_DIR/network.json

CHANNEL=estate
CC_NAME=estate
CC_LABEL=estate_1.0
CC_VERSION=1.0
CC_SEQUENCE=1
ORDERER_DOMAIN=orderer.estate.local
# The court the gateway's embedded identities use (gateway-api/src/ledger/embedded/crypto-material.ts DEFAULT_COURT).
COURT=${ESTATE_COURT:-达州市通川区人民法院}
NODE=$(command -v node) || { echo "node is not on PATH" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------
# Small helpers

# fds 3 and 4 are the caller's stdout and stderr: step results and failures go there even while a
# step's own output is redirected to its log (an exit inside a step runs on_exit with that redirection).
exec 3>&1 4>&2

now_ms() { date +%s%3N; }
elapsed() { local ms=$(($(now_ms) - $1)); printf '%d.%02d s' $((ms / 1000)) $((ms % 1000 / 10)); }
die() { echo "✗ $*" >&2; exit 1; }

# run_step NAME LOG CMD...: runs one step of `up`, printing "✓ NAME <duration>". The log is the
# file to read when it fails; on_exit names the step and that log.
STEP=
STEP_LOG=
run_step() {
  local t0
  t0=$(now_ms)
  STEP=$1 STEP_LOG=$2
  shift 2
  "$@"
  printf '✓ %-36s %s\n' "$STEP" "$(elapsed "$t0")" >&3
  STEP=
}

# wait_until SECONDS WHAT CMD...: polls CMD until it succeeds; fails with a message after SECONDS.
wait_until() {
  local deadline=$(($(now_ms) + $1 * 1000)) what=$2
  shift 2
  until "$@"; do
    if (($(now_ms) > deadline)); then
      echo "timed out waiting for $what" >&2
      return 1
    fi
    sleep 0.05
  done
}

# Each listed org runs FUNC ORG in the background with output to $LOGS/PREFIX.ORG.log; fails (naming
# that log) if any fails. Used where four orgs do the same independent thing (join, install, approve).
for_orgs_parallel() {
  local prefix=$1 func=$2 org failed=
  local -A pid_of=()
  for org in "${ORG_KEYS[@]}"; do
    "$func" "$org" >>"$LOGS/$prefix.$org.log" 2>&1 &
    pid_of[$org]=$!
  done
  for org in "${ORG_KEYS[@]}"; do
    wait "${pid_of[$org]}" || failed=${failed:-$org}
  done
  if [[ -n $failed ]]; then
    STEP_LOG=$LOGS/$prefix.$failed.log
    return 1
  fi
}

join_by() { local IFS=$1; shift; echo "$*"; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
healthy() { curl -sf --max-time 2 "http://127.0.0.1:$1/healthz" >/dev/null; }

# ---------------------------------------------------------------------------------------------
# Layout: organisations and ports. Everything is an offset from FABRIC_BASE_PORT so that a second
# network (or a clash) moves as a whole. Orderer i uses base+50+100i (client), +55 (Raft cluster),
# base+443+100i (operations), +444 (admin); the peer of the i-th organisation uses base+51+10i
# (peer), +52 (chaincode), base+451+10i (operations); the chaincode server uses base+2400.

# Organisations, in the chaincode's order: ORG_KEYS (registry ...), ORG_MSP[key], ORG_INDEX[key].
# `up` reads them from the chaincode (ORG_TABLE: "<msp>\t<key>" lines) and keeps the table in the
# settings, so the later commands do not depend on chaincode/dist.
declare -a ORG_KEYS=()
declare -A ORG_MSP=() ORG_INDEX=()
ORG_TABLE=
load_orgs() {
  local msp key
  [[ -n $ORG_TABLE ]] || ORG_TABLE=$("$NODE" "$NETCONF" orgs "$ORGANISATIONS_JS")
  while IFS=$'\t' read -r msp key; do
    ORG_INDEX[$key]=${#ORG_KEYS[@]}
    ORG_KEYS+=("$key")
    ORG_MSP[$key]=$msp
  done <<<"$ORG_TABLE"
  [[ -n ${ORG_KEYS[0]} ]] || die "no organisations in $ORGANISATIONS_JS"
}

orderer_port() { echo $((BASE_PORT + 50 + 100 * $1)); }
orderer_cluster_port() { echo $((BASE_PORT + 55 + 100 * $1)); }
orderer_ops_port() { echo $((BASE_PORT + 443 + 100 * $1)); }
orderer_admin_port() { echo $((BASE_PORT + 444 + 100 * $1)); }
peer_port() { echo $((BASE_PORT + 51 + 10 * ORG_INDEX[$1])); }
peer_cc_port() { echo $((BASE_PORT + 52 + 10 * ORG_INDEX[$1])); }
peer_ops_port() { echo $((BASE_PORT + 451 + 10 * ORG_INDEX[$1])); }
ccaas_port() { echo $((BASE_PORT + 2400)); }

orderer_dir() { echo "$CRYPTO/ordererOrganizations/$ORDERER_DOMAIN/orderers/orderer$1.$ORDERER_DOMAIN"; }
org_dir() { echo "$CRYPTO/peerOrganizations/$1.estate.local"; }
peer_dir() { echo "$(org_dir "$1")/peers/peer0.$1.estate.local"; }
admin_msp() { echo "$(org_dir "$1")/users/Admin@$1.estate.local/msp"; }
orderer_ca() { echo "$(orderer_dir 0)/tls/ca.crt"; }

all_ports() {
  local i org
  for ((i = 0; i < ORDERERS; i++)); do
    orderer_port "$i"; orderer_cluster_port "$i"; orderer_ops_port "$i"; orderer_admin_port "$i"
  done
  for org in "${ORG_KEYS[@]}"; do peer_port "$org"; peer_cc_port "$org"; peer_ops_port "$org"; done
  ccaas_port
}

# The settings `up` chose, for the later commands (status, stop-peer, start-peer).
save_settings() {
  {
    printf 'ORDERERS=%q\nBASE_PORT=%q\nPACKAGE_ID=%q\nORG_TABLE=%q\n' "$ORDERERS" "$BASE_PORT" "$PACKAGE_ID" "$ORG_TABLE"
  } >"$SETTINGS"
}
load_settings() {
  [[ -f $SETTINGS ]] || die "the network is not up (no $SETTINGS); run: npm run network:up"
  # shellcheck source=/dev/null
  source "$SETTINGS"
  load_orgs
}

# ---------------------------------------------------------------------------------------------
# Processes. Each is started in its own session (setsid, so a terminal's hang-up or Ctrl-C does not
# reach it) with a clean environment (env -i, so a caller's CORE_* or ORDERER_* variables cannot leak
# in), and `bash -c 'echo $$ … > pidfile; exec …'` records the pid of the real process (not of a
# wrapper) and its working directory.
# fds 3 and 4 are closed for it: a daemon holding the caller's stdout would keep `network:up | …` open.

# spawn NAME DIR VAR=VALUE... COMMAND ARGS...
spawn() {
  local name=$1 dir=$2 pidfile=$PIDS/$1.pid
  shift 2
  rm -f "$pidfile"
  (
    cd "$dir"
    # shellcheck disable=SC2016 # $$, $0 and $@ are the inner bash's own
    exec setsid bash -c 'echo "$$ $(pwd -P)" >"$0"; exec "$@"' "$pidfile" \
      env -i PATH="$PATH" HOME="$HOME" FABRIC_LOGGING_SPEC="${FABRIC_LOGGING_SPEC:-info}" "$@"
  ) </dev/null >>"$LOGS/$name.log" 2>&1 3>&- 4>&- &
  wait_until 5 "$name to record its pid" test -s "$pidfile"
}

# live_pid NAME: prints the recorded pid if that process is alive and still the one spawn started:
# its working directory is the one recorded with the pid, so a recycled pid is never signalled.
live_pid() {
  local pidfile=$PIDS/$1.pid pid dir
  [[ -s $pidfile ]] || return 1
  read -r pid dir <"$pidfile"
  [[ $pid =~ ^[0-9]+$ && $(readlink "/proc/$pid/cwd" 2>/dev/null) == "$dir" ]] || return 1
  echo "$pid"
}

# present PID...: those still in the process table (running, or exited and not yet reaped).
present() {
  local pid
  for pid in "$@"; do [[ ! -e /proc/$pid ]] || echo "$pid"; done
}

# stop NAME...: SIGTERM, then SIGKILL whatever still runs after 5 s; removes the pid files. It also
# waits (briefly) for the exited processes to be reaped, so that `pgrep` right after shows nothing.
stop() {
  local name pid deadline
  local -a pids=() running=()
  for name in "$@"; do
    if pid=$(live_pid "$name"); then
      kill -TERM "$pid" 2>/dev/null || true
      pids+=("$pid")
    fi
  done
  deadline=$(($(now_ms) + 5000))
  while mapfile -t pids < <(present "${pids[@]}") && ((${#pids[@]} > 0)) && (($(now_ms) < deadline)); do sleep 0.05; done
  for pid in "${pids[@]}"; do
    # A zombie (state Z) has already exited; only its reaper's wait is missing.
    [[ $(awk '/^State:/ {print $2}' "/proc/$pid/status" 2>/dev/null) == Z ]] || running+=("$pid")
  done
  if ((${#running[@]} > 0)); then
    echo "still running after 5 s, sending SIGKILL: ${running[*]}" >&2
    kill -KILL "${running[@]}" 2>/dev/null || true
  fi
  deadline=$(($(now_ms) + 2000))
  while mapfile -t pids < <(present "${pids[@]}") && ((${#pids[@]} > 0)) && (($(now_ms) < deadline)); do sleep 0.05; done
  for name in "$@"; do rm -f "$PIDS/$name.pid"; done
}

# A readiness poll ends at once when the process it waits for has exited, instead of at its timeout.
require_alive() {
  live_pid "$1" >/dev/null && return 0
  echo "$1 has exited; see $LOGS/$1.log" >&2
  exit 1
}
# Ready = alive, /healthz OK, and its gRPC (and for an orderer, admin) port accepting connections:
# the operations endpoint starts serving before the gRPC listener does.
orderer_ready() {
  require_alive "orderer$1" && healthy "$(orderer_ops_port "$1")" &&
    port_open "$(orderer_port "$1")" && port_open "$(orderer_admin_port "$1")"
}
peer_ready() { require_alive "peer0.$1" && healthy "$(peer_ops_port "$1")" && port_open "$(peer_port "$1")"; }

recorded_names() {
  local f
  for f in "$PIDS"/*.pid; do
    [[ -e $f ]] && basename "$f" .pid
  done
  return 0
}

# ---------------------------------------------------------------------------------------------
# CLI calls as an organisation's admin (cryptogen's Admin@<org>), with a clean environment.

peer_as() {
  local org=$1
  shift
  env -i PATH="$PATH" HOME="$HOME" FABRIC_CFG_PATH="$CFG" FABRIC_LOGGING_SPEC=info \
    CORE_PEER_TLS_ENABLED=true CORE_PEER_LOCALMSPID="${ORG_MSP[$org]}" \
    CORE_PEER_ADDRESS="127.0.0.1:$(peer_port "$org")" \
    CORE_PEER_TLS_ROOTCERT_FILE="$(peer_dir "$org")/tls/ca.crt" \
    CORE_PEER_MSPCONFIGPATH="$(admin_msp "$org")" \
    "$BIN_DIR/peer" "$@"
}

# The chaincode answers if Admin:getConfig returns the configuration or the chaincode's own
# LEDGER_NOT_INITIALISED (configured later by the gateway). Output is captured rather than piped
# into grep: under pipefail the failing query would fail the pipe whatever grep finds.
chaincode_answers() {
  local out
  out=$(peer_as "$1" chaincode query -C "$CHANNEL" -n "$CC_NAME" -c '{"Args":["Admin:getConfig"]}' 2>&1) && return 0
  [[ $out == *LEDGER_NOT_INITIALISED* ]]
}

ledger_height() {
  local out
  out=$(peer_as "$1" channel getinfo -c "$CHANNEL" 2>/dev/null) || return 1
  out=${out#*\"height\":}
  echo "${out%%,*}"
}

# ---------------------------------------------------------------------------------------------
# Node start-up

start_orderer() {
  local i=$1 dir
  dir=$(orderer_dir "$i")
  mkdir -p "$DATA/orderer$i"
  # BootstrapMethod none: no system channel, channels are joined through the admin endpoint.
  # A cluster listener of its own per orderer, with the node's TLS pair (also its consenter cert).
  spawn "orderer$i" "$DATA/orderer$i" \
    FABRIC_CFG_PATH="$CFG" \
    ORDERER_GENERAL_LISTENADDRESS=127.0.0.1 \
    ORDERER_GENERAL_LISTENPORT="$(orderer_port "$i")" \
    ORDERER_GENERAL_LOCALMSPID=OrdererMSP \
    ORDERER_GENERAL_LOCALMSPDIR="$dir/msp" \
    ORDERER_GENERAL_TLS_ENABLED=true \
    ORDERER_GENERAL_TLS_PRIVATEKEY="$dir/tls/server.key" \
    ORDERER_GENERAL_TLS_CERTIFICATE="$dir/tls/server.crt" \
    ORDERER_GENERAL_TLS_ROOTCAS="$dir/tls/ca.crt" \
    ORDERER_GENERAL_BOOTSTRAPMETHOD=none \
    ORDERER_GENERAL_CLUSTER_LISTENADDRESS=127.0.0.1 \
    ORDERER_GENERAL_CLUSTER_LISTENPORT="$(orderer_cluster_port "$i")" \
    ORDERER_GENERAL_CLUSTER_SERVERCERTIFICATE="$dir/tls/server.crt" \
    ORDERER_GENERAL_CLUSTER_SERVERPRIVATEKEY="$dir/tls/server.key" \
    ORDERER_GENERAL_CLUSTER_CLIENTCERTIFICATE="$dir/tls/server.crt" \
    ORDERER_GENERAL_CLUSTER_CLIENTPRIVATEKEY="$dir/tls/server.key" \
    ORDERER_GENERAL_CLUSTER_ROOTCAS="$dir/tls/ca.crt" \
    ORDERER_CHANNELPARTICIPATION_ENABLED=true \
    ORDERER_FILELEDGER_LOCATION="$DATA/orderer$i/ledger" \
    ORDERER_CONSENSUS_WALDIR="$DATA/orderer$i/etcdraft/wal" \
    ORDERER_CONSENSUS_SNAPDIR="$DATA/orderer$i/etcdraft/snapshot" \
    ORDERER_OPERATIONS_LISTENADDRESS="127.0.0.1:$(orderer_ops_port "$i")" \
    ORDERER_ADMIN_LISTENADDRESS="127.0.0.1:$(orderer_admin_port "$i")" \
    ORDERER_METRICS_PROVIDER=prometheus \
    "$BIN_DIR/orderer"
}

start_peer() {
  local org=$1 dir port
  dir=$(peer_dir "$org")
  port=$(peer_port "$org")
  mkdir -p "$DATA/peer0.$org"
  # One peer per org: gossip bootstraps from itself; the external endpoint is what other orgs'
  # peers learn through the anchor peers (without it cross-org discovery and private data fail).
  spawn "peer0.$org" "$DATA/peer0.$org" \
    FABRIC_CFG_PATH="$CFG" \
    CORE_PEER_ID="peer0.$org.estate.local" \
    CORE_PEER_ADDRESS="127.0.0.1:$port" \
    CORE_PEER_LISTENADDRESS="127.0.0.1:$port" \
    CORE_PEER_CHAINCODEADDRESS="127.0.0.1:$(peer_cc_port "$org")" \
    CORE_PEER_CHAINCODELISTENADDRESS="127.0.0.1:$(peer_cc_port "$org")" \
    CORE_PEER_GOSSIP_BOOTSTRAP="127.0.0.1:$port" \
    CORE_PEER_GOSSIP_EXTERNALENDPOINT="127.0.0.1:$port" \
    CORE_PEER_LOCALMSPID="${ORG_MSP[$org]}" \
    CORE_PEER_MSPCONFIGPATH="$dir/msp" \
    CORE_PEER_TLS_ENABLED=true \
    CORE_PEER_TLS_CERT_FILE="$dir/tls/server.crt" \
    CORE_PEER_TLS_KEY_FILE="$dir/tls/server.key" \
    CORE_PEER_TLS_ROOTCERT_FILE="$dir/tls/ca.crt" \
    CORE_PEER_FILESYSTEMPATH="$DATA/peer0.$org/fs" \
    CORE_LEDGER_SNAPSHOTS_ROOTDIR="$DATA/peer0.$org/snapshots" \
    CORE_OPERATIONS_LISTENADDRESS="127.0.0.1:$(peer_ops_port "$org")" \
    CORE_METRICS_PROVIDER=prometheus \
    "$BIN_DIR/peer" node start
}

# ---------------------------------------------------------------------------------------------
# The steps of `up`

preflight() {
  local tool port
  for tool in peer orderer configtxgen cryptogen osnadmin; do
    [[ -x $BIN_DIR/$tool ]] || die "missing $BIN_DIR/$tool; run: npm run fabric:binaries"
  done
  [[ -f $SAMPLE_CONFIG/core.yaml && -f $SAMPLE_CONFIG/orderer.yaml ]] || die "missing sample config in $SAMPLE_CONFIG; run: npm run fabric:binaries"
  for tool in openssl curl setsid; do command -v "$tool" >/dev/null || die "$tool is not on PATH"; done
  for port in $(all_ports); do
    ! port_open "$port" || die "port $port is already in use (another network? set FABRIC_BASE_PORT)"
  done
  mkdir -p "$CFG" "$DATA" "$PIDS" "$CC_PKG_DIR" "$IDENTITIES"
  cp "$SAMPLE_CONFIG/orderer.yaml" "$CFG/orderer.yaml"
  "$NODE" "$NETCONF" core "$SAMPLE_CONFIG/core.yaml" "$CFG/core.yaml" "$BUILDER_DIR"
}

# fabric-shim serves dist/, and the identities come from dist/domain/organisations.js. The usual umask
# there: dist/ belongs to the workspace, not to .run/.
build_chaincode() { (cd "$REPO_DIR" && umask 022 && npm run build --workspace chaincode); }

run_cryptogen() {
  "$BIN_DIR/cryptogen" generate --config="$PEERS_CONFIG/crypto-config.yaml" --output="$CRYPTO"
}

# One staff identity per (MSP, role) of the chaincode's ORGANISATIONS: a P-256 key (PKCS#8, 0600 by the
# umask) and a certificate signed by the org's cryptogen CA, with OU=client (NodeOUs classify it as a
# client) and Fabric CA's attribute extension 1.2.3.4.5.6.7.8.1 holding the raw JSON {"attrs":{"role":…}}
# that the chaincode reads through ClientIdentity.getAttributeValue. Court staff also carry `court`.
# One openssl call does it all (req -x509 -CA: new key, certificate issued by the CA, random serial).
issue_identity() {
  local msp=$1 org=$2 role=$3 court=$4 dir ca attrs hex
  dir=$IDENTITIES/$msp/$role
  ca=$(org_dir "$org")/ca
  attrs="\"role\":\"$role\""
  [[ $court == - ]] || attrs+=",\"court\":\"$court\""
  hex=$(printf '{"attrs":{%s}}' "$attrs" | od -An -v -tx1 | tr -d ' \n')
  mkdir -p "$dir/msp/signcerts" "$dir/msp/keystore" "$dir/msp/cacerts"
  cat >"$dir/openssl.cnf" <<EOF
[req]
prompt = no
distinguished_name = dn
x509_extensions = v3
[dn]
C = CN
O = $org
OU = client
CN = $role@$org.estate.local
[v3]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
1.2.3.4.5.6.7.8.1 = DER:$hex
EOF
  openssl req -x509 -new -config "$dir/openssl.cnf" -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
    -keyout "$dir/key.pem" -CA "$ca/ca.$org.estate.local-cert.pem" -CAkey "$ca/priv_sk" -days 3650 -sha256 -out "$dir/cert.pem"
  rm "$dir/openssl.cnf"
  # The same identity as an MSP folder, so that the peer CLI can act as this staff member.
  cp "$dir/cert.pem" "$dir/msp/signcerts/cert.pem"
  cp "$dir/key.pem" "$dir/msp/keystore/key.pem"
  cp "$ca/ca.$org.estate.local-cert.pem" "$dir/msp/cacerts/"
  cp "$(org_dir "$org")/msp/config.yaml" "$dir/msp/config.yaml"
}

# The identities are independent, so they are issued concurrently; index.tsv lists them for network.json.
issue_identities() {
  local msp org role court pairs pid
  local -a pids=()
  pairs=$("$NODE" "$NETCONF" identities "$ORGANISATIONS_JS")
  while IFS=$'\t' read -r msp org role; do
    court=-
    [[ $msp == CourtMSP ]] && court=$COURT
    issue_identity "$msp" "$org" "$role" "$court" &
    pids+=("$!")
    printf '%s\t%s\t%s\t%s\n' "$msp" "$role" "$court" "$IDENTITIES/$msp/$role" >>"$IDENTITIES/index.tsv"
  done <<<"$pairs"
  for pid in "${pids[@]}"; do wait "$pid"; done
}

run_configtxgen() {
  local i dir endpoints=() consenters=() org
  for ((i = 0; i < ORDERERS; i++)); do
    dir=$(orderer_dir "$i")
    endpoints+=("127.0.0.1:$(orderer_port "$i")")
    consenters+=("{Host: 127.0.0.1, Port: $(orderer_cluster_port "$i"), ClientTLSCert: \"$dir/tls/server.crt\", ServerTLSCert: \"$dir/tls/server.crt\"}")
  done
  CRYPTO_DIR=$CRYPTO ORDERER_ENDPOINTS="[$(join_by , "${endpoints[@]}")]" CONSENTERS="[$(join_by , "${consenters[@]}")]"
  export CRYPTO_DIR ORDERER_ENDPOINTS CONSENTERS
  for org in "${ORG_KEYS[@]}"; do export "${org^^}_PEER_PORT=$(peer_port "$org")"; done
  "$NODE" "$NETCONF" render "$PEERS_CONFIG/configtx.yaml" "$CFG/configtx.yaml"
  env -i PATH="$PATH" FABRIC_CFG_PATH="$CFG" "$BIN_DIR/configtxgen" -profile EstateRaft \
    -outputBlock "$DATA/$CHANNEL.block" -channelID "$CHANNEL"
}

start_orderers() {
  local i
  for ((i = 0; i < ORDERERS; i++)); do start_orderer "$i"; done
  for ((i = 0; i < ORDERERS; i++)); do
    STEP_LOG=$LOGS/orderer$i.log
    wait_until 30 "orderer$i to be ready" orderer_ready "$i"
  done
}

# Channel participation: every orderer joins the channel from the genesis block (plain HTTP, the
# admin endpoint's TLS is off on this local network).
# osnadmin exits 0 whatever the HTTP status, so the status line is checked.
join_orderers() {
  local i out
  for ((i = 0; i < ORDERERS; i++)); do
    out=$("$BIN_DIR/osnadmin" channel join --channelID "$CHANNEL" --config-block "$DATA/$CHANNEL.block" \
      -o "127.0.0.1:$(orderer_admin_port "$i")" 2>&1)
    echo "orderer$i: $out"
    [[ $out == *"Status: 201"* ]]
  done
}

start_peers() {
  local org
  for org in "${ORG_KEYS[@]}"; do start_peer "$org"; done
  for org in "${ORG_KEYS[@]}"; do
    STEP_LOG=$LOGS/peer0.$org.log
    wait_until 30 "peer0.$org to be ready" peer_ready "$org"
  done
}

join_channel() { peer_as "$1" channel join -b "$DATA/$CHANNEL.block"; }

# Raft needs a leader before the first transaction is ordered; "status":"active" from osnadmin does
# not mean that, the orderer's log line does. (approve also retries, in case leadership moves.)
raft_has_leader() { require_alive "orderer$1" && grep -q 'Raft leader changed: 0 -> [1-9]' "$LOGS/orderer$1.log"; }
wait_raft_leader() {
  local i
  for ((i = 0; i < ORDERERS; i++)); do
    STEP_LOG=$LOGS/orderer$i.log
    wait_until 30 "a Raft leader in orderer$i's log" raft_has_leader "$i"
  done
}

# The chaincode package holds only the server's address. Fixed mtime, owner, mode and order, and
# gzip without a name or time, make the bytes (hence the package id) the same on every build.
package_chaincode() {
  local tar_opts=(--mtime=@0 --owner=0 --group=0 --numeric-owner --mode=0644 --sort=name)
  printf '{"address":"127.0.0.1:%s","dial_timeout":"10s","tls_required":false}\n' "$(ccaas_port)" >"$CC_PKG_DIR/connection.json"
  printf '{"type":"ccaas","label":"%s"}\n' "$CC_LABEL" >"$CC_PKG_DIR/metadata.json"
  (cd "$CC_PKG_DIR" && tar "${tar_opts[@]}" -cf - connection.json | gzip -n >code.tar.gz)
  (cd "$CC_PKG_DIR" && tar "${tar_opts[@]}" -cf - metadata.json code.tar.gz | gzip -n >"$CC_NAME.tgz")
  PACKAGE_ID=$(env -i PATH="$PATH" FABRIC_CFG_PATH="$CFG" "$BIN_DIR/peer" lifecycle chaincode calculatepackageid "$CC_PKG_DIR/$CC_NAME.tgz")
  echo "package id $PACKAGE_ID"
  save_settings
}

# One chaincode server for all four peers (they installed the identical package, so one id). node
# runs directly, from the chaincode workspace: fabric-shim loads package.json "main" (dist/index.js)
# and its `contracts` export from the working directory. It is started early, because loading the
# contracts takes a few seconds that overlap the nodes' start; peers dial it only at the first call.
start_ccaas() {
  local cli
  cli=$("$NODE" -p 'require.resolve("fabric-shim/cli.js", { paths: [process.argv[1]] })' "$CHAINCODE_DIR")
  spawn ccaas "$CHAINCODE_DIR" CORE_CHAINCODE_LOGGING_LEVEL=warning \
    "$NODE" "$cli" server --chaincode-address="127.0.0.1:$(ccaas_port)" --chaincode-id="$PACKAGE_ID"
}
ccaas_up() { require_alive ccaas && port_open "$(ccaas_port)"; }
ccaas_listening() { wait_until 30 "the chaincode server to listen on $(ccaas_port)" ccaas_up; }

install_chaincode() { peer_as "$1" lifecycle chaincode install "$CC_PKG_DIR/$CC_NAME.tgz"; }

# approveformyorg, retried a few times: the first transactions can meet a Raft election.
approve_chaincode() {
  local attempt
  for attempt in 1 2 3 4 5; do
    if peer_as "$1" lifecycle chaincode approveformyorg -o "127.0.0.1:$(orderer_port 0)" --tls --cafile "$(orderer_ca)" \
      --channelID "$CHANNEL" --name "$CC_NAME" --version "$CC_VERSION" --package-id "$PACKAGE_ID" \
      --sequence "$CC_SEQUENCE" --collections-config "$PEERS_CONFIG/collections.json" --waitForEvent; then
      return 0
    fi
    echo "approve attempt $attempt failed; retrying" >&2
    sleep 1
  done
  return 1
}

# No --signature-policy: the definition uses the channel's /Channel/Application/Endorsement
# (MAJORITY). All four peers endorse the commit; three would satisfy MAJORITY.
commit_chaincode() {
  local org peers=()
  for org in "${ORG_KEYS[@]}"; do
    peers+=(--peerAddresses "127.0.0.1:$(peer_port "$org")" --tlsRootCertFiles "$(peer_dir "$org")/tls/ca.crt")
  done
  peer_as "${ORG_KEYS[0]}" lifecycle chaincode commit -o "127.0.0.1:$(orderer_port 0)" --tls --cafile "$(orderer_ca)" \
    --channelID "$CHANNEL" --name "$CC_NAME" --version "$CC_VERSION" --sequence "$CC_SEQUENCE" \
    --collections-config "$PEERS_CONFIG/collections.json" "${peers[@]}" --waitForEvent
}

# A peer can answer "chaincode estate not defined" for a moment after the commit event reached the
# committing peer; poll each until the chaincode itself answers.
await_chaincode() { wait_until 60 "chaincode $CC_NAME to answer on peer0.$1" chaincode_answers "$1"; }

# Discovery, and so the Gateway's choice of endorsers, knows only the peers in a peer's channel
# membership view, which gossip fills a few seconds after start. A peer stopped before the views
# are complete can leave the others unable to find a majority among themselves.
channel_view_complete() {
  local org=$1 other line
  line=$(grep -a "\[$CHANNEL\] Membership view has changed" "$LOGS/peer0.$org.log" | tail -n 1) || return 1
  for other in "${ORG_KEYS[@]}"; do
    [[ $other == "$org" || ${line##*current view:} == *"127.0.0.1:$(peer_port "$other") "* ]] || return 1
  done
}
await_channel_view() { wait_until 60 "peer0.$1's channel view to hold every other peer" channel_view_complete "$1"; }

write_profile() {
  local i org msp role court dir
  {
    printf 'set\tchannel\t%s\nset\tchaincode\t%s\n' "$CHANNEL" "$CC_NAME"
    printf 'set\tbinDir\t%s\nset\tconfigDir\t%s\n' "$BIN_DIR" "$CFG"
    printf 'set\tpackageId\t%s\nset\tccaasAddress\t127.0.0.1:%s\nset\tlogsDir\t%s\n' "$PACKAGE_ID" "$(ccaas_port)" "$LOGS"
    for ((i = 0; i < ORDERERS; i++)); do
      printf 'orderer\t127.0.0.1:%s\t%s\thttp://127.0.0.1:%s\thttp://127.0.0.1:%s\n' "$(orderer_port "$i")" \
        "$(orderer_dir "$i")/tls/ca.crt" "$(orderer_admin_port "$i")" "$(orderer_ops_port "$i")"
    done
    for org in "${ORG_KEYS[@]}"; do
      printf 'peer\t%s\t127.0.0.1:%s\thttp://127.0.0.1:%s\n' "${ORG_MSP[$org]}" "$(peer_port "$org")" "$(peer_ops_port "$org")"
    done
    while IFS=$'\t' read -r msp role court dir; do
      printf 'identity\t%s\t%s\t%s\t%s\t%s\n' "$msp" "$role" "$court" "$dir/cert.pem" "$dir/key.pem"
    done <"$IDENTITIES/index.tsv"
  } | "$NODE" "$NETCONF" profile "$ORGANISATIONS_JS" "$PEERS_CONFIG/connections" "$RUN_DIR" "$PROFILE"
}

# ---------------------------------------------------------------------------------------------
# Commands

UP_STARTED=
on_exit() {
  local rc=$?
  ((rc != 0)) && [[ -n $STEP ]] || return 0
  exec 1>&3 2>&4
  echo "✗ step '$STEP' failed (exit $rc); log: $STEP_LOG" >&2
  if [[ -f $STEP_LOG ]]; then tail -n 12 "$STEP_LOG" | sed 's/^/    /' >&2; fi
  if [[ -n $UP_STARTED ]]; then
    mapfile -t names < <(recorded_names)
    stop "${names[@]}"
    echo "  stopped the processes it had started; logs kept in $LOGS (npm run network:down removes .run/)" >&2
  fi
}
trap on_exit EXIT

# The log given to run_step is only named when the step fails; it is written, never read, here.
# shellcheck disable=SC2094
cmd_up() {
  ORDERERS=${ORDERERS:-1}
  while (($# > 0)); do
    case $1 in
      --orderers) ORDERERS=${2:-}; shift 2 ;;
      --orderers=*) ORDERERS=${1#*=}; shift ;;
      *) die "unknown option $1 (usage: network.sh up [--orderers 1|3])" ;;
    esac
  done
  [[ $ORDERERS == 1 || $ORDERERS == 3 ]] || die "--orderers must be 1 or 3 (Raft tolerates no failure with 2), got '$ORDERERS'"
  BASE_PORT=${FABRIC_BASE_PORT:-17000}
  if ! [[ $BASE_PORT =~ ^[0-9]+$ ]] || ((BASE_PORT < 1024 || BASE_PORT > 63000)); then
    die "FABRIC_BASE_PORT must be a number in 1024..63000, got '$BASE_PORT'"
  fi

  local name
  for name in $(recorded_names); do
    ! live_pid "$name" >/dev/null || die "the network is already running ($name); run: npm run network:down"
  done
  # Leftovers of a failed or killed run (no live process): start from nothing.
  rm -rf "$RUN_DIR"
  mkdir -p "$LOGS"

  local total
  total=$(now_ms)
  echo "Estate Ledger test network: $ORDERERS orderer(s), base port $BASE_PORT, state in $RUN_DIR"
  if [[ ! -f $CHAINCODE_DIR/dist/index.js ]]; then
    run_step "chaincode build (tsc)" "$LOGS/chaincode-build.log" build_chaincode >>"$LOGS/chaincode-build.log" 2>&1
  fi
  load_orgs
  PACKAGE_ID=
  run_step "preflight (binaries, ports, config)" "$LOGS/preflight.log" preflight >>"$LOGS/preflight.log" 2>&1
  UP_STARTED=1
  run_step "cryptogen" "$LOGS/cryptogen.log" run_cryptogen >>"$LOGS/cryptogen.log" 2>&1
  run_step "staff identities (openssl)" "$LOGS/identities.log" issue_identities >>"$LOGS/identities.log" 2>&1
  run_step "configtxgen (genesis block)" "$LOGS/configtxgen.log" run_configtxgen >>"$LOGS/configtxgen.log" 2>&1
  run_step "chaincode package" "$LOGS/package.log" package_chaincode >>"$LOGS/package.log" 2>&1
  run_step "chaincode server (CCaaS) spawn" "$LOGS/ccaas.log" start_ccaas
  run_step "orderers start, ready" "$LOGS/orderer0.log" start_orderers
  run_step "osnadmin channel join" "$LOGS/osnadmin.log" join_orderers >>"$LOGS/osnadmin.log" 2>&1
  run_step "peers start, ready" "$LOGS/peer0.${ORG_KEYS[0]}.log" start_peers
  run_step "peer channel join (each peer)" "$LOGS/channel-join.${ORG_KEYS[0]}.log" for_orgs_parallel channel-join join_channel
  run_step "Raft leader elected" "$LOGS/orderer0.log" wait_raft_leader
  run_step "chaincode install (each peer)" "$LOGS/install.${ORG_KEYS[0]}.log" for_orgs_parallel install install_chaincode
  run_step "approveformyorg (each org)" "$LOGS/approve.${ORG_KEYS[0]}.log" for_orgs_parallel approve approve_chaincode
  run_step "commit (MAJORITY, collections)" "$LOGS/commit.log" commit_chaincode >>"$LOGS/commit.log" 2>&1
  run_step "chaincode server listening" "$LOGS/ccaas.log" ccaas_listening
  run_step "chaincode answers on every peer" "$LOGS/ready.${ORG_KEYS[0]}.log" for_orgs_parallel ready await_chaincode
  run_step "gossip: every peer sees the others" "$LOGS/gossip.${ORG_KEYS[0]}.log" for_orgs_parallel gossip await_channel_view
  run_step "network.json" "$LOGS/profile.log" write_profile 2>>"$LOGS/profile.log"
  UP_STARTED=
  echo "✓ network up in $(elapsed "$total"): channel $CHANNEL, chaincode $CC_NAME ($PACKAGE_ID)"
  echo "  profile: $PROFILE"
  echo "  gateway: LEDGER=fabric FABRIC_NETWORK=$PROFILE ORG=registry npm start"
}

cmd_down() {
  local t0 names
  t0=$(now_ms)
  if [[ ! -d $RUN_DIR ]]; then
    echo "network is not up (no $RUN_DIR); nothing to do"
    return 0
  fi
  mapfile -t names < <(recorded_names)
  stop "${names[@]}"
  rm -rf "$RUN_DIR"
  echo "✓ network down: stopped ${#names[@]} process(es), removed $RUN_DIR ($(elapsed "$t0"))"
}

cmd_status() {
  load_settings
  local bad=0 i org state height out
  printf '%-30s %-8s %-7s %s\n' NODE PROCESS HEALTH HEIGHT
  for ((i = 0; i < ORDERERS; i++)); do
    state=down height=-
    if live_pid "orderer$i" >/dev/null; then state=running; fi
    if healthy "$(orderer_ops_port "$i")"; then out=OK; else out=DOWN bad=1; fi
    if height=$("$BIN_DIR/osnadmin" channel list --channelID "$CHANNEL" -o "127.0.0.1:$(orderer_admin_port "$i")" 2>/dev/null); then
      height=${height#*\"height\":}
      height=${height%%[,\}]*}
      height=${height//[!0-9]/}
    else
      height=-
    fi
    printf '%-30s %-8s %-7s %s\n' "orderer$i" "$state" "$out" "$height"
  done
  for org in "${ORG_KEYS[@]}"; do
    state=down
    if live_pid "peer0.$org" >/dev/null; then state=running; fi
    if healthy "$(peer_ops_port "$org")"; then out=OK; else out=DOWN bad=1; fi
    height=$(ledger_height "$org") || height=-
    printf '%-30s %-8s %-7s %s\n' "peer0.$org (${ORG_MSP[$org]})" "$state" "$out" "$height"
  done
  if live_pid ccaas >/dev/null && port_open "$(ccaas_port)"; then
    printf '%-30s %-8s %-7s %s\n' "chaincode server (CCaaS)" running OK "127.0.0.1:$(ccaas_port) $PACKAGE_ID"
  else
    printf '%-30s %-8s %-7s %s\n' "chaincode server (CCaaS)" down DOWN "127.0.0.1:$(ccaas_port)"
    bad=1
  fi
  # Admin:configure (gateway-api bootstrap: RegistryMSP admin role, consortium secret as transient
  # data) is the gateway's first transaction; until then every query answers LEDGER_NOT_INITIALISED.
  for org in "${ORG_KEYS[@]}"; do
    if out=$(peer_as "$org" chaincode query -C "$CHANNEL" -n "$CC_NAME" -c '{"Args":["Admin:getConfig"]}' 2>&1); then
      out=${out#*\"txId\":\"}
      echo "ledger: configured (Admin:getConfig answers; last configured in tx ${out%%\"*}) [via peer0.$org]"
      break
    elif [[ $out == *LEDGER_NOT_INITIALISED* ]]; then
      echo "ledger: not configured yet (the gateway's Fabric adapter runs Admin:configure on first start) [via peer0.$org]"
      break
    fi
  done
  if ((bad)); then
    echo "✗ something is down" >&2
    return 1
  fi
  echo "✓ all nodes healthy"
}

org_arg() {
  [[ -n $2 && -n ${ORG_MSP[$2]:-} ]] || die "usage: network.sh $1 <org>, org one of: ${ORG_KEYS[*]}"
}

height_at_least() { local h; h=$(ledger_height "$1") && ((h >= $2)); }

cmd_stop_peer() {
  load_settings
  org_arg stop-peer "$1"
  local t0
  t0=$(now_ms)
  live_pid "peer0.$1" >/dev/null || die "peer0.$1 is not running"
  stop "peer0.$1"
  echo "✓ peer0.$1 stopped ($(elapsed "$t0")); its ledger stays in $DATA/peer0.$1"
}

cmd_start_peer() {
  load_settings
  org_arg start-peer "$1"
  local org=$1 t0 other target=0 h
  ! live_pid "peer0.$org" >/dev/null || die "peer0.$org is already running"
  t0=$(now_ms)
  start_peer "$org"
  wait_until 30 "peer0.$org to be ready" peer_ready "$org"
  echo "✓ peer0.$org healthy ($(elapsed "$t0"))"
  # Caught up = at least the height the other peers had when it came back.
  for other in "${ORG_KEYS[@]}"; do
    [[ $other == "$org" ]] && continue
    if h=$(ledger_height "$other") && ((h > target)); then target=$h; fi
  done
  wait_until 60 "peer0.$org to reach height $target" height_at_least "$org" "$target"
  echo "✓ peer0.$org caught up to height $target ($(elapsed "$t0"))"
}

case ${1:-} in
  up) shift; cmd_up "$@" ;;
  down) cmd_down ;;
  status) cmd_status ;;
  stop-peer) cmd_stop_peer "${2:-}" ;;
  start-peer) cmd_start_peer "${2:-}" ;;
  *) die "usage: network.sh up [--orderers 1|3] | down | status | stop-peer <org> | start-peer <org>" ;;
esac
