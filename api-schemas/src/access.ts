import { z } from 'zod';
import { zInstant, zIsoDate } from './common';
import { MSP_IDS } from './vocabulary';

/** Errors, warnings, the caller and its token, the register's clock. */

export const zErrorBody = z
  .object({
    error: z.object({
      code: z.string().meta({ description: 'A stable code: the OpenAPI document lists every one with its status and meaning (info.x-error-codes)', example: 'VALIDATION_FAILED' }),
      message: z.string(),
      field: z.string().optional().meta({ example: 'applicants.0.party.idNumber' }),
      rule: z.string().optional().meta({ example: 'RESIDENT_ID_CHECKSUM' }),
      requestId: z.string(),
    }),
  })
  .meta({ id: 'Error' });
export type ApiErrorBody = z.infer<typeof zErrorBody>;

/** Accepted input that is unusual (a legacy birth year, a pilot credit code), reported beside the result. */
export const zWarnings = z
  .array(
    z.object({
      field: z.string().meta({ example: 'developer.idNumber' }),
      rule: z.string().meta({ example: 'CREDIT_CODE_CHECKSUM_PILOT' }),
      message: z.string(),
    }),
  )
  .meta({ id: 'Warnings', description: 'What was accepted but unusual in the input, one entry per field; absent when nothing was' });
export type Warnings = z.infer<typeof zWarnings>;

export const zPrincipal = z
  .object({
    kind: z.literal('staff'),
    subject: z.string(),
    name: z.string(),
    msp: z.enum(MSP_IDS),
    role: z.string(),
    court: z.string().optional().meta({ description: "A court's own identifier (enforcement staff): only the court that seized may lift or renew" }),
    districts: z.array(z.string()).meta({ description: 'Division codes of the districts the caller serves' }),
  })
  .meta({ id: 'Principal', description: 'The caller: organisation (MSP), role and districts' });
export type Principal = z.infer<typeof zPrincipal>;

export const zToken = z
  .object({ token: z.string().meta({ description: 'HS256 JWT; send as Authorization: Bearer' }), expiresAt: zInstant, principal: zPrincipal })
  .meta({ id: 'Token' });
export type TokenResponse = z.infer<typeof zToken>;

export const zRegisterTime = z
  .object({
    now: zInstant.meta({ example: '2026-12-01T15:30:00.000Z' }),
    today: zIsoDate.meta({ description: 'The register\'s calendar date (China time): what "today" means in every date filter and time limit', example: '2026-12-01' }),
    timeZone: z.literal('Asia/Shanghai'),
  })
  .meta({ id: 'RegisterTime' });
export type RegisterTime = z.infer<typeof zRegisterTime>;
