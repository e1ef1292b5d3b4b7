import type { Lang } from '../i18n';

/** Times are shown in China time, the register's own clock, whatever the viewer's time zone. */
export function formatTime(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(lang, { hour12: false, timeZone: 'Asia/Shanghai' });
}

export function shortHash(h: string, head = 10, tail = 6): string {
  return h.length > head + tail + 1 ? `${h.slice(0, head)}…${h.slice(-tail)}` : h;
}

/** A value written to state, pretty-printed: JSON text is parsed first, anything else shown as is. */
export function prettyJson(value: unknown): string {
  if (typeof value === 'string') {
    try {
      return JSON.stringify(JSON.parse(value), null, 2);
    } catch {
      return value;
    }
  }
  return JSON.stringify(value, null, 2) ?? '';
}

