#!/usr/bin/env node
// JSON and template chores for network.sh, kept out of bash so that nothing is parsed with sed.
//
//   netconf.js orgs <organisations.js>                  "<msp>\t<org key>" per organisation
//   netconf.js identities <organisations.js>            "<msp>\t<org key>\t<role>" per (msp, role) pair
//   netconf.js render <template> <out>                  ${NAME} -> $NAME from the environment
//   netconf.js core <sample core.yaml> <out> <builder dir>
//                                                       the peers' core.yaml: Docker off, our CCaaS builder
//   netconf.js profile <organisations.js> <connections dir> <run dir> <out>
//                                                       network.json from tab-separated records on stdin
//
// The organisation list comes from the chaincode's own ORGANISATIONS (chaincode/dist), so that the
// network issues exactly the (MSP, role) identities the chaincode authorises and never a copy of it.
'use strict';

const fs = require('node:fs');
const path = require('node:path');

function fail(message) {
  console.error(`netconf: ${message}`);
  process.exit(1);
}

function organisations(file) {
  const { ORGANISATIONS } = require(path.resolve(file));
  if (!ORGANISATIONS) fail(`${file} exports no ORGANISATIONS`);
  return ORGANISATIONS;
}

/** Replaces every ${NAME} with the environment's NAME; an unset NAME is an error, not an empty string. */
function render(template, out) {
  const missing = new Set();
  const text = fs.readFileSync(template, 'utf8').replace(/\$\{([A-Z0-9_]+)\}/g, (_, name) => {
    if (process.env[name] === undefined) missing.add(name);
    return process.env[name] ?? '';
  });
  if (missing.size) fail(`${template}: no value for ${[...missing].join(', ')}`);
  fs.writeFileSync(out, text);
}

/**
 * The two edits the sample core.yaml needs (everything else is set per peer by environment):
 * - vm.endpoint blanked: on 2.5 an empty CORE_VM_ENDPOINT does not override it, and with it set the
 *   peer registers a Docker health check that fails /healthz on a host without Docker;
 * - the ccaas_builder external builder pointed at test-network/builders/ccaas.
 * Each edit must match exactly once, so a different sample file fails loudly instead of silently.
 */
function core(sample, out, builderDir) {
  let text = fs.readFileSync(sample, 'utf8');
  const edits = [
    ['    endpoint: unix:///var/run/docker.sock\n', '    endpoint:\n'],
    ['         path: /opt/hyperledger/ccaas_builder\n', `         path: ${JSON.stringify(builderDir)}\n`],
  ];
  for (const [from, to] of edits) {
    if (text.split(from).length !== 2) fail(`${sample}: expected exactly one ${JSON.stringify(from.trim())}`);
    text = text.replace(from, () => to);
  }
  fs.writeFileSync(out, text);
}

/**
 * Writes the profile the gateway's Fabric adapter reads. Records on stdin (tab-separated):
 *   orderer  <endpoint> <tlsRootCert> <adminUrl> <opsUrl>
 *   peer     <msp> <endpoint> <opsUrl>
 *   identity <msp> <role> <court or -> <cert> <key>
 *   set      <field> <value>
 * Peer TLS CA, admin MSP and host alias come from peers-config/connections/<org>.json (paths
 * relative to the run dir), whose roles must equal the chaincode's ORGANISATIONS.
 */
function profile(orgsFile, connectionsDir, runDir, out) {
  const orgs = organisations(orgsFile);
  const profile = { channel: '', chaincode: '', orderers: [], peers: {}, identities: [] };
  const records = fs.readFileSync(0, 'utf8').split('\n').filter(Boolean).map((line) => line.split('\t'));
  for (const [kind, ...f] of records) {
    if (kind === 'set') {
      profile[f[0]] = f[1];
    } else if (kind === 'orderer') {
      profile.orderers.push({ endpoint: f[0], tlsRootCert: f[1], adminUrl: f[2], opsUrl: f[3] });
    } else if (kind === 'peer') {
      const [msp, endpoint, opsUrl] = f;
      const org = orgs[msp]?.key ?? fail(`unknown MSP ${msp}`);
      const file = path.join(connectionsDir, `${org}.json`);
      const conn = JSON.parse(fs.readFileSync(file, 'utf8'));
      if (conn.msp !== msp) fail(`${file}: msp ${conn.msp}, expected ${msp}`);
      const roles = [...orgs[msp].roles];
      if (JSON.stringify(conn.gateway.roles) !== JSON.stringify(roles)) {
        fail(`${file}: gateway.roles ${JSON.stringify(conn.gateway.roles)} differ from the chaincode's ${JSON.stringify(roles)}`);
      }
      const abs = (rel) => {
        const p = path.resolve(runDir, rel);
        if (!fs.existsSync(p)) fail(`${file}: ${rel} does not exist under ${runDir}`);
        return p;
      };
      profile.peers[msp] = {
        org,
        endpoint,
        hostAlias: conn.peer.hostAlias,
        tlsRootCert: abs(conn.peer.tlsRootCert),
        opsUrl,
        adminMsp: abs(conn.adminMsp),
        roles,
      };
    } else if (kind === 'identity') {
      const [msp, role, court, cert, key] = f;
      profile.identities.push({ msp, role, ...(court !== '-' && { court }), cert, key });
    } else {
      fail(`unknown record ${kind}`);
    }
  }
  fs.writeFileSync(out, `${JSON.stringify(profile, null, 2)}\n`);
}

const [command, ...args] = process.argv.slice(2);
if (command === 'orgs') {
  for (const [msp, o] of Object.entries(organisations(args[0]))) console.log(`${msp}\t${o.key}`);
} else if (command === 'identities') {
  for (const [msp, o] of Object.entries(organisations(args[0]))) for (const role of o.roles) console.log(`${msp}\t${o.key}\t${role}`);
} else if (command === 'render') {
  render(args[0], args[1]);
} else if (command === 'core') {
  core(args[0], args[1], args[2]);
} else if (command === 'profile') {
  profile(...args);
} else {
  fail(`unknown command ${command ?? '(none)'}`);
}
