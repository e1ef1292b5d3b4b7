import { z } from 'zod';
import { zActor } from './common';

/** Migration of the legacy register (存量数据迁移) and the correction of house-code links. */

export const MIGRATED_KINDS = ['OWNERSHIP', 'MORTGAGE', 'NOTICE', 'OBJECTION', 'SEIZURE', 'RESIDENCE', 'CERTIFICATE'] as const;

export const zMigrationRecord = z
  .object({
    batchId: z.string(),
    legacyId: z.string(),
    unitNumber: z.string(),
    district: z.string(),
    sourceHash: z.string().meta({ description: 'SHA-256 of the legacy source records of this unit, as inspected' }),
    records: z.array(z.object({ kind: z.enum(MIGRATED_KINDS), legacyId: z.string(), ledgerId: z.string() })).meta({ description: 'Every legacy record restored, with the id it has on the ledger' }),
    migratedBy: zActor,
  })
  .meta({ id: 'MigrationRecord', description: "The ledger's record of one migrated unit (exactly one per batch and legacy id)" });
export type MigrationRecord = z.infer<typeof zMigrationRecord>;

const ids = { legacyId: z.string(), unitNumber: z.string().optional() };
export const zMigrationOutcome = z
  .discriminatedUnion('outcome', [
    z.object({ ...ids, outcome: z.literal('LOADED'), txId: z.string(), blockNumber: z.int() }),
    z.object({ ...ids, outcome: z.literal('WOULD_LOAD'), writes: z.unknown().meta({ description: 'The unit, certificates and migration record the load would write' }) }),
    z.object({ ...ids, outcome: z.literal('ALREADY_ON_LEDGER'), message: z.string() }),
    z.object({ ...ids, outcome: z.literal('REFUSED'), code: z.string(), field: z.string().optional(), rule: z.string().optional(), message: z.string() }),
  ])
  .meta({ id: 'MigrationOutcome', description: 'What loading (or previewing) one legacy unit did or would do' });
export type MigrationOutcome = z.infer<typeof zMigrationOutcome>;

export const zMigrationPreview = z
  .object({ batchId: z.string(), results: z.array(zMigrationOutcome) })
  .meta({ id: 'MigrationPreview', description: 'What loading each record would write; nothing was written' });

export const zMigrationReport = z
  .object({
    batchId: z.string(),
    records: z.int(),
    loaded: z.int(),
    alreadyOnLedger: z.int().meta({ description: 'Records of this batch an earlier run already brought in (nothing was written twice)' }),
    journaled: z.int(),
    refused: z.array(zMigrationOutcome),
  })
  .meta({ id: 'MigrationReport', description: 'The outcome of loading a batch of legacy records' });
export type MigrationReport = z.infer<typeof zMigrationReport>;

export const zMigrationBatch = z
  .object({
    batchId: z.string(),
    units: z.int().meta({ description: 'Units of the batch on the ledger' }),
    restored: z.record(z.enum(MIGRATED_KINDS), z.int()).meta({ description: 'Legacy records restored, by kind' }),
  })
  .meta({ id: 'MigrationBatch', description: 'A migration batch as the read model shows it' });
export type MigrationBatch = z.infer<typeof zMigrationBatch>;

export const zRegistryUnitsDeclared = z
  .object({ district: z.string(), declared: z.int() })
  .meta({ id: 'RegistryUnitsDeclared', description: 'Registry units declared for linkage (挂接) in one transaction' });

export const zUnitUnlinked = z
  .object({ houseCode: z.string(), unitNumber: z.string(), reason: z.string() })
  .meta({ id: 'UnitUnlinked', description: 'A link removed (挂接纠错) with its reason' });
