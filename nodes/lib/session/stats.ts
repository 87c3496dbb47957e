// Refresh timings and outcomes for TokenStatus.stats: percentiles over the most recent refreshes
// (a bounded window, so a long-running session keeps constant memory).

export interface RefreshStats {
  refreshMs: { p50: number | null; p95: number | null; p99: number | null };
  refreshSuccessRate: number | null;
}

export class RefreshStatsWindow {
  private readonly durations: number[] = [];
  private readonly outcomes: boolean[] = [];

  constructor(private readonly size = 500) {}

  record(durationMs: number, success: boolean): void {
    push(this.durations, Math.max(0, durationMs), this.size);
    push(this.outcomes, success, this.size);
  }

  snapshot(): RefreshStats {
    const sorted = [...this.durations].sort((a, b) => a - b);
    const successes = this.outcomes.filter(Boolean).length;
    return {
      refreshMs: { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99) },
      refreshSuccessRate: this.outcomes.length === 0 ? null : successes / this.outcomes.length,
    };
  }
}

/** Nearest-rank percentile of an ascending list; null when empty. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

function push<T>(list: T[], value: T, size: number): void {
  list.push(value);
  if (list.length > size) list.shift();
}
