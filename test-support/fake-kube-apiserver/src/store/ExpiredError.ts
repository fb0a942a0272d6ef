/** A watch asked to replay from a resourceVersion older than the kept history. */
export class ExpiredError extends Error {
  readonly code = 'EXPIRED';
  constructor(
    readonly requested: number,
    readonly oldest: number,
  ) {
    super(`too old resource version: ${requested} (${oldest})`);
    this.name = 'ExpiredError';
  }
}
