import { GatewayFixture, type Engine } from './gateway-fixture';
import { HttpScenario } from './http-scenario';
import { citizenToken, startTestIdp, type TestIdp } from './identity';

/** A gateway with the local OpenID provider, and alice's and bob's bearer tokens from a real sign-in. */
export interface CitizenGateway {
  idp: TestIdp;
  fx: GatewayFixture;
  s: HttpScenario;
  alice: string;
  bob: string;
  close(): Promise<void>;
}

export async function startCitizenGateway(engine: Engine, env: Record<string, string> = {}): Promise<CitizenGateway> {
  const idp = await startTestIdp();
  const fx = await GatewayFixture.start(engine, { ...idp.env, ...env });
  return {
    idp,
    fx,
    s: new HttpScenario(fx),
    alice: await citizenToken(fx.url, 'alice'),
    bob: await citizenToken(fx.url, 'bob'),
    close: async () => {
      await fx.close();
      await idp.close();
    },
  };
}
