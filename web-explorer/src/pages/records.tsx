import type { ApplicationProgress, Certificate, Holder, RegistrationView, SaleContractView } from '../api/types';
import { ColumnTable, ErrorBox, Facts, RecordPage, Section } from '../components/common';
import { TxLink } from '../components/tx-table';
import { listText, lookup, partyText, useI18n, type Translate } from '../i18n';
import { useFileDownload } from '../lib/download';
import { formatTime } from '../lib/format';
import { Link, pathOf } from '../router';

export function CertificatePage({ certNo }: { certNo: string }) {
  const { t, lang } = useI18n();
  const pdf = useFileDownload();
  return (
    <RecordPage<Certificate>
      path={`/certificates/${encodeURIComponent(certNo)}`}
      heading={(c) => <>{t(`certKind.${c.kind}`)} <span class="wrap">{c.certNo}</span></>}
    >
      {(c) => (
        <Section title={t('cert.details')}>
          <Facts
            rows={[
              [t('cert.status'), <span class={`badge cert-${c.status}`}>{t(`certStatus.${c.status}`)}</span>],
              [t('tx.unit'), <Link href={pathOf.unit(c.unitNumber)}>{c.unitNumber}</Link>],
              [t('cert.issuedAt'), formatTime(c.issuedAt, lang)],
              [t('unit.registerVersion'), c.registerVersion],
              [t('cert.docHash'), <Link href={pathOf.verify(c.docHash)}><code class="wrap">{c.docHash}</code></Link>],
              [t('cert.pdfHash'), c.pdf ? <Link href={pathOf.verify(c.pdf.sha256)}><code class="wrap" data-testid="pdf-hash">{c.pdf.sha256}</code></Link> : t('cert.pdfNotYet')],
              [t('cert.supersedes'), c.supersedes ? <Link href={pathOf.certificate(c.supersedes)}>{c.supersedes}</Link> : '—'],
              [t('cert.supersededBy'), c.supersededBy ? <Link href={pathOf.certificate(c.supersededBy)}>{c.supersededBy}</Link> : '—'],
              [t('cert.reason'), c.statusReason ?? '—'],
            ]}
          />
          <p>
            <button type="button" disabled={pdf.busy} onClick={() => void pdf.run(`/certificates/${encodeURIComponent(c.certNo)}/pdf`, `${c.certNo}.pdf`, 'application/pdf')}>
              {t('cert.downloadPdf')}
            </button>
          </p>
          {pdf.error && <ErrorBox error={pdf.error} />}
        </Section>
      )}
    </RecordPage>
  );
}

export function RegistrationPage({ registrationId }: { registrationId: string }) {
  const { t, lang } = useI18n();
  const status = (s: string) => lookup(t, `regStatus.${s}`) ?? s;
  return (
    <RecordPage<RegistrationView>
      path={`/registrations/${encodeURIComponent(registrationId)}`}
      heading={(r) => <>{t('reg.title')} <code class="wrap">{r.registrationId}</code></>}
    >
      {(r) => (
        <>
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
          {r.registryCorrection && (
            <Section title={t('reg.correction')}>
              <Facts
                rows={[
                  [t('reg.correctionEntry'), <Link href={pathOf.registration(r.registryCorrection.entryRegistrationId)}>{r.registryCorrection.entryRegistrationId}</Link>],
                  [t('reg.correctionFinding'), correctionText(r.change)],
                  [t('reg.notifiedAt'), formatTime(r.registryCorrection.notifiedAt, lang)],
                  [t('reg.announceFrom'), r.registryCorrection.announceFrom],
                  [t('reg.announcedAt'), formatTime(r.registryCorrection.announcedAt, lang)],
                  [t('reg.reviewFrom'), r.registryCorrection.reviewFrom ?? '—'],
                ]}
              />
            </Section>
          )}
          <Section title={t('reg.steps')}>
            <ColumnTable label={t('reg.steps')} columns={[t('reg.status'), t('reg.actor'), t('tx.committedAt'), t('reg.note'), t('tx.id')]}>
              {r.steps.map((s) => (
                <tr key={s.actor.txId}>
                  <td>{status(s.status)}</td>
                  <td>
                    {s.actor.msp} / {s.actor.role}
                  </td>
                  <td>{formatTime(s.actor.at, lang)}</td>
                  <td>{s.note ?? '—'}</td>
                  <td>
                    <TxLink txId={s.actor.txId} />
                  </td>
                </tr>
              ))}
            </ColumnTable>
          </Section>
        </>
      )}
    </RecordPage>
  );
}

/** What a correction writes in place of the entry, and why. */
function correctionText(change: RegistrationView['change']): string {
  if (!change) return '—';
  const written = [change.location, change.use, change.areas && `${change.areas.building} m²`].filter(Boolean).join('；');
  return written ? `${written}（${change.reason}）` : change.reason;
}

export function ApplicationPage({ applicationId }: { applicationId: string }) {
  const { t, lang } = useI18n();
  const status = (s: string) => lookup(t, `regStatus.${s}`) ?? lookup(t, `contractStatus.${s}`) ?? lookup(t, `caseStatus.${s}`) ?? s;
  return (
    <RecordPage<ApplicationProgress>
      path={`/applications/${encodeURIComponent(applicationId)}/progress`}
      heading={(a) => <>{t('app.caseTitle')} <code class="wrap">{a.applicationId}</code></>}
    >
      {(a) => (
        <>
          <Section title={lookup(t, `regType.${a.businessType}`) ?? a.businessType}>
            <Facts
              rows={[
                [
                  t('reg.status'),
                  <span class={`badge${a.status === 'COMPLETED' ? ' badge-good' : ''}`} data-status={a.status}>
                    {status(a.status)}
                  </span>,
                ],
                [t('tx.unit'), <Link href={pathOf.unit(a.unitNumber)}>{a.unitNumber}</Link>],
              ]}
            />
          </Section>
          <Section title={t('app.housing')}>
            <ul class="plain">
              {a.departments.housing.map((c) => (
                <li key={c.contractId}>
                  <Link href={pathOf.contract(c.contractId)}>{c.contractId}</Link> · {status(c.status)} {c.filedAt && `· ${formatTime(c.filedAt, lang)}`}
                </li>
              ))}
            </ul>
            {a.departments.housing.length === 0 && <p class="muted">{t('common.none')}</p>}
          </Section>
          <Section title={t('app.tax')}>
            <ul class="plain">
              {a.departments.tax.map((x) => (
                <li key={x.taxId}>
                  <code>{x.taxId}</code> · {status(x.status)}
                </li>
              ))}
            </ul>
            {a.departments.tax.length === 0 && <p class="muted">{t('common.none')}</p>}
          </Section>
          <Section title={t('app.registry')}>
            <ColumnTable label={t('app.registry')} columns={[t('reg.title'), t('reg.status'), t('reg.appliedAt'), t('app.completedAt'), t('stats.limitDays'), t('app.workingDays')]}>
              {a.departments.registry.map((r) => (
                <tr key={r.registrationId}>
                  <td>
                    <Link href={pathOf.registration(r.registrationId)}>{r.registrationId}</Link>
                    <div class="muted small">{lookup(t, `regType.${r.type}`) ?? r.type}</div>
                  </td>
                  <td>{status(r.status)}</td>
                  <td>{formatTime(r.appliedAt, lang)}</td>
                  <td>{formatTime(r.completedAt, lang)}</td>
                  <td>{r.limitWorkingDays === 0 ? t('stats.immediate') : t('stats.days', { days: r.limitWorkingDays })}</td>
                  <td class={r.withinLimit === false ? 'bad' : undefined}>{r.workingDays ?? '—'}</td>
                </tr>
              ))}
            </ColumnTable>
          </Section>
        </>
      )}
    </RecordPage>
  );
}

const holdersText = (t: Translate, holders: Holder[]) => listText(t, holders.map((h) => partyText(t, h.party)));

export function ContractPage({ contractId }: { contractId: string }) {
  const { t, lang } = useI18n();
  return (
    <RecordPage<SaleContractView>
      path={`/contracts/${encodeURIComponent(contractId)}`}
      heading={(c) => <>{t(`contractKind.${c.kind}`)} <code class="wrap">{c.contractId}</code></>}
    >
      {(c) => (
        <>
          <Section title={t('contract.details')}>
            <Facts
              rows={[
                [t('reg.status'), <span class="badge" data-status={c.status}>{t(`contractStatus.${c.status}`)}</span>],
                [t('tx.unit'), <Link href={pathOf.unit(c.unitNumber)}>{c.unitNumber}</Link>],
                [t('contract.sellers'), holdersText(t, c.sellers)],
                [t('contract.buyers'), `${holdersText(t, c.buyers)} · ${t(`coOwnership.${c.buyerCoOwnership}`)}`],
                [t('contract.price'), `¥${c.price}`],
                [t('contract.signedAt'), formatTime(c.signedAt, lang)],
                [t('contract.filedAt'), formatTime(c.filedAt, lang)],
                [t('cert.reason'), c.cancelReason ?? '—'],
                [t('app.caseTitle'), c.applicationId ? <Link href={pathOf.application(c.applicationId)}>{c.applicationId}</Link> : '—'],
              ]}
            />
          </Section>
          <Section title={t('reg.steps')}>
            <ul class="plain">
              {c.history.map((h) => (
                <li key={h.actor.txId}>
                  {lookup(t, `contractStatus.${h.status}`) ?? h.status} · {h.actor.msp}/{h.actor.role} · {formatTime(h.actor.at, lang)} ·{' '}
                  <TxLink txId={h.actor.txId} />
                </li>
              ))}
            </ul>
          </Section>
        </>
      )}
    </RecordPage>
  );
}
