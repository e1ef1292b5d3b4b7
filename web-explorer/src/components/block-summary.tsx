import type { BlockSummary } from '../api/types';
import { useI18n } from '../i18n';
import { formatTime } from '../lib/format';
import { Link, pathOf } from '../router';
import { Hash } from './common';

/** The column headings of a block's summary in a table: number, commit time, valid/all transactions, hash. */
export function BlockSummaryHeadings() {
  const { t } = useI18n();
  return (
    <>
      <th scope="col">{t('block.number')}</th>
      <th scope="col">{t('block.committedAt')}</th>
      <th scope="col">{t('block.txCount')}</th>
      <th scope="col">{t('block.hash')}</th>
    </>
  );
}

/** The cells of a block's summary under BlockSummaryHeadings. */
export function BlockSummaryCells({ block }: { block: BlockSummary }) {
  const { lang } = useI18n();
  return (
    <>
      <td>
        <Link href={pathOf.block(block.number)}>#{block.number}</Link>
      </td>
      <td>{formatTime(block.committedAt, lang)}</td>
      <td>
        {block.validCount}/{block.txCount}
      </td>
      <td>
        <Hash value={block.hash} />
      </td>
    </>
  );
}
