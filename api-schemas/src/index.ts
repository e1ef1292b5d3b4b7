/**
 * The gateway's REST answers as zod schemas: the gateway generates its OpenAPI document from them
 * and its tests check every response against them; the explorer reads its types from them
 * (`import type`). zod only and no Node APIs, so a browser bundle may import it too.
 */
export * from './vocabulary';
export * from './block-header';
export * from './common';
export * from './access';
export * from './verification';
export * from './ledger';
export * from './register';
export * from './cases';
export * from './statistics';
export * from './audit';
export * from './webhooks';
export * from './operations';
export * from './building-tables';
export * from './business-types';
export * from './filing';
export * from './applicants';
export * from './document-seal';
export * from './legacy-inspections';
export * from './anchoring';
export * from './migration';
export * from './linkage';
export * from './registry-offices';
export * from './appointments';
