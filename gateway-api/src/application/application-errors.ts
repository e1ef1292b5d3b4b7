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
