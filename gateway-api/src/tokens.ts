import type { InjectionToken } from 'tsyringe';
import type { Logger } from 'pino';
import type { LedgerPort } from './ledger/ledger-port';
import type { ReadDb } from './read-model/read-db';
import type { GatewayConfig } from './config/gateway-config';
import type { Clock } from './register-clock';
import type { IssuerKeys } from './documents/issuer-keys';

/** Injection tokens for the interfaces the composition root (server.ts) binds. */
export const LEDGER: InjectionToken<LedgerPort> = Symbol('LedgerPort');
export const READ_DB: InjectionToken<ReadDb> = Symbol('ReadDb');
export const LOGGER: InjectionToken<Logger> = Symbol('Logger');
export const CLOCK: InjectionToken<Clock> = Symbol('Clock');
export const CONFIG: InjectionToken<GatewayConfig> = Symbol('GatewayConfig');
export const ISSUER_KEYS: InjectionToken<IssuerKeys> = Symbol('IssuerKeys');
