import { KubeApiError, reasonForCode } from '../errors';
import type { FailureRule, Verb } from '../types';

/** Test-injected failures, consumed by the requests they match, oldest rule first. */
export class FaultInjector {
  private rules: (FailureRule & { left: number })[] = [];

  add(rule: FailureRule): void {
    this.rules.push({ ...rule, left: rule.times ?? 1 });
  }

  clear(): void {
    this.rules = [];
  }

  /** The failure for this request, if a rule matches (the rule's count goes down). */
  take(verb: Verb | undefined, path: string): KubeApiError | undefined {
    const rule = this.rules.find(
      (r) => (r.verb === undefined || r.verb === verb) && matchesPath(r.path, path),
    );
    if (!rule) return undefined;
    if (--rule.left <= 0) this.rules = this.rules.filter((r) => r !== rule);
    const reason = rule.reason ?? reasonForCode(rule.status);
    return new KubeApiError(
      rule.status,
      reason,
      rule.message ?? `injected failure: ${reason}`,
      rule.status === 429 ? { retryAfterSeconds: 1 } : undefined,
    );
  }
}

function matchesPath(pattern: string | RegExp | undefined, path: string): boolean {
  if (pattern === undefined) return true;
  return typeof pattern === 'string' ? path.includes(pattern) : pattern.test(path);
}
