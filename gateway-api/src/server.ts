import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import packageJson from '../package.json';
import { container as rootContainer, type DependencyContainer } from 'tsyringe';
import { CommandService } from './application/command-service';
import { CertificateNumbering } from './application/certificate-numbering';
import { AnchorChain } from './anchoring/anchor-chain';
import { AnchorProofs } from './anchoring/anchor-proofs';
import { AnchorService } from './anchoring/anchor-service';
import { AuditLog } from './audit/audit-log';
import { AuditQuery } from './audit/audit-query';
import { AccountStore, demoAccountStore, ensureDemoAccounts, type DemoAccount } from './auth/account-store';
import { ChannelAccounts } from './auth/channel-accounts';
import { CitizenLogin } from './auth/citizen-login';
import { TokenService } from './auth/token-service';
import type { GatewayConfig } from './config/gateway-config';
import { createApp } from './http/app';
import { Authenticator } from './http/authenticator';
import { openApiDocument } from './http/openapi';
import { RateLimiter } from './http/rate-limiter';
import type { AnyRoute } from './http/route-spec';
import { anchorRoutes } from './http/routes/anchor-routes';
import { auditRoutes } from './http/routes/audit-routes';
import { legacyRoutes } from './http/routes/legacy-routes';
import { LegacyInspections } from './application/legacy-inspections';
import { buildingTableRoutes } from './http/routes/building-table-routes';
import { linkageRoutes } from './http/routes/linkage-routes';
import { migrationRoutes } from './http/routes/migration-routes';
import { businessTypeRoutes } from './http/routes/business-type-routes';
import { commandRoutes } from './http/routes/command-routes';
import { documentRoutes } from './http/routes/document-routes';
import { gatewayRoutes } from './http/routes/gateway-routes';
import { identityRoutes } from './http/routes/identity-routes';
import { publicRoutes } from './http/routes/public-routes';
import { queryRoutes } from './http/routes/query-routes';
import { webhookRoutes } from './http/routes/webhook-routes';
import { verifyFastPath } from './http/verify-fast-path';
import { EmbeddedLedger } from './ledger/embedded/embedded-ledger';
import { FabricLedger } from './ledger/fabric/fabric-ledger';
import { readNetworkProfile } from './ledger/fabric/network-profile';
import { ensureConfigured } from './ledger/ledger-bootstrap';
import type { LedgerPort } from './ledger/ledger-port';
import { AnchorQueries } from './read-model/anchor-queries';
import { BuildingTableQueries } from './read-model/building-table-queries';
import { MigrationQueries } from './read-model/migration-queries';
import { MigrationService } from './application/migration-service';
import { LinkageService } from './application/linkage-service';
import { CaseQueries } from './read-model/case-queries';
import { LedgerQueries } from './read-model/ledger-queries';
import { migrate } from './read-model/migrations';
import { PartyDirectory } from './read-model/party-directory';
import { PgReadDb } from './read-model/pg-read-db';
import { PgliteReadDb } from './read-model/pglite-read-db';
import { PiiVault } from './read-model/pii-vault';
import { PROJECTION_HOOKS, Projector, type ProjectionHook } from './read-model/projector';
import type { ReadDb } from './read-model/read-db';
import { StatisticsQuery } from './read-model/statistics-query';
import { UnitQueries } from './read-model/unit-queries';
import { VerificationQuery } from './read-model/verification-query';
import { CLOCK, CONFIG, ISSUER_KEYS, LEDGER, LOGGER, READ_DB } from './tokens';
import { HolderDocuments } from './documents/holder-documents';
import { HoldingsProofs } from './documents/holdings-proofs';
import { SealedDocuments } from './documents/sealed-documents';
import { IssuerKeys } from './documents/issuer-keys';
import { clockStartingAt, systemClock, type Clock } from './register-clock';
import { ApplicantCases } from './applicants/applicant-cases';
import { CitizenProperties } from './applicants/citizen-properties';
import { OnlineFiling } from './applicants/online-filing';
import { BATCH_QUEUE } from './channels/batch-queue';
import { BATCH_WORKER_OPTIONS, BatchWorker } from './channels/batch-worker';
import { ChannelBatches } from './channels/channel-batches';
import { ChannelSupervision } from './channels/channel-supervision';
import { PgBossBatchQueue } from './channels/pg-boss-batch-queue';
import { TableBatchQueue } from './channels/table-batch-queue';
import { DiskDocumentStore } from './documents/disk-document-store';
import { DOCUMENT_STORE, type DocumentStore } from './documents/document-store';
import { PgDocumentStore } from './documents/pg-document-store';
import { S3DocumentStore } from './documents/s3-document-store';
import { filingRoutes } from './http/routes/filing-routes';
import { appointmentRoutes } from './http/routes/appointment-routes';
import { AppointmentBookings } from './appointments/appointment-bookings';
import { AppointmentOffices } from './appointments/appointment-offices';
import { feeRoutes } from './http/routes/fee-routes';
import { CaseFeesService } from './fees/case-fees';
import { PaymentNotifications } from './fees/payment-notifications';
import { WEBHOOK_DISPATCHER_OPTIONS, WebhookDispatcher } from './webhooks/webhook-dispatcher';
import { WebhookOutbox } from './webhooks/webhook-outbox';
import { WebhookReconciler } from './webhooks/webhook-reconciler';
import { WebhookSubscriptions } from './webhooks/webhook-subscriptions';

/** How long a batch item taken by the worker stays its own before another take may have it. */
const BATCH_LEASE_SECONDS = 120;

export interface RunningGateway {
  url: string;
  config: GatewayConfig;
  ledger: LedgerPort;
  db: ReadDb;
  container: DependencyContainer;
  /** Every API route: the authorization matrix and the OpenAPI document are generated from it. */
  routes: AnyRoute[];
  /** Present when the accounts are the generated demo ones. */
  demoAccounts?: DemoAccount[];
  /** Present when anchoring is configured (ANCHOR_RPC_URL). */
  anchoring?: AnchorService;
  close(): Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
  clock?: Clock;
}

/** The configured ledger: the embedded one, or this agency's connection to the Fabric network. */
export async function openLedger(config: GatewayConfig, clock: Clock = systemClock): Promise<LedgerPort> {
  const ledger: LedgerPort =
    config.ledger === 'fabric'
      ? new FabricLedger({ profile: readNetworkProfile(config.fabricNetwork), msp: config.orgMsp })
      : await EmbeddedLedger.open({ dataDir: config.dataDir, clock });
  try {
    // The embedded ledger holds every agency's identities, so it configures itself whatever ORG says.
    await ensureConfigured(ledger, { msp: config.ledger === 'fabric' ? config.orgMsp : 'RegistryMSP', config: config.ledgerSetup });
  } catch (err) {
    await ledger.close();
    throw err;
  }
  return ledger;
}

export async function openReadDb(config: GatewayConfig): Promise<ReadDb> {
  return config.databaseUrl ? new PgReadDb({ connectionString: config.databaseUrl }) : PgliteReadDb.open(join(config.dataDir, 'readmodel'));
}

/**
 * The composition root: opens the ledger and the read model, wires every service through one
 * tsyringe container, and serves HTTP. The verify fast path sits in front of express.
 */
export async function startGateway(config: GatewayConfig, opts: StartOptions = {}): Promise<RunningGateway> {
  const logger = opts.logger ?? pino({ level: config.logLevel });
  const clock = opts.clock ?? (config.clockStart ? clockStartingAt(config.clockStart) : systemClock);
  const ledger = await openLedger(config, clock);
  const db = await openReadDb(config);
  await migrate(db);

  const c = rootContainer.createChildContainer();
  c.register(CONFIG, { useValue: config });
  c.register(LOGGER, { useValue: logger });
  c.register(CLOCK, { useValue: clock });
  c.register(LEDGER, { useValue: ledger });
  c.register(READ_DB, { useValue: db });
  c.register(PiiVault, { useValue: new PiiVault(config.piiKey) });
  // The bytes of uploaded materials: beside the read model in PostgreSQL, on disk in the embedded default.
  const documents: DocumentStore = config.s3Documents
    ? new S3DocumentStore(config.s3Documents)
    : config.databaseUrl
      ? new PgDocumentStore(db)
      : new DiskDocumentStore(join(config.dataDir, 'documents'));
  c.register(DOCUMENT_STORE, { useValue: documents });
  // The batch queue: pg-boss beside the read model in PostgreSQL, the items table itself on PGlite.
  c.register(BATCH_QUEUE, { useValue: config.databaseUrl ? await PgBossBatchQueue.start(config.databaseUrl, logger, BATCH_LEASE_SECONDS) : new TableBatchQueue(db, clock) });
  c.register(BATCH_WORKER_OPTIONS, { useValue: { concurrency: config.batchConcurrency, leaseMs: BATCH_LEASE_SECONDS * 1000 } });
  const issuerKeys = IssuerKeys.load(config.issuerKeysFile);
  c.register(ISSUER_KEYS, { useValue: issuerKeys });
  c.register(WEBHOOK_DISPATCHER_OPTIONS, { useValue: { backoffBaseMs: config.webhookBackoffBaseMs, timeoutMs: config.webhookTimeoutMs } });
  for (const cls of [ChannelAccounts, Projector, WebhookOutbox, WebhookDispatcher, WebhookSubscriptions, WebhookReconciler, AuditLog, AuditQuery, VerificationQuery, CertificateNumbering, CommandService, PartyDirectory, UnitQueries, CaseQueries, BuildingTableQueries, LedgerQueries, StatisticsQuery, AnchorQueries, MigrationService, MigrationQueries, LinkageService, SealedDocuments, HoldingsProofs, HolderDocuments, ApplicantCases, OnlineFiling, ChannelBatches, ChannelSupervision, BatchWorker, CaseFeesService, PaymentNotifications]) {
    c.registerSingleton(cls as never);
  }
  const outbox = c.resolve(WebhookOutbox);
  // The dispatcher is woken only after a batch that queued deliveries (and after it committed).
  let queuedDeliveries = false;
  const hooks: ProjectionHook[] = [{ onBlock: async (tx, block) => (queuedDeliveries = (await outbox.enqueueBlock(tx, block)) > 0 || queuedDeliveries) }];
  c.register(PROJECTION_HOOKS, { useValue: hooks });

  const projector = c.resolve(Projector);
  const audit = c.resolve(AuditLog);
  const dispatcher = c.resolve(WebhookDispatcher);
  const reconciler = c.resolve(WebhookReconciler);

  const demoAccounts = config.accountsFile ? undefined : ensureDemoAccounts(config.dataDir);
  const accounts = config.accountsFile ? AccountStore.fromFile(config.accountsFile) : demoAccountStore(demoAccounts ?? []);
  const tokens = new TokenService(config.jwtSecret, config.jwtTtlSeconds, config.jwtMaxTtlSeconds);
  const rateLimiter = new RateLimiter(config.publicRateLimit.perSecond, config.publicRateLimit.burst);
  const channels = c.resolve(ChannelAccounts);
  const citizens = config.oidc && new CitizenLogin(config.oidc, config.jwtSecret);
  const authenticator = new Authenticator(accounts, channels, tokens, citizens, clock);
  const units = c.resolve(UnitQueries);
  const cases = c.resolve(CaseQueries);
  const verification = c.resolve(VerificationQuery);
  const batchWorker = c.resolve(BatchWorker);

  const legacyInspections = new LegacyInspections(config.legacyBatchDir, join(config.dataDir, 'legacy-inspections'));
  const routes = [
    ...publicRoutes({ verification, units, accounts, tokens, clock }),
    ...identityRoutes({ channels, tokens, authenticator, citizens, publicUrl: config.publicUrl, clock }),
    ...businessTypeRoutes(),
    ...commandRoutes(c.resolve(CommandService), clock),
    ...queryRoutes({ units, cases, ledgerQueries: c.resolve(LedgerQueries), statistics: c.resolve(StatisticsQuery), parties: c.resolve(PartyDirectory), ledger, clock }),
    ...buildingTableRoutes({ buildingTables: c.resolve(BuildingTableQueries) }),
    ...migrationRoutes({ migrations: c.resolve(MigrationService), queries: c.resolve(MigrationQueries), clock }),
    ...linkageRoutes({ linkage: c.resolve(LinkageService) }),
    ...gatewayRoutes({ ledger, projector, cases, clock }),
    ...documentRoutes({ ledger, cases, clock, documents: c.resolve(SealedDocuments), proofs: c.resolve(HoldingsProofs), holder: c.resolve(HolderDocuments), issuerKeys }),
    ...auditRoutes({ audit: c.resolve(AuditQuery), log: audit }),
    ...webhookRoutes({ subscriptions: c.resolve(WebhookSubscriptions), reconciler, db }),
    ...filingRoutes({ filing: c.resolve(OnlineFiling), applicantCases: c.resolve(ApplicantCases), properties: c.resolve(CitizenProperties), batches: c.resolve(ChannelBatches), supervision: c.resolve(ChannelSupervision), batchWorker, config, clock }),
    ...appointmentRoutes({ offices: c.resolve(AppointmentOffices), bookings: c.resolve(AppointmentBookings) }),
    ...feeRoutes({ fees: c.resolve(CaseFeesService), payments: c.resolve(PaymentNotifications), applicantCases: c.resolve(ApplicantCases), clock }),
    ...legacyRoutes({ inspections: legacyInspections, clock }),
    ...anchorRoutes({ anchors: c.resolve(AnchorQueries), proofs: new AnchorProofs(ledger, c.resolve(AnchorQueries)) }),
  ];
  const anchoring = config.anchoring && new AnchorService(ledger, new AnchorChain(config.anchoring), { ...config.anchoring }, clock, logger.child({ component: 'anchoring' }));

  const health = async () => {
    const p = projector.status();
    const height = await ledger.height();
    const reachable = await db.query('SELECT 1', [], 'health_ping').then(() => true, () => false);
    const up = p.healthy && reachable;
    return {
      status: up ? ('UP' as const) : ('DEGRADED' as const),
      ledger: { kind: config.ledger, height },
      readModel: { kind: db.kind, status: up ? 'UP' : 'UNAVAILABLE', projectedHeight: p.projectedBlock + 1, lagBlocks: Math.max(0, height - p.projectedBlock - 1), error: up ? undefined : (p.lastError ?? 'not reachable') },
    };
  };
  const metrics = async () => {
    const h = await health();
    return [
      '# TYPE estate_ledger_height gauge',
      `estate_ledger_height ${h.ledger.height}`,
      '# TYPE estate_readmodel_projected_height gauge',
      `estate_readmodel_projected_height ${h.readModel.projectedHeight}`,
      '# TYPE estate_readmodel_up gauge',
      `estate_readmodel_up ${h.readModel.status === 'UP' ? 1 : 0}`,
      '',
    ].join('\n');
  };

  const app = createApp({ config, logger, routes, authenticator, audit, rateLimiter, openApi: openApiDocument(routes, packageJson.version), health, metrics, jwks: () => issuerKeys.keySet() });
  const fastPath = verifyFastPath({ verification, rateLimiter, audit });
  const server: Server = createServer((req, res) => {
    if (!fastPath(req, res)) app(req, res);
  });
  server.keepAliveTimeout = 65_000;

  await audit.start();
  projector.onProjected(() => {
    if (!queuedDeliveries) return;
    queuedDeliveries = false;
    dispatcher.kick();
  });
  projector.start();
  dispatcher.start();
  await batchWorker.start();
  reconciler.startDaily(config.webhookReconcileIntervalMs);
  const numbering = c.resolve(CertificateNumbering);
  numbering.start(config.numberingSweepMs);
  anchoring?.start();

  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  const port = (server.address() as AddressInfo).port;
  logger.info({ port, ledger: config.ledger, readModel: db.kind }, 'gateway listening');

  return {
    url: `http://${config.host}:${port}`,
    config,
    ledger,
    db,
    container: c,
    routes,
    demoAccounts,
    anchoring,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      reconciler.stop();
      await batchWorker.stop();
      await numbering.stop();
      await anchoring?.stop();
      await dispatcher.stop();
      // An inspection under way reads files in DATA_DIR and writes its report there.
      await legacyInspections.idle();
      await projector.stop();
      await audit.stop();
      await ledger.close();
      await db.close();
      documents.close?.();
    },
  };
}
