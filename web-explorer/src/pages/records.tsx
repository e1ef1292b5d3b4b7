import { useApi } from '../api/hooks';
import type { Certificate, RegistrationView } from '../api/types';
import { ErrorBox, Facts, Loading, Section, TableBox } from '../components/common';
import { lookup, useI18n } from '../i18n';
import { formatTime } from '../lib/format';
import { Link, pathOf } from '../router';

export function CertificatePage({ certNo }: { certNo: string }) {
  const { t, lang } = useI18n();
  const cert = useApi<Certificate>(`/certificates/${encodeURIComponent(certNo)}`);
  if (cert.error) return <ErrorBox error={cert.error} />;
  const c = cert.data;
  if (!c) return <Loading />;
  return (
    <div class="page">
      <h1>
        {t(`certKind.${c.kind}`)} <span class="wrap">{c.certNo}</span>
      </h1>
      <Section title={t('cert.details')}>
        <Facts
          rows={[
            [t('cert.status'), <span class={`badge cert-${c.status}`}>{t(`certStatus.${c.status}`)}</span>],
            [t('tx.unit'), <Link href={pathOf.unit(c.unitNumber)}>{c.unitNumber}</Link>],
            [t('cert.issuedAt'), formatTime(c.issuedAt, lang)],
            [t('unit.registerVersion'), c.registerVersion],
            [t('cert.docHash'), <Link href={pathOf.verify(c.docHash)}><code class="wrap">{c.docHash}</code></Link>],
            [t('cert.supersedes'), c.supersedes ? <Link href={pathOf.certificate(c.supersedes)}>{c.supersedes}</Link> : '—'],
            [t('cert.supersededBy'), c.supersededBy ? <Link href={pathOf.certificate(c.supersededBy)}>{c.supersededBy}</Link> : '—'],
            [t('cert.reason'), c.statusReason ?? '—'],
          ]}
        />
      </Section>
    </div>
  );
}

export function RegistrationPage({ registrationId }: { registrationId: string }) {
  const { t, lang } = useI18n();
  const reg = useApi<RegistrationView>(`/registrations/${encodeURIComponent(registrationId)}`);
  if (reg.error) return <ErrorBox error={reg.error} />;
  const r = reg.data;
  if (!r) return <Loading />;
  const status = (s: string) => lookup(t, `regStatus.${s}`) ?? s;
  return (
    <div class="page">
      <h1>
        {t('reg.title')} <code class="wrap">{r.registrationId}</code>
      </h1>
      <Section title={lookup(t, `regType.${r.type}`) ?? r.type}>
        <Facts
          rows={[
            [t('reg.status'), <span class="badge">{status(r.status)}</span>],
            [t('tx.unit'), <Link href={pathOf.unit(r.unitNumber)}>{r.unitNumber}</Link>],
            [t('tx.district'), r.district],
            [t('reg.appliedAt'), formatTime(r.appliedAt, lang)],
            [t('reg.recordedAt'), formatTime(r.recordedAt, lang)],
            [t('unit.certNo'), r.certNo ? <Link href={pathOf.certificate(r.certNo)}>{r.certNo}</Link> : '—'],
          ]}
        />
      </Section>
      <Section title={t('reg.steps')}>
        <TableBox label={t('reg.steps')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('reg.status')}</th>
                <th scope="col">{t('reg.actor')}</th>
                <th scope="col">{t('tx.committedAt')}</th>
                <th scope="col">{t('reg.note')}</th>
                <th scope="col">{t('tx.id')}</th>
              </tr>
            </thead>
            <tbody>
              {r.steps.map((s) => (
                <tr key={s.actor.txId}>
                  <td>{status(s.status)}</td>
                  <td>
                    {s.actor.msp} / {s.actor.role}
                  </td>
                  <td>{formatTime(s.actor.at, lang)}</td>
                  <td>{s.note ?? '—'}</td>
                  <td>
                    <Link href={pathOf.tx(s.actor.txId)}>
                      <code>{s.actor.txId.slice(0, 12)}…</code>
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableBox>
      </Section>
    </div>
  );
}
