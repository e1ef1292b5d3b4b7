import type { ReadDb } from './read-db';

/**
 * One migration set for PostgreSQL and PGlite. Each migration is a list of statements applied
 * in one transaction. Tables split in two families:
 * - projection tables (PROJECTION_TABLES): derived from the ledger, emptied and replayed by a rebuild;
 * - kept tables (audit log, webhook subscriptions and outbox, channel accounts, appointments, fee payments): never rebuilt, never rewritten.
 */
interface Migration {
  version: number;
  name: string;
  statements: string[];
}

export const PROJECTION_TABLES = [
  'projector_checkpoint',
  'blocks',
  'transactions',
  'projects',
  'households',
  'units',
  'contracts',
  'tax_records',
  'registrations',
  'applications',
  'certificates',
  'title_entries',
  'book_entries',
  'parties',
  'ledger_counters',
  'activity_by_minute',
  'anchors',
  'legacy_migrations',
  'holdings_proofs',
  'registry_units',
] as const;

const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'read model',
    statements: [
      `CREATE TABLE projector_checkpoint (
         id smallint PRIMARY KEY CHECK (id = 1),
         block_number bigint NOT NULL,
         block_hash text NOT NULL,
         tx_count bigint NOT NULL)`,
      `CREATE TABLE blocks (
         number bigint PRIMARY KEY,
         hash text NOT NULL UNIQUE,
         previous_hash text NOT NULL,
         data_hash text NOT NULL,
         committed_at timestamptz NOT NULL,
         tx_count int NOT NULL,
         valid_count int NOT NULL)`,
      `CREATE TABLE transactions (
         tx_id text PRIMARY KEY,
         block_number bigint NOT NULL,
         tx_index int NOT NULL,
         code text NOT NULL,
         committed_at timestamptz NOT NULL,
         creator_msp text NOT NULL,
         fn text NOT NULL,
         endorsers text[] NOT NULL,
         event_type text,
         district text,
         unit_number text,
         application_id text,
         subject_kind text,
         subject_id text,
         event jsonb,
         args jsonb NOT NULL DEFAULT '[]',
         writes jsonb NOT NULL)`,
      `CREATE UNIQUE INDEX transactions_position ON transactions (block_number, tx_index)`,
      `CREATE INDEX transactions_unit ON transactions (unit_number, block_number, tx_index) WHERE unit_number IS NOT NULL`,
      `CREATE INDEX transactions_district ON transactions (district, block_number, tx_index)`,
      `CREATE INDEX transactions_subject ON transactions (subject_id, block_number, tx_index)`,
      `CREATE TABLE projects (
         project_id text PRIMARY KEY,
         district text NOT NULL,
         name text NOT NULL,
         developer_ref text NOT NULL,
         doc jsonb NOT NULL,
         block_number bigint NOT NULL)`,
      `CREATE INDEX projects_district ON projects (district, project_id)`,
      `CREATE TABLE households (
         house_code text PRIMARY KEY,
         project_id text NOT NULL,
         district text NOT NULL,
         unit_number text,
         doc jsonb NOT NULL,
         block_number bigint NOT NULL)`,
      `CREATE INDEX households_project ON households (project_id, house_code)`,
      `CREATE TABLE units (
         unit_number text PRIMARY KEY,
         house_code text NOT NULL UNIQUE,
         district text NOT NULL,
         project_id text NOT NULL,
         location text NOT NULL,
         register_version int NOT NULL,
         registered boolean NOT NULL,
         seized boolean NOT NULL,
         seizure_queued boolean NOT NULL,
         mortgaged boolean NOT NULL,
         advance_notice boolean NOT NULL,
         objection boolean NOT NULL,
         residence_right boolean NOT NULL,
         contract_filed boolean NOT NULL,
         case_in_flight boolean NOT NULL,
         party_refs text[] NOT NULL,
         doc jsonb NOT NULL,
         block_number bigint NOT NULL)`,
      `CREATE INDEX units_district ON units (district, unit_number)`,
      `CREATE INDEX units_parties ON units USING gin (party_refs)`,
      `CREATE TABLE contracts (
         contract_id text PRIMARY KEY,
         unit_number text NOT NULL,
         district text NOT NULL,
         status text NOT NULL,
         kind text NOT NULL,
         price numeric(16, 2) NOT NULL,
         signed_at timestamptz NOT NULL,
         filed_at timestamptz,
         application_id text,
         party_refs text[] NOT NULL,
         doc jsonb NOT NULL,
         block_number bigint NOT NULL)`,
      `CREATE INDEX contracts_district ON contracts (district, signed_at, contract_id)`,
      `CREATE INDEX contracts_unit ON contracts (unit_number, signed_at)`,
      `CREATE INDEX contracts_parties ON contracts USING gin (party_refs)`,
      `CREATE TABLE tax_records (
         tax_id text PRIMARY KEY,
         contract_id text NOT NULL,
         unit_number text NOT NULL,
         district text NOT NULL,
         status text NOT NULL,
         total numeric(16, 2) NOT NULL,
         application_id text,
         doc jsonb NOT NULL,
         block_number bigint NOT NULL)`,
      `CREATE INDEX tax_records_contract ON tax_records (contract_id)`,
      `CREATE INDEX tax_records_district ON tax_records (district, tax_id)`,
      `CREATE TABLE registrations (
         registration_id text PRIMARY KEY,
         type text NOT NULL,
         unit_number text NOT NULL,
         district text NOT NULL,
         status text NOT NULL,
         application_id text,
         applied_at timestamptz NOT NULL,
         accepted_at timestamptz,
         completed_at timestamptz,
         limit_days int NOT NULL,
         working_days int,
         within_limit boolean,
         party_refs text[] NOT NULL,
         doc jsonb NOT NULL,
         block_number bigint NOT NULL)`,
      `CREATE INDEX registrations_district ON registrations (district, applied_at, registration_id)`,
      `CREATE INDEX registrations_district_status ON registrations (district, status, applied_at, registration_id)`,
      `CREATE INDEX registrations_unit ON registrations (unit_number, applied_at)`,
      `CREATE INDEX registrations_application ON registrations (application_id) WHERE application_id IS NOT NULL`,
      `CREATE TABLE applications (
         application_id text PRIMARY KEY,
         business_type text NOT NULL,
         unit_number text NOT NULL,
         district text NOT NULL,
         status text NOT NULL,
         channel text NOT NULL,
         created_at timestamptz NOT NULL,
         party_refs text[] NOT NULL,
         doc jsonb NOT NULL,
         block_number bigint NOT NULL)`,
      `CREATE INDEX applications_district ON applications (district, created_at, application_id)`,
      `CREATE INDEX applications_unit ON applications (unit_number, created_at)`,
      `CREATE TABLE certificates (
         cert_no text PRIMARY KEY,
         doc_hash text NOT NULL UNIQUE,
         unit_number text NOT NULL,
         district text NOT NULL,
         kind text NOT NULL,
         right_type text NOT NULL,
         right_id text NOT NULL,
         status text NOT NULL,
         register_version int NOT NULL,
         issued_at timestamptz NOT NULL,
         doc jsonb NOT NULL,
         block_number bigint NOT NULL)`,
      `CREATE INDEX certificates_unit ON certificates (unit_number, issued_at)`,
      `CREATE TABLE title_entries (
         unit_number text NOT NULL,
         seq text NOT NULL,
         right_id text NOT NULL,
         doc jsonb NOT NULL,
         block_number bigint NOT NULL,
         PRIMARY KEY (unit_number, seq))`,
      `CREATE TABLE book_entries (
         unit_number text NOT NULL,
         register_version int NOT NULL,
         ref text NOT NULL,
         kind text NOT NULL,
         doc jsonb NOT NULL,
         block_number bigint NOT NULL,
         PRIMARY KEY (unit_number, register_version, ref))`,
      `CREATE TABLE parties (
         ref text PRIMARY KEY,
         kind text NOT NULL,
         name_enc text NOT NULL,
         id_enc text NOT NULL,
         id_blind text NOT NULL)`,
      `CREATE INDEX parties_id_blind ON parties (id_blind)`,
      // Running totals for the explorer's dashboard, kept by the projector in the same transaction.
      `CREATE TABLE ledger_counters (
         kind text NOT NULL,
         key text NOT NULL,
         value bigint NOT NULL,
         PRIMARY KEY (kind, key))`,
      `CREATE TABLE activity_by_minute (
         minute timestamptz PRIMARY KEY,
         blocks int NOT NULL,
         transactions int NOT NULL,
         invalid int NOT NULL)`,

      // Every column is covered by the row's hash: duration_ms is double precision because it
      // gives back exactly the JavaScript number that was hashed.
      `CREATE TABLE audit_log (
         seq bigint PRIMARY KEY,
         at timestamptz NOT NULL,
         request_id text,
         kind text NOT NULL,
         actor text NOT NULL,
         msp text,
         role text,
         district text,
         method text,
         path text,
         status int,
         duration_ms double precision,
         tx_id text,
         fn text,
         client_ip text,
         detail jsonb,
         prev_hash text NOT NULL,
         hash text NOT NULL UNIQUE)`,
      `CREATE INDEX audit_log_at ON audit_log (at, seq)`,
      `CREATE INDEX audit_log_actor ON audit_log (actor, seq)`,
      `CREATE INDEX audit_log_district ON audit_log (district, seq)`,
      `CREATE INDEX audit_log_tx ON audit_log (tx_id) WHERE tx_id IS NOT NULL`,
      // Append-only: no update ever, no delete of anything younger than the one-year retention.
      `CREATE FUNCTION audit_log_guard() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF TG_OP = 'UPDATE' THEN
           RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
         END IF;
         IF TG_OP = 'DELETE' AND OLD.at > now() - interval '1 year' THEN
           RAISE EXCEPTION 'audit_log entries are kept at least one year' USING ERRCODE = 'insufficient_privilege';
         END IF;
         IF TG_OP = 'TRUNCATE' THEN
           RAISE EXCEPTION 'audit_log cannot be truncated' USING ERRCODE = 'insufficient_privilege';
         END IF;
         RETURN OLD;
       END $$`,
      `CREATE TRIGGER audit_log_no_rewrite BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_guard()`,
      `CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_guard()`,

      `CREATE TABLE webhook_subscriptions (
         id text PRIMARY KEY,
         url text NOT NULL,
         secret text NOT NULL,
         event_types text[] NOT NULL,
         district text NOT NULL,
         owner_msp text NOT NULL,
         created_by text NOT NULL,
         created_at timestamptz NOT NULL,
         from_block bigint NOT NULL,
         active boolean NOT NULL)`,
      `CREATE TABLE webhook_outbox (
         id bigserial PRIMARY KEY,
         subscription_id text NOT NULL REFERENCES webhook_subscriptions (id),
         tx_id text NOT NULL,
         block_number bigint NOT NULL,
         tx_index int NOT NULL,
         event_type text NOT NULL,
         payload jsonb NOT NULL,
         status text NOT NULL,
         attempts int NOT NULL,
         next_attempt_at timestamptz NOT NULL,
         last_error text,
         delivered_at timestamptz,
         UNIQUE (subscription_id, tx_id))`,
      // The dispatcher's "first undelivered row of a subscription", in ledger order.
      `CREATE INDEX webhook_outbox_pending ON webhook_outbox (subscription_id, block_number, tx_index) WHERE status <> 'DELIVERED'`,
    ],
  },
  {
    version: 2,
    name: 'parties the gateway may not read',
    // A gateway whose organisation may not read parties (ORG other than registry) knows a
    // party only by its reference: the row marks it seen, with no kind, name or ID number.
    statements: [
      `ALTER TABLE parties ALTER COLUMN kind DROP NOT NULL, ALTER COLUMN name_enc DROP NOT NULL, ALTER COLUMN id_enc DROP NOT NULL, ALTER COLUMN id_blind DROP NOT NULL`,
    ],
  },
  {
    version: 3,
    name: 'certificate content fingerprints',
    // Verify compares what a certificate states (certificates.content_hash) with what the register
    // states now about the same right (units.content_hashes, by right id), in its one statement.
    // Rows projected before have neither: the projection tables are emptied, so the projector
    // replays the ledger from block 0 (audit log and webhook tables are kept).
    statements: [
      `ALTER TABLE certificates ADD COLUMN content_hash text`,
      `ALTER TABLE units ADD COLUMN content_hashes jsonb NOT NULL DEFAULT '{}'`,
      // The projection tables as they were at this version: tables added later do not exist yet.
      `TRUNCATE ${PROJECTION_TABLES.slice(0, PROJECTION_TABLES.indexOf('activity_by_minute') + 1).join(', ')}`,
    ],
  },
  {
    version: 4,
    name: 'anchors on a public chain',
    // No ledger before this version holds an anchor, so nothing needs replaying.
    statements: [
      `CREATE TABLE anchors (
         from_block bigint PRIMARY KEY,
         to_block bigint NOT NULL,
         root text NOT NULL,
         status text NOT NULL,
         chain_id bigint NOT NULL,
         chain_name text NOT NULL,
         anchorer text NOT NULL,
         tx_hash text NOT NULL,
         chain_block_number bigint,
         chain_block_hash text,
         chain_time timestamptz,
         doc jsonb NOT NULL,
         block_number bigint NOT NULL)`,
      `CREATE INDEX anchors_to_block ON anchors (to_block)`,
    ],
  },
  {
    version: 5,
    name: 'legacy migrations and the linkage queue',
    // legacy_migrations is projected from the ledger's migration records; linkage_proposals is the
    // registry clerk's queue of house-code ↔ unit-number matches (kept: decisions are not replayed).
    statements: [
      `CREATE TABLE legacy_migrations (
         batch_id text NOT NULL,
         legacy_id text NOT NULL,
         unit_number text NOT NULL,
         district text NOT NULL,
         source_hash text NOT NULL,
         tx_id text NOT NULL,
         doc jsonb NOT NULL,
         block_number bigint NOT NULL,
         PRIMARY KEY (batch_id, legacy_id))`,
      `CREATE INDEX legacy_migrations_unit ON legacy_migrations (unit_number)`,
      `CREATE TABLE linkage_proposals (
         house_code text PRIMARY KEY,
         project_id text NOT NULL,
         district text NOT NULL,
         status text NOT NULL,
         unit_number text,
         score numeric,
         candidates jsonb NOT NULL,
         decided_by text,
         reason text,
         updated_at timestamptz NOT NULL)`,
      `CREATE INDEX linkage_proposals_project ON linkage_proposals (project_id, status, house_code)`,
    ],
  },
  {
    version: 6,
    name: 'certificate PDF hashes',
    // Verify answers for a certificate's PDF as for its canonical JSON. No certificate had a
    // recorded PDF before this version, so nothing needs replaying.
    statements: [`ALTER TABLE certificates ADD COLUMN pdf_hash text UNIQUE`],
  },
  {
    version: 7,
    name: 'holdings proofs',
    // 有房/无房证明: verified by the hash of their canonical JSON or of their PDF, as certificates are.
    statements: [
      `CREATE TABLE holdings_proofs (
         proof_no text PRIMARY KEY,
         doc_hash text NOT NULL UNIQUE,
         pdf_hash text UNIQUE,
         district text NOT NULL,
         issued_at timestamptz NOT NULL,
         valid_until timestamptz NOT NULL,
         doc jsonb NOT NULL,
         block_number bigint NOT NULL)`,
    ],
  },
  {
    version: 8,
    name: 'channel accounts',
    // Kept tables: organisations' channel accounts and the client-assertion ids seen (replay guard).
    statements: [
      `CREATE TABLE channel_accounts (
         account_id text PRIMARY KEY,
         name text NOT NULL,
         channel_type text NOT NULL,
         business_types text[] NOT NULL,
         districts text[] NOT NULL,
         status text NOT NULL CHECK (status IN ('ACTIVE', 'SUSPENDED')),
         suspended_reason text,
         api_key_sha256 text UNIQUE,
         public_jwk jsonb,
         created_by text NOT NULL,
         created_at timestamptz NOT NULL,
         updated_at timestamptz NOT NULL)`,
      `CREATE TABLE client_assertion_jtis (
         account_id text NOT NULL,
         jti text NOT NULL,
         expires_at timestamptz NOT NULL,
         PRIMARY KEY (account_id, jti))`,
    ],
  },
  {
    version: 9,
    name: 'applicant filing: documents and channel batches',
    // Kept tables (never rebuilt): what applicants uploaded and the channels' batch queue.
    statements: [
      // Applicants find their cases through these: a citizen by the parties of their ID number, a channel by its id.
      `CREATE INDEX applications_party_refs ON applications USING gin (party_refs)`,
      `CREATE INDEX applications_channel ON applications (channel, created_at)`,
      `CREATE INDEX registrations_channel ON registrations ((doc->>'channel'), applied_at)`,
      `CREATE TABLE documents (
         sha256 text PRIMARY KEY,
         media_type text NOT NULL,
         size_bytes int NOT NULL,
         stored_at timestamptz NOT NULL)`,
      // Which case a document was uploaded to: who may read it follows from the case.
      `CREATE TABLE document_links (
         sha256 text NOT NULL REFERENCES documents (sha256),
         application_id text NOT NULL,
         material_type text NOT NULL,
         filename text NOT NULL,
         uploaded_by text NOT NULL,
         uploaded_at timestamptz NOT NULL,
         PRIMARY KEY (application_id, sha256))`,
      `CREATE INDEX document_links_sha256 ON document_links (sha256)`,
      // The document store's bytes when they live in PostgreSQL (DATABASE_URL).
      `CREATE TABLE document_blobs (
         sha256 text PRIMARY KEY,
         bytes bytea NOT NULL)`,
      `CREATE TABLE channel_batches (
         batch_id text PRIMARY KEY,
         channel_id text NOT NULL,
         idempotency_key text NOT NULL,
         request_hash text NOT NULL,
         item_count int NOT NULL,
         duplicates jsonb NOT NULL,
         status text NOT NULL,
         callback_subscription_id text,
         created_at timestamptz NOT NULL,
         completed_at timestamptz,
         UNIQUE (channel_id, idempotency_key))`,
      `CREATE INDEX channel_batches_channel ON channel_batches (channel_id, created_at)`,
      `CREATE TABLE channel_batch_items (
         batch_id text NOT NULL REFERENCES channel_batches (batch_id),
         seq int NOT NULL,
         channel_id text NOT NULL,
         item_key text NOT NULL,
         kind text NOT NULL,
         unit_number text NOT NULL,
         district text NOT NULL,
         -- The registration with its parties' names and ID numbers, sealed like the read model's parties.
         payload_sealed text NOT NULL,
         registration_id text NOT NULL,
         status text NOT NULL,
         stage text NOT NULL,
         result jsonb,
         attempts int NOT NULL DEFAULT 0,
         leased_until timestamptz,
         created_at timestamptz NOT NULL,
         finished_at timestamptz,
         PRIMARY KEY (batch_id, seq),
         UNIQUE (channel_id, item_key))`,
      // The queue: pending items in arrival order.
      `CREATE INDEX channel_batch_items_pending ON channel_batch_items (created_at, batch_id, seq) WHERE status = 'PENDING'`,
      `CREATE INDEX channel_batch_items_channel ON channel_batch_items (channel_id, created_at)`,
    ],
  },
  {
    version: 10,
    name: 'appointments',
    // Kept tables: the registry's offices, windows and slots, and applicants' bookings (网上预约).
    statements: [
      `CREATE TABLE appointment_offices (
         office_id text PRIMARY KEY,
         name text NOT NULL,
         address text NOT NULL,
         districts text[] NOT NULL,
         created_by text NOT NULL,
         created_at timestamptz NOT NULL)`,
      `CREATE TABLE service_windows (
         office_id text NOT NULL REFERENCES appointment_offices (office_id),
         window_id text NOT NULL,
         name text NOT NULL,
         business_types text[] NOT NULL,
         PRIMARY KEY (office_id, window_id))`,
      // \`booked\` counts the slot's BOOKED appointments; a conditional update on it is what keeps
      // concurrent bookings within the capacity, and the CHECK refuses any write that would not.
      `CREATE TABLE appointment_slots (
         slot_id text PRIMARY KEY,
         office_id text NOT NULL,
         window_id text NOT NULL,
         day text NOT NULL,
         starts_at timestamptz NOT NULL,
         ends_at timestamptz NOT NULL,
         capacity int NOT NULL,
         booked int NOT NULL DEFAULT 0,
         CHECK (booked >= 0 AND booked <= capacity),
         FOREIGN KEY (office_id, window_id) REFERENCES service_windows (office_id, window_id),
         UNIQUE (office_id, window_id, starts_at))`,
      `CREATE INDEX appointment_slots_day ON appointment_slots (office_id, day, starts_at)`,
      `CREATE TABLE appointments (
         appointment_id text PRIMARY KEY,
         slot_id text NOT NULL REFERENCES appointment_slots (slot_id),
         holder text NOT NULL,
         holder_kind text NOT NULL CHECK (holder_kind IN ('citizen', 'channel')),
         holder_name_sealed text NOT NULL,
         booked_by text NOT NULL,
         business_type text NOT NULL,
         application_id text,
         status text NOT NULL CHECK (status IN ('BOOKED', 'CANCELLED')),
         booked_at timestamptz NOT NULL,
         updated_at timestamptz NOT NULL,
         cancelled_at timestamptz)`,
      // One place per applicant and slot.
      `CREATE UNIQUE INDEX appointments_one_per_holder ON appointments (slot_id, holder) WHERE status = 'BOOKED'`,
      `CREATE INDEX appointments_holder ON appointments (holder, booked_at)`,
    ],
  },
  {
    version: 11,
    name: 'registry units awaiting linkage',
    // The registry's units declared for linkage (挂接), with the room and floor the linker matches
    // on, so a run reads only the candidates of a project's households. No ledger before this
    // version declares one, so nothing needs replaying.
    statements: [
      `CREATE TABLE registry_units (
         unit_number text PRIMARY KEY,
         district text NOT NULL,
         match_room text,
         match_floor int,
         batch_id text,
         legacy_id text,
         doc jsonb NOT NULL,
         block_number bigint NOT NULL)`,
      `CREATE INDEX registry_units_room ON registry_units (district, match_room)`,
      `CREATE INDEX registry_units_floor ON registry_units (district, match_floor)`,
    ],
  },
  {
    version: 12,
    name: 'case fees: exemptions granted and payments notified',
    // Kept tables (never rebuilt): the registry's own business with the applicant and the payment
    // platform, not a right on the register (docs/gateway.md, "Fees and payment").
    statements: [
      `CREATE TABLE case_fee_exemptions (
         case_id text PRIMARY KEY,
         code text NOT NULL,
         document_sha256 text NOT NULL,
         granted_by text NOT NULL,
         granted_at timestamptz NOT NULL)`,
      // One accepted notification per case; its id is unique so a replay is recognised.
      `CREATE TABLE fee_payments (
         case_id text PRIMARY KEY,
         notification_id text NOT NULL UNIQUE,
         payload_sha256 text NOT NULL,
         amount numeric NOT NULL,
         paid_at timestamptz NOT NULL,
         received_at timestamptz NOT NULL,
         jws text NOT NULL)`,
    ],
  },
  {
    version: 13,
    name: 'appointments: check-in and no-show',
    // Kept table (never rebuilt): the office's staff mark a booking ARRIVED (签到) or NO_SHOW (爽约).
    // Both keep the place they took: the slot's `booked` counts the places taken, not only BOOKED rows.
    statements: [
      `ALTER TABLE appointments DROP CONSTRAINT appointments_status_check`,
      `ALTER TABLE appointments ADD CONSTRAINT appointments_status_check CHECK (status IN ('BOOKED', 'CANCELLED', 'ARRIVED', 'NO_SHOW'))`,
      `ALTER TABLE appointments ADD COLUMN checked_in_at timestamptz`,
      `ALTER TABLE appointments ADD COLUMN no_show_at timestamptz`,
      // A holder's recent no-shows, read on every booking and move to decide the restriction.
      `CREATE INDEX appointments_no_shows ON appointments (holder, no_show_at) WHERE status = 'NO_SHOW'`,
    ],
  },
];

const LOCK_ID = 727_001;

/** Brings the schema up to date; safe to run concurrently from several processes. */
export async function migrate(db: ReadDb): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK_ID]);
    await tx.query('CREATE TABLE IF NOT EXISTS schema_migrations (version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
    const done = new Set((await tx.query<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => r.version));
    let applied = 0;
    for (const m of MIGRATIONS) {
      if (done.has(m.version)) continue;
      for (const statement of m.statements) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      applied++;
    }
    return applied;
  });
}
