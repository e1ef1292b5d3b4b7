import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmod, open, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';

/** First byte of every sealed value: the format, so a later one can be told apart. */
const FORMAT_V1 = 0x01;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

/**
 * AES-256-GCM for the private-data collection at rest. The LevelDB key is the associated data:
 * a sealed value copied under another key does not open.
 */
export class PrivateDataSealer {
  constructor(private readonly key: Buffer) {}

  seal(dbKey: string, plain: Buffer): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv).setAAD(Buffer.from(dbKey, 'utf8'));
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return Buffer.concat([Buffer.of(FORMAT_V1), iv, cipher.getAuthTag(), body]);
  }

  open(dbKey: string, sealed: Buffer): Buffer {
    if (sealed.length < 1 + IV_BYTES + TAG_BYTES || sealed[0] !== FORMAT_V1) throw new Error(`private data under ${JSON.stringify(dbKey)} is not a sealed value`);
    const iv = sealed.subarray(1, 1 + IV_BYTES);
    const tag = sealed.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', this.key, iv).setAAD(Buffer.from(dbKey, 'utf8')).setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(sealed.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]);
    } catch {
      throw new Error(`private data under ${JSON.stringify(dbKey)} does not authenticate: another store's key file, or the value was altered`);
    }
  }
}

/** The sealing key in `file` (base64 of 32 bytes), or undefined when there is none. */
export async function readSealingKey(file: string): Promise<Buffer | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== KEY_BYTES) throw new Error(`${file} must hold the base64 of ${KEY_BYTES} bytes`);
  // A copy restored with a looser mode is tightened.
  await chmod(file, 0o600);
  return key;
}

/**
 * Creates a new sealing key in `file` (mode 600), written to a temporary file and renamed, and
 * synced with its directory before anything is sealed with it: a lost key is lost private data.
 */
export async function createSealingKey(file: string): Promise<Buffer> {
  const key = randomBytes(KEY_BYTES);
  const tmp = `${file}.tmp`;
  const fh = await open(tmp, 'w', 0o600);
  try {
    await fh.writeFile(`${key.toString('base64')}\n`);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, file);
  const dir = await open(dirname(file), 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
  return key;
}
