import { invalid, jsonSafe } from './guards';

/** How a rational result becomes an integer. 'round' is half-up (towards +∞), like Math.round. */
export type Rounding = 'floor' | 'round' | 'ceil';

const ROUNDINGS: readonly Rounding[] = ['floor', 'round', 'ceil'];

/** n / d as an integer, exactly, for any sign of n (d must be > 0). */
export function divRound(n: bigint, d: bigint, rounding: Rounding): bigint {
  if (!ROUNDINGS.includes(rounding)) throw invalid(`Unknown rounding "${String(rounding)}"`, { rounding: jsonSafe(rounding) });
  if (rounding === 'round') return divRound(2n * n + d, 2n * d, 'floor');
  const q = n / d; // bigint division truncates towards zero
  if (n % d === 0n) return q;
  if (rounding === 'floor') return n < 0n ? q - 1n : q;
  return n > 0n ? q + 1n : q;
}

/** A bigint result back to number, refusing anything a double cannot hold exactly. */
export function toSafeNumber(value: bigint, what: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw invalid(`${what} is out of the safe integer range`, { [what]: value.toString() });
  }
  return Number(value);
}
