import { MAX_TIMESTAMP_SKEW_MS, parseRuleError } from '@estate-ledger/chaincode';
import { LedgerFixture, ROLE } from './support/ledger-fixture';

/**
 * On Fabric the transaction timestamp is the submitting client's and every lapse is judged by it,
 * so each endorser refuses a timestamp too far from its own clock (the embedded endorser's clock
 * is the register clock).
 */
describe('the endorsement timestamp guard', () => {
  let fx: LedgerFixture;
  const request = () => ({ identity: ROLE.clerk, fn: 'Admin:getConfig', args: [] });

  beforeAll(async () => {
    fx = await LedgerFixture.create();
  });
  afterAll(async () => fx?.close());

  it.each([
    ['ahead of', +1],
    ['behind', -1],
  ])('refuses a transaction timestamped further %s the endorser’s clock than the limit', async (_label, sign) => {
    const timestamp = new Date(Date.now() + sign * (MAX_TIMESTAMP_SKEW_MS + 60_000));
    const refusal = await fx.ledger.simulate(request(), { txId: 'a'.repeat(64), timestamp }).then(
      () => undefined,
      (err: Error & { code?: unknown }) => (typeof err.code === 'string' ? err.code : parseRuleError(err.message)?.code),
    );
    expect(refusal).toBe('TIMESTAMP_SKEW');
  });

  it('endorses a transaction within the limit', async () => {
    const timestamp = new Date(Date.now() - MAX_TIMESTAMP_SKEW_MS / 2);
    await expect(fx.ledger.simulate(request(), { txId: 'b'.repeat(64), timestamp })).resolves.toBeDefined();
  });
});
