/** A ratio checked against a stated target; `met` is absent for informational ratios. */
export interface Target {
  ratio: number;
  target: string;
  met?: boolean;
}

/** `a / b` rounded to three decimals, the precision every ratio is reported and judged at. */
export function ratio(a: number, b: number): number {
  return Math.round((a / b) * 1000) / 1000;
}

/** A ratio that should stay at or below `limit`. */
export function atMost(value: number, limit: number, target = `<= ${limit}`): Target {
  return { ratio: value, target, met: value <= limit };
}

/** A ratio that should stay at or above `limit`. */
export function atLeast(value: number, limit: number, target = `>= ${limit}`): Target {
  return { ratio: value, target, met: value >= limit };
}

/** A ratio reported without a target. */
export function informational(value: number): Target {
  return { ratio: value, target: 'informational' };
}

/** `MISSED` for a missed target, nothing otherwise: benchmarks report, they do not fail the run. */
export function missedMark(target: Pick<Target, 'met'>): string {
  return target.met === false ? '   MISSED' : '';
}
