import type { InjectionToken } from 'tsyringe';
import type { Logger } from 'pino';
import type { LedgerPort } from './ledger/ledger-port';
import type { ReadDb } from './read-model/read-db';
import type { GatewayConfig } from './config/gateway-config';

/** Injection tokens for the interfaces the composition root (server.ts) binds. */
export const LEDGER: InjectionToken<LedgerPort> = Symbol('LedgerPort');
export const READ_DB: InjectionToken<ReadDb> = Symbol('ReadDb');
export const LOGGER: InjectionToken<Logger> = Symbol('Logger');
export const CLOCK: InjectionToken<Clock> = Symbol('Clock');

/** Wall-clock time for the gateway (never used inside chaincode). Tests may bind their own. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
export const CONFIG: InjectionToken<GatewayConfig> = Symbol('GatewayConfig');
