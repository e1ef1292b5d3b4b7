import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DocumentStore } from './document-store';

/**
 * The embedded default: one file per document under DATA_DIR/documents, fanned out by the first
 * two hex digits. A put writes a temporary file and renames it into place, so a crash never
 * leaves a partial file under a hash.
 */
export class DiskDocumentStore implements DocumentStore {
  readonly kind = 'disk' as const;

  constructor(private readonly dir: string) {}

  private path(sha256: string): string {
    return join(this.dir, sha256.slice(0, 2), sha256);
  }

  async put(sha256: string, bytes: Buffer): Promise<void> {
    const target = this.path(sha256);
    if (await stat(target).then(() => true, () => false)) return;
    await mkdir(join(this.dir, sha256.slice(0, 2)), { recursive: true, mode: 0o700 });
    const temp = `${target}.${randomUUID()}.tmp`;
    await writeFile(temp, bytes, { mode: 0o600 });
    await rename(temp, target);
  }

  async get(sha256: string): Promise<Buffer | undefined> {
    try {
      return await readFile(this.path(sha256));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }
}
