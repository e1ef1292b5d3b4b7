import { AdminContract } from './contracts/admin-contract';
import { AnchorContract } from './contracts/anchor-contract';
import { ApplicationContract } from './contracts/application-contract';
import { BuildingTableContract } from './contracts/building-table-contract';
import { CertificateContract } from './contracts/certificate-contract';
import { HoldingsProofContract } from './contracts/holdings-proof-contract';
import { CourtContract } from './contracts/court-contract';
import { MigrationContract } from './contracts/migration-contract';
import { RegistrationContract } from './contracts/registration-contract';
import { SaleContractContract } from './contracts/sale-contract-contract';
import { TaxContract } from './contracts/tax-contract';
import { UnitQueryContract } from './contracts/unit-query-contract';

/** Every contract of the chaincode, as Fabric's contract runtime and the embedded ledger load them. */
export const contracts = [
  AdminContract,
  BuildingTableContract,
  SaleContractContract,
  TaxContract,
  CourtContract,
  ApplicationContract,
  RegistrationContract,
  CertificateContract,
  HoldingsProofContract,
  UnitQueryContract,
  AnchorContract,
  MigrationContract,
];

export { EstateContext } from './ledger/estate-context';
export type { EndorserClock, LedgerStub, LedgerIterator, LedgerIdentity } from './ledger/estate-context';
export * from './domain/anchors';
export * from './domain/canonical-json';
export * from './domain/certificate-content';
export * from './domain/commands';
export * from './domain/errors';
export * from './domain/events';
export * from './domain/keys';
export * from './domain/materials';
export * from './domain/migration';
export * from './domain/model';
export * from './domain/organisations';
export * from './domain/register';
export * from './domain/registration-fees';
export * from './domain/registry-offices';
export * from './domain/rules';
export * from './domain/time-limits';
export * from './domain/validation-error';
export * from './domain/validators';
export * from './domain/verification';
export * from './domain/working-calendar';
