// The few statistics the speed benchmark reports: medians with their range over interleaved
// rounds, percentiles of latency samples, and ratios written the way issue 12 tracks them.

export interface Spread {
  median: number;
  min: number;
  max: number;
  /** How many samples the figures summarise. */
  n: number;
}

/** The middle value (the mean of the two middle ones for an even count); NaN for no samples. */
export function median(samples: readonly number[]): number {
  return percentile(samples, 50);
}

/**
 * The p-th percentile by linear interpolation between closest ranks (the method of NumPy's
 * default and of most latency dashboards), so p50 of an even count is the mean of the middle two.
 */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0 || !(p >= 0 && p <= 100)) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = ((sorted.length - 1) * p) / 100;
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
}

export function spread(samples: readonly number[]): Spread {
  if (samples.length === 0) return { median: Number.NaN, min: Number.NaN, max: Number.NaN, n: 0 };
  return { median: median(samples), min: Math.min(...samples), max: Math.max(...samples), n: samples.length };
}

/** `2.87x`: a ratio of two measurements, or `n/a` when either is missing or the base is zero. */
export function formatRatio(value: number, base: number): string {
  if (!Number.isFinite(value) || !Number.isFinite(base) || base <= 0) return 'n/a';
  const ratio = value / base;
  return `${ratio.toFixed(ratio < 10 ? 2 : 1)}x`;
}

/** Milliseconds as people read them: `850 ms` below two seconds, `38.3 s` above. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return 'n/a';
  if (Math.abs(ms) < 2000) return `${ms < 10 ? ms.toFixed(1) : ms.toFixed(0)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

/** `38.3 s (36.9–41.0)`: a spread's median with its range, when there was more than one round. */
export function formatSpread(value: Spread, format: (n: number) => string = formatDuration): string {
  if (value.n === 0) return 'n/a';
  if (value.n === 1) return format(value.median);
  return `${format(value.median)} (${format(value.min)}–${format(value.max)})`;
}

export function formatMegabytes(bytes: number): string {
  return Number.isFinite(bytes) ? `${(bytes / 1e6).toFixed(0)} MB` : 'n/a';
}
