import { useApi } from '../api/hooks';
import type { ApplicationProgress, MyCases } from '../api/types';
import { ErrorBox, Loading } from '../components/common';
import { lookup, useI18n, type Translate } from '../i18n';

const name = (t: Translate, prefix: string, value: string) => lookup(t, `${prefix}.${value}`) ?? value;
const DEPARTMENT = { HOUSING: 'app.housing', TAX: 'app.tax', REGISTRY: 'app.registry' } as const;

/** 我的办件: an applicant's cases, each as a card that fits a phone: what it waits for first, then each department. */
export function MyCasesPage() {
  const { t } = useI18n();
  const cases = useApi<MyCases>('/applicant/applications');
  return (
    <div class="page narrow">
      <h1>{t('myCases.title')}</h1>
      {cases.error && <ErrorBox error={cases.error} />}
      {cases.loading && <Loading />}
      {cases.data && cases.data.items.length === 0 && <p>{t('myCases.empty')}</p>}
      <ul class="case-cards">
        {cases.data?.items.map((c) => (
          <CaseCard key={c.applicationId} c={c} />
        ))}
      </ul>
    </div>
  );
}

function CaseCard({ c }: { c: ApplicationProgress }) {
  const { t } = useI18n();
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
