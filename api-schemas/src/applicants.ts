import { z } from 'zod';
import { zInstant } from './common';
import { REGISTRATION_TYPES } from './vocabulary';

/** Applicants: channel accounts of organisations, citizens, and the tokens they obtain. */

export const CHANNEL_TYPES = ['bank', 'developer', 'broker', 'agent', 'portal'] as const;
export const CHANNEL_STATUSES = ['ACTIVE', 'SUSPENDED'] as const;

export const zChannelAccount = z
  .object({
    accountId: z.string().meta({ example: 'ch-6f1c2d7e-4b1a-4d55-9a63-2f0f1e2a9b10' }),
    name: z.string().meta({ example: '中国建设银行达州分行' }),
    channelType: z.enum(CHANNEL_TYPES),
    businessTypes: z.array(z.enum(REGISTRATION_TYPES)).meta({ description: 'Business types the channel may file' }),
    districts: z.array(z.string()).meta({ description: 'Division codes of the districts the channel may file in' }),
    status: z.enum(CHANNEL_STATUSES),
    suspendedReason: z.string().optional(),
    credentials: z.object({
      apiKey: z.boolean().meta({ description: 'Whether an API key is set (its value is shown once, at creation or rotation)' }),
      publicJwk: z.record(z.string(), z.unknown().meta({ description: 'A JWK member (RFC 7517): kty, alg, n/e or crv/x/y' })).optional().meta({ description: 'The public key (JWK) that checks its RFC 7523 client assertions' }),
    }),
    createdBy: z.string(),
    createdAt: zInstant,
    updatedAt: zInstant,
  })
  .meta({ id: 'ChannelAccount', description: "An organisation's channel account (bank, developer, broker, registration agent, portal)" });
export type ChannelAccount = z.infer<typeof zChannelAccount>;

export const zChannelAccountList = z.object({ items: z.array(zChannelAccount) }).meta({ id: 'ChannelAccountList' });

export const zChannelCredentials = z
  .object({
    account: zChannelAccount,
    apiKey: z.string().meta({ description: 'The new API key: shown this once, only its SHA-256 is kept' }),
  })
  .meta({ id: 'ChannelCredentials' });

/** RFC 6749 §5.1 access token response. */
export const zOAuthToken = z
  .object({
    access_token: z.string(),
    token_type: z.literal('Bearer'),
    expires_in: z.number().int().positive(),
  })
  .meta({ id: 'OAuthToken', description: 'An access token (RFC 6749 §5.1); send it as Authorization: Bearer' });

export const zCitizen = z
  .object({
    kind: z.literal('citizen'),
    subject: z.string(),
    name: z.string(),
    idNumber: z.string().meta({ description: "The citizen's own ID number, as the identity platform verified it" }),
  })
  .meta({ id: 'Citizen' });

export const zApplicant = z
  .discriminatedUnion('kind', [
    zCitizen,
    z.object({
      kind: z.literal('channel'),
      subject: z.string(),
      name: z.string(),
      channelType: z.enum(CHANNEL_TYPES),
      businessTypes: z.array(z.enum(REGISTRATION_TYPES)),
      districts: z.array(z.string()),
      onBehalfOf: zCitizen.optional().meta({ description: "The citizen a portal acts for (the citizen's ID token in X-On-Behalf-Of)" }),
    }),
  ])
  .meta({ id: 'Applicant', description: 'The calling applicant: a citizen, or a channel (possibly acting for a citizen)' });
export type Applicant = z.infer<typeof zApplicant>;

export const zRedirect = z.string().meta({ id: 'Redirect', description: 'A 302 redirect: the target is in the Location header (the text body only repeats it)' });
