import type { RuleCode } from '@estate-ledger/chaincode';
import { TX_VALIDATION_CODES, type ValidationCode } from '../ledger/validation-codes';

/**
 * Every code an error body can carry, with its HTTP status and meaning: one vocabulary for the
 * whole API, published in the OpenAPI document (`info.x-error-codes`). The status of a chaincode
 * refusal is read from here too, so a code cannot mean one status on one route and another elsewhere.
 */
export interface ErrorCodeEntry {
  status: number;
  meaning: string;
}

/** Codes the gateway itself answers with. */
const GATEWAY_ERRORS = {
  VALIDATION_FAILED: { status: 400, meaning: 'The input broke a rule: `field` names it (a dotted path) and `rule` the check, e.g. RESIDENT_ID_CHECKSUM, REQUIRED_FOR_TYPE, MALFORMED_JSON, CURSOR_FORMAT, CORRECTIONS_FILE, MAPPING_FILE. Nothing was written.' },
  UNAUTHENTICATED: { status: 401, meaning: 'No credentials: send X-API-Key or Authorization: Bearer.' },
  INVALID_API_KEY: { status: 401, meaning: 'No account has this API key.' },
  INVALID_TOKEN: { status: 401, meaning: 'The bearer token is invalid or expired.' },
  TOKEN_LIFETIME_TOO_LONG: { status: 401, meaning: "The bearer token's lifetime is unbounded or longer than the gateway allows; request a new one." },
  INVALID_CLIENT: { status: 401, meaning: "The channel's client assertion (RFC 7523) was refused: unknown issuer, bad signature, wrong audience, expired, or a replayed jti." },
  INVALID_ID_TOKEN: { status: 401, meaning: "The citizen's ID token in X-On-Behalf-Of was refused (signature, issuer, audience or expiry), or it lacks the verified name and ID number." },
  CHANNEL_SUSPENDED: { status: 403, meaning: "The registry suspended this channel account; the message gives its reason. Items it filed before the suspension continue." },
  ON_BEHALF_OF_NOT_ALLOWED: { status: 403, meaning: 'Only a portal channel may act for a citizen (X-On-Behalf-Of), and only when an identity platform is configured.' },
  FORBIDDEN: { status: 403, meaning: "The caller's organisation and role may not call this route." },
  OUTSIDE_DISTRICT: { status: 403, meaning: "The record belongs to a district the caller's account does not serve (reads answer 404 instead, so other districts' records are not revealed)." },
  NO_SUCH_ROUTE: { status: 404, meaning: 'No route has this method and path.' },
  CHANNEL_NOT_FOUND: { status: 404, meaning: 'No channel account with this id.' },
  BLOCK_NOT_FOUND: { status: 404, meaning: 'No block with this number in the read model.' },
  TRANSACTION_NOT_FOUND: { status: 404, meaning: 'No transaction with this id in the read model.' },
  NOT_ANCHORED: { status: 404, meaning: "No confirmed anchor covers the block of this certificate's issue yet (or no certificate has this hash); anchoring runs every few blocks or minutes when configured." },
  WEBHOOK_NOT_FOUND: { status: 404, meaning: "No webhook subscription with this id of the caller's organisation." },
  DELIVERY_NOT_FOUND: { status: 404, meaning: 'No delivery with this id for the subscription.' },
  DOCUMENT_NOT_FOUND: { status: 404, meaning: 'No stored document with this SHA-256 that the caller may read (the staff of its case, its applicant).' },
  BATCH_NOT_FOUND: { status: 404, meaning: "No batch with this id of the caller's channel." },
  NOT_AN_APPLICANT: { status: 403, meaning: 'A citizen files only for a case they are a party to: the sale contract named does not list them.' },
  NOT_AN_APPLICANT_ACCOUNT: { status: 403, meaning: "The route is for applicants (citizens logged in with the identity platform, channel accounts); agency staff use the staff routes. A holder's property and documents are for citizens (or a portal acting for one)." },
  BATCH_KIND_NOT_ALLOWED: { status: 403, meaning: "The channel's type may not submit this kind of item (banks: mortgages; developers: first registrations and new-home transfers)." },
  CASE_NOT_FOUND: { status: 404, meaning: 'No case (one-window application, or a registration filed without one) with this id in a district the caller serves.' },
  PAYMENTS_NOT_CONFIGURED: { status: 503, meaning: 'No payment platform is configured (PAYMENT_JWKS and PAYMENT_ISSUER): payment notifications cannot be checked.' },
  PAYMENT_SIGNATURE_INVALID: { status: 401, meaning: "The payment notification's JWS was refused: not signed by a key of the platform's JWKS, another issuer or audience, an algorithm not allowed, or expired." },
  PAYMENT_NOTIFICATION_REPLAYED: { status: 409, meaning: 'A notification with this id was applied before with other content: an id pays one case once (the identical notification again answers 200, changing nothing).' },
  PAYMENT_CASE_UNKNOWN: { status: 404, meaning: 'The payment notification names a case the register does not have.' },
  PAYMENT_AMOUNT_MISMATCH: { status: 409, meaning: 'The payment notification pays another amount than the case owes; nothing was recorded.' },
  CASE_ALREADY_PAID: { status: 409, meaning: "The case's fees were paid by another notification; they no longer change." },
  IDEMPOTENCY_KEY_REUSED: { status: 409, meaning: 'The idempotency key was used before with a different request; a repeated request must be identical.' },
  LEGACY_BATCH_NOT_FOUND: { status: 404, meaning: 'No batch, mapping or corrections file of this name in the legacy batch directory (LEGACY_BATCH_DIR); `field` says which.' },
  LEGACY_INSPECTION_NOT_FOUND: { status: 404, meaning: 'No legacy inspection with this id.' },
  LINKAGE_PROPOSAL_NOT_FOUND: { status: 404, meaning: 'No linkage proposal for this house code in a district the caller serves.' },
  LINKAGE_ALREADY_DECIDED: { status: 409, meaning: 'The linkage proposal is no longer QUEUED: it was linked or rejected already.' },
  LEGACY_INSPECTION_NOT_DONE: { status: 409, meaning: 'The legacy inspection is still RUNNING (or FAILED): its report is not available yet.' },
  APPOINTMENT_OFFICE_NOT_FOUND: { status: 404, meaning: 'No appointment office with this id (for staff: none serving a district of theirs).' },
  SERVICE_WINDOW_NOT_FOUND: { status: 404, meaning: 'The office has no service window with this id.' },
  SLOT_NOT_FOUND: { status: 404, meaning: 'No appointment slot with this id.' },
  APPOINTMENT_NOT_FOUND: { status: 404, meaning: "No appointment with this id of the caller's (another applicant's booking answers the same)." },
  SLOT_FULL: { status: 409, meaning: 'Every place of the time slot is booked; choose another slot. A move to a full slot leaves the booking where it was.' },
  SLOT_IN_PAST: { status: 409, meaning: "The time slot has started or passed on the register's clock (China time); only later slots can be booked." },
  ALREADY_BOOKED_IN_SLOT: { status: 409, meaning: 'The applicant already holds a booking in this time slot: one place per applicant and slot.' },
  BUSINESS_TYPE_NOT_SERVED: { status: 409, meaning: "The slot's service window does not take in this business type; `field` is businessType." },
  BUSINESS_TYPE_NOT_GRANTED: { status: 403, meaning: "The channel account's scopes do not include this business type; `field` is businessType." },
  APPOINTMENT_NOT_ACTIVE: { status: 409, meaning: 'The appointment is cancelled, marked arrived or no-show, or its time has come: it can no longer be moved or cancelled (nor marked again).' },
  OUTSIDE_APPOINTMENT_TIME: { status: 409, meaning: "Not now on the register's clock (China time): check-in (签到) opens 30 minutes before the slot starts and closes when it ends, on the slot's day; a no-show (爽约) is marked only after the slot ended. `rule` says which: CHECK_IN_TOO_EARLY, CHECK_IN_TOO_LATE, SLOT_NOT_ENDED." },
  APPOINTMENT_BOOKING_RESTRICTED: { status: 403, meaning: 'Repeated no-shows (爽约; by default 3 within 90 days): the applicant may not book or move a booking until the date in the message (by default 30 days after the last). Cancelling stays allowed.' },
  CAPACITY_BELOW_BOOKED: { status: 409, meaning: 'A slot\'s capacity cannot go below the places already booked in it; cancel or move bookings first.' },
  BODY_TOO_LARGE: { status: 413, meaning: 'The request body is larger than the limit.' },
  DOCUMENT_TOO_LARGE: { status: 413, meaning: 'An uploaded file is larger than the per-file limit (DOCUMENT_MAX_BYTES); `field` names its part.' },
  DOCUMENT_TYPE_NOT_ACCEPTED: { status: 415, meaning: 'An uploaded file is not a PDF, JPEG or PNG file by its content (magic bytes); `field` names its part.' },
  DOCUMENT_TYPE_MISMATCH: { status: 415, meaning: 'An uploaded file is declared as one type but its content is another; `field` names its part.' },
  UNSUPPORTED_ENCODING: { status: 415, meaning: 'The request body has an encoding or charset the gateway does not read.' },
  RATE_LIMITED: { status: 429, meaning: 'Too many requests from this client on the public routes; retry after the Retry-After seconds.' },
  INTERNAL_ERROR: { status: 500, meaning: 'An unexpected fault; the request id finds it in the log.' },
  LEDGER_UNAVAILABLE: { status: 503, meaning: 'The ledger could not be reached; when the message names a transaction id, that transaction may still commit: check it before repeating.' },
  CITIZEN_LOGIN_UNAVAILABLE: { status: 503, meaning: 'Citizen sign-in needs an identity platform (OIDC_ISSUER); none is configured.' },
  READ_MODEL_UNAVAILABLE: { status: 503, meaning: 'The read model (PostgreSQL) could not be reached; try again shortly.' },
  DOCUMENT_STORE_UNAVAILABLE: { status: 503, meaning: 'The document store (S3_BUCKET) could not be reached, or what it holds under the hash is not that document; nothing was recorded.' },
  PDF_RENDERING_CHANGED: { status: 500, meaning: "The certificate's PDF rendered now differs from the one recorded on the ledger (the font or the PDF library changed); the recorded file stays the valid one." },
} as const satisfies Record<string, ErrorCodeEntry>;

const notFound = (what: string) => ({ status: 404, meaning: `No ${what} with this id (in the caller's districts, for reads).` });
const rule = (meaning: string) => ({ status: 409, meaning });

/** The chaincode's refusals. INVALID_INPUT is answered as VALIDATION_FAILED, keeping its field and rule. */
const RULE_ERRORS = {
  ACCESS_DENIED: { status: 403, meaning: "The chaincode refused the calling organisation or role (e.g. a court identity without the court attribute)." },
  PROJECT_NOT_FOUND: notFound('project (building table)'),
  HOUSEHOLD_NOT_FOUND: notFound('household: the house code is not in a published building table'),
  UNIT_NOT_FOUND: notFound('unit: no household of a building table is linked to this unit number'),
  CONTRACT_NOT_FOUND: notFound('sale contract'),
  TAX_ASSESSMENT_NOT_FOUND: notFound('tax assessment'),
  APPLICATION_NOT_FOUND: notFound('one-window application'),
  REGISTRATION_NOT_FOUND: notFound('registration case'),
  CERTIFICATE_NOT_FOUND: notFound('certificate'),
  SEIZURE_NOT_FOUND: notFound('current seizure on the unit'),
  OBJECTION_NOT_FOUND: notFound('effective objection on the unit'),
  RIGHT_NOT_FOUND: notFound('active right (e.g. the mortgage to cancel) on the unit'),
  PARTY_NOT_FOUND: notFound('party record'),
  ALREADY_EXISTS: rule('A record with this id already exists.'),
  INVALID_STATE: rule('The record is not in a state that allows this step (e.g. a registration already recorded).'),
  LEDGER_NOT_INITIALISED: { status: 503, meaning: 'The ledger has not been configured by the registry administrator yet.' },
  TIMESTAMP_SKEW: rule("The transaction's timestamp is too far from the endorsing peer's clock; check the gateway's clock."),
  PARTY_MISSING: rule('A party key of the command is not in the transient parties map.'),
  HOUSE_ALREADY_LINKED: rule('The household is already linked to a unit number.'),
  UNIT_ALREADY_OWNED: rule('First registration of a unit that already has an owner.'),
  NOT_FIRST_REGISTERED: rule('The unit has no first registration yet (细则 24).'),
  UNIT_SEIZED: rule('A court seizure (查封) blocks the act; the message names the seizure and its court case number.'),
  UNIT_CASE_IN_FLIGHT: rule('Another registration case on the unit is in progress (cases are serialised per unit).'),
  NOT_REGISTERED_OWNER: rule('The applicants are not the registered owners of the unit.'),
  CO_OWNER_CONSENT_REQUIRED: rule('All joint owners, or owners of two thirds by share, must apply.'),
  NOTICE_HOLDER_CONSENT_REQUIRED: rule("An effective advance notice protects someone else; its holder's written consent is needed (Civil Code 221)."),
  NOTICE_EXISTS: rule('The unit already has an effective advance notice.'),
  NOTICE_HOLDER_NOT_BUYER: rule('An advance notice may only name the buyers of the filed sale contract.'),
  OBJECTION_UNDERTAKING_REQUIRED: rule("An objection is registered on the unit; the applicant's signed risk undertaking is needed (细则 84)."),
  OBJECTION_REPEATED: rule('The same applicant already raised an objection for the same reason.'),
  LATER_MORTGAGEE_CONSENT_REQUIRED: rule('A change of a mortgage that can harm later-ranked mortgagees (higher amount, longer term, other scope) needs their written consent (细则 68).'),
  MORTGAGE_NO_TRANSFER: rule('A mortgage registered with a no-transfer agreement blocks the act unless the mortgagee consents.'),
  NO_FILED_CONTRACT: rule('The unit has no filed sale contract (网签备案) for this case.'),
  CONTRACT_PARTIES_MISMATCH: rule('The applicants are not the parties of the filed sale contract.'),
  CONTRACT_ALREADY_FILED: rule('The unit already has a filed sale contract (one home is not sold twice, 一房多卖).'),
  PRESALE_PERMIT_REQUIRED: rule('A presale contract needs the project presale permit (预售许可).'),
  TAX_NOT_CLEARED: rule('No tax clearance or exemption for the contract (契税法 11).'),
  TAX_CLEARANCE_CONSUMED: rule('The tax clearance was already used by another registration; a new sale needs its own.'),
  SEIZURE_NOT_BY_THIS_COURT: rule('Only the court that seized may lift or renew the seizure.'),
  SEIZURE_TERM_TOO_LONG: rule('A seizure of real property lasts at most three years.'),
  MATERIALS_INCOMPLETE: rule("The materials checklist of the business type (GET /business-types/{type}) is not complete; the message names each missing item and what may replace it, `field` the materials' field."),
  NOT_RIGHT_HOLDER: rule('Only the holder of the right may apply (e.g. the mortgagee cancels a mortgage).'),
  RIGHT_NOT_CURRENT: rule('The right is no longer current on the register.'),
  HOLDINGS_PROOF_NOT_FOUND: notFound('holdings proof (有房/无房证明)'),
  CERTIFICATE_PDF_RECORDED: rule('The certificate already has a different PDF recorded (or the hash names another certificate); a PDF is recorded once.'),
  ANCHOR_NOT_FOUND: notFound('anchor starting at this ledger block'),
  ANCHOR_PENDING: rule('An anchor is waiting for its chain receipt; only the same range may be intended again.'),
  ANCHOR_RANGE: rule('An anchor must start at the block after the last anchored one.'),
  ALREADY_MIGRATED: rule('This legacy record (batch and legacy id) is already on the ledger: a migration is recorded exactly once.'),
  UNIT_HAS_HISTORY: rule('The unit already has rights, restrictions or cases recorded on the ledger: a migration may only bring a unit in whose register is still empty, and only such a unit may be unlinked.'),
  MIGRATED_RECORD_ENDED: rule('A legacy record of the migration is no longer live (a lapsed objection or notice, an ended seizure term) or dated after today; `field` names it.'),
  CERTIFICATE_NUMBER_TAKEN: rule('A certificate with this number or file hash is already on the ledger.'),
  NO_ISSUING_OFFICE: rule("No registry office in the ledger's configuration serves the unit's district, so no office can number its certificate."),
  AWAITING_CERTIFICATE_NUMBER: rule("The certificate is prepared but its office's numbering step has not given it a number yet; the registry gateway numbers it within a block or two: retry shortly."),
  CORRECTION_BARRED: rule('A disposal of the right (transfer, mortgage, residence right, …), an advance notice or a seizure was registered on the unit after the wrong entry: the registry may not correct it on its own authority (细则 81); the message names it.'),
  DISTRICT_STILL_HELD: rule("A new registry-office configuration would leave a district with a building table, a unit or a registry unit on the ledger served by no office (条例 7); the message names the district: hand it over to another office in the same configuration."),
  PERIOD_NOT_ENDED: rule("A statutory period on the working calendar has not run out yet (the registry correction's 30 working days after its notice, 细则 81; its announcement's 15, 细则 17); the message names the first date the step is allowed on."),
} as const satisfies Record<Exclude<RuleCode, 'INVALID_INPUT'>, ErrorCodeEntry>;

type RefusalCode = Exclude<ValidationCode, 'VALID'>;

/** A transaction the peers committed as invalid, by Fabric's validation code (MVCC conflicts after the gateway's own retries). */
const VALIDATION_ERRORS = Object.fromEntries(
  (Object.keys(TX_VALIDATION_CODES) as ValidationCode[])
    .filter((code): code is RefusalCode => code !== 'VALID')
    .map((code) => [code, { status: 409, meaning: `The ledger committed the transaction as invalid (Fabric validation code ${TX_VALIDATION_CODES[code]}); it changed nothing.` }]),
) as Record<RefusalCode, ErrorCodeEntry>;

export const ERROR_CATALOGUE = { ...GATEWAY_ERRORS, ...RULE_ERRORS, ...VALIDATION_ERRORS };
export type ErrorCode = keyof typeof ERROR_CATALOGUE;
