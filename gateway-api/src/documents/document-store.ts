import type { InjectionToken } from 'tsyringe';

/**
 * The agency's document store: the bytes of uploaded materials, addressed by their SHA-256 (the
 * hash the ledger records). Content addressing makes a put idempotent: the same file uploaded
 * twice, or by two applicants, is stored once.
 */
export interface DocumentStore {
  readonly kind: 'disk' | 'postgres' | 's3';
  /** Stores `bytes` under `sha256` (the caller has hashed them); storing the same hash again changes nothing. */
  put(sha256: string, bytes: Buffer): Promise<void>;
  /** The stored bytes, or undefined when none are stored under this hash. */
  get(sha256: string): Promise<Buffer | undefined>;
  /** Releases connections at shutdown, where the store holds any. */
  close?(): void;
}

export const DOCUMENT_STORE: InjectionToken<DocumentStore> = Symbol('DocumentStore');

/** The store could not be reached, or what it holds under a hash is not that document. Maps to HTTP 503. */
export class DocumentStoreUnavailableError extends Error {
  readonly code = 'DOCUMENT_STORE_UNAVAILABLE';
  constructor(message: string) {
    super(message);
    this.name = 'DocumentStoreUnavailableError';
  }
}
