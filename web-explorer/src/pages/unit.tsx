import { useApi, usePaged } from '../api/hooks';
import type { BookEntry, Certificate, Holder, TitleLink, TxSummary, UnitView } from '../api/types';
import { ColumnTable, ErrorBox, Facts, Hash, Loading, Section } from '../components/common';
import { FlagList } from '../components/flags';
import { TxLink, useEventLabel } from '../components/tx-table';
import { groupsText, listText, lookup, partyKey, partyText, useI18n, type Translate } from '../i18n';
import { formatTime } from '../lib/format';
import { Link, pathOf } from '../router';

/** Events that start or end a restriction on the unit: they form its restriction timeline. */
const RESTRICTION_EVENTS: ReadonlySet<string> = new Set(['SEIZURE_RECORDED', 'SEIZURE_LIFTED', 'SEIZURE_RENEWED', 'OBJECTION_RECORDED', 'OBJECTION_LAWSUIT_FILED']);

function Holders({ holders }: { holders: Holder[] }) {
  const { t } = useI18n();
  return (
    <ul class="plain">
      {holders.map((h) => (
        <li key={partyKey(h.party)}>
          {partyText(t, h.party)}
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
  const book = useApi<{ items: BookEntry[] }>(`/units/${enc}/book`);
  const certificates = useApi<{ items: Certificate[] }>(`/units/${enc}/certificates`);
  const history = usePaged<TxSummary>(`/units/${enc}/history?limit=50`);
  const label = useEventLabel();

  if (unit.error) return <ErrorBox error={unit.error} />;
  const u = unit.data;
  if (!u) return <Loading />;
  const when = (iso: string) => formatTime(iso, lang);
  // The owner's certificate: the one issued on the current ownership right.
  const ownerCert = u.ownership && certificates.data?.items.find((c) => c.rightId === u.ownership?.rightId && c.status === 'VALID');
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
              [t('unit.certNo'), ownerCert ? <Link href={pathOf.certificate(ownerCert.certNo)}>{ownerCert.certNo}</Link> : '—'],
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
          <ColumnTable label={t('unit.mortgages')} columns={[t('unit.rank'), t('unit.creditor'), t('unit.mortgagors'), t('unit.amount'), t('unit.term'), t('unit.clauses')]}>
            {u.mortgages.map((m) => (
              <tr key={m.rightId}>
                <td>{m.rank}</td>
                <td>{partyText(t, m.creditor)}</td>
                <td>{listText(t, m.mortgagors.map((p) => partyText(t, p)))}</td>
                <td>¥{m.amount}</td>
                <td>
                  {m.termStart} – {m.termEnd}
                </td>
                <td>{listText(t, [m.maximumAmount ? t('unit.maximumAmount') : '', m.noTransfer ? t('unit.noTransfer') : '', m.scope ? t('unit.scope', { scope: m.scope }) : ''].filter(Boolean)) || '—'}</td>
              </tr>
            ))}
          </ColumnTable>
        )}
      </Section>

      <Section title={t('unit.seizures')}>
        {u.seizures.length === 0 ? (
          <p class="muted">{t('common.none')}</p>
        ) : (
          <ColumnTable label={t('unit.seizures')} columns={[t('unit.court'), t('unit.caseNumber'), t('unit.seizureStatus'), t('unit.servedAt'), t('unit.endDate')]}>
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
          </ColumnTable>
        )}
      </Section>

      <Section title={t('unit.otherRights')}>
        <Facts
          rows={[
            [
              t('unit.notices'),
              groupsText(
                t,
                u.notices.map((n) => {
                  const holders = listText(t, n.holders.map((p) => partyText(t, p)));
                  const what = n.mortgage
                    ? t('unit.mortgageNotice', { creditor: holders, mortgagors: listText(t, n.mortgage.mortgagors.map((p) => partyText(t, p))), amount: n.mortgage.terms.amount })
                    : holders;
                  return `${what} · ${when(n.recordedAt)}`;
                }),
              ) || t('common.none'),
            ],
            [t('unit.objections'), groupsText(t, u.objections.map((o) => `${partyText(t, o.applicant)}: ${o.reason}${o.lawsuitFiled ? ` · ${t('unit.lawsuitFiled')}` : ''}`)) || t('common.none')],
            [t('unit.residence'), groupsText(t, u.residence.map((r) => `${listText(t, r.holders.map((p) => partyText(t, p)))}${r.until ? ` → ${r.until}` : ''}`)) || t('common.none')],
            [t('unit.filedContract'), u.filedContract ? <code>{u.filedContract.contractId}</code> : t('common.none')],
          ]}
        />
      </Section>

      <Section title={t('unit.book')}>
        <p class="muted small">{t('unit.bookNote')}</p>
        {book.error && <ErrorBox error={book.error} />}
        {book.loading && !book.data && <Loading />}
        {book.data && (book.data.items.length === 0 ? <p class="muted">{t('common.none')}</p> : <RegisterBook entries={book.data.items} />)}
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
        {certificates.error && <ErrorBox error={certificates.error} />}
        {certificates.loading && !certificates.data && <Loading />}
        {certificates.data && (certificates.data.items.length === 0 ? <p class="muted">{t('common.none')}</p> : <CertificateTable items={certificates.data.items} />)}
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

const bookKind = (t: Translate, kind: string) => lookup(t, `book.${kind}`) ?? lookup(t, `regType.${kind}`) ?? kind;

/** The register book: every change of the unit's rights and restrictions, by register version. */
function RegisterBook({ entries }: { entries: BookEntry[] }) {
  const { t, lang } = useI18n();
  return (
    <ColumnTable label={t('unit.book')} testId="register-book" columns={[t('unit.registerVersion'), t('unit.bookKind'), t('unit.bookRef'), t('unit.bookAt'), t('unit.bookTx')]}>
      {entries.map((e) => (
        <tr key={`${e.registerVersion}|${e.ref}`} data-version={e.registerVersion} data-kind={e.kind}>
          <td>{e.registerVersion}</td>
          <td>{bookKind(t, e.kind)}</td>
          <td>
            {e.registrationId ? <Link href={pathOf.registration(e.registrationId)}>{e.registrationId}</Link> : <code class="wrap">{e.ref}</code>}
            {e.registrationId && <div class="muted small">{e.ref}</div>}
          </td>
          <td>{formatTime(e.at, lang)}</td>
          <td>
            <TxLink txId={e.txId} title={e.txId} />
          </td>
        </tr>
      ))}
    </ColumnTable>
  );
}

/** Every certificate issued on the unit, newest first: status, fingerprint (to verify) and successor. */
function CertificateTable({ items }: { items: Certificate[] }) {
  const { t, lang } = useI18n();
  return (
    <ColumnTable label={t('unit.certificates')} testId="unit-certificates" columns={[t('unit.certNo'), t('cert.status'), t('cert.issuedAt'), t('unit.registerVersion'), t('cert.docHash'), t('cert.supersededBy')]}>
      {items.map((c) => (
        <tr key={c.certNo} data-cert={c.certNo}>
          <td>
            <Link href={pathOf.certificate(c.certNo)}>{c.certNo}</Link>
            <div class="muted small">{t(`certKind.${c.kind}`)}</div>
          </td>
          <td>
            <span class={`badge cert-${c.status}`} data-status={c.status}>
              {t(`certStatus.${c.status}`)}
            </span>
            {c.statusReason && <div class="muted small">{c.statusReason}</div>}
          </td>
          <td>{formatTime(c.issuedAt, lang)}</td>
          <td>{c.registerVersion}</td>
          <td>
            <Link href={pathOf.verify(c.docHash)} title={t('unit.verifyHash')}>
              <Hash value={c.docHash} head={8} tail={4} />
            </Link>
          </td>
          <td>{c.supersededBy ? <Link href={pathOf.certificate(c.supersededBy)}>{c.supersededBy}</Link> : '—'}</td>
        </tr>
      ))}
    </ColumnTable>
  );
}
