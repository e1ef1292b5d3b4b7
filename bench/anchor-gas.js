#!/usr/bin/env node
// Gas of one anchor: starts a local anvil node (the binary of the npm package @foundry-rs/anvil),
// sends anchors exactly as the gateway does (a self-addressed transaction whose 52-byte data is the
// marker, a Merkle root and the block range), and prints each receipt's gasUsed and fee.
// Usage: npm run build && node bench/anchor-gas.js [anchors]
const { spawn } = require('node:child_process');
const { createHash } = require('node:crypto');
const { dirname, join } = require('node:path');
const { AnchorChain } = require('../gateway-api/dist/anchoring/anchor-chain');
const { encodeAnchorPayload } = require('../gateway-api/dist/anchoring/anchor-payload');

const ANCHORS = Number(process.argv[2] ?? 5);
const KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80'; // anvil's first development account
const ARCH = { x64: 'amd64', arm64: 'arm64' };

async function main() {
  const pkg = `@foundry-rs/anvil-${process.platform}-${ARCH[process.arch] ?? process.arch}`;
  const binary = join(dirname(require.resolve(`${pkg}/package.json`)), 'bin', 'anvil');
  const node = spawn(binary, ['--host', '127.0.0.1', '--port', '0', '--chain-id', '31337'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise((resolve, reject) => {
    let out = '';
    node.stdout.on('data', (c) => {
      out += c;
      const m = /Listening on 127\.0\.0\.1:(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    node.once('exit', (code) => reject(new Error(`anvil exited with ${code}`)));
  });
  node.stdout.resume();
  const chain = new AnchorChain({ rpcUrl: `http://127.0.0.1:${port}`, chainId: 31337, privateKey: KEY });
  try {
    for (let i = 0; i < ANCHORS; i++) {
      const root = createHash('sha256').update(`root ${i}`).digest('hex');
      const signed = await chain.sign(encodeAnchorPayload({ root, fromBlock: i * 100, toBlock: i * 100 + 99 }));
      await chain.broadcast(signed.rawTx);
      const receipt = await chain.receipt(signed.txHash);
      console.log(`anchor ${i + 1}: gasUsed ${receipt.gasUsed} (blocks ${i * 100}-${i * 100 + 99}, tx ${signed.txHash})`);
    }
  } finally {
    chain.destroy();
    node.kill('SIGTERM');
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
