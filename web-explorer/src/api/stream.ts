import { useEffect, useRef, useState } from 'preact/hooks';
import { API } from './client';
import { loadSession } from './session';
import type { BlockSummary } from './types';

export type StreamStatus = 'connecting' | 'live' | 'reconnecting';

/**
 * Follows GET /stream (server-sent events): `onBlock` runs for each `event: block` once the
 * block is projected. EventSource cannot send headers, so the JWT goes in `access_token`.
 */
export function useBlockStream(onBlock: (block: BlockSummary) => void): StreamStatus {
  const [status, setStatus] = useState<StreamStatus>('connecting');
  const handler = useRef(onBlock);
  handler.current = onBlock;
  const token = loadSession()?.token;
  useEffect(() => {
    if (!token) return;
    const source = new EventSource(`${API}/stream?access_token=${encodeURIComponent(token)}`);
    source.onopen = () => setStatus('live');
    source.onerror = () => setStatus('reconnecting');
    source.addEventListener('block', (e: MessageEvent<string>) => handler.current(JSON.parse(e.data) as BlockSummary));
    return () => source.close();
  }, [token]);
  return status;
}
