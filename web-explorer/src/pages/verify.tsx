import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { API, ApiError, isErrorBody } from '../api/client';
import type { Restriction, Verification, VerificationOutcome } from '../api/types';
import { CertificateAnchorNote } from '../components/anchor-facts';
import { ErrorBox, Facts } from '../components/common';
import { FlagList } from '../components/flags';
import { SealCheck } from '../components/seal-check';
import { listText, useI18n, type Translate } from '../i18n';
import { canDigest, normaliseHash, sha256Hex } from '../lib/digest';
import { formatTime } from '../lib/format';
import { navigate, pathOf } from '../router';

type Tone = 'good' | 'warn' | 'bad' | 'unknown';

/** Only VALID is shown as good; anything the page does not recognise counts as "could not check". */
const OUTCOMES: Record<VerificationOutcome, { tone: Tone; icon: string }> = {
  VALID: { tone: 'good', icon: '✓' },
  VALID_BUT_OUTDATED: { tone: 'warn', icon: '!' },
  SUPERSEDED: { tone: 'warn', icon: '↻' },
  REVOKED: { tone: 'bad', icon: '✗' },
  CANCELLED: { tone: 'bad', icon: '✗' },
  NOT_FOUND: { tone: 'bad', icon: '?' },
  STATUS_UNKNOWN: { tone: 'unknown', icon: '…' },
  EXPIRED: { tone: 'bad', icon: '⌛' },
};

const isVerification = (v: unknown): v is Verification =>
  typeof v === 'object' && v !== null && typeof (v as Verification).outcome === 'string' && Object.hasOwn(OUTCOMES, (v as Verification).outcome);

/** Certificate files are small; this bound keeps a wrong pick from filling the tab's memory. */
const MAX_FILE_BYTES = 50 * 1024 * 1024;

type Check =
  | { state: 'idle' }
  | { state: 'hashing' }
  | { state: 'checking' }
  | { state: 'done'; result: Verification }
  /** The gateway did not answer with an outcome: never a confirmation. */
  | { state: 'unknown'; error: ApiError | null }
  | { state: 'rejected'; error: ApiError };

interface FileInfo {
  name: string;
  size: number;
}

/**
 * Asks GET /verify/{sha256}. The gateway answers STATUS_UNKNOWN with 503 and the outcome body; a
 * malformed hash (400) is the only failure that is the citizen's to fix; every other failure, or
 * an answer the page does not recognise, is "could not check".
 */
async function verifyHash(hash: string): Promise<Check> {
  let res: Response;
  try {
    res = await fetch(`${API}/verify/${hash}`, { headers: { accept: 'application/json' } });
  } catch (err) {
    return { state: 'unknown', error: new ApiError(0, 'NETWORK_ERROR', err instanceof Error ? err.message : String(err)) };
  }
  const body: unknown = await res.json().catch(() => null);
  if (isVerification(body) && (res.ok || body.outcome === 'STATUS_UNKNOWN')) return { state: 'done', result: body };
  const error = isErrorBody(body)
    ? new ApiError(res.status, body.error.code, body.error.message, body.error.field, body.error.requestId)
    : new ApiError(res.status, `HTTP_${res.status}`, res.statusText);
  return res.status === 400 ? { state: 'rejected', error } : { state: 'unknown', error };
}

export function VerifyPage({ hash }: { hash?: string }) {
  const { t } = useI18n();
  const [check, setCheck] = useState<Check>({ state: 'idle' });
  const [file, setFile] = useState<FileInfo | null>(null);
  const [pasted, setPasted] = useState('');
  const [inputError, setInputError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const valid = hash ? normaliseHash(hash) : null;

  useEffect(() => {
    if (!hash) return;
    if (!valid) {
      setInputError(t('verify.badHash'));
      return;
    }
    let live = true;
    setCheck({ state: 'checking' });
    void verifyHash(valid).then((c) => live && setCheck(c));
    return () => {
      live = false;
    };
  }, [hash, attempt]);

  const takeFile = async (f: File) => {
    setInputError(null);
    if (f.size > MAX_FILE_BYTES) {
      setInputError(t('verify.tooLarge'));
      return;
    }
    if (!canDigest()) {
      setInputError(t('verify.noDigest'));
      return;
    }
    setFile({ name: f.name, size: f.size });
    setCheck({ state: 'hashing' });
    const digest = await sha256Hex(await f.arrayBuffer());
    navigate(pathOf.verify(digest), { replace: true });
    if (digest === valid) setAttempt((n) => n + 1);
  };

  const onPaste = (e: Event) => {
    e.preventDefault();
    const h = normaliseHash(pasted);
    if (!h) {
      setInputError(t('verify.badHash'));
      return;
    }
    setInputError(null);
    setFile(null);
    navigate(pathOf.verify(h), { replace: true });
    if (h === valid) setAttempt((n) => n + 1);
  };

  return (
    <div class="page verify">
      <h1>{t('verify.title')}</h1>
      <p>{t('verify.intro')}</p>
      <p class="privacy" data-testid="privacy-note">
        {t('verify.privacy')}
      </p>
      <div class="verify-inputs">
        <div
          class={`dropzone${dragging ? ' dragging' : ''}`}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={(e) => {
            e.preventDefault();
            setDragging(false);
            const f = e.dataTransfer?.files[0];
            if (f) void takeFile(f);
          }}
        >
          <label for="certificate-file">{t('verify.fileLabel')}</label>
          <input
            id="certificate-file"
            type="file"
            accept=".json,.pdf,.ofd,application/json,application/pdf"
            onChange={(e) => {
              const f = e.currentTarget.files?.[0];
              if (f) void takeFile(f);
            }}
          />
          <p class="muted small">{t('verify.dropHint')}</p>
        </div>
        <form class="hash-form" onSubmit={onPaste}>
          <label for="certificate-hash">{t('verify.hashLabel')}</label>
          <input
            id="certificate-hash"
            name="hash"
            value={pasted}
            onInput={(e) => setPasted(e.currentTarget.value)}
            placeholder="e3b0c442…"
            autoComplete="off"
            spellcheck={false}
            aria-describedby="hash-help"
          />
          <p id="hash-help" class="muted small">
            {t('verify.hashHelp')}
          </p>
          <button type="submit">{t('verify.check')}</button>
        </form>
      </div>
      {inputError && (
        <p class="error" role="alert">
          {inputError}
        </p>
      )}
      <div aria-live="polite">
        {(hash || file) && <Subject file={file} hash={valid} t={t} />}
        <Result check={check} retry={() => setAttempt((n) => n + 1)} />
        {check.state === 'done' && valid && <CertificateAnchorNote sha256={valid} />}
      </div>
      <SealCheck />
    </div>
  );
}

function Subject({ file, hash, t }: { file: FileInfo | null; hash: string | null; t: Translate }) {
  return (
    <Facts
      rows={[
        ...(file ? ([[t('verify.file'), `${file.name} (${file.size.toLocaleString()} B)`]] as Array<[string, ComponentChildren]>) : []),
        [t('verify.sha256'), hash ? <code class="wrap" data-testid="computed-hash">{hash}</code> : '—'],
      ]}
    />
  );
}

function Result({ check, retry }: { check: Check; retry: () => void }) {
  const { t } = useI18n();
  switch (check.state) {
    case 'idle':
      return null;
    case 'hashing':
      return <p role="status">{t('verify.hashing')}</p>;
    case 'checking':
      return <p role="status">{t('verify.checking')}</p>;
    case 'rejected':
      return <ErrorBox error={check.error} />;
    case 'unknown':
      return (
        <Outcome outcome="STATUS_UNKNOWN">
          {check.error && (
            <p class="small">
              {t('verify.unknownCause')}: <strong>{check.error.code}</strong> {check.error.message}
            </p>
          )}
          <button type="button" onClick={retry}>
            {t('verify.retry')}
          </button>
        </Outcome>
      );
    case 'done':
      return <Done result={check.result} retry={retry} />;
  }
}

/** Restrictions that draw attention (as the unit's flags do); a mortgage is shown plainly. */
const WARN_RESTRICTIONS: ReadonlySet<Restriction> = new Set(['SEIZED', 'SEIZURE_QUEUED', 'OBJECTION', 'ADVANCE_NOTICE']);

function Done({ result: r, retry }: { result: Verification; retry: () => void }) {
  const { t, lang } = useI18n();
  const facts: Array<[string, ComponentChildren]> = [];
  if (r.certNo) facts.push([t('verify.certNo'), r.certNo]);
  if (r.kind) facts.push([t('verify.kind'), t(`certKind.${r.kind}`)]);
  if (r.rightType) facts.push([t('verify.right'), t(`rightType.${r.rightType}`)]);
  if (r.unitNumber) facts.push([t('tx.unit'), <code>{r.unitNumber}</code>]);
  if (r.issuedAt) facts.push([t('cert.issuedAt'), formatTime(r.issuedAt, lang)]);
  if (r.issuedAtVersion !== undefined) facts.push([t('verify.issuedAtVersion'), r.issuedAtVersion]);
  if (r.currentVersion !== undefined) facts.push([t('verify.currentVersion'), r.currentVersion]);
  if (r.validUntil) facts.push([t('seal.validUntil'), formatTime(r.validUntil, lang)]);
  if (r.holdings !== undefined) facts.push([t('verify.holdings'), r.holdings === 0 ? t('verify.noHoldings') : r.holdings]);
  if (r.successor) facts.push([t('verify.successor'), <strong data-testid="successor">{r.successor}</strong>]);
  // An outdated certificate's explanation says why, in the reader's language.
  if (r.reason && r.outcome !== 'VALID_BUT_OUTDATED') facts.push([t('cert.reason'), r.reason]);
  facts.push([t('verify.checkedAt'), formatTime(r.checkedAt, lang)]);
  // Two questions kept apart: does the certificate still state what the register states (the
  // outcome), and what stands on the property now (the restrictions, listed plainly).
  const authentic = r.outcome === 'VALID' || r.outcome === 'VALID_BUT_OUTDATED';
  const restrictions = authentic ? (r.restrictions ?? []) : [];
  const title = r.outcome === 'VALID' && restrictions.length > 0 ? t('outcome.VALID.restricted', { list: listText(t, restrictions.map((x) => t(`restriction.${x}`))) }) : undefined;
  return (
    <Outcome outcome={r.outcome} title={title}>
      <Facts rows={facts} />
      {authentic && r.restrictions && (
        <div class="restrictions" data-testid="restrictions">
          <h3>{t('verify.restrictions')}</h3>
          {restrictions.length > 0 ? (
            <>
              <ul class="flags">
                {restrictions.map((x) => (
                  <li key={x} class={`flag ${WARN_RESTRICTIONS.has(x) ? 'flag-warn' : 'flag-on'}`} data-restriction={x}>
                    {t(`restriction.${x}`)}
                  </li>
                ))}
              </ul>
              <p class="small">{t('verify.restrictionsNote')}</p>
            </>
          ) : (
            <p class="small" data-testid="no-restrictions">
              {t('verify.noRestrictions')}
            </p>
          )}
        </div>
      )}
      {authentic && r.currentFlags && (
        <div class="current-flags">
          <h3>{t('verify.currentFlags')}</h3>
          <FlagList flags={r.currentFlags} />
        </div>
      )}
      {r.outcome === 'STATUS_UNKNOWN' && (
        <button type="button" onClick={retry}>
          {t('verify.retry')}
        </button>
      )}
    </Outcome>
  );
}

function Outcome({ outcome, title, children }: { outcome: VerificationOutcome; title?: string; children: ComponentChildren }) {
  const { t } = useI18n();
  const { tone, icon } = OUTCOMES[outcome];
  return (
    <section class={`outcome outcome-${tone}`} data-outcome={outcome} role="status" aria-labelledby="outcome-title">
      <h2 id="outcome-title">
        <span class="outcome-icon" aria-hidden="true">
          {icon}
        </span>{' '}
        {title ?? t(`outcome.${outcome}`)}
      </h2>
      <p>{t(`outcome.${outcome}.explain`)}</p>
      {children}
    </section>
  );
}
