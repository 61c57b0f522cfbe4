/** p50, p95 and p99 of `values` (nearest rank), or undefined when there are none. */
export function percentiles(values: number[]): { p50: number; p95: number; p99: number } | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
  return { p50: rank(50), p95: rank(95), p99: rank(99) };
}
