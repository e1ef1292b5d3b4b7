import { z } from 'zod';
import { zMigrationBatch, zMigrationPreview, zMigrationReport } from '@estate-ledger/api-schemas';
import { apiMigrationRecord, zId } from '@estate-ledger/chaincode';
import { MigrationService } from '../../application/migration-service';
import { MigrationQueries } from '../../read-model/migration-queries';
import type { Clock } from '../../register-clock';
import { action, scope } from '../access-policy';
import { ApiError } from '../api-error';
import { route, type AnyRoute } from '../route-spec';
import { viewerOf } from './query-routes';

/** A batch travels in requests of at most this many units; larger loads use `npm run migration:load`. */
const MAX_RECORDS = 500;

/** Migration of the legacy register: preview and load by the registry, batch summaries for staff. */
export function migrationRoutes(d: { migrations: MigrationService; queries: MigrationQueries; clock: Clock }): AnyRoute[] {
  const batchParam = z.strictObject({ batchId: zId('batchId') });
  const body = z.strictObject({ records: z.array(apiMigrationRecord(() => d.clock.now())).min(1).max(MAX_RECORDS) });
  type Body = z.output<typeof body>;
  const caller = (p: Parameters<typeof viewerOf>[0]) => {
    if (!p) throw new ApiError(401, 'UNAUTHENTICATED', 'Authentication required');
    return p;
  };
  return [
    route<{ batchId: string }, Record<string, never>, Body>({
      operationId: 'previewMigration', method: 'post', path: '/migrations/{batchId}/preview', tag: 'Migration', summary: 'Preview what loading legacy units would write (存量数据迁移); nothing is written', access: action('migration.load'),
      params: batchParam, body, response: { status: 200, description: 'Per unit: what would be written, or why it would be refused', schema: zMigrationPreview },
      handle: async (c) => ({ body: { batchId: c.params.batchId, results: await d.migrations.preview(caller(c.principal), c.params.batchId, c.body.records) } }),
    }),
    route<{ batchId: string }, Record<string, never>, Body>({
      operationId: 'loadMigration', method: 'post', path: '/migrations/{batchId}/load', tag: 'Migration', summary: 'Load legacy units onto the ledger, each exactly once per batch and legacy id (a rerun writes nothing twice)', access: action('migration.load'),
      params: batchParam, body, response: { status: 200, description: 'Per batch: loaded, already on the ledger, refused with the reason', schema: zMigrationReport },
      handle: async (c) => ({ body: await d.migrations.load(caller(c.principal), c.params.batchId, c.body.records, c.requestId) }),
    }),
    route<{ batchId: string }>({
      operationId: 'getMigrationBatch', method: 'get', path: '/migrations/{batchId}', tag: 'Migration', summary: 'A migration batch: units and legacy records on the ledger, by kind', access: scope('staff.read'),
      params: batchParam, response: { status: 200, description: 'The batch', schema: zMigrationBatch },
      handle: async (c) => ({ body: await d.queries.batch(c.params.batchId, viewerOf(c.principal)) }),
    }),
  ];
}
