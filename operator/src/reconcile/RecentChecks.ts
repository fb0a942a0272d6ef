/**
 * Remembers, per ImageServer and concern, the inputs of the last successful outside-world check
 * (AWS bucket settings, Pod Identity, referenced Secrets, managed database). A reconcile triggered
 * by our own writes then skips repeating the same calls; the periodic resync (which comes after
 * `ttlMs`) still repeats them, and that is what repairs drift made outside Kubernetes.
 */
export class RecentChecks {
  private readonly seen = new Map<string, { fingerprint: string; at: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** True when `key` was checked with the same `fingerprint` less than ttl ago. */
  fresh(key: string, fingerprint: string): boolean {
    const entry = this.seen.get(key);
    return entry !== undefined && entry.fingerprint === fingerprint && this.now() - entry.at < this.ttlMs;
  }

  record(key: string, fingerprint: string): void {
    this.seen.set(key, { fingerprint, at: this.now() });
  }

  /** Forgets every check of one ImageServer (on deletion). */
  forget(prefix: string): void {
    for (const key of this.seen.keys()) if (key.startsWith(prefix)) this.seen.delete(key);
  }
}
