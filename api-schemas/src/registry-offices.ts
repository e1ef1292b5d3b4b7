import { z } from 'zod';
import { zActor } from './common';

/** The ledger's configuration: who issues certificates for which districts (chaincode registry-offices.ts). */

export const zRegistryOffice = z
  .object({
    code: z.string().meta({ description: 'GB/T 2260 code of the city or county the office is named for', example: '511722' }),
    issuerName: z.string().meta({ description: 'The name printed in its certificate numbers', example: '宣汉县' }),
    registryName: z.string().meta({ description: 'The name printed on its certificates', example: '宣汉县不动产登记中心' }),
    districts: z.array(z.string()).meta({ description: 'The county-level divisions whose units it registers; each district is served by one office' }),
  })
  .meta({ id: 'RegistryOffice', description: 'A registry office (不动产登记机构), issuing under its own name and per-year sequence for the districts it serves' });
export type RegistryOffice = z.infer<typeof zRegistryOffice>;

export const zLedgerConfig = z
  .object({
    provinceAbbr: z.string().meta({ description: 'Province abbreviation printed on certificate numbers', example: '川' }),
    offices: z.array(zRegistryOffice),
    configuredBy: zActor,
  })
  .meta({ id: 'LedgerConfig', description: "The ledger's configuration: province and registry offices" });
export type LedgerConfig = z.infer<typeof zLedgerConfig>;
