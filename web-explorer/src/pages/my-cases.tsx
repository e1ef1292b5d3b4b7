import { useState } from 'preact/hooks';
import { asApiError, request, type ApiError } from '../api/client';
import { useApi, usePaged } from '../api/hooks';
import type { ApplicationProgress, BusinessType } from '../api/types';
import { ErrorBox, PageEnd } from '../components/common';
import { lookup, useI18n, type Translate } from '../i18n';

const name = (t: Translate, prefix: string, value: string) => lookup(t, `${prefix}.${value}`) ?? value;
const DEPARTMENT = { HOUSING: 'app.housing', TAX: 'app.tax', REGISTRY: 'app.registry' } as const;

/** 我的办件: an applicant's cases, each as a card that fits a phone: what it waits for first, then each department. */
export function MyCasesPage() {
  const { t } = useI18n();
  const cases = usePaged<ApplicationProgress>('/applicant/applications?limit=20');
  const names = useMaterialNames();
  return (
    <div class="page narrow">
      <h1>{t('myCases.title')}</h1>
      {!cases.loading && !cases.error && cases.items.length === 0 && <p>{t('myCases.empty')}</p>}
      <ul class="case-cards">
        {cases.items.map((c) => (
          <CaseCard key={c.applicationId} c={c} names={names} onSupplied={cases.reload} />
        ))}
      </ul>
      <PageEnd page={cases} more={t('myCases.more')} testId="more-cases" />
    </div>
  );
}

/** Material types by the names applicants know them by (一次性告知, public). */
function useMaterialNames(): Map<string, string> {
  const types = useApi<{ items: BusinessType[] }>('/business-types');
  const names = new Map<string, string>();
  for (const b of types.data?.items ?? []) {
    for (const m of [...b.materials, ...b.materials.flatMap((x) => x.alternatives), ...b.variants.flatMap((v) => v.materials)]) names.set(m.type, m.name);
  }
  return names;
}

function CaseCard({ c, names, onSupplied }: { c: ApplicationProgress; names: Map<string, string>; onSupplied: () => void }) {
  const { t } = useI18n();
  const asked = c.awaiting.find((a) => a.from === 'APPLICANT' && a.materials && a.materials.length > 0);
  return (
    <li class="case-card" data-application={c.applicationId}>
      <h2>
        {name(t, 'regType', c.businessType)} <span class="muted">{c.applicationId}</span>
      </h2>
      <p class="muted">
        {t('myCases.unit')} {c.unitNumber} · {name(t, 'caseStatus', c.status)}
      </p>
      {c.awaiting.length > 0 && (
        <div class="awaiting" data-testid="awaiting">
          <strong>{t('myCases.awaiting')}</strong>
          <ul>
            {c.awaiting.map((a, i) => (
              <li key={i} data-from={a.from}>
                {t('myCases.awaitingItem', { department: t(DEPARTMENT[a.department]), from: name(t, 'awaitedFrom', a.from), what: a.what })}
              </li>
            ))}
          </ul>
          {asked?.materials && <SupplementForm applicationId={c.applicationId} materials={asked.materials} names={names} onSupplied={onSupplied} />}
        </div>
      )}
      <ol class="departments">
        {c.departments.housing.map((h) => (
          <li key={h.contractId}>
            {t('app.housing')}：{t('myCases.contract', { id: h.contractId })} {name(t, 'contractStatus', h.status)}
          </li>
        ))}
        {c.departments.tax.map((x) => (
          <li key={x.taxId}>
            {t('app.tax')}：{name(t, 'caseStatus', x.status)}
          </li>
        ))}
        {c.departments.registry.map((r) => (
          <li key={r.registrationId} data-status={r.status}>
            {t('app.registry')}：{name(t, 'regStatus', r.status)}
            {r.dueDate && <> · {t('myCases.due', { date: r.dueDate, days: r.limitWorkingDays })}</>}
            {r.completedAt && <> · {t('myCases.completed', { date: r.completedAt.slice(0, 10) })}</>}
          </li>
        ))}
      </ol>
    </li>
  );
}

/**
 * 补正: one file per material the registry asked for, sent as the multipart upload the gateway
 * takes (each part named by its material type); the case returns to the registry's intake.
 */
function SupplementForm({ applicationId, materials, names, onSupplied }: { applicationId: string; materials: string[]; names: Map<string, string>; onSupplied: () => void }) {
  const { t } = useI18n();
  const [files, setFiles] = useState<Record<string, File | undefined>>({});
  const [state, setState] = useState<{ busy: boolean; error: ApiError | null }>({ busy: false, error: null });
  const complete = materials.every((m) => files[m]);
  const submit = async (e: Event) => {
    e.preventDefault();
    const body = new FormData();
    for (const m of materials) {
      const f = files[m];
      if (f) body.append(m, f, f.name);
    }
    setState({ busy: true, error: null });
    try {
      await request(`/applicant/applications/${encodeURIComponent(applicationId)}/supplement`, { method: 'POST', body });
      setState({ busy: false, error: null });
      onSupplied();
    } catch (err) {
      setState({ busy: false, error: asApiError(err) });
    }
  };
  return (
    <form class="supplement" onSubmit={(e) => void submit(e)} data-testid="supplement">
      {materials.map((m) => (
        <label key={m}>
          {names.get(m) ?? m}
          <input type="file" name={m} accept="application/pdf,image/jpeg,image/png" required onChange={(e) => setFiles((old) => ({ ...old, [m]: e.currentTarget.files?.[0] }))} />
        </label>
      ))}
      <p class="muted small">{t('myCases.fileTypes')}</p>
      <button type="submit" disabled={!complete || state.busy}>
        {t('myCases.supply')}
      </button>
      {state.error && <ErrorBox error={state.error} />}
    </form>
  );
}
