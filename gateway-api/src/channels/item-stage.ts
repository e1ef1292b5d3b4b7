import type { BATCH_ITEM_STAGES } from '@estate-ledger/api-schemas';
import type { RegistrationStatus } from '@estate-ledger/chaincode';

/** The steps of a channel item, each one ledger transaction: 申请 → 受理 → 审核 → 登簿, then DONE. */
export type ItemStage = (typeof BATCH_ITEM_STAGES)[number];

export const NEXT_STAGE: Record<Exclude<ItemStage, 'DONE'>, ItemStage> = { APPLY: 'ACCEPT', ACCEPT: 'REVIEW', REVIEW: 'RECORD', RECORD: 'DONE' };

/** The step a registration in this status waits for; none for a registration refused on the way. */
export const STAGE_OF_STATUS: Partial<Record<RegistrationStatus, ItemStage>> = { APPLIED: 'ACCEPT', ACCEPTED: 'REVIEW', REVIEWED: 'RECORD', RECORDED: 'DONE', CERTIFIED: 'DONE', ISSUED: 'DONE' };

/** A pending item's stage, from its registration's status (none yet: it waits to be applied). */
export const pendingStage = (status: RegistrationStatus | null): ItemStage => (status ? (STAGE_OF_STATUS[status] ?? 'DONE') : 'APPLY');
