import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError } from '../src/http/api-error';
import { parseUpload, type ParsedUpload } from '../src/http/multipart-upload';

/** The upload parser on a real HTTP server, fed by fetch's own multipart encoder. */
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(2000, 0x41), Buffer.from('\n%%EOF\n')]);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100, 1)]);

describe('multipart upload: limits and types by content', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      parseUpload(req, { maxFileBytes: 4096, maxFiles: 3 }).then(
        (u: ParsedUpload) => res.end(JSON.stringify({ metadata: u.metadata, files: u.files.map((f) => ({ type: f.type, mediaType: f.mediaType, sha256: f.sha256, size: f.size })) })),
        (e: ApiError) => {
          res.statusCode = e.status;
          res.end(JSON.stringify({ code: e.code, field: e.field }));
        },
      );
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const post = async (parts: Array<[string, Blob | string, string?]>) => {
    const form = new FormData();
    for (const [name, value, filename] of parts) {
      if (typeof value === 'string') form.append(name, value);
      else form.append(name, value, filename);
    }
    const res = await fetch(url, { method: 'POST', body: form });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('hashes each file and recognises its type by its bytes', async () => {
    const r = await post([['metadata', JSON.stringify({ unitNumber: 'x' })], ['SALE_CONTRACT', new Blob([PDF], { type: 'application/pdf' }), 'contract.pdf'], ['ID_DOCUMENT', new Blob([PNG], { type: 'application/octet-stream' }), 'id.bin']]);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      metadata: { unitNumber: 'x' },
      files: [
        { type: 'SALE_CONTRACT', mediaType: 'application/pdf', sha256: createHash('sha256').update(PDF).digest('hex'), size: PDF.length },
        { type: 'ID_DOCUMENT', mediaType: 'image/png', sha256: createHash('sha256').update(PNG).digest('hex'), size: PNG.length },
      ],
    });
  });

  it('refuses a file larger than the limit with 413 naming its part', async () => {
    const big = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(5000, 0x41)]);
    expect(await post([['SALE_CONTRACT', new Blob([big], { type: 'application/pdf' }), 'big.pdf']])).toEqual({ status: 413, body: { code: 'DOCUMENT_TOO_LARGE', field: 'SALE_CONTRACT' } });
  });

  it('refuses content that is not an accepted type whatever its name says', async () => {
    const script = Buffer.from('<html><script>alert(1)</script></html>');
    expect(await post([['SALE_CONTRACT', new Blob([script], { type: 'application/pdf' }), 'contract.pdf']])).toEqual({ status: 415, body: { code: 'DOCUMENT_TYPE_NOT_ACCEPTED', field: 'SALE_CONTRACT' } });
  });

  it('refuses a file whose declared type is not its content', async () => {
    expect(await post([['ID_DOCUMENT', new Blob([PNG], { type: 'image/jpeg' }), 'id.jpg']])).toEqual({ status: 415, body: { code: 'DOCUMENT_TYPE_MISMATCH', field: 'ID_DOCUMENT' } });
  });

  it('refuses a part that names no material type', async () => {
    expect(await post([['PASSPORT_PHOTO', new Blob([PNG], { type: 'image/png' }), 'p.png']])).toEqual({ status: 400, body: { code: 'VALIDATION_FAILED', field: 'PASSPORT_PHOTO' } });
  });
});
