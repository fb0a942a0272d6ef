/**
 * "Does the live object already say what we want?" — true when every field of `desired` is present
 * in `live` with an equal value. Fields only `live` has (server defaults, status, fields other
 * controllers set) do not count. Lists must have the same length, element by element, so an extra
 * container or env var added by hand is drift. Quantities compare by value (`1Gi` == `1024Mi`),
 * because the API server canonicalises them. Empty objects/lists in `desired` match absence.
 */
export function isSubset(desired: unknown, live: unknown): boolean {
  if (desired === undefined || desired === null) return true;
  if (Array.isArray(desired)) {
    if (desired.length === 0)
      return live === undefined || live === null || (Array.isArray(live) && live.length === 0);
    return (
      Array.isArray(live) && live.length === desired.length && desired.every((d, i) => isSubset(d, live[i]))
    );
  }
  if (typeof desired === 'object') {
    const entries = Object.entries(desired as Record<string, unknown>).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return live === undefined || live === null || typeof live === 'object';
    if (typeof live !== 'object' || live === null || Array.isArray(live)) return false;
    return entries.every(([k, v]) => isSubset(v, (live as Record<string, unknown>)[k]));
  }
  if (desired === live) return true;
  if (typeof desired === 'string' && typeof live === 'string') {
    const a = parseQuantity(desired);
    return a !== undefined && a === parseQuantity(live);
  }
  return false;
}

const SUFFIXES: Record<string, number> = {
  '': 1,
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** The numeric value of a Kubernetes quantity (`500m`, `1.5Gi`, `1e3`), or undefined. */
export function parseQuantity(q: string): number | undefined {
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?)$/.exec(q);
  if (!m) return undefined;
  const value = Number(m[1] + (m[2] ?? ''));
  return Math.round(value * SUFFIXES[m[3] ?? '']! * 1e9) / 1e9;
}
