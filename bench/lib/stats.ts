/** Order statistics of a sample of durations (milliseconds). Nearest-rank percentiles: no interpolation. */
export interface Summary {
  readonly n: number;
  readonly min: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

export const percentile = (sorted: readonly number[], p: number): number => {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
};

export const summarize = (samples: readonly number[]): Summary => {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    min: sorted[0] ?? Number.NaN,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
    mean: sorted.reduce((sum, value) => sum + value, 0) / Math.max(1, sorted.length),
  };
};

/** `1.23 ms` with a precision that suits the magnitude. */
export const ms = (value: number): string => {
  if (Number.isNaN(value)) return 'n/a';
  const magnitude = Math.abs(value);
  return `${magnitude < 1 ? value.toFixed(3) : magnitude < 10 ? value.toFixed(2) : value.toFixed(1)} ms`;
};

export const ratio = (numerator: number, denominator: number): string =>
  denominator > 0 ? `${(numerator / denominator).toFixed(2)}×` : 'n/a';

export const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;
