/**
 * A number as PromQL and YAML text, rounded to 10 significant digits so that
 * binary float noise (1 - 0.98 = 0.020000000000000018) does not reach the
 * rules and make them differ for the same objective.
 */
export function numberText(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
  return String(Number(value.toPrecision(10)));
}

/** The same rounding as {@link numberText}, as a number. */
export function rounded(value: number): number {
  return Number(numberText(value));
}
