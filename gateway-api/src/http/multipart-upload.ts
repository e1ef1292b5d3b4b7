import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import busboy from 'busboy';
import { MATERIAL_NAMES, type MaterialType } from '@estate-ledger/chaincode';
import { sniffMediaType, type DocumentMediaType } from '../documents/document-content';
import { ApiError } from './api-error';

/** One uploaded material, read whole, hashed and recognised by its content. */
export interface UploadedFile {
  /** The material type (the part's field name, e.g. SALE_CONTRACT). */
  type: MaterialType;
  filename: string;
  mediaType: DocumentMediaType;
  sha256: string;
  size: number;
  bytes: Buffer;
}

export interface UploadLimits {
  maxFileBytes: number;
  maxFiles: number;
}

export interface ParsedUpload {
  /** The `metadata` part, parsed as JSON (the route's body schema checks it); `{}` when absent. */
  metadata: unknown;
  files: UploadedFile[];
}

/** The metadata part's field name; every other field is a file part named by its material type. */
export const METADATA_FIELD = 'metadata';

const isMaterialType = (name: string): name is MaterialType => Object.hasOwn(MATERIAL_NAMES, name);

/**
 * Reads a multipart/form-data request: one `metadata` part of JSON and file parts named by
 * material type. Each file is checked while it streams (larger than the limit: 413, nothing
 * kept) and then by its content: its first bytes must be an accepted type (PDF, JPEG, PNG) and,
 * unless the client declared application/octet-stream, the type it declared.
 */
export function parseUpload(req: IncomingMessage, limits: UploadLimits): Promise<ParsedUpload> {
  const contentType = req.headers['content-type'] ?? '';
  if (!/^multipart\/form-data\b/i.test(contentType)) {
    return Promise.reject(new ApiError(415, 'UNSUPPORTED_ENCODING', 'The request must be multipart/form-data: a metadata part of JSON and one file part per material, named by its type', 'Content-Type'));
  }
  return new Promise<ParsedUpload>((resolve, reject) => {
    let failed: ApiError | undefined;
    const fail = (err: ApiError) => {
      failed ??= err;
    };
    let metadata: string | undefined;
    const reads: Array<Promise<UploadedFile | undefined>> = [];
    const parser = busboy({ headers: req.headers, limits: { fileSize: limits.maxFileBytes, files: limits.maxFiles, fields: 1, fieldSize: 64 * 1024, parts: limits.maxFiles + 1 } });

    parser.on('field', (name, value, info) => {
      if (name !== METADATA_FIELD) return fail(new ApiError(400, 'VALIDATION_FAILED', `${name}: unknown form field; send the application as the "${METADATA_FIELD}" part`, name, 'UNRECOGNIZED_KEYS'));
      if (info.valueTruncated) return fail(new ApiError(413, 'BODY_TOO_LARGE', `${METADATA_FIELD}: longer than 64 KiB`, METADATA_FIELD));
      metadata = value;
    });
    parser.on('file', (name, stream, info) => {
      const chunks: Buffer[] = [];
      let size = 0;
      reads.push(
        new Promise((done) => {
          stream.on('data', (c: Buffer) => {
            size += c.length;
            // Once the request has failed, the rest of it is read and dropped.
            if (!failed) chunks.push(c);
          });
          stream.on('limit', () => fail(new ApiError(413, 'DOCUMENT_TOO_LARGE', `${name}: ${info.filename} is larger than the limit of ${limits.maxFileBytes} bytes`, name, 'MAX_FILE_BYTES')));
          stream.on('close', () => {
            if (failed) return done(undefined);
            if (!isMaterialType(name)) {
              fail(new ApiError(400, 'VALIDATION_FAILED', `${name}: not a material type (GET /business-types lists them)`, name, 'MATERIAL_TYPE'));
              return done(undefined);
            }
            const bytes = Buffer.concat(chunks);
            const filename = info.filename ?? name;
            const sniffed = sniffMediaType(bytes.subarray(0, 16));
            if (!sniffed) {
              fail(new ApiError(415, 'DOCUMENT_TYPE_NOT_ACCEPTED', `${name}: the content of ${info.filename} is not a PDF, JPEG or PNG file`, name, 'CONTENT_TYPE'));
              return done(undefined);
            }
            const declared = info.mimeType.toLowerCase();
            if (declared !== 'application/octet-stream' && declared !== sniffed) {
              fail(new ApiError(415, 'DOCUMENT_TYPE_MISMATCH', `${name}: ${info.filename} is declared ${declared} but its content is ${sniffed}`, name, 'CONTENT_TYPE'));
              return done(undefined);
            }
            done({ type: name, filename, mediaType: sniffed, sha256: createHash('sha256').update(bytes).digest('hex'), size, bytes });
          });
        }),
      );
    });
    parser.on('filesLimit', () => fail(new ApiError(413, 'BODY_TOO_LARGE', `More than ${limits.maxFiles} files in one request`, undefined, 'MAX_FILES')));
    parser.on('error', (err: Error) => reject(new ApiError(400, 'VALIDATION_FAILED', `The multipart body is malformed: ${err.message}`, undefined, 'MALFORMED_MULTIPART')));
    parser.on('close', () => {
      void Promise.all(reads).then((files) => {
        if (failed) return reject(failed);
        let parsed: unknown = {};
        try {
          if (metadata !== undefined) parsed = JSON.parse(metadata);
        } catch {
          return reject(new ApiError(400, 'VALIDATION_FAILED', `${METADATA_FIELD}: not valid JSON`, METADATA_FIELD, 'MALFORMED_JSON'));
        }
        resolve({ metadata: parsed, files: files.filter((f): f is UploadedFile => !!f) });
      });
    });
    req.pipe(parser);
  });
}
