import { z } from 'zod';
import * as S from '@estate-ledger/api-schemas';
import { zCertificateNumber } from '@estate-ledger/chaincode';
import type { LedgerPort } from '../../ledger/ledger-port';
import { identityOf } from '../../application/command-service';
import { CaseQueries } from '../../read-model/case-queries';
import { summaryOfBlock } from '../../read-model/ledger-views';
import { Projector } from '../../read-model/projector';
import type { Clock } from '../../register-clock';
import { action, scope } from '../access-policy';
import { ApiError } from '../api-error';
import { route, type AnyRoute } from '../route-spec';
import { viewerOf } from './query-routes';

const HEARTBEAT_MS = 15_000;

/** `clock` is the register's: a certificate number's year is not after its today. */
export function gatewayRoutes(d: { ledger: LedgerPort; projector: Projector; cases: CaseQueries; clock: Clock }): AnyRoute[] {
  return [
    route({
      operationId: 'whoAmI', method: 'get', path: '/me', tag: 'Auth', summary: 'The caller: organisation, role and districts', access: scope('staff.read'),
      response: { status: 200, description: 'Principal', schema: S.zPrincipal },
      handle: async (c) => ({ body: c.principal }),
    }),
    route({
      operationId: 'streamEvents', method: 'get', path: '/stream', tag: 'Ledger', summary: 'Server-sent events: `block` after each block is visible in the read model (token may be given as access_token)', access: scope('staff.read'), queryToken: true,
      response: { status: 200, description: 'A stream of `block` events (data: BlockSummary)', contentType: 'text/event-stream', schema: S.zEventStream },
      handle: async (c) => {
        const { res, req } = c;
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
        res.write(`retry: 2000\n\n`);
        const off = d.projector.onProjected((batch) => {
          for (const b of batch.blocks) {
            res.write(`id: ${b.number}\nevent: block\ndata: ${JSON.stringify(summaryOfBlock(b))}\n\n`);
          }
        });
        const beat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
        req.on('close', () => {
          clearInterval(beat);
          off();
        });
        return undefined;
      },
    }),
    route({
      operationId: 'getRegistryOffices', method: 'get', path: '/admin/registry-offices', tag: 'Admin',
      summary: "The ledger's configuration as the ledger holds it: the province abbreviation and the registry offices with their districts", access: action('admin.configure'),
      response: { status: 200, description: 'The configuration', schema: S.zLedgerConfig },
      handle: async (c) => {
        if (!c.principal) throw new ApiError(401, 'UNAUTHENTICATED', 'Authentication required');
        return { body: JSON.parse(await d.ledger.evaluate({ identity: identityOf(c.principal), fn: 'Admin:getConfig', args: [] })) as S.LedgerConfig };
      },
    }),
    route<{ certNo: string }>({
      operationId: 'getCertificateDocument', method: 'get', path: '/certificates/{certNo}/document', tag: 'Certificates', summary: 'The e-certificate document (names in full): the exact bytes whose SHA-256 /verify checks', access: scope('parties.read'),
      params: z.strictObject({ certNo: zCertificateNumber(() => d.clock.now()) }),
      response: { status: 200, description: 'Document bytes', schema: S.zCertificateDocument, verbatim: true },
      handle: async (c) => {
        const cert = await d.cases.certificate(c.params.certNo, viewerOf(c.principal));
        if (!c.principal) throw new ApiError(401, 'UNAUTHENTICATED', 'Authentication required');
        const doc = await d.ledger.evaluate({ identity: identityOf(c.principal), fn: 'Certificate:getDocument', args: [cert.certNo] });
        c.res.status(200).type('application/json').setHeader('Content-Disposition', `attachment; filename="${encodeURIComponent(cert.certNo)}.json"`);
        c.res.send(Buffer.from(doc, 'utf8'));
        return undefined;
      },
    }),
    route({
      operationId: 'rebuildReadModel', method: 'post', path: '/admin/read-model/rebuild', tag: 'Admin', summary: 'Rebuild the read model from block 0 (projection tables only; audit log and webhooks are kept)', access: scope('readmodel.admin'),
      response: { status: 200, description: 'Replayed', schema: S.zReadModelRebuilt },
      handle: async () => {
        const started = Date.now();
        await d.projector.stop();
        try {
          const transactions = await d.projector.rebuild();
          return { body: { transactions, ms: Date.now() - started } };
        } finally {
          d.projector.start();
        }
      },
    }),
  ];
}
