import { createHmac } from 'node:crypto';
import { Context } from 'fabric-contract-api';
import type { z } from 'zod';
import { canonicalBytes } from '../domain/canonical-json';
import { NOT_FOUND_CODES, RuleError, type FindableKey } from '../domain/errors';
import type { LedgerEvent } from '../domain/events';
import { KEY, PARTY_COLLECTION, PRIVATE_KEY, type KeyType, seqKey } from '../domain/keys';
import type { Actor, BookEntry, LedgerConfig, PartyRecord, PartyRef, Unit } from '../domain/model';
import { ATTR_COURT, ATTR_ROLE, mayPerform, type LedgerAction } from '../domain/organisations';
import { refreshUnit } from '../domain/register';
import type { DistrictHolding } from '../domain/registry-offices';
import { zTransientPartiesAt, type PartyIdentity } from '../domain/commands';
import { firstIssue } from '../domain/validation-error';
import { MAX_TIMESTAMP_SKEW_MS } from '../domain/time-limits';

/**
 * The slice of Fabric's ChaincodeStub the contracts use. The embedded ledger implements exactly
 * this, so nothing here knows which runtime it is in.
 */
export interface LedgerStub {
  getTxID(): string;
  getDateTimestamp(): Date;
  getState(key: string): Promise<Uint8Array>;
  putState(key: string, value: Uint8Array): Promise<void>;
  deleteState(key: string): Promise<void>;
  createCompositeKey(objectType: string, attributes: string[]): string;
  splitCompositeKey(key: string): { objectType: string; attributes: string[] };
  getStateByPartialCompositeKey(objectType: string, attributes: string[]): Promise<LedgerIterator<{ key: string; value: Uint8Array }>>;
  getHistoryForKey(key: string): Promise<LedgerIterator<{ txId: string; isDelete: boolean; value: Uint8Array; timestamp: { seconds: number | { toNumber(): number }; nanos: number } }>>;
  getPrivateData(collection: string, key: string): Promise<Uint8Array>;
  putPrivateData(collection: string, key: string, value: Uint8Array): Promise<void>;
  getTransient(): Map<string, Uint8Array>;
  setEvent(name: string, payload: Uint8Array): void;
}

/**
 * A runtime whose endorser keeps its own clock (the embedded ledger: the register clock) offers
 * it here; on a Fabric peer the chaincode process's clock is the endorsing peer's.
 */
export interface EndorserClock {
  getEndorserTime(): Date;
}

export interface LedgerIterator<T> {
  next(): Promise<{ value: T; done?: boolean }>;
  close(): Promise<void>;
}

export interface LedgerIdentity {
  getMSPID(): string;
  getID(): string;
  getAttributeValue(name: string): string | null;
}

const decoder = new TextDecoder();

export class EstateContext extends Context {
  private eventEmitted = false;
  private secretCache?: Buffer;
  /** Parties this transaction stored from its transient map, by reference: private writes are not readable in the same transaction. */
  private readonly storedParties = new Map<PartyRef, PartyRecord>();

  get ledger(): LedgerStub {
    return this.stub as unknown as LedgerStub;
  }

  get identity(): LedgerIdentity {
    return this.clientIdentity as unknown as LedgerIdentity;
  }

  get txId(): string {
    return this.ledger.getTxID();
  }

  /** Transaction time: the same on every endorser. */
  get now(): string {
    return this.ledger.getDateTimestamp().toISOString();
  }

  /**
   * Refuses to endorse a transaction whose timestamp is too far from this endorser's clock. The
   * one place chaincode reads a clock: it decides whether to endorse, never what is written.
   */
  checkTimestamp(): void {
    const endorser = (this.stub as unknown as Partial<EndorserClock>).getEndorserTime?.() ?? new Date();
    const skew = this.ledger.getDateTimestamp().getTime() - endorser.getTime();
    if (Math.abs(skew) > MAX_TIMESTAMP_SKEW_MS) {
      throw new RuleError('TIMESTAMP_SKEW', `The transaction is timestamped ${this.now}, ${Math.round(skew / 1000)} s from this endorser's clock (${endorser.toISOString()}); the limit is ${MAX_TIMESTAMP_SKEW_MS / 1000} s: check the submitting gateway's clock`);
    }
  }

  get msp(): string {
    return this.identity.getMSPID();
  }

  get role(): string {
    return this.identity.getAttributeValue(ATTR_ROLE) ?? '';
  }

  get court(): string {
    return this.identity.getAttributeValue(ATTR_COURT) ?? '';
  }

  actor(): Actor {
    return { msp: this.msp, role: this.role, id: this.identity.getID(), txId: this.txId, at: this.now };
  }

  authorise(action: LedgerAction): void {
    if (!mayPerform(action, this.msp, this.role)) {
      throw new RuleError('ACCESS_DENIED', `${this.msp} with role '${this.role || 'none'}' may not perform ${action}`);
    }
  }

  parse<S extends z.ZodType>(schema: S, raw: string): z.output<S> {
    let data: unknown;
    try {
      data = JSON.parse(raw);
    } catch {
      throw new RuleError('INVALID_INPUT', 'The transaction argument is not valid JSON', { rule: 'JSON' });
    }
    const result = schema.safeParse(data);
    if (!result.success) {
      const issue = firstIssue(result.error);
      throw new RuleError('INVALID_INPUT', issue.message, { field: issue.field, rule: issue.rule });
    }
    return result.data;
  }

  key(type: KeyType, ...attrs: string[]): string {
    return this.ledger.createCompositeKey(type, attrs);
  }

  async get<T>(type: KeyType, ...attrs: string[]): Promise<T | undefined> {
    const bytes = await this.ledger.getState(this.key(type, ...attrs));
    return bytes && bytes.length > 0 ? (JSON.parse(decoder.decode(bytes)) as T) : undefined;
  }

  /** A record that must exist: a miss is refused with its kind's code (UNIT_NOT_FOUND, …), naming the input field that gave the id. */
  async mustGet<T>(type: FindableKey, id: string, field?: string): Promise<T> {
    const value = await this.get<T>(type, id);
    if (value === undefined) throw new RuleError(NOT_FOUND_CODES[type], `No ${type} ${id}`, field === undefined ? {} : { field });
    return value;
  }

  async put(type: KeyType, attrs: string[], value: object): Promise<void> {
    await this.ledger.putState(this.key(type, ...attrs), canonicalBytes(value));
  }

  async list<T>(type: KeyType, ...attrs: string[]): Promise<T[]> {
    return (await this.entries<T>(type, ...attrs)).map((e) => e.value);
  }

  /** Records under a partial composite key, in key order, with their key attributes. */
  async entries<T>(type: KeyType, ...attrs: string[]): Promise<Array<{ attrs: string[]; value: T }>> {
    const it = await this.ledger.getStateByPartialCompositeKey(type, attrs);
    const out: Array<{ attrs: string[]; value: T }> = [];
    try {
      for (let r = await it.next(); !r.done; r = await it.next()) {
        out.push({ attrs: this.ledger.splitCompositeKey(r.value.key).attributes, value: JSON.parse(decoder.decode(r.value.value)) as T });
      }
    } finally {
      await it.close();
    }
    return out;
  }

  /** The first record under a partial composite key, reading no further. */
  async first<T>(type: KeyType, ...attrs: string[]): Promise<{ attrs: string[]; value: T } | undefined> {
    const it = await this.ledger.getStateByPartialCompositeKey(type, attrs);
    try {
      const r = await it.next();
      return r.done || !r.value ? undefined : { attrs: this.ledger.splitCompositeKey(r.value.key).attributes, value: JSON.parse(decoder.decode(r.value.value)) as T };
    } finally {
      await it.close();
    }
  }

  /** Notes what a district holds (keys.ts districtHolding), or that it no longer holds it. */
  async holdInDistrict(district: string, kind: DistrictHolding, id: string, held = true): Promise<void> {
    if (held) await this.put(KEY.districtHolding, [district, kind, id], { district, kind, id });
    else await this.ledger.deleteState(this.key(KEY.districtHolding, district, kind, id));
  }

  async history<T>(type: KeyType, ...attrs: string[]): Promise<Array<{ txId: string; at: string; deleted: boolean; value?: T }>> {
    const it = await this.ledger.getHistoryForKey(this.key(type, ...attrs));
    const out: Array<{ txId: string; at: string; deleted: boolean; value?: T }> = [];
    try {
      for (let r = await it.next(); !r.done; r = await it.next()) {
        const { txId, isDelete, value, timestamp } = r.value;
        const seconds = typeof timestamp.seconds === 'number' ? timestamp.seconds : timestamp.seconds.toNumber();
        out.push({
          txId,
          at: new Date(seconds * 1000 + Math.floor(timestamp.nanos / 1e6)).toISOString(),
          deleted: isDelete,
          value: isDelete || value.length === 0 ? undefined : (JSON.parse(decoder.decode(value)) as T),
        });
      }
    } finally {
      await it.close();
    }
    return out;
  }

  emit(event: Omit<LedgerEvent, 'txId' | 'at' | 'msp' | 'role'>): void {
    if (this.eventEmitted) throw new Error('a transaction emits exactly one event');
    this.eventEmitted = true;
    const full: LedgerEvent = { ...event, txId: this.txId, at: this.now, msp: this.msp, role: this.role };
    this.ledger.setEvent(event.type, canonicalBytes(full));
  }

  async config(): Promise<LedgerConfig> {
    const config = await this.get<LedgerConfig>(KEY.config, 'ledger');
    if (!config) throw new RuleError('LEDGER_NOT_INITIALISED', 'The ledger has not been configured by the registry administrator');
    return config;
  }

  private async secret(): Promise<Buffer> {
    if (!this.secretCache) {
      const bytes = await this.ledger.getPrivateData(PARTY_COLLECTION, PRIVATE_KEY.consortiumSecret);
      if (!bytes || bytes.length === 0) {
        throw new RuleError('LEDGER_NOT_INITIALISED', 'The consortium secret for party references is not set');
      }
      this.secretCache = Buffer.from(decoder.decode(bytes), 'hex');
    }
    return this.secretCache;
  }

  /** Keyed hash of a party: an unkeyed hash of an 18-digit ID is brute-forceable (~10^11 candidates). */
  async partyRef(identity: PartyIdentity): Promise<PartyRef> {
    return createHmac('sha256', await this.secret()).update(`${identity.kind}:${identity.idNumber}`).digest('hex');
  }

  /**
   * Reads the transient `parties` map, stores each identity in the private collection and
   * returns a resolver from party key to reference.
   */
  async transientParties(): Promise<(key: string) => PartyRef> {
    const raw = this.ledger.getTransient().get('parties');
    if (!raw) return (key) => { throw new RuleError('PARTY_MISSING', `Party '${key}' is not in the transient parties map`, { field: key }); };
    const parsed = this.parse(zTransientPartiesAt(() => this.ledger.getDateTimestamp()), decoder.decode(raw));
    const refs = new Map<string, PartyRef>();
    for (const [key, identity] of Object.entries(parsed)) {
      const ref = await this.partyRef(identity);
      refs.set(key, ref);
      const record: PartyRecord = { ref, kind: identity.kind, name: identity.name, idNumber: identity.idNumber };
      await this.ledger.putPrivateData(PARTY_COLLECTION, this.ledger.createCompositeKey(PRIVATE_KEY.party, [ref]), canonicalBytes(record));
      this.storedParties.set(ref, record);
    }
    return (key) => {
      const ref = refs.get(key);
      if (!ref) throw new RuleError('PARTY_MISSING', `Party '${key}' is not in the transient parties map`, { field: key });
      return ref;
    };
  }

  async party(ref: PartyRef): Promise<PartyRecord | undefined> {
    const stored = this.storedParties.get(ref);
    if (stored) return stored;
    const bytes = await this.ledger.getPrivateData(PARTY_COLLECTION, this.ledger.createCompositeKey(PRIVATE_KEY.party, [ref]));
    return bytes && bytes.length > 0 ? (JSON.parse(decoder.decode(bytes)) as PartyRecord) : undefined;
  }

  /** Loads a unit with every lapse due now already applied (and recorded when it is saved). */
  async unit(unitNumber: string): Promise<{ unit: Unit; lapsed: Array<{ kind: string; id: string; reason: string }>; baseVersion: number }> {
    const stored = await this.storedUnit(unitNumber);
    const { unit, ended } = refreshUnit(stored, this.now, this.txId);
    for (const e of ended) await this.bookEntry(unit, stored.registerVersion + 1, { kind: `${e.kind}_${e.reason}`, ref: e.id, at: e.at });
    return { unit, lapsed: ended.map((e) => ({ kind: e.kind, id: e.id, reason: e.reason })), baseVersion: unit.registerVersion };
  }

  /** A unit exists once the registry linked a household of a building table to its number (挂接). */
  async storedUnit(unitNumber: string): Promise<Unit> {
    const unit = await this.get<Unit>(KEY.unit, unitNumber);
    if (!unit) throw new RuleError('UNIT_NOT_FOUND', `No unit ${unitNumber} in the register: no household of a building table is linked to it`, { field: 'unitNumber' });
    return unit;
  }

  /** Bumps the register version (a change of rights or restrictions) and appends a book entry. */
  async changeRegister(unit: Unit, entry: { kind: string; ref: string; registrationId?: string }): Promise<void> {
    unit.registerVersion += 1;
    await this.bookEntry(unit, unit.registerVersion, { ...entry, at: this.now });
  }

  private async bookEntry(unit: Unit, version: number, entry: Pick<BookEntry, 'kind' | 'ref' | 'at' | 'registrationId'>): Promise<void> {
    const line: BookEntry = { unitNumber: unit.unitNumber, registerVersion: version, txId: this.txId, ...entry };
    await this.put(KEY.bookEntry, [unit.unitNumber, seqKey(version), entry.ref], line);
  }

  /** The unit's register book, in register order. */
  async book(unitNumber: string): Promise<BookEntry[]> {
    return this.list<BookEntry>(KEY.bookEntry, unitNumber);
  }

  async saveUnit(unit: Unit): Promise<void> {
    await this.put(KEY.unit, [unit.unitNumber], unit);
  }
}
