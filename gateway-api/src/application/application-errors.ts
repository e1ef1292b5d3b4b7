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
