import { useState } from 'preact/hooks';
import { asApiError, request, type ApiError } from '../api/client';

/** Saves bytes under a file name through a temporary object URL. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * A CSV export of the gateway's: a plain link cannot carry the bearer token, so the file is
 * fetched with it and saved from memory.
 */
export function useCsvExport(): { busy: boolean; error: ApiError | null; run: (path: string, filename: string) => Promise<void> } {
  const [state, setState] = useState<{ busy: boolean; error: ApiError | null }>({ busy: false, error: null });
  const run = async (path: string, filename: string) => {
    setState({ busy: true, error: null });
    try {
      const res = await request(path, { headers: { accept: 'text/csv' } });
      saveBlob(await res.blob(), filename);
      setState({ busy: false, error: null });
    } catch (err) {
      setState({ busy: false, error: asApiError(err) });
    }
  };
  return { ...state, run };
}
