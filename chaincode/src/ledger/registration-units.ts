import { RuleError } from '../domain/errors';
import { KEY } from '../domain/keys';
import type { Unit } from '../domain/model';
import type { EstateContext } from './estate-context';

/**
 * The registry that keeps a unit's register registers it (条例 7): a mortgage over several units
 * in one registration takes them from one county's register. Refused naming the unit that is not.
 */
export async function checkSameDistrict(ctx: EstateContext, first: Unit, others: readonly string[]): Promise<void> {
  for (const [i, unitNumber] of others.entries()) {
    const unit = await ctx.mustGet<Unit>(KEY.unit, unitNumber, `additionalUnits.${i}`);
    if (unit.district !== first.district) {
      throw new RuleError('INVALID_INPUT', `additionalUnits.${i}: unit ${unitNumber} is in district ${unit.district}, not ${first.district}: one registration covers the units of one registry`, { field: `additionalUnits.${i}`, rule: 'UNIT_OTHER_DISTRICT' });
    }
  }
}
