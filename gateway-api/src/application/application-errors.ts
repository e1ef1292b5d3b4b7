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
