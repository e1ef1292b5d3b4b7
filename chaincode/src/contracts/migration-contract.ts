import { createHash } from 'node:crypto';
import { Info, Returns, Transaction } from 'fabric-contract-api';
import { canonicalJson } from '../domain/canonical-json';
import { contentFingerprint, statedContent } from '../domain/certificate-content';
import { RuleError } from '../domain/errors';
import { KEY, seqKey } from '../domain/keys';
import {
  LedgerMigrationCommand,
  LedgerMigrationGroup,
  endedBeforeMigration,
  hasLedgerHistory,
  migratedId,
  migrationRef,
  startOfChinaDate,
  type LedgerMigrationInput,
  type MigrationMark,
  type MigrationRecord,
} from '../domain/migration';
import type { Certificate, Unit } from '../domain/model';
import { EstateContext } from '../ledger/estate-context';
import { EstateContract } from './estate-contract';

type LegacyCertificate = NonNullable<NonNullable<LedgerMigrationInput['ownership']>['certificate']>;

@Info({ title: 'Migration', description: 'Brings the current state of units in from the legacy register (存量数据迁移), once per batch and legacy id' })
export class MigrationContract extends EstateContract {
  constructor() {
    super('Migration');
  }

  /**
   * Restores one linked unit's current register from the legacy system: holders, live mortgages,
   * seizures in queue order, advance notices, objections and the certificates with their legacy
   * numbers. Refused when the batch and legacy id are already on the ledger (so a rerun records
   * nothing twice) and when the unit already has a register on the ledger. Evaluated without
   * ordering, it previews exactly what it would write.
   */
  @Transaction()
  @Returns('string')
  async migrateUnit(ctx: EstateContext, input: string): Promise<string> {
    ctx.authorise('migration.load');
    const cmd = ctx.parse(LedgerMigrationCommand, input);
    const result = await this.restore(ctx, cmd, await ctx.transientParties());
    const { unit } = result;
    ctx.emit({ type: 'UNIT_MIGRATED', district: unit.district, unitNumber: unit.unitNumber, subject: { kind: 'migration', id: migrationRef(cmd.batchId, cmd.legacyId) }, registerVersion: unit.registerVersion });
    return canonicalJson(result);
  }

  /**
   * Several units of one batch in one transaction, all or none: the signatures and the block
   * entry of one transaction serve them all. A refusal names the unit (`units.N…`); the loader
   * then loads that group unit by unit, so one bad unit never holds back its neighbours.
   */
  @Transaction()
  @Returns('string')
  async migrateUnits(ctx: EstateContext, input: string): Promise<string> {
    ctx.authorise('migration.load');
    const cmd = ctx.parse(LedgerMigrationGroup, input);
    const party = await ctx.transientParties();
    const migrations: MigrationRecord[] = [];
    for (const [i, record] of cmd.units.entries()) {
      try {
        migrations.push((await this.restore(ctx, { ...record, batchId: cmd.batchId }, party)).migration);
      } catch (err) {
        if (!(err instanceof RuleError)) throw err;
        throw new RuleError(err.code, `units.${i}: ${err.body.message}`, { field: `units.${i}${err.body.field ? `.${err.body.field}` : ''}`, rule: err.body.rule });
      }
    }
    ctx.emit({ type: 'UNIT_MIGRATED', district: migrations[0].district, subject: { kind: 'migration', id: migrationRef(cmd.batchId, migrations[0].legacyId) } });
    return canonicalJson({ migrations });
  }

  private async restore(ctx: EstateContext, cmd: LedgerMigrationInput, party: (key: string) => string): Promise<{ migration: MigrationRecord; unit: Unit; certificates: Certificate[] }> {
    const done = await ctx.get<MigrationRecord>(KEY.migration, cmd.batchId, cmd.legacyId);
    if (done) {
      throw new RuleError('ALREADY_MIGRATED', `Legacy record ${cmd.legacyId} of batch ${cmd.batchId} is already on the ledger (unit ${done.unitNumber}, transaction ${done.migratedBy.txId})`, { field: 'legacyId' });
    }
    const unit = await ctx.storedUnit(cmd.unitNumber);
    if (hasLedgerHistory(unit)) {
      throw new RuleError('UNIT_HAS_HISTORY', `Unit ${unit.unitNumber} already has a register on the ledger (version ${unit.registerVersion}); a migration may not overwrite it`, { field: 'unitNumber' });
    }
    const ended = endedBeforeMigration(cmd, ctx.now);
    if (ended) throw new RuleError('MIGRATED_RECORD_ENDED', ended.message, { field: ended.field });
    const mark = (legacyId: string, legacyDate: string): MigrationMark => ({ batchId: cmd.batchId, legacyId, legacyDate });
    const records: MigrationRecord['records'] = [];
    const certificates: Array<{ rightId: string; rightType: Certificate['rightType']; legacy: LegacyCertificate }> = [];
    type LegacyRight = { legacyId: string; registeredOn: string; certificate?: LegacyCertificate };
    /** The fields every restored right shares: its migration in place of a registration, its legacy date and certificate number. */
    const registered = (r: LegacyRight) => ({
      registrationId: migrationRef(cmd.batchId, r.legacyId),
      recordedAt: startOfChinaDate(r.registeredOn),
      certNo: r.certificate?.certNo,
      migrated: mark(r.legacyId, r.registeredOn),
    });
    const restored = (rightType: 'OWNERSHIP' | 'MORTGAGE' | 'NOTICE' | 'RESIDENCE', r: LegacyRight, rightId: string) => {
      records.push({ kind: rightType, legacyId: r.legacyId, ledgerId: rightId });
      if (r.certificate) certificates.push({ rightId, rightType, legacy: r.certificate });
    };

    if (cmd.ownership) {
      const o = cmd.ownership;
      const rightId = migratedId(o.legacyId);
      unit.ownership = {
        rightId,
        holders: o.holders.map((h) => ({ party: party(h.party), share: h.share })),
        coOwnership: o.coOwnership,
        ...registered(o),
      };
      unit.firstRegisteredAt = unit.ownership.recordedAt;
      restored('OWNERSHIP', o, rightId);
    }
    for (const m of cmd.mortgages) {
      const rightId = migratedId(m.legacyId);
      unit.mortgages.push({
        rightId,
        mortgagors: m.mortgagors.map(party),
        creditor: party(m.creditor),
        amount: m.amount,
        maximumAmount: m.maximumAmount,
        noTransfer: m.noTransfer,
        termStart: m.termStart,
        termEnd: m.termEnd,
        rank: m.rank,
        ...registered(m),
      });
      restored('MORTGAGE', m, rightId);
    }
    for (const n of cmd.notices) {
      const rightId = migratedId(n.legacyId);
      unit.notices.push({
        rightId,
        holders: n.holders.map(party),
        contractId: n.contractId,
        ...registered(n),
        possibleFrom: n.possibleFrom && startOfChinaDate(n.possibleFrom),
      });
      restored('NOTICE', n, rightId);
    }
    for (const r of cmd.residences) {
      const rightId = migratedId(r.legacyId);
      unit.residence.push({ rightId, holders: r.holders.map(party), until: r.until, ...registered(r) });
      restored('RESIDENCE', r, rightId);
    }
    const actor = ctx.actor();
    for (const o of cmd.objections) {
      const objectionId = migratedId(o.legacyId);
      unit.objections.push({
        rightId: objectionId,
        applicant: party(o.applicant),
        reason: o.reason,
        // The 15 days of Civil Code 220 run from the legacy registration, not from the migration.
        recordedAt: startOfChinaDate(o.registeredOn),
        lawsuitFiled: o.lawsuitFiled,
        lawsuitDocHash: o.lawsuitDocHash,
        recordedBy: actor,
        migrated: mark(o.legacyId, o.registeredOn),
      });
      records.push({ kind: 'OBJECTION', legacyId: o.legacyId, ledgerId: objectionId });
    }
    // Queue order is service order (register.ts sorts by servedAt, ties in recording order): pushed by position.
    for (const s of [...cmd.seizures].sort((a, b) => a.queuePosition - b.queuePosition)) {
      const seizureId = migratedId(s.legacyId);
      const servedAt = startOfChinaDate(s.servedOn);
      const active = s.queuePosition === 1;
      unit.seizures.push({
        seizureId,
        court: s.court,
        caseNumber: s.caseNumber,
        documentHash: s.documentHash,
        kind: unit.ownership ? 'SEIZURE' : 'PRE_SEIZURE',
        status: active ? 'ACTIVE' : 'QUEUED',
        servedAt,
        activeFrom: active ? servedAt : undefined,
        endDate: s.endDate,
        renewals: [],
        migrated: mark(s.legacyId, s.servedOn),
      });
      records.push({ kind: 'SEIZURE', legacyId: s.legacyId, ledgerId: seizureId });
    }

    const ref = migrationRef(cmd.batchId, cmd.legacyId);
    unit.migration = { batchId: cmd.batchId, legacyId: cmd.legacyId, txId: ctx.txId, at: ctx.now };
    await ctx.changeRegister(unit, { kind: 'MIGRATED', ref });
    if (unit.ownership) {
      await ctx.put(KEY.title, [unit.unitNumber, seqKey(unit.registerVersion)], { unitNumber: unit.unitNumber, ...unit.ownership, endedAt: null, successor: null });
    }
    const issued: Certificate[] = [];
    for (const c of certificates) {
      issued.push(await this.putCertificate(ctx, cmd, unit, c));
      records.push({ kind: 'CERTIFICATE', legacyId: c.legacy.legacyId, ledgerId: c.legacy.certNo });
    }
    await ctx.saveUnit(unit);
    const record: MigrationRecord = {
      batchId: cmd.batchId,
      legacyId: cmd.legacyId,
      unitNumber: unit.unitNumber,
      district: unit.district,
      sourceHash: cmd.sourceHash,
      records,
      migratedBy: actor,
    };
    await ctx.put(KEY.migration, [cmd.batchId, cmd.legacyId], record);
    return { migration: record, unit, certificates: issued };
  }

  /** The ledger's record of a migration, by batch and legacy id. */
  @Transaction(false)
  @Returns('string')
  async get(ctx: EstateContext, batchId: string, legacyId: string): Promise<string> {
    const record = await ctx.get<MigrationRecord>(KEY.migration, batchId, legacyId);
    if (!record) throw new RuleError('INVALID_INPUT', `legacyId: no migration of ${legacyId} in batch ${batchId}`, { field: 'legacyId', rule: 'NOT_MIGRATED' });
    return canonicalJson(record);
  }

  /**
   * A legacy certificate keeps its number. Its file hash is the legacy system's where it kept one;
   * otherwise a fingerprint of the migrated record stands in (no file carries it, and the
   * certificate verifies by number and unit).
   */
  private async putCertificate(
    ctx: EstateContext,
    cmd: LedgerMigrationInput,
    unit: Unit,
    c: { rightId: string; rightType: Certificate['rightType']; legacy: LegacyCertificate },
  ): Promise<Certificate> {
    const { certNo, docHash: legacyHash, issuedOn, legacyId } = c.legacy;
    const docHash = legacyHash ?? createHash('sha256').update(canonicalJson({ schema: 'estate-ledger/migrated-certificate/v1', batchId: cmd.batchId, legacyId, certNo, unitNumber: unit.unitNumber })).digest('hex');
    if ((await ctx.get<Certificate>(KEY.certificate, certNo)) || (await ctx.get<{ certNo: string }>(KEY.certificateByHash, docHash))) {
      throw new RuleError('CERTIFICATE_NUMBER_TAKEN', `A certificate ${certNo} (or one with the same file hash) is already on the ledger`, { field: 'certificate.certNo' });
    }
    const content = statedContent(unit, c.rightId);
    const cert: Certificate = {
      certNo,
      kind: c.rightType === 'OWNERSHIP' ? 'TITLE' : 'PROOF',
      unitNumber: unit.unitNumber,
      district: unit.district,
      rightId: c.rightId,
      rightType: c.rightType,
      registrationId: migrationRef(cmd.batchId, legacyId),
      registerVersion: unit.registerVersion,
      docHash,
      contentHash: content && contentFingerprint(content),
      status: 'VALID',
      issuedAt: startOfChinaDate(issuedOn),
      issuedTxId: ctx.txId,
      migrated: { batchId: cmd.batchId, legacyId, legacyDate: issuedOn, hashKept: legacyHash !== undefined },
    };
    await ctx.put(KEY.certificate, [certNo], cert);
    await ctx.put(KEY.certificateByHash, [docHash], { certNo });
    return cert;
  }
}
