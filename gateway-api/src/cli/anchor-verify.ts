import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { zAnchorProof } from '@estate-ledger/api-schemas';
import { checkChainSide, checkLedgerSide } from '../anchoring/anchor-proof-check';

const USAGE = `npm run anchor:verify -- <proof.json> --rpc <chain RPC URL> [--anchorer <0x address the registry publishes>]

Checks an anchor proof (GET /api/v1/anchors/proofs/{sha256}: a certificate's or proof's canonical JSON
hash, or its PDF's) with the public chain's JSON-RPC alone: hash → transaction → block → Merkle root →
public transaction.
Exit code 0 when every step holds, 1 when one fails, 2 on bad usage.`;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { rpc: { type: 'string' }, anchorer: { type: 'string' }, help: { type: 'boolean' } } });
  const rpc = values.rpc ?? process.env.ANCHOR_RPC_URL;
  if (values.help || positionals.length !== 1 || !rpc) {
    console.error(USAGE);
    return 2;
  }
  const parsed = zAnchorProof.safeParse(JSON.parse(readFileSync(positionals[0], 'utf8')));
  if (!parsed.success) {
    console.error(`not an anchor proof: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    return 2;
  }
  const checks = [...checkLedgerSide(parsed.data), ...(await checkChainSide(parsed.data, rpc, values.anchorer))];
  for (const c of checks) console.log(`${c.ok ? 'ok  ' : 'FAIL'}  ${c.step.padEnd(26)} ${c.detail}`);
  const ok = checks.every((c) => c.ok);
  const a = parsed.data.anchor;
  console.log(ok ? `ANCHORED: hash ${parsed.data.certificateHash} is recorded in ledger block ${parsed.data.block.number}, anchored on ${a.chainName} (chain ${a.chainId}) at ${a.chainTime}` : 'NOT VERIFIED');
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(`anchor:verify failed: ${err.message}`);
    process.exit(1);
  },
);
