import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { OidcSettings } from '../auth/citizen-login';
import type { S3StoreSettings } from '../documents/s3-document-store';
import { BUILT_IN_FEE_TABLE, BUILT_IN_HOLIDAY_YEARS, DEFAULT_WORKING_CALENDAR, zFeeTable, type FeeTable, LedgerCommands, MSP_IDS, firstIssue, mspOfOrgKey, ORGANISATIONS, WorkingCalendar, zHolidayYear, type MspId } from '@estate-ledger/chaincode';
import type { LedgerSetup } from '../ledger/ledger-bootstrap';

/** Everything the gateway reads from its environment, read once at start. */
export interface GatewayConfig {
  host: string;
  port: number;
  dataDir: string;
  /** PostgreSQL connection string; without it the read model is PGlite inside DATA_DIR. */
  databaseUrl?: string;
  ledger: 'embedded' | 'fabric';
  /** With LEDGER=fabric: the network profile (channel, chaincode, peers, staff identities). */
  fabricNetwork: string;
  /** The agency running this gateway (ORG=registry|housing|tax|court): its identities read the ledger for the read model. */
  orgMsp: MspId;
  /** AES-256-GCM master key for names and ID numbers in the read model. */
  piiKey: Buffer;
  /** HMAC key of the gateway's JWTs (HS256). */
  jwtSecret: Buffer;
  jwtTtlSeconds: number;
  /** Longest `exp - iat` of a token the gateway accepts, whoever issued it with the secret. */
  jwtMaxTtlSeconds: number;
  /** JSON file of accounts with hashed API keys; without it, demo accounts are created. */
  accountsFile?: string;
  /** Public endpoints: requests per second per client address, and the burst allowed. */
  publicRateLimit: { perSecond: number; burst: number };
  bodyLimitBytes: number;
  /** Uploaded materials: the largest file and the most files of one request. */
  documentMaxBytes: number;
  documentMaxFiles: number;
  /** Uploaded materials in an S3-compatible object store (S3_BUCKET); otherwise in PostgreSQL with DATABASE_URL, else on disk. */
  s3Documents?: S3StoreSettings;
  /** Channel batch items processed at once. */
  batchConcurrency: number;
  verifyCacheEntries: number;
  /** How long a submission waits for its block to become visible in the read model. */
  projectionWaitMs: number;
  webhookReconcileIntervalMs: number;
  /** First retry delay of a failed webhook delivery; it doubles per attempt up to an hour. */
  webhookBackoffBaseMs: number;
  webhookTimeoutMs: number;
  logLevel: string;
  /** Directory of the built explorer, served at /. */
  explorerDir: string;
  /** Start the register's clock at this instant instead of the host's time (rehearsals, day-boundary tests). */
  clockStart?: Date;
  /** The identity platform (统一身份认证) citizens sign in with; without it there is no citizen login. */
  oidc?: OidcSettings;
  /** The gateway's address as browsers reach it (behind a proxy); by default the request's own host. */
  publicUrl?: string;
  /** The registry offices' seal keys (private, ES256), current and retired: generated here when absent. */
  issuerKeysFile: string;
  /** The CJK font the certificate PDFs embed a subset of (an OpenType collection or font file, with the face's PostScript name). */
  documentFont: { file: string; face: string };
  /** Province and registry offices a fresh ledger is configured with (LEDGER_SETUP file); the Dazhou default otherwise. */
  ledgerSetup?: LedgerSetup;
  /** Whether this gateway numbers certificates (Certificate:number) for every office: the registry's gateways by default. */
  numberingStation: boolean;
  /** How often the numbering station looks for certifications queued elsewhere or before a restart. */
  numberingSweepMs: number;
  /** Working days for the statutory time limits: the built-in holiday years, replaced or extended by HOLIDAY_CALENDAR_DIR. */
  workingCalendar: WorkingCalendar;
  /** The registration and certificate fees: the built-in table (chaincode/src/domain/fees/fee-table.json) or FEE_TABLE_FILE. */
  feeTable: FeeTable;
  /**
   * The payment platform whose signed notifications set a case's fees paid: its JSON Web Key Set
   * (a file, or an https URL fetched and cached by jose) and the issuer it signs as. Unset: the
   * notification endpoint answers 503 PAYMENTS_NOT_CONFIGURED.
   */
  payments?: { jwks: string; issuer: string; audience: string };
  /** Where the registry places legacy register batches for inspection (LEGACY_BATCH_DIR; DATA_DIR/legacy-batches by default). */
  legacyBatchDir: string;
  /** Anchoring on a public EVM chain (registry only); off unless ANCHOR_RPC_URL is set. */
  anchoring?: AnchoringConfig;
  /** Repeated no-shows (爽约) restrict booking: `limit` within `withinDays` bar new bookings and moves for `restrictionDays` after the last. */
  appointmentNoShows: NoShowRule;
}

export interface NoShowRule {
  limit: number;
  withinDays: number;
  restrictionDays: number;
}

export interface AnchoringConfig {
  rpcUrl: string;
  chainId: number;
  /** Shown to people: "anchored on <chainName>". */
  chainName: string;
  /** The anchoring address's key (0x and 64 hex digits). */
  privateKey: string;
  everyBlocks?: number;
  everyMinutes?: number;
  confirmations: number;
  pollMs: number;
}

interface StoredSecrets {
  piiKey: string;
  jwtSecret: string;
}

/** Secrets come from the environment; otherwise they are generated once into DATA_DIR (mode 600). */
function secrets(env: NodeJS.ProcessEnv, dataDir: string): StoredSecrets {
  const file = join(dataDir, 'secrets.json');
  let stored: StoredSecrets | undefined;
  if (existsSync(file)) stored = JSON.parse(readFileSync(file, 'utf8')) as StoredSecrets;
  if (!stored && (!env.PII_KEY || !env.JWT_SECRET)) {
    stored = { piiKey: randomBytes(32).toString('base64'), jwtSecret: randomBytes(32).toString('base64') };
    writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
  }
  return { piiKey: env.PII_KEY ?? stored?.piiKey ?? '', jwtSecret: env.JWT_SECRET ?? stored?.jwtSecret ?? '' };
}

const int = (value: string | undefined, fallback: number, name: string): number => {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, got ${value}`);
  return n;
};

const onOff = (value: string | undefined, fallback: boolean, name: string): boolean => {
  if (value === undefined || value === '') return fallback;
  if (value !== 'on' && value !== 'off') throw new Error(`${name} must be on or off, got ${value}`);
  return value === 'on';
};

/** An ISO 8601 instant with its offset (`2026-12-01T23:30:00+08:00`); a bare local time would depend on the host. */
const instant = (value: string | undefined, name: string): Date | undefined => {
  if (!value) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value) || Number.isNaN(Date.parse(value))) {
    throw new Error(`${name} must be an ISO 8601 instant with an offset, e.g. 2026-12-01T23:30:00+08:00, got ${value}`);
  }
  return new Date(value);
};

/** A JSON file with the input of Admin:configure, checked as the chaincode checks it. */
function ledgerSetup(file: string | undefined): LedgerSetup | undefined {
  if (!file) return undefined;
  const parsed = LedgerCommands.configure.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const issue = firstIssue(parsed.error);
    throw new Error(`LEDGER_SETUP ${file}: ${issue.message} (${issue.rule})`);
  }
  return parsed.data;
}

/**
 * The holiday calendar: the years shipped with the code, each replaced by a `<year>.json` of the
 * same shape in HOLIDAY_CALENDAR_DIR (a new year's State Council notice, a local adjustment).
 */
function workingCalendar(dir: string | undefined): WorkingCalendar {
  if (!dir) return DEFAULT_WORKING_CALENDAR;
  const files = readdirSync(dir).filter((f) => /^\d{4}\.json$/.test(f)).sort();
  const years = files.map((f) => {
    const parsed = zHolidayYear.safeParse(JSON.parse(readFileSync(join(dir, f), 'utf8')));
    if (!parsed.success) throw new Error(`HOLIDAY_CALENDAR_DIR ${f}: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
    if (`${parsed.data.year}.json` !== f) throw new Error(`HOLIDAY_CALENDAR_DIR ${f}: holds year ${parsed.data.year}`);
    return parsed.data;
  });
  return new WorkingCalendar([...BUILT_IN_HOLIDAY_YEARS, ...years]);
}

/** FEE_TABLE_FILE: a fee table of the built-in one's shape, checked at start (a malformed file stops the gateway). */
function feeTable(file: string | undefined): FeeTable {
  if (!file) return BUILT_IN_FEE_TABLE;
  const parsed = zFeeTable.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`FEE_TABLE_FILE ${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  return parsed.data;
}

/** S3_BUCKET with S3_ENDPOINT, S3_REGION, S3_PREFIX and S3_ACCESS_KEY_ID/S3_SECRET_ACCESS_KEY, or no object store. */
function s3Documents(env: NodeJS.ProcessEnv): S3StoreSettings | undefined {
  if (!env.S3_BUCKET) return undefined;
  if (!!env.S3_ACCESS_KEY_ID !== !!env.S3_SECRET_ACCESS_KEY) throw new Error('S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together (or neither, for the SDK\'s default credentials)');
  const endpoint = env.S3_ENDPOINT || undefined;
  if (endpoint && !/^https?:\/\/[^/]+/.test(endpoint)) throw new Error(`S3_ENDPOINT must be an http(s) URL, not ${endpoint}`);
  const prefix = env.S3_PREFIX ?? 'documents/';
  return {
    endpoint,
    region: env.S3_REGION || 'us-east-1',
    bucket: env.S3_BUCKET,
    prefix: prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`,
    credentials: env.S3_ACCESS_KEY_ID ? { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY! } : undefined,
    // Most S3-compatible stores (MinIO, SeaweedFS, Ceph) address buckets by path; AWS by host name.
    forcePathStyle: onOff(env.S3_FORCE_PATH_STYLE, endpoint !== undefined, 'S3_FORCE_PATH_STYLE'),
  };
}

const positiveInt = (value: string | undefined, fallback: number, name: string): number => {
  const n = int(value, fallback, name);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number of at least 1, got ${value}`);
  return n;
};

/** APPOINTMENT_NO_SHOW_LIMIT no-shows within APPOINTMENT_NO_SHOW_WINDOW_DAYS restrict booking for APPOINTMENT_NO_SHOW_RESTRICTION_DAYS. */
function noShowRule(env: NodeJS.ProcessEnv): NoShowRule {
  return {
    limit: positiveInt(env.APPOINTMENT_NO_SHOW_LIMIT, 3, 'APPOINTMENT_NO_SHOW_LIMIT'),
    withinDays: positiveInt(env.APPOINTMENT_NO_SHOW_WINDOW_DAYS, 90, 'APPOINTMENT_NO_SHOW_WINDOW_DAYS'),
    restrictionDays: positiveInt(env.APPOINTMENT_NO_SHOW_RESTRICTION_DAYS, 30, 'APPOINTMENT_NO_SHOW_RESTRICTION_DAYS'),
  };
}

/** PAYMENT_JWKS with PAYMENT_ISSUER (PAYMENT_AUDIENCE defaults to estate-ledger), or no payment platform. */
function paymentsConfig(env: NodeJS.ProcessEnv): GatewayConfig['payments'] {
  if (!env.PAYMENT_JWKS) return undefined;
  if (!env.PAYMENT_ISSUER) throw new Error('PAYMENT_JWKS needs PAYMENT_ISSUER: the issuer (iss) the payment platform signs its notifications as');
  const jwks = /^https?:\/\//.test(env.PAYMENT_JWKS) ? env.PAYMENT_JWKS : resolve(env.PAYMENT_JWKS);
  return { jwks, issuer: env.PAYMENT_ISSUER, audience: env.PAYMENT_AUDIENCE || 'estate-ledger' };
}

/** ANCHOR_* variables: all of RPC URL, chain id and key, or none (anchoring off). */
function anchoringConfig(env: NodeJS.ProcessEnv, orgMsp: MspId): AnchoringConfig | undefined {
  if (!env.ANCHOR_RPC_URL) return undefined;
  if (orgMsp !== 'RegistryMSP') throw new Error('ANCHOR_RPC_URL: only the registry gateway anchors the ledger');
  const chainId = int(env.ANCHOR_CHAIN_ID, 0, 'ANCHOR_CHAIN_ID');
  if (!Number.isInteger(chainId) || chainId < 1) throw new Error('ANCHOR_CHAIN_ID must be the chain id (a positive integer) when ANCHOR_RPC_URL is set');
  const privateKey = env.ANCHOR_PRIVATE_KEY ?? '';
  if (!/^0x[0-9a-fA-F]{64}$/.test(privateKey)) throw new Error('ANCHOR_PRIVATE_KEY must be 0x and 64 hex digits when ANCHOR_RPC_URL is set');
  const everyBlocks = env.ANCHOR_EVERY_BLOCKS ? int(env.ANCHOR_EVERY_BLOCKS, 0, 'ANCHOR_EVERY_BLOCKS') : undefined;
  const everyMinutes = env.ANCHOR_EVERY_MINUTES ? int(env.ANCHOR_EVERY_MINUTES, 0, 'ANCHOR_EVERY_MINUTES') : undefined;
  return {
    rpcUrl: env.ANCHOR_RPC_URL,
    chainId,
    chainName: env.ANCHOR_CHAIN_NAME || `chain ${chainId}`,
    privateKey,
    // Neither set: every 10 minutes.
    everyBlocks,
    everyMinutes: everyBlocks === undefined && everyMinutes === undefined ? 10 : everyMinutes,
    confirmations: Math.max(1, int(env.ANCHOR_CONFIRMATIONS, 1, 'ANCHOR_CONFIRMATIONS')),
    pollMs: int(env.ANCHOR_POLL_MS, 5_000, 'ANCHOR_POLL_MS'),
  };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const dataDir = resolve(env.DATA_DIR ?? 'data');
  const ledger = env.LEDGER ?? 'embedded';
  if (ledger !== 'embedded' && ledger !== 'fabric') throw new Error(`LEDGER must be embedded or fabric, got ${ledger}`);
  const org = env.ORG || 'registry';
  const orgMsp = mspOfOrgKey(org);
  if (!orgMsp) throw new Error(`ORG must be one of ${MSP_IDS.map((m) => ORGANISATIONS[m].key).join(', ')}, got ${org}`);
  // Secrets, keys, the ledger and the read model live here: no other local user may enter it
  // (files that libraries create with the umask's 0644 are then unreachable too).
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
  const s = secrets(env, dataDir);
  const piiKey = Buffer.from(s.piiKey, 'base64');
  if (piiKey.length !== 32) throw new Error('PII_KEY must be the base64 of 32 bytes');
  const jwtSecret = Buffer.from(s.jwtSecret, 'base64');
  if (jwtSecret.length < 32) throw new Error('JWT_SECRET must be the base64 of at least 32 bytes');
  const jwtTtlSeconds = int(env.JWT_TTL_SECONDS, 3600, 'JWT_TTL_SECONDS');
  // A working day: a token that leaks is useless by the next one.
  const jwtMaxTtlSeconds = int(env.JWT_MAX_TTL_SECONDS, 28_800, 'JWT_MAX_TTL_SECONDS');
  if (jwtTtlSeconds > jwtMaxTtlSeconds) throw new Error(`JWT_TTL_SECONDS (${jwtTtlSeconds}) must not exceed JWT_MAX_TTL_SECONDS (${jwtMaxTtlSeconds})`);
  return {
    host: env.HOST ?? '127.0.0.1',
    port: int(env.PORT, 8080, 'PORT'),
    dataDir,
    databaseUrl: env.DATABASE_URL || undefined,
    ledger,
    fabricNetwork: resolve(env.FABRIC_NETWORK ?? join('test-network', '.run', 'network.json')),
    orgMsp,
    piiKey,
    jwtSecret,
    jwtTtlSeconds,
    jwtMaxTtlSeconds,
    accountsFile: env.ACCOUNTS_FILE || undefined,
    publicRateLimit: { perSecond: int(env.PUBLIC_RATE_LIMIT, 50, 'PUBLIC_RATE_LIMIT'), burst: int(env.PUBLIC_RATE_BURST, 100, 'PUBLIC_RATE_BURST') },
    bodyLimitBytes: int(env.BODY_LIMIT_BYTES, 1_048_576, 'BODY_LIMIT_BYTES'),
    documentMaxBytes: int(env.DOCUMENT_MAX_BYTES, 10_485_760, 'DOCUMENT_MAX_BYTES'),
    documentMaxFiles: int(env.DOCUMENT_MAX_FILES, 20, 'DOCUMENT_MAX_FILES'),
    s3Documents: s3Documents(env),
    batchConcurrency: Math.max(1, int(env.BATCH_CONCURRENCY, 32, 'BATCH_CONCURRENCY')),
    verifyCacheEntries: int(env.VERIFY_CACHE_ENTRIES, 100_000, 'VERIFY_CACHE_ENTRIES'),
    projectionWaitMs: int(env.PROJECTION_WAIT_MS, 2_000, 'PROJECTION_WAIT_MS'),
    webhookReconcileIntervalMs: int(env.WEBHOOK_RECONCILE_INTERVAL_MS, 86_400_000, 'WEBHOOK_RECONCILE_INTERVAL_MS'),
    webhookBackoffBaseMs: int(env.WEBHOOK_BACKOFF_BASE_MS, 10_000, 'WEBHOOK_BACKOFF_BASE_MS'),
    webhookTimeoutMs: int(env.WEBHOOK_TIMEOUT_MS, 5_000, 'WEBHOOK_TIMEOUT_MS'),
    logLevel: env.LOG_LEVEL ?? 'info',
    explorerDir: resolve(env.EXPLORER_DIR ?? join(__dirname, '..', '..', '..', 'web-explorer', 'dist')),
    clockStart: instant(env.CLOCK_START, 'CLOCK_START'),
    oidc: oidcSettings(env),
    publicUrl: env.PUBLIC_URL ? env.PUBLIC_URL.replace(/\/+$/, '') : undefined,
    issuerKeysFile: resolve(env.ISSUER_KEYS_FILE ?? join(dataDir, 'issuer-keys.json')),
    documentFont: { file: env.DOCUMENT_FONT ?? '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', face: env.DOCUMENT_FONT_FACE ?? 'NotoSansCJKsc-Regular' },
    anchoring: anchoringConfig(env, orgMsp),
    ledgerSetup: ledgerSetup(env.LEDGER_SETUP),
    numberingStation: onOff(env.NUMBERING_STATION, ledger === 'embedded' || orgMsp === 'RegistryMSP', 'NUMBERING_STATION'),
    numberingSweepMs: int(env.NUMBERING_SWEEP_MS, 10_000, 'NUMBERING_SWEEP_MS'),
    workingCalendar: workingCalendar(env.HOLIDAY_CALENDAR_DIR || undefined),
    feeTable: feeTable(env.FEE_TABLE_FILE || undefined),
    payments: paymentsConfig(env),
    legacyBatchDir: resolve(env.LEGACY_BATCH_DIR ?? join(dataDir, 'legacy-batches')),
    appointmentNoShows: noShowRule(env),
  };
}

/** OIDC_ISSUER with its client; the claims default to `name` and `id_number`. */
export function oidcSettings(env: NodeJS.ProcessEnv): OidcSettings | undefined {
  if (!env.OIDC_ISSUER) return undefined;
  if (!env.OIDC_CLIENT_ID || !env.OIDC_CLIENT_SECRET) throw new Error('OIDC_ISSUER needs OIDC_CLIENT_ID and OIDC_CLIENT_SECRET');
  return {
    issuer: env.OIDC_ISSUER,
    clientId: env.OIDC_CLIENT_ID,
    clientSecret: env.OIDC_CLIENT_SECRET,
    nameClaim: env.OIDC_NAME_CLAIM || 'name',
    idNumberClaim: env.OIDC_ID_NUMBER_CLAIM || 'id_number',
    portalAudiences: (env.OIDC_PORTAL_AUDIENCES ?? '').split(',').map((a) => a.trim()).filter(Boolean),
  };
}
