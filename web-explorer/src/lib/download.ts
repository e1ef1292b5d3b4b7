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
 * A file of the gateway's (a CSV export, a certificate's PDF): a plain link cannot carry the
 * bearer token, so the file is fetched with it and saved from memory.
 */
export function useFileDownload(): { busy: boolean; error: ApiError | null; run: (path: string, filename: string, accept?: string) => Promise<void> } {
  const [state, setState] = useState<{ busy: boolean; error: ApiError | null }>({ busy: false, error: null });
  const run = async (path: string, filename: string, accept = 'text/csv') => {
    setState({ busy: true, error: null });
    try {
      const res = await request(path, { headers: { accept } });
      saveBlob(await res.blob(), filename);
      setState({ busy: false, error: null });
    } catch (err) {
      setState({ busy: false, error: asApiError(err) });
    }
  };
  return { ...state, run };
}
