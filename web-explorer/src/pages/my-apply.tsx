import { useState } from 'preact/hooks';
import { asApiError, request, type ApiError } from '../api/client';
import { useApi } from '../api/hooks';
import type { BusinessType } from '../api/types';
import { ErrorBox, Loading } from '../components/common';
import { useI18n } from '../i18n';
import { Link, useLocation } from '../router';

/** A citizen applies online for the business of a sale contract they are a party to: the types whose checklist holds the contract. */
const ofSaleContract = (b: BusinessType) => b.materials.some((m) => m.type === 'SALE_CONTRACT');

type Checklist = BusinessType['materials'];
/** Per checklist item: the document type uploaded for it (the item or one of its alternatives) and the file. */
type Chosen = Record<string, { as: string; file?: File }>;

/**
 * 网上申请: the business type, the unit and the filed contract, and one file per item of the
 * type's checklist (一次性告知), sent as the gateway's multipart upload: a `metadata` part and one
 * part per file, named by its material type. The gateway checks each file by its content and
 * whether the citizen is a party of the contract.
 */
export function ApplyOnlinePage() {
  const { t } = useI18n();
  const loc = useLocation();
  const types = useApi<{ items: BusinessType[] }>('/business-types');
  const offered = (types.data?.items ?? []).filter(ofSaleContract);
  const [typeChosen, setType] = useState<string | null>(null);
  const [unitNumber, setUnit] = useState(loc.query.get('unit') ?? '');
  const [contractId, setContract] = useState(loc.query.get('contract') ?? '');
  const [chosen, setChosen] = useState<Chosen>({});
  const [state, setState] = useState<{ busy: boolean; error: ApiError | null; filed: string | null }>({ busy: false, error: null, filed: null });
  const business = offered.find((b) => b.type === typeChosen) ?? offered[0];

  if (types.error) return <ErrorBox error={types.error} />;
  if (!business) return <Loading />;
  const complete = business.materials.every((m) => chosen[m.type]?.file);

  const submit = async (e: Event) => {
    e.preventDefault();
    const body = new FormData();
    body.append('metadata', JSON.stringify({ businessType: business.type, unitNumber: unitNumber.trim(), contractId: contractId.trim() }));
    for (const m of business.materials) {
      const c = chosen[m.type];
      if (c?.file) body.append(c.as, c.file, c.file.name);
    }
    setState({ busy: true, error: null, filed: null });
    try {
      const res = await request('/applicant/applications', { method: 'POST', body });
      const filed = (await res.json()) as { record: { applicationId: string } };
      setState({ busy: false, error: null, filed: filed.record.applicationId });
    } catch (err) {
      setState({ busy: false, error: asApiError(err), filed: null });
    }
  };

  if (state.filed) {
    return (
      <div class="page narrow">
        <h1>{t('apply.title')}</h1>
        <div class="card" data-testid="filed" data-application={state.filed}>
          <p>{t('apply.filed', { id: state.filed })}</p>
          <Link href="/my/cases">{t('apply.toCases')}</Link>
        </div>
      </div>
    );
  }
  return (
    <div class="page narrow">
      <h1>{t('apply.title')}</h1>
      <p class="muted small">{t('apply.intro')}</p>
      <form class="apply" onSubmit={(e) => void submit(e)} data-testid="apply">
        <label>
          {t('apply.businessType')}
          <select
            value={business.type}
            onChange={(e) => {
              setType(e.currentTarget.value);
              setChosen({});
            }}
          >
            {offered.map((b) => (
              <option key={b.type} value={b.type}>
                {b.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('apply.unitNumber')}
          <input value={unitNumber} required maxLength={28} autoComplete="off" onInput={(e) => setUnit(e.currentTarget.value)} />
        </label>
        <label>
          {t('apply.contractId')}
          <input value={contractId} required maxLength={64} autoComplete="off" onInput={(e) => setContract(e.currentTarget.value)} />
        </label>
        <Materials checklist={business.materials} chosen={chosen} onChange={setChosen} />
        <p class="muted small">{t('myCases.fileTypes')}</p>
        <button type="submit" disabled={!complete || state.busy}>
          {t('apply.submit')}
        </button>
        {state.busy && <Loading />}
        {state.error && <ErrorBox error={state.error} />}
      </form>
    </div>
  );
}

/** One file per checklist item; where the checklist accepts other documents in its place, which one this file is. */
function Materials({ checklist, chosen, onChange }: { checklist: Checklist; chosen: Chosen; onChange: (c: Chosen) => void }) {
  const { t } = useI18n();
  return (
    <fieldset class="materials">
      <legend>{t('apply.materials')}</legend>
      {checklist.map((m) => {
        const current = chosen[m.type] ?? { as: m.type };
        return (
          <div key={m.type} class="material" data-material={m.type}>
            <label>
              {m.name}
              <input
                type="file"
                accept="application/pdf,image/jpeg,image/png"
                required
                onChange={(e) => onChange({ ...chosen, [m.type]: { as: current.as, file: e.currentTarget.files?.[0] } })}
              />
            </label>
            {m.alternatives.length > 0 && (
              <label class="small">
                {t('apply.insteadOf')}
                <select value={current.as} onChange={(e) => onChange({ ...chosen, [m.type]: { ...current, as: e.currentTarget.value } })}>
                  {[m, ...m.alternatives].map((a) => (
                    <option key={a.type} value={a.type}>
                      {a.name}
                    </option>
                  ))}
                </select>
              </label>
            )}
          </div>
        );
      })}
    </fieldset>
  );
}
