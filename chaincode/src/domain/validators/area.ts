import { Check, checkFailed, checkPassed, surfaceProblem } from './result';

export const MAX_AREA_CENTI_SQUARE_METRES = 100_000_000;

/** An area in square metres as a decimal string with at most 2 decimals, parsed exactly into 0.01 m² units. */
export function checkArea(s: string): Check<{ centiSquareMetres: number }> {
  const surface = surfaceProblem(s, 'area');
  if (surface) return checkFailed('AREA_FORMAT', surface);
  const m = /^(0|[1-9]\d*)(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) {
    if (/^-\d/.test(s)) return checkFailed('AREA_RANGE', 'The area must be greater than zero.');
    return checkFailed('AREA_FORMAT', 'The area must be a plain number of square metres with at most 2 decimals, for example 89.57.');
  }
  const centi = m[1].length > 7 ? Infinity : Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  if (centi === 0) return checkFailed('AREA_RANGE', 'The area must be greater than zero.');
  if (centi > MAX_AREA_CENTI_SQUARE_METRES) return checkFailed('AREA_RANGE', 'The area must not exceed 1000000 square metres.');
  return checkPassed({ centiSquareMetres: centi });
}
