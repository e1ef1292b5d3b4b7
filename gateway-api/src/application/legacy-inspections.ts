import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { LegacyFailurePage, LegacyInspection } from '@estate-ledger/api-schemas';
import { z } from 'zod';
import { BatchSourceError } from '../legacy-register/batch-reader';
import { CorrectionsFileError } from '../legacy-register/corrections';
import { inspectBatch, openLegacyBatch, type InspectionFailure, type InspectionReport } from '../legacy-register/inspection/inspect-batch';
import { LegacyInspectionError } from './application-errors';

export interface InspectionRequest {
  batch: string;
  asOf: string;
  mapping?: string;
  corrections?: string;
  requestedBy: string;
  requestedAt: string;
}

export type FailureFilter = Partial<Pick<InspectionFailure, 'rule' | 'category' | 'severity' | 'type'>> & { legacyId?: string; offset: number; limit: number };

type Stored = Omit<LegacyInspection, 'report'>;

/** How many full reports stay in memory for paging failures; older ones are read back from disk. */
const CACHED_REPORTS = 4;

/**
 * Inspections of legacy batches the registry places under one directory (LEGACY_BATCH_DIR): a
 * request names a batch there, the inspection runs in the background one at a time (a batch of a
 * million records takes minutes), and each report is kept as a file in DATA_DIR so it outlives a
 * restart. Reports never change once written.
 */
export class LegacyInspections {
  private readonly running = new Map<string, Stored>();
  private readonly cache = new Map<string, InspectionReport>();
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly batchDir: string,
    private readonly storeDir: string,
  ) {}

  /** A path the request names, inside the batch directory (no escaping it with .. or an absolute path). */
  private inside(name: string, field: string): string {
    const path = resolve(this.batchDir, name);
    const rel = relative(this.batchDir, path);
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel) || !existsSync(path)) {
      throw new LegacyInspectionError('LEGACY_BATCH_NOT_FOUND', `No ${field} ${name} in the legacy batch directory.`, field);
    }
    return path;
  }

  async start(request: InspectionRequest): Promise<LegacyInspection> {
    const batchPath = this.inside(request.batch, 'batch');
    const mappingPath = request.mapping === undefined ? undefined : this.inside(request.mapping, 'mapping');
    const correctionsPath = request.corrections === undefined ? undefined : this.inside(request.corrections, 'corrections');
    let batch;
    try {
      batch = await openLegacyBatch(batchPath, { mappingPath, correctionsPath });
    } catch (err) {
      throw inputError(err);
    }
    const stored: Stored = {
      inspectionId: randomUUID(),
      batch: request.batch,
      mapping: request.mapping ?? null,
      corrections: request.corrections ?? null,
      asOf: request.asOf,
      requestedBy: request.requestedBy,
      requestedAt: request.requestedAt,
      status: 'RUNNING',
      error: null,
    };
    this.running.set(stored.inspectionId, stored);
    this.queue = this.queue.then(async () => {
      try {
        const { report } = await inspectBatch(batch, { asOf: request.asOf });
        await this.save({ ...stored, status: 'DONE' }, report);
      } catch (err) {
        await this.save({ ...stored, status: 'FAILED', error: err instanceof Error ? err.message : String(err) });
      } finally {
        this.running.delete(stored.inspectionId);
      }
    });
    return { ...stored, report: null };
  }

  /** Resolves when every inspection started so far has finished (tests, shutdown). */
  idle(): Promise<void> {
    return this.queue;
  }

  private async save(meta: Stored, report?: InspectionReport): Promise<void> {
    await mkdir(this.storeDir, { recursive: true });
    if (report) {
      await writeFile(join(this.storeDir, `${meta.inspectionId}.report.json`), JSON.stringify(report));
      this.remember(meta.inspectionId, report);
    }
    await writeFile(join(this.storeDir, `${meta.inspectionId}.json`), JSON.stringify(meta));
  }

  private remember(id: string, report: InspectionReport): void {
    this.cache.delete(id);
    this.cache.set(id, report);
    while (this.cache.size > CACHED_REPORTS) this.cache.delete(this.cache.keys().next().value as string);
  }

  private async meta(id: string): Promise<Stored> {
    const running = this.running.get(id);
    if (running) return running;
    if (!/^[0-9a-f-]{36}$/.test(id)) throw notFound(id);
    const text = await readFile(join(this.storeDir, `${id}.json`), 'utf8').catch(() => undefined);
    if (text === undefined) throw notFound(id);
    return JSON.parse(text) as Stored;
  }

  /** The full report of a finished inspection. */
  async report(id: string): Promise<InspectionReport> {
    const meta = await this.meta(id);
    if (meta.status !== 'DONE') throw new LegacyInspectionError('LEGACY_INSPECTION_NOT_DONE', `Inspection ${id} is ${meta.status}; its report is not available.`, 'inspectionId');
    let report = this.cache.get(id);
    if (!report) {
      report = JSON.parse(await readFile(join(this.storeDir, `${id}.report.json`), 'utf8')) as InspectionReport;
      this.remember(id, report);
    }
    return report;
  }

  async get(id: string): Promise<LegacyInspection> {
    const meta = await this.meta(id);
    return { ...meta, report: meta.status === 'DONE' ? summary(await this.report(id)) : null };
  }

  async list(): Promise<LegacyInspection[]> {
    const files = existsSync(this.storeDir) ? (await readdir(this.storeDir)).filter((f) => /^[0-9a-f-]{36}\.json$/.test(f)) : [];
    const stored = await Promise.all(files.map(async (f) => JSON.parse(await readFile(join(this.storeDir, f), 'utf8')) as Stored));
    const all = [...stored, ...this.running.values()].sort((a, b) => b.requestedAt.localeCompare(a.requestedAt) || a.inspectionId.localeCompare(b.inspectionId));
    return Promise.all(all.map((m) => this.get(m.inspectionId)));
  }

  async failures(id: string, filter: FailureFilter): Promise<LegacyFailurePage> {
    const report = await this.report(id);
    const matching = report.failures.filter(
      (f) =>
        (!filter.rule || f.rule === filter.rule) &&
        (!filter.category || f.category === filter.category) &&
        (!filter.severity || f.severity === filter.severity) &&
        (!filter.type || f.type === filter.type) &&
        (!filter.legacyId || f.legacyId === filter.legacyId),
    );
    return { items: matching.slice(filter.offset, filter.offset + filter.limit), total: matching.length, offset: filter.offset, limit: filter.limit };
  }
}

function notFound(id: string): LegacyInspectionError {
  return new LegacyInspectionError('LEGACY_INSPECTION_NOT_FOUND', `No legacy inspection ${id}.`, 'inspectionId');
}

function summary(report: InspectionReport): NonNullable<LegacyInspection['report']> {
  return {
    input: report.input,
    records: report.records,
    rules: report.rules,
    categories: report.categories,
    failures: report.failures.length,
    heldBack: report.heldBack.length,
    corrections: { applied: report.corrections.applied.length, unmatched: report.corrections.unmatched.length },
  };
}

/** A mapping or corrections file that cannot be used, as the field it came from. */
function inputError(err: unknown): Error {
  if (err instanceof CorrectionsFileError) return new LegacyInspectionError('VALIDATION_FAILED', err.message, 'corrections', 'CORRECTIONS_FILE');
  if (err instanceof z.ZodError || err instanceof SyntaxError) return new LegacyInspectionError('VALIDATION_FAILED', `The mapping file is not valid: ${err.message}`, 'mapping', 'MAPPING_FILE');
  if (err instanceof BatchSourceError) return new LegacyInspectionError('LEGACY_BATCH_NOT_FOUND', err.message, 'batch');
  return err instanceof Error ? err : new Error(String(err));
}
