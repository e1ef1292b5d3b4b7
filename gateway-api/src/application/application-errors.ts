/** Failures of the application layer, free of any transport: http/api-error.ts maps them. */

/** The caller acts on a record of a district (tenant) its account does not serve. */
export class OutsideDistrictError extends Error {
  constructor(
    readonly district: string,
    readonly served: readonly string[],
  ) {
    super(`This account serves ${served.join(', ')}, not district ${district}`);
    this.name = 'OutsideDistrictError';
  }
}

/** A citizen files for a case they are not a party to (they may act only for themselves). */
export class NotAnApplicantError extends Error {
  constructor(
    message: string,
    readonly field: 'contractId' | 'applicants' = 'contractId',
  ) {
    super(message);
    this.name = 'NotAnApplicantError';
  }
}

/** A record that is not the caller's, or does not exist: the two are not told apart. */
export class NotYoursError extends Error {
  constructor(
    readonly what: 'application' | 'document' | 'batch' | 'certificate' | 'holdings proof' | 'appointment',
    readonly id: string,
  ) {
    super(`No ${what} ${id} of yours`);
    this.name = 'NotYoursError';
  }
}

/** An idempotency key sent again with a different request. */
export class IdempotencyKeyReusedError extends Error {
  constructor(readonly field: string, key: string) {
    super(`${field}: ${key} was used before with a different request; send the same request again, or a new key`);
    this.name = 'IdempotencyKeyReusedError';
  }
}

/** A channel submits a kind of business its type does not do in bulk. */
/** The channel's account is not granted the business type (its scopes, set by the registry's admin). */
export class BusinessTypeNotGrantedError extends Error {
  constructor(
    readonly businessType: string,
    readonly granted: readonly string[],
  ) {
    super(`businessType: this channel is granted ${granted.join(', ') || 'no business type'}, not ${businessType}`);
    this.name = 'BusinessTypeNotGrantedError';
  }
}

export class BatchKindNotAllowedError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
    this.name = 'BatchKindNotAllowedError';
  }
}

/** A document rendered now is not the PDF recorded on the ledger (the font or the PDF library changed): the recorded file stays the valid one. */
export class PdfRenderingChangedError extends Error {
  constructor(
    readonly documentNo: string,
    readonly recorded: string,
    readonly rendered: string,
  ) {
    super(`The PDF of ${documentNo} renders as ${rendered}, not as the recorded ${recorded}; the recorded file stays the valid one`);
    this.name = 'PdfRenderingChangedError';
  }
}

/** A legacy-register inspection request the service cannot serve: the catalogue code says which way. */
export class LegacyInspectionError extends Error {
  constructor(
    readonly code: 'LEGACY_BATCH_NOT_FOUND' | 'LEGACY_INSPECTION_NOT_FOUND' | 'LEGACY_INSPECTION_NOT_DONE' | 'VALIDATION_FAILED',
    message: string,
    readonly field?: string,
    readonly rule?: string,
  ) {
    super(message);
    this.name = 'LegacyInspectionError';
  }
}

/** A clerk's decision on a linkage proposal the queue cannot take: the catalogue code says which way. */
export class LinkageError extends Error {
  constructor(
    readonly code: 'LINKAGE_PROPOSAL_NOT_FOUND' | 'LINKAGE_ALREADY_DECIDED' | 'PROJECT_NOT_FOUND' | 'VALIDATION_FAILED',
    message: string,
    readonly field?: string,
    readonly rule?: string,
  ) {
    super(message);
    this.name = 'LinkageError';
  }
}

/** An appointment request the offices' book cannot take: the catalogue code says which way. */
export class AppointmentError extends Error {
  constructor(
    readonly code:
      | 'APPOINTMENT_OFFICE_NOT_FOUND'
      | 'SERVICE_WINDOW_NOT_FOUND'
      | 'SLOT_NOT_FOUND'
      | 'APPOINTMENT_NOT_FOUND'
      | 'SLOT_FULL'
      | 'SLOT_IN_PAST'
      | 'ALREADY_BOOKED_IN_SLOT'
      | 'BUSINESS_TYPE_NOT_SERVED'
      | 'APPOINTMENT_NOT_ACTIVE'
      | 'OUTSIDE_APPOINTMENT_TIME'
      | 'APPOINTMENT_BOOKING_RESTRICTED'
      | 'CAPACITY_BELOW_BOOKED'
      | 'ALREADY_EXISTS'
      | 'VALIDATION_FAILED',
    message: string,
    readonly field?: string,
    readonly rule?: string,
  ) {
    super(message);
    this.name = 'AppointmentError';
  }
}
