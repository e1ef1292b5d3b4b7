import { createHash } from 'node:crypto';
import { GetObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { DocumentStoreUnavailableError, type DocumentStore } from './document-store';

/** Where the agency's S3-compatible object store is and how to sign its requests. */
export interface S3StoreSettings {
  /** e.g. https://oss-cn-chengdu.aliyuncs.com or http://127.0.0.1:8333; without it, AWS's own endpoint for the region. */
  endpoint?: string;
  region: string;
  bucket: string;
  /** Prepended to every key, so one bucket can hold several agencies' or environments' documents. */
  prefix: string;
  /** Without them the SDK's default chain (AWS_ACCESS_KEY_ID…, a profile, an instance role). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Bucket in the path (http://host/bucket/key) rather than the host name: what most S3-compatible stores expect. */
  forcePathStyle: boolean;
}

/**
 * The bytes in an S3-compatible object store (S3_BUCKET): one object per document, keyed by its
 * SHA-256 and fanned out by the first two hex digits. The store checks each upload against that
 * hash (x-amz-checksum-sha256), and every read is hashed again: a changed or damaged object is
 * refused, never served as the document the ledger names.
 */
export class S3DocumentStore implements DocumentStore {
  readonly kind = 's3' as const;
  private readonly client: S3Client;

  constructor(private readonly settings: S3StoreSettings) {
    this.client = new S3Client({
      endpoint: settings.endpoint,
      region: settings.region,
      credentials: settings.credentials,
      forcePathStyle: settings.forcePathStyle,
      maxAttempts: 3,
    });
  }

  private key(sha256: string): string {
    return `${this.settings.prefix}${sha256.slice(0, 2)}/${sha256}`;
  }

  async put(sha256: string, bytes: Buffer): Promise<void> {
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.settings.bucket,
          Key: this.key(sha256),
          Body: bytes,
          ContentType: 'application/octet-stream',
          ChecksumSHA256: Buffer.from(sha256, 'hex').toString('base64'),
        }),
      );
    } catch (err) {
      throw this.failure('store', sha256, err);
    }
  }

  async get(sha256: string): Promise<Buffer | undefined> {
    let bytes: Buffer;
    try {
      const res = await this.client.send(new GetObjectCommand({ Bucket: this.settings.bucket, Key: this.key(sha256) }));
      bytes = Buffer.from(await res.Body!.transformToByteArray());
    } catch (err) {
      if (err instanceof S3ServiceException && (err.name === 'NoSuchKey' || err.$metadata.httpStatusCode === 404)) return undefined;
      throw this.failure('read', sha256, err);
    }
    if (createHash('sha256').update(bytes).digest('hex') !== sha256) {
      throw new DocumentStoreUnavailableError(`the object stored for document ${sha256} does not hash to it (changed or damaged in the store)`);
    }
    return bytes;
  }

  close(): void {
    this.client.destroy();
  }

  private failure(action: string, sha256: string, err: unknown): DocumentStoreUnavailableError {
    const detail = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    return new DocumentStoreUnavailableError(`could not ${action} document ${sha256} in s3://${this.settings.bucket}/${this.settings.prefix}: ${detail}`);
  }
}
