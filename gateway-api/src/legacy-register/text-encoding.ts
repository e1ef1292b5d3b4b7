import { createReadStream } from 'node:fs';

export type TextEncodingName = 'utf-8' | 'gb18030';

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * The encoding of a legacy CSV export: UTF-8 if every byte of the file decodes as strict UTF-8,
 * otherwise GB18030 (the superset of GBK and GB2312 that Chinese desktop tools write). Text in
 * GBK with Chinese characters is almost never valid UTF-8 by accident, and a file that is pure
 * ASCII reads the same either way, so one streaming pass decides without guessing.
 */
export async function detectTextEncoding(path: string): Promise<TextEncodingName> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let first = true;
  try {
    for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
      if (first && chunk.subarray(0, 3).equals(UTF8_BOM)) return 'utf-8';
      first = false;
      decoder.decode(chunk, { stream: true });
    }
    decoder.decode();
    return 'utf-8';
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_ENCODING_INVALID_ENCODED_DATA') return 'gb18030';
    throw err;
  }
}
