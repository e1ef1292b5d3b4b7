import type { redactOptions } from 'pino';

export const REDACTED = '[REDACTED]';

/** Query parameters whose value is a credential (compared case-insensitively). */
const SECRET_PARAMS = new Set(['apikey', 'api_key', 'access_token', 'token', 'key', 'secret']);

/**
 * Headers that carry credentials. The request serializer leaves request headers out today, but
 * pino-http's response serializer logs the response headers, and either may change.
 */
const SECRET_HEADERS = ['authorization', 'x-api-key', 'cookie', 'set-cookie'];
export const HEADER_REDACTION: redactOptions = {
  paths: ['req.headers', 'res.headers'].flatMap((at) => SECRET_HEADERS.map((h) => `${at}["${h}"]`)),
  censor: REDACTED,
};

/** The parameter's name as the query parser will see it: decoded, and without `[..]` suffixes. */
function paramName(raw: string): string {
  let name = raw.replace(/\+/g, ' ');
  try {
    name = decodeURIComponent(name);
  } catch {
    // a malformed escape: compare the name as sent
  }
  return name.trim().toLowerCase().replace(/\[.*$/, '');
}

/**
 * A URL with the values of credential parameters replaced by `[REDACTED]`; the rest is kept
 * byte for byte so a log line still shows what was asked. Clients put API keys in the query
 * by mistake, and EventSource can only send its JWT there.
 */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = url
    .slice(q + 1)
    .split('&')
    .map((part) => {
      const eq = part.indexOf('=');
      const name = eq < 0 ? part : part.slice(0, eq);
      return SECRET_PARAMS.has(paramName(name)) ? `${name}=${REDACTED}` : part;
    });
  return `${url.slice(0, q)}?${params.join('&')}`;
}
