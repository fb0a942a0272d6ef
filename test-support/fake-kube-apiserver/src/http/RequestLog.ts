import type { RequestRecord, Verb } from '../types';

/** Every request served, in order, for tests and benchmarks that count calls. */
export class RequestLog {
  private records: RequestRecord[] = [];

  add(record: RequestRecord): void {
    this.records.push(record);
  }

  all(): RequestRecord[] {
    return this.records.map((r) => ({ ...r }));
  }

  /** Requests per verb; `writes` sums create, update, patch, delete and deletecollection. */
  counts(): Record<Verb | 'writes' | 'total', number> {
    const counts = {
      get: 0,
      list: 0,
      watch: 0,
      create: 0,
      update: 0,
      patch: 0,
      delete: 0,
      deletecollection: 0,
      writes: 0,
      total: 0,
    };
    for (const r of this.records) {
      counts.total++;
      if (!r.verb) continue;
      counts[r.verb]++;
      if (!['get', 'list', 'watch'].includes(r.verb)) counts.writes++;
    }
    return counts;
  }

  clear(): void {
    this.records = [];
  }
}
