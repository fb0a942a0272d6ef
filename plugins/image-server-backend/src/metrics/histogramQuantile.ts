/**
 * The q-quantile of a cumulative histogram, interpolated linearly inside the bucket where it
 * falls, as PromQL's `histogram_quantile` does. `buckets` maps upper bounds (`le`, including
 * `+Inf`) to cumulative counts. Returns null when there are no observations; when the quantile
 * falls in the `+Inf` bucket the highest finite bound is returned.
 */
export function histogramQuantile(q: number, buckets: Map<number, number>): number | null {
  const sorted = [...buckets.entries()].sort((a, b) => a[0] - b[0]);
  const total = sorted.at(-1)?.[1] ?? 0;
  if (total <= 0) return null;
  const rank = q * total;
  let prevBound = 0;
  let prevCount = 0;
  for (const [bound, count] of sorted) {
    if (count >= rank) {
      if (bound === Infinity) return prevBound;
      if (count === prevCount) return bound;
      return prevBound + ((bound - prevBound) * (rank - prevCount)) / (count - prevCount);
    }
    prevBound = bound;
    prevCount = count;
  }
  return prevBound;
}
