import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import jsQR from 'jsqr';

const run = promisify(execFile);

/** Runs `work` with a throwaway folder holding `pdf` as doc.pdf. */
async function withPdf<T>(pdf: Buffer, work: (dir: string, file: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'pdf-'));
  try {
    const file = join(dir, 'doc.pdf');
    await writeFile(file, pdf);
    return await work(dir, file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The PDF's text as poppler's pdftotext reads it (what a person copies out of it). */
export function pdfText(pdf: Buffer): Promise<string> {
  return withPdf(pdf, async (_dir, file) => (await run('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })).stdout);
}

/** The first page as a grey image (pdftoppm, `dpi`), in the raw bytes of a binary PGM. */
export function pageImage(pdf: Buffer, dpi = 150): Promise<Buffer> {
  return withPdf(pdf, async (dir, file) => {
    await run('pdftoppm', ['-gray', '-r', String(dpi), '-f', '1', '-l', '1', '-singlefile', file, join(dir, 'page')]);
    return readFile(join(dir, 'page.pgm'));
  });
}

/** The first page as a PNG (pdftoppm, `dpi`): what a phone's photo of the paper would hold. */
export function pagePng(pdf: Buffer, dpi = 150): Promise<Buffer> {
  return withPdf(pdf, async (dir, file) => {
    await run('pdftoppm', ['-png', '-r', String(dpi), '-f', '1', '-l', '1', '-singlefile', file, join(dir, 'page')]);
    return readFile(join(dir, 'page.png'));
  });
}

/** Decodes the QR code in a binary PGM image (P5, 8 bit), as a camera's frame would be decoded. */
export function decodeQr(pgm: Buffer): string {
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.subarray(0, 64).toString('latin1'));
  if (!header) throw new Error('not a binary PGM image');
  const [whole, w, h] = [header[0], Number(header[1]), Number(header[2])];
  const grey = pgm.subarray(whole.length);
  const rgba = new Uint8ClampedArray(w * h * 4);
  for (let i = 0; i < w * h; i++) rgba.set([grey[i], grey[i], grey[i], 255], i * 4);
  const code = jsQR(rgba, w, h);
  if (!code) throw new Error('no QR code found in the image');
  return code.data;
}
