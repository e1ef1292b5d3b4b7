import { useState } from 'preact/hooks';
import { asApiError, postJson, type ApiError } from '../api/client';
import { useApi } from '../api/hooks';
import type { LinkageProposal, LinkageQueue, LinkageRate, LinkageRun } from '../api/types';
import { ColumnTable, ErrorBox, Facts, Loading } from '../components/common';
import { useI18n } from '../i18n';
import { navigate } from '../router';

const PAGE = 50;

/** The registry clerk's linkage queue (挂接): candidates with scores, confirm / pick / reject, and the project's rate. */
export function LinkagePage({ project }: { project: string }) {
  const { t } = useI18n();
  const [input, setInput] = useState(project);
  const [offset, setOffset] = useState(0);
  const base = project ? `/projects/${encodeURIComponent(project)}/linkage` : null;
  const rate = useApi<LinkageRate>(base && `${base}/rate`);
  const queue = useApi<LinkageQueue>(base && `${base}/queue?offset=${offset}&limit=${PAGE}`);
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const [outcome, setOutcome] = useState<{ done: LinkageProposal | null; error: ApiError | null }>({ done: null, error: null });
  const [ran, setRan] = useState<LinkageRun | null>(null);

  /** A run without a unit list: the linker takes the registry units declared on the ledger and not yet linked. */
  const run = async () => {
    setRan(null);
    setOutcome({ done: null, error: null });
    try {
      setRan(await postJson<LinkageRun>(`${base}/run`, {}));
      rate.reload();
      queue.reload();
    } catch (err) {
      setOutcome({ done: null, error: asApiError(err) });
    }
  };

  const decide = async (houseCode: string, body: Record<string, string>) => {
    setOutcome({ done: null, error: null });
    try {
      const done = await postJson<LinkageProposal>(`/linkage/${encodeURIComponent(houseCode)}/decision`, body);
      setOutcome({ done, error: null });
      rate.reload();
      queue.reload();
    } catch (err) {
      setOutcome({ done: null, error: asApiError(err) });
    }
  };

  return (
    <div class="page">
      <h1>{t('linkage.title')}</h1>
      <p class="muted">{t('linkage.note')}</p>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setOffset(0);
          navigate(`/linkage?project=${encodeURIComponent(input.trim())}`);
        }}
      >
        <label>
          {t('linkage.project')}
          <input name="project" value={input} onInput={(e) => setInput(e.currentTarget.value)} autoComplete="off" required />
        </label>
        <button type="submit">{t('linkage.show')}</button>
      </form>
      {rate.error && <ErrorBox error={rate.error} />}
      {rate.data && (
        <section data-testid="linkage-rate" aria-label={t('linkage.rate')}>
          <h2>
            {t('linkage.rate')}：{(rate.data.rate * 100).toFixed(1)}%
          </h2>
          <Facts
            rows={[
              [t('linkage.households'), rate.data.households],
              [t('linkage.linked'), rate.data.linked],
              [t('linkage.autoLinked'), rate.data.autoLinked],
              [t('linkage.confirmed'), rate.data.confirmed],
              [t('linkage.queued'), rate.data.queued],
              [t('linkage.rejected'), rate.data.rejected],
              [t('linkage.registryUnitsAwaiting'), rate.data.registryUnitsAwaiting],
            ]}
          />
          <button type="button" onClick={() => void run()}>
            {t('linkage.run')}
          </button>
          {ran && (
            <p role="status" data-testid="linkage-ran">
              {t('linkage.ran', { autoLinked: ran.autoLinked, queued: ran.queued })}
            </p>
          )}
        </section>
      )}
      {outcome.error && <ErrorBox error={outcome.error} />}
      {outcome.done && (
        <p role="status" data-testid="linkage-done">
          {t('linkage.done', { houseCode: outcome.done.houseCode, status: outcome.done.status })}
        </p>
      )}
      {queue.loading && !queue.data && <Loading />}
      {queue.error && <ErrorBox error={queue.error} />}
      {queue.data && (
        <section>
          <h2>
            {t('linkage.queue')}（{queue.data.total}）
          </h2>
          {queue.data.items.length === 0 ? (
            <p class="muted">{t('linkage.empty')}</p>
          ) : (
            <ColumnTable label={t('linkage.queue')} columns={[t('linkage.houseCode'), t('linkage.candidates'), t('linkage.actions')]} testId="linkage-queue">
              {queue.data.items.map((p) => (
                <tr key={p.houseCode} data-house={p.houseCode}>
                  <td>{p.houseCode}</td>
                  <td>
                    <ol class="candidates">
                      {p.candidates.map((c, i) => (
                        <li key={c.unitNumber}>
                          <span class="mono">{c.unitNumber}</span> <span class="muted">（{c.score.toFixed(3)}）</span>{' '}
                          {i > 0 && (
                            <button type="button" onClick={() => decide(p.houseCode, { decision: 'PICK', unitNumber: c.unitNumber })} aria-label={`${t('linkage.pick')} ${c.unitNumber}`}>
                              {t('linkage.pick')}
                            </button>
                          )}
                        </li>
                      ))}
                    </ol>
                  </td>
                  <td>
                    {p.candidates.length > 0 && (
                      <button type="button" onClick={() => decide(p.houseCode, { decision: 'CONFIRM' })}>
                        {t('linkage.confirm')}
                      </button>
                    )}
                    <form
                      class="inline"
                      onSubmit={(e) => {
                        e.preventDefault();
                        void decide(p.houseCode, { decision: 'REJECT', reason: reasons[p.houseCode] ?? '' });
                      }}
                    >
                      <label>
                        {t('linkage.reason')}
                        <input name="reason" required value={reasons[p.houseCode] ?? ''} onInput={(e) => setReasons({ ...reasons, [p.houseCode]: e.currentTarget.value })} />
                      </label>
                      <button type="submit">{t('linkage.reject')}</button>
                    </form>
                  </td>
                </tr>
              ))}
            </ColumnTable>
          )}
          {queue.data.total > PAGE && (
            <p>
              <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
                ‹
              </button>{' '}
              {offset + 1}–{Math.min(offset + PAGE, queue.data.total)} / {queue.data.total}{' '}
              <button type="button" disabled={offset + PAGE >= queue.data.total} onClick={() => setOffset(offset + PAGE)}>
                ›
              </button>
            </p>
          )}
        </section>
      )}
    </div>
  );
}
