import { ApiError } from '../http/api-error';

/** Opaque keyset-pagination cursors: the sort key of the last row returned, base64url JSON. */
export function encodeCursor(key: Array<string | number>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined, arity: number): Array<string | number> | undefined {
  if (!cursor) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(key) && key.length === arity && key.every((k) => typeof k === 'string' || typeof k === 'number')) return key;
  } catch {
    // fall through to the error below
  }
  throw new ApiError(400, 'VALIDATION_FAILED', 'cursor: not a cursor returned by this API', 'cursor', 'CURSOR_FORMAT');
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Rows were fetched with limit + 1: the extra row only tells whether another page exists. */
export function pageOf<R, T>(rows: R[], limit: number, view: (r: R) => T, key: (r: R) => Array<string | number>): Page<T> {
  const more = rows.length > limit;
  const items = rows.slice(0, limit);
  return { items: items.map(view), nextCursor: more ? encodeCursor(key(items[items.length - 1])) : null };
}
