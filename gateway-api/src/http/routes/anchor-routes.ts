import { z } from 'zod';
import { zAnchorList, zAnchorProof, zCertificateAnchor } from '@estate-ledger/api-schemas';
import type { AnchorProofs } from '../../anchoring/anchor-proofs';
import type { AnchorQueries } from '../../read-model/anchor-queries';
import { PUBLIC, scope } from '../access-policy';
import { ApiError } from '../api-error';
import { route, type AnyRoute } from '../route-spec';
import { zCertificateHash } from './public-routes';
import { zLimit } from './query-routes';

const params = z.strictObject({ sha256: zCertificateHash });

/**
 * Anchors and proofs. The verify page learns publicly whether a certificate's block is anchored;
 * the full proof carries its whole block (other cases' transactions), which the consortium shows
 * to staff only, so staff download it and hand it to whoever checks it with `npm run anchor:verify`.
 */
export function anchorRoutes(d: { anchors: AnchorQueries; proofs: AnchorProofs }): AnyRoute[] {
  return [
    route<{ sha256: string }>({
      operationId: 'getCertificateAnchor', method: 'get', path: '/verify/{sha256}/anchor', tag: 'Public',
      summary: "Whether the block that recorded a document hash is anchored on a public chain (public): a certificate's or proof's canonical JSON hash (its issue) or its PDF's (the recording of the PDF)", access: PUBLIC,
      params, query: z.object({}), response: { status: 200, description: 'The block and its anchor, if any', schema: zCertificateAnchor },
      handle: async (c) => {
        const issued = await d.anchors.recordingTransaction(c.params.sha256);
        if (!issued) throw new ApiError(404, 'CERTIFICATE_NOT_FOUND', `No certificate, proof or PDF with hash ${c.params.sha256}`, 'sha256');
        return { body: { blockNumber: issued.blockNumber, anchor: await d.anchors.covering(issued.blockNumber) } };
      },
    }),
    route<{ sha256: string }>({
      operationId: 'getAnchorProof', method: 'get', path: '/anchors/proofs/{sha256}', tag: 'Ledger', summary: "The inclusion proof of a certificate's or proof's hash, canonical JSON or PDF: hash → transaction → block → Merkle root → public transaction", access: scope('staff.read'),
      params, response: { status: 200, description: 'The proof; check it with npm run anchor:verify', schema: zAnchorProof },
      handle: async (c) => ({ body: await d.proofs.proof(c.params.sha256) }),
    }),
    route<Record<string, never>, { limit: number }>({
      operationId: 'listAnchors', method: 'get', path: '/anchors', tag: 'Ledger', summary: 'The latest anchors of the ledger on the public chain, newest first', access: scope('staff.read'),
      query: z.strictObject({ limit: zLimit }), response: { status: 200, description: 'Anchors', schema: zAnchorList },
      handle: async (c) => ({ body: { items: await d.anchors.latest(c.query.limit) } }),
    }),
  ];
}
