/** Fabric's block-header encoding lives with the API's shapes: the explorer recomputes block hashes with it in the browser. */
export { blockHeaderBytes, type BlockHeader } from '@estate-ledger/api-schemas';
