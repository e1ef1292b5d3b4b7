import type { UnitFlags } from '../api/types';
import { useI18n, type MessageKey } from '../i18n';

const FLAG_ORDER: Array<keyof UnitFlags> = ['registered', 'seized', 'seizureQueued', 'mortgaged', 'advanceNotice', 'objection', 'residenceRight', 'contractFiled', 'caseInFlight'];

/** Restrictions draw attention (warn) when set; "registered" is the normal state. */
const WARN_WHEN_SET: ReadonlySet<keyof UnitFlags> = new Set(['seized', 'seizureQueued', 'objection', 'advanceNotice']);

export function FlagList({ flags }: { flags: UnitFlags }) {
  const { t } = useI18n();
  return (
    <ul class="flags" aria-label={t('flags.title')}>
      {FLAG_ORDER.map((f) => {
        const on = flags[f];
        const tone = on ? (WARN_WHEN_SET.has(f) ? 'flag-warn' : 'flag-on') : 'flag-off';
        return (
          <li key={f} class={`flag ${tone}`} data-flag={f} data-on={String(on)}>
            <span aria-hidden="true">{on ? '●' : '○'}</span> {t(`flags.${f}` as MessageKey)}
            <span class="sr-only">: {on ? t('common.yes') : t('common.no')}</span>
          </li>
        );
      })}
    </ul>
  );
}
