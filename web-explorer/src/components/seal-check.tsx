import jsQR from 'jsqr';
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { sealHashHex, verifySeal, zIssuerKeySet, type IssuerKeySet, type SealVerdict } from '@estate-ledger/api-schemas/document-seal';
import { API } from '../api/client';
import type { Verification } from '../api/types';
import { useI18n } from '../i18n';
import { formatTime } from '../lib/format';
import { Link, pathOf } from '../router';
import { Facts } from './common';

/**
 * Offline check of a certificate's QR seal: the code is read from a photo or the camera, its
 * signature checked in the browser against the registry offices' keys this browser has cached,
 * then its status asked online when the gateway can be reached. "Signed" and "status checked"
 * are told apart: without the gateway the page says the seal is genuine and the status unchecked.
 */

const KEYS_STORE = 'estate-ledger.issuer-keys';
/** Photos are scaled to this width before decoding: a QR on a page needs no more, and phones take 4000 px. */
const DECODE_WIDTH = 1600;

/** The published keys, refreshed from the gateway when it answers and kept for when it does not. */
function useIssuerKeys(): IssuerKeySet | null {
  const [keys, setKeys] = useState<IssuerKeySet | null>(() => {
    const parsed = zIssuerKeySet.safeParse(JSON.parse(localStorage.getItem(KEYS_STORE) ?? 'null'));
    return parsed.success ? parsed.data : null;
  });
  useEffect(() => {
    let live = true;
    fetch('/.well-known/jwks.json')
      .then((r) => (r.ok ? r.json() : null))
      .then((body: unknown) => {
        const parsed = zIssuerKeySet.safeParse(body);
        if (!parsed.success || !live) return;
        localStorage.setItem(KEYS_STORE, JSON.stringify(parsed.data));
        setKeys(parsed.data);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  return keys;
}

function decodeImage(source: CanvasImageSource, width: number, height: number): string | null {
  const scale = Math.min(1, DECODE_WIDTH / width);
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  const g = canvas.getContext('2d', { willReadFrequently: true });
  if (!g) return null;
  g.drawImage(source, 0, 0, canvas.width, canvas.height);
  const image = g.getImageData(0, 0, canvas.width, canvas.height);
  return jsQR(image.data, image.width, image.height)?.data ?? null;
}

type Status = { state: 'checking' } | { state: 'offline' } | { state: 'done'; result: Verification };
type Seal = { state: 'idle' } | { state: 'no-code' } | { state: 'no-keys' } | { state: 'checked'; verdict: SealVerdict; ms: number };

export function SealCheck() {
  const { t, lang } = useI18n();
  const keys = useIssuerKeys();
  const [seal, setSeal] = useState<Seal>({ state: 'idle' });
  const [status, setStatus] = useState<Status | null>(null);
  const [camera, setCamera] = useState(false);
  const video = useRef<HTMLVideoElement>(null);

  const checkStatus = async (hash: string) => {
    setStatus({ state: 'checking' });
    try {
      const res = await fetch(`${API}/verify/${hash}`, { headers: { accept: 'application/json' } });
      const body = (await res.json()) as Verification;
      setStatus(typeof body?.outcome === 'string' ? { state: 'done', result: body } : { state: 'offline' });
    } catch {
      setStatus({ state: 'offline' });
    }
  };

  const takeCode = async (code: string | null) => {
    setStatus(null);
    if (!code) return setSeal({ state: 'no-code' });
    if (!keys) return setSeal({ state: 'no-keys' });
    const started = performance.now();
    const verdict = await verifySeal(code, keys);
    setSeal({ state: 'checked', verdict, ms: performance.now() - started });
    if (verdict.ok) await checkStatus(sealHashHex(verdict.claims));
  };

  const takePhoto = async (file: File) => {
    const bitmap = await createImageBitmap(file);
    await takeCode(decodeImage(bitmap, bitmap.width, bitmap.height));
  };

  // The camera, where the browser has one: frames are decoded until a code is found.
  useEffect(() => {
    if (!camera) return;
    let stream: MediaStream | undefined;
    let timer: number | undefined;
    void navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } }).then((s) => {
      stream = s;
      const v = video.current;
      if (!v) return;
      v.srcObject = s;
      void v.play();
      timer = window.setInterval(() => {
        if (!v.videoWidth) return;
        const code = decodeImage(v, v.videoWidth, v.videoHeight);
        if (code) {
          setCamera(false);
          void takeCode(code);
        }
      }, 300);
    }, () => setCamera(false));
    return () => {
      window.clearInterval(timer);
      stream?.getTracks().forEach((track) => track.stop());
    };
  }, [camera]);

  const hasCamera = typeof navigator !== 'undefined' && !!navigator.mediaDevices?.getUserMedia;
  return (
    <section class="seal-check" aria-labelledby="seal-title">
      <h2 id="seal-title">{t('seal.title')}</h2>
      <p class="muted small">{t('seal.intro')}</p>
      <label for="seal-photo">{t('seal.photoLabel')}</label>
      <input
        id="seal-photo"
        type="file"
        accept="image/*"
        capture="environment"
        onChange={(e) => {
          const f = e.currentTarget.files?.[0];
          if (f) void takePhoto(f);
        }}
      />
      {hasCamera && (
        <button type="button" onClick={() => setCamera(!camera)}>
          {camera ? t('seal.cameraStop') : t('seal.camera')}
        </button>
      )}
      {camera && <video ref={video} class="seal-camera" muted playsInline aria-label={t('seal.camera')} />}
      <div aria-live="polite">
        {seal.state === 'no-code' && <p class="error" role="alert">{t('seal.noCode')}</p>}
        {seal.state === 'no-keys' && <p class="error" role="alert">{t('seal.noKeys')}</p>}
        {seal.state === 'checked' && !seal.verdict.ok && (
          <div class="outcome outcome-bad" data-seal={seal.verdict.reason} role="status">
            <h3>{t(`seal.refused.${seal.verdict.reason}`)}</h3>
            <p class="small">{seal.verdict.detail}</p>
          </div>
        )}
        {seal.state === 'checked' && seal.verdict.ok && (
          <div class={`outcome ${status?.state === 'done' && status.result.outcome === 'VALID' ? 'outcome-good' : 'outcome-unknown'}`} data-seal="SIGNED" data-status={status?.state === 'done' ? status.result.outcome : (status?.state ?? '')} data-verify-ms={seal.ms.toFixed(2)} role="status">
            <h3 data-testid="seal-headline">
              {status?.state === 'offline'
                ? t('seal.signedOffline', { office: seal.verdict.office })
                : status?.state === 'done'
                  ? t('seal.signedChecked', { office: seal.verdict.office, outcome: t(`outcome.${status.result.outcome}`) })
                  : t('seal.signed', { office: seal.verdict.office })}
            </h3>
            <Facts
              rows={[
                [t('verify.certNo'), seal.verdict.claims.n],
                ...(seal.verdict.claims.u ? [[t('tx.unit'), <code>{seal.verdict.claims.u}</code>] as [string, ComponentChildren]] : []),
                [t('cert.issuedAt'), formatTime(new Date(seal.verdict.claims.i * 1000).toISOString(), lang)],
                ...(seal.verdict.claims.x ? [[t('seal.validUntil'), formatTime(new Date(seal.verdict.claims.x * 1000).toISOString(), lang)] as [string, ComponentChildren]] : []),
                [t('seal.key'), <code>{seal.verdict.kid}</code>],
                [t('verify.sha256'), <Link href={pathOf.verify(sealHashHex(seal.verdict.claims))}><code class="wrap">{sealHashHex(seal.verdict.claims)}</code></Link>],
              ]}
            />
            {status?.state === 'offline' && (
              <button type="button" onClick={() => seal.verdict.ok && void checkStatus(sealHashHex(seal.verdict.claims))}>
                {t('verify.retry')}
              </button>
            )}
          </div>
        )}
      </div>
    </section>
  );
}
