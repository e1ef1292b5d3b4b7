import type { Anchor, CertificateAnchor } from '@estate-ledger/api-schemas';
import { useApi } from '../api/hooks';
import { useI18n } from '../i18n';
import { formatTime } from '../lib/format';
import { Facts, Section } from './common';

/** A block's anchor on the public chain (block page): what was sent, where, and when. */
export function BlockAnchor({ anchor }: { anchor: Anchor | null }) {
  const { t, lang } = useI18n();
  return (
    <Section title={t('anchor.title')}>
      {anchor ? (
        <div data-testid="block-anchor" data-status={anchor.status}>
          <Facts
            rows={[
              [t('anchor.status'), t(`anchor.status.${anchor.status}`)],
              [t('anchor.chain'), `${anchor.chainName} (${anchor.chainId})`],
              [t('anchor.range'), `#${anchor.fromBlock}–#${anchor.toBlock}`],
              [t('anchor.root'), <code class="wrap">{anchor.root}</code>],
              [t('anchor.txHash'), <code class="wrap">{anchor.txHash}</code>],
              [t('anchor.chainBlock'), anchor.chainBlockNumber === null ? '—' : anchor.chainBlockNumber],
              [t('anchor.time'), formatTime(anchor.chainTime, lang)],
              [t('anchor.anchorer'), <code class="wrap">{anchor.anchorer}</code>],
            ]}
          />
          <p class="small muted">{t('anchor.checkHint')}</p>
        </div>
      ) : (
        <p class="small muted" data-testid="block-anchor-none">
          {t('anchor.none')}
        </p>
      )}
    </Section>
  );
}

/** On the verify page: "anchored on <chain> at <time>" once the block of the certificate's issue is anchored. */
export function CertificateAnchorNote({ sha256 }: { sha256: string }) {
  const { t, lang } = useI18n();
  const { data } = useApi<CertificateAnchor>(`/verify/${sha256}/anchor`);
  const anchor = data?.anchor;
  if (!anchor || anchor.status !== 'CONFIRMED') return null;
  return (
    <p class="small" data-testid="certificate-anchor">
      {t('anchor.certificate', { chain: anchor.chainName, time: formatTime(anchor.chainTime, lang), block: data.blockNumber })}
    </p>
  );
}
