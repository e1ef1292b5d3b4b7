import { usePaged } from '../api/hooks';
import type { Certificate, MyProperty } from '../api/types';
import { ErrorBox, PageEnd } from '../components/common';
import { FlagList } from '../components/flags';
import { listText, lookup, partyText, useI18n } from '../i18n';
import { formatTime } from '../lib/format';
import { useFileDownload } from '../lib/download';

/** 我名下的不动产: each unit the signed-in citizen holds as a card that fits a phone. */
export function MyPropertiesPage() {
  const { t } = useI18n();
  const units = usePaged<MyProperty>('/applicant/properties?limit=20');
  return (
    <div class="page narrow">
      <h1>{t('myProperties.title')}</h1>
      <p class="muted small">{t('myProperties.intro')}</p>
      {!units.loading && !units.error && units.items.length === 0 && <p data-testid="no-properties">{t('myProperties.empty')}</p>}
      <ul class="case-cards">
        {units.items.map((u) => (
          <PropertyCard key={u.unitNumber} u={u} />
        ))}
      </ul>
      <PageEnd page={units} more={t('myProperties.more')} testId="more-properties" />
    </div>
  );
}

function PropertyCard({ u }: { u: MyProperty }) {
  const { t, lang } = useI18n();
  const r = u.restrictions;
  return (
    <li class="case-card" data-unit={u.unitNumber}>
      <h2>{u.location}</h2>
      <p class="muted">
        {t('myCases.unit')} {u.unitNumber} · {u.use} · {t('myProperties.area', { area: u.areas.building })}
      </p>
      <ul class="plain" data-testid="rights">
        {u.rights.map((h) => (
          <li key={h.rightId} data-right={h.type}>
            <strong>{lookup(t, `rightType.${h.type}`) ?? h.type}</strong>
            {h.share && <> · {t('myProperties.share', { share: h.share })}</>} · {t('myProperties.recorded', { date: formatTime(h.recordedAt, lang) })}
          </li>
        ))}
      </ul>
      {u.ownership && u.ownership.holders.length > 1 && (
        <p class="small">
          {t('myProperties.holders')}：{listText(t, u.ownership.holders.map((h) => partyText(t, h.party)))}
        </p>
      )}
      <FlagList flags={u.flags} />
      {r.mortgages.length + r.seizures.length + r.notices.length + r.objections.length > 0 && (
        <div class="restrictions" data-testid="restrictions">
          <h3>{t('myProperties.restrictions')}</h3>
          <ul>
            {r.mortgages.map((m) => (
              <li key={m.rightId} data-restriction="mortgage">
                {t('myProperties.mortgage', { creditor: partyText(t, m.creditor), amount: m.amount, from: m.termStart, to: m.termEnd })}
              </li>
            ))}
            {r.seizures.map((z) => (
              <li key={z.seizureId} data-restriction="seizure">
                {t('myProperties.seizure', { court: z.court, caseNumber: z.caseNumber })}
                {z.endDate && <> · {t('myProperties.until', { date: z.endDate })}</>}
              </li>
            ))}
            {r.notices.map((n) => (
              <li key={n.rightId} data-restriction="notice">
                {t('myProperties.notice', { holders: listText(t, n.holders.map((p) => partyText(t, p))) })}
              </li>
            ))}
            {r.objections.map((o) => (
              <li key={o.rightId} data-restriction="objection">
                {t('myProperties.objection', { applicant: partyText(t, o.applicant) })}
              </li>
            ))}
          </ul>
        </div>
      )}
      <h3 class="small">{t('myProperties.certificates')}</h3>
      {u.certificates.length === 0 ? <p class="muted small">{t('myProperties.noCertificate')}</p> : <CertificateList certificates={u.certificates} />}
    </li>
  );
}

/** The certificates of the citizen's rights, each downloadable as its PDF (the holder's own route). */
function CertificateList({ certificates }: { certificates: Certificate[] }) {
  const { t, lang } = useI18n();
  const pdf = useFileDownload();
  return (
    <>
      <ul class="plain certificates">
        {certificates.map((c) => (
          <li key={c.certNo} data-cert={c.certNo}>
            <span class="wrap">{lookup(t, `certKind.${c.kind}`) ?? c.kind} {c.certNo}</span> <span class={`badge cert-${c.status}`}>{lookup(t, `certStatus.${c.status}`) ?? c.status}</span>
            <span class="muted small"> · {t('myProperties.issued', { date: formatTime(c.issuedAt, lang) })}</span>
            <div>
              <button type="button" disabled={pdf.busy} onClick={() => void pdf.run(`/applicant/certificates/${encodeURIComponent(c.certNo)}/pdf`, `${c.certNo}.pdf`, 'application/pdf')}>
                {t('myProperties.downloadPdf')}
              </button>
            </div>
          </li>
        ))}
      </ul>
      {pdf.error && <ErrorBox error={pdf.error} />}
    </>
  );
}
