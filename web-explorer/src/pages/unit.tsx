import { useApi, usePaged } from '../api/hooks';
import type { Certificate, Holder, Party, RegistrationView, TitleLink, TxSummary, UnitView } from '../api/types';
import { ErrorBox, Facts, Loading, Section, TableBox } from '../components/common';
import { FlagList } from '../components/flags';
import { useEventLabel } from '../components/tx-table';
import { useI18n, type Translate } from '../i18n';
import { formatTime } from '../lib/format';
import { Link, pathOf } from '../router';

/** Events that start or end a restriction on the unit: they form its restriction timeline. */
const RESTRICTION_EVENTS: ReadonlySet<string> = new Set(['SEIZURE_RECORDED', 'SEIZURE_LIFTED', 'SEIZURE_RENEWED', 'OBJECTION_RECORDED', 'OBJECTION_LAWSUIT_FILED']);

const partyText = (p: Party) => `${p.name}（${p.idNumber}）`;

function Holders({ holders }: { holders: Holder[] }) {
  return (
    <ul class="plain">
      {holders.map((h) => (
        <li key={h.party.ref}>
          {partyText(h.party)}
          {h.share && ` · ${h.share}%`}
        </li>
      ))}
    </ul>
  );
}

function coOwnershipText(t: Translate, c: TitleLink['coOwnership']): string {
  return t(`coOwnership.${c}`);
}

export function UnitPage({ unitNumber }: { unitNumber: string }) {
  const { t, lang } = useI18n();
  const enc = encodeURIComponent(unitNumber);
  const unit = useApi<UnitView>(`/units/${enc}`);
  const chain = useApi<{ items: TitleLink[] }>(`/units/${enc}/title-chain`);
  const history = usePaged<TxSummary>(`/units/${enc}/history?limit=50`);
  const label = useEventLabel();

  if (unit.error) return <ErrorBox error={unit.error} />;
  const u = unit.data;
  if (!u) return <Loading />;
  const when = (iso: string) => formatTime(iso, lang);
  // Certificates are found through the registrations that issued them: every owner's, then the mortgages' and notices'.
  const certifyingRegistrations = [...new Set([...(chain.data?.items ?? []).map((l) => l.registrationId), ...u.mortgages.map((m) => m.registrationId), ...u.notices.map((n) => n.registrationId)])];
  const restrictions = history.items.filter((tx) => tx.eventType && RESTRICTION_EVENTS.has(tx.eventType));

  return (
    <div class="page">
      <h1>
        {t('unit.title')} <code class="wrap">{u.unitNumber}</code>
      </h1>
      <Section title={t('unit.summary')}>
        <Facts
          rows={[
            [t('unit.location'), u.location],
            [t('unit.houseCode'), <code>{u.houseCode}</code>],
            [t('unit.district'), u.district],
            [t('unit.use'), u.use],
            [t('unit.structure'), u.structure],
            [t('unit.areas'), t('unit.areasValue', { building: u.areas.building, inner: u.areas.inner, shared: u.areas.shared })],
            [t('unit.buildingRoom'), t('unit.buildingRoomValue', { building: u.building, floor: u.floor, room: u.room })],
            [t('unit.registerVersion'), u.registerVersion],
          ]}
        />
        <FlagList flags={u.flags} />
      </Section>

      <Section title={t('unit.ownership')}>
        {u.ownership ? (
          <Facts
            rows={[
              [t('unit.holders'), <Holders holders={u.ownership.holders} />],
              [t('unit.coOwnership'), coOwnershipText(t, u.ownership.coOwnership)],
              [t('unit.certNo'), <RegistrationCertificate registrationId={u.ownership.registrationId} />],
              [t('unit.recordedAt'), when(u.ownership.recordedAt)],
              [t('unit.rightId'), <code>{u.ownership.rightId}</code>],
            ]}
          />
        ) : (
          <p class="muted">{t('unit.noOwnership')}</p>
        )}
        <p class="muted small">{t('unit.maskNote')}</p>
      </Section>

      <Section title={t('unit.mortgages')}>
        {u.mortgages.length === 0 ? (
          <p class="muted">{t('common.none')}</p>
        ) : (
          <TableBox label={t('unit.mortgages')}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('unit.rank')}</th>
                  <th scope="col">{t('unit.creditor')}</th>
                  <th scope="col">{t('unit.mortgagors')}</th>
                  <th scope="col">{t('unit.amount')}</th>
                  <th scope="col">{t('unit.term')}</th>
                  <th scope="col">{t('unit.clauses')}</th>
                </tr>
              </thead>
              <tbody>
                {u.mortgages.map((m) => (
                  <tr key={m.rightId}>
                    <td>{m.rank}</td>
                    <td>{partyText(m.creditor)}</td>
                    <td>{m.mortgagors.map(partyText).join('、')}</td>
                    <td>¥{m.amount}</td>
                    <td>
                      {m.termStart} – {m.termEnd}
                    </td>
                    <td>{[m.maximumAmount && t('unit.maximumAmount'), m.noTransfer && t('unit.noTransfer')].filter(Boolean).join('、') || '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableBox>
        )}
      </Section>

      <Section title={t('unit.seizures')}>
        {u.seizures.length === 0 ? (
          <p class="muted">{t('common.none')}</p>
        ) : (
          <TableBox label={t('unit.seizures')}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('unit.court')}</th>
                  <th scope="col">{t('unit.caseNumber')}</th>
                  <th scope="col">{t('unit.seizureStatus')}</th>
                  <th scope="col">{t('unit.servedAt')}</th>
                  <th scope="col">{t('unit.endDate')}</th>
                </tr>
              </thead>
              <tbody>
                {u.seizures.map((s) => (
                  <tr key={s.seizureId} data-seizure={s.seizureId}>
                    <td>{s.court}</td>
                    <td>{s.caseNumber}</td>
                    <td>
                      {t(`seizure.${s.kind}`)} · {t(`seizure.${s.status}`)}
                    </td>
                    <td>{when(s.servedAt)}</td>
                    <td>{s.endDate ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableBox>
        )}
      </Section>

      <Section title={t('unit.otherRights')}>
        <Facts
          rows={[
            [t('unit.notices'), u.notices.length ? u.notices.map((n) => `${n.holders.map(partyText).join('、')} · ${when(n.recordedAt)}`).join('；') : t('common.none')],
            [t('unit.objections'), u.objections.length ? u.objections.map((o) => `${partyText(o.applicant)}: ${o.reason}${o.lawsuitFiled ? ` (${t('unit.lawsuitFiled')})` : ''}`).join('；') : t('common.none')],
            [t('unit.residence'), u.residence.length ? u.residence.map((r) => `${r.holders.map(partyText).join('、')}${r.until ? ` → ${r.until}` : ''}`).join('；') : t('common.none')],
            [t('unit.filedContract'), u.filedContract ? <code>{u.filedContract.contractId}</code> : t('common.none')],
          ]}
        />
      </Section>

      <Section title={t('unit.titleChain')}>
        {chain.error && <ErrorBox error={chain.error} />}
        {chain.data && (
          <ol class="title-chain" data-testid="title-chain">
            {chain.data.items.map((l) => (
              <li key={l.rightId} data-right={l.rightId}>
                <strong>
                  <Holders holders={l.holders} />
                </strong>
                <div class="muted small">
                  {coOwnershipText(t, l.coOwnership)} · {when(l.recordedAt)}
                  {l.endedAt ? ` – ${when(l.endedAt)}` : ` · ${t('unit.currentOwner')}`} · <Link href={pathOf.registration(l.registrationId)}>{l.registrationId}</Link>
                </div>
              </li>
            ))}
          </ol>
        )}
      </Section>

      <Section title={t('unit.certificates')}>
        <CertificateList registrationIds={certifyingRegistrations} />
      </Section>

      <Section title={t('unit.restrictionTimeline')}>
        {restrictions.length === 0 ? <p class="muted">{t('common.none')}</p> : <Timeline items={restrictions} label={label} testId="restriction-timeline" />}
      </Section>

      <Section title={t('unit.history')}>
        {history.error && <ErrorBox error={history.error} />}
        <Timeline items={history.items} label={label} />
        {history.loading && <Loading />}
        {history.hasMore && !history.loading && (
          <button type="button" onClick={history.loadMore}>
            {t('common.more')}
          </button>
        )}
      </Section>
    </div>
  );
}

function Timeline({ items, label, testId }: { items: TxSummary[]; label: (tx: TxSummary) => string; testId?: string }) {
  const { lang } = useI18n();
  return (
    <ol class="timeline" data-testid={testId}>
      {items.map((tx) => (
        <li key={tx.txId} data-event={tx.eventType ?? ''}>
          <time dateTime={tx.committedAt}>{formatTime(tx.committedAt, lang)}</time>
          <span>
            <Link href={pathOf.tx(tx.txId)}>{label(tx)}</Link>
            <span class="muted small">
              {' '}
              · {tx.creatorMsp} · #{tx.blockNumber}
              {tx.code !== 'VALID' && ` · ${tx.code}`}
            </span>
          </span>
        </li>
      ))}
    </ol>
  );
}

function CertificateStatus({ certNo }: { certNo: string }) {
  const { t } = useI18n();
  const cert = useApi<Certificate>(`/certificates/${encodeURIComponent(certNo)}`);
  if (cert.error) return <span class="muted small">{cert.error.code}</span>;
  if (!cert.data) return null;
  return (
    <span class={`badge cert-${cert.data.status}`} data-status={cert.data.status}>
      {t(`certStatus.${cert.data.status}`)}
    </span>
  );
}

/** The certificate a registration issued, with its current status; nothing while it has none. */
function RegistrationCertificate({ registrationId, withStatus = false }: { registrationId: string; withStatus?: boolean }) {
  const reg = useApi<RegistrationView>(`/registrations/${encodeURIComponent(registrationId)}`);
  if (reg.error) return <span class="muted small">{reg.error.code}</span>;
  const certNo = reg.data?.certNo;
  if (!certNo) return <>—</>;
  return (
    <span data-cert={certNo}>
      <Link href={pathOf.certificate(certNo)}>{certNo}</Link> {withStatus && <CertificateStatus certNo={certNo} />}
    </span>
  );
}

function CertificateList({ registrationIds }: { registrationIds: string[] }) {
  const { t } = useI18n();
  if (registrationIds.length === 0) return <p class="muted">{t('common.none')}</p>;
  return (
    <ul class="plain">
      {registrationIds.map((id) => (
        <li key={id}>
          <RegistrationCertificate registrationId={id} withStatus />
        </li>
      ))}
    </ul>
  );
}
