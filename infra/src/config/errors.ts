/** Error codes raised by the infra app; each is documented in the README's "Errors" section. */
export const INFRA_ERROR_CODES = ['INFRA_CONFIG_INVALID', 'INFRA_CONFIG_NOT_FOUND'] as const;
export type InfraErrorCode = (typeof INFRA_ERROR_CODES)[number];

/** A configuration problem, raised before any construct is built. Lists every problem at once. */
export class InfraConfigError extends Error {
  readonly code: InfraErrorCode;
  readonly problems: readonly string[];

  constructor(code: InfraErrorCode, problems: readonly string[], source: string) {
    super(`Invalid infra configuration in ${source}:\n  - ${problems.join('\n  - ')}`);
    this.name = 'InfraConfigError';
    this.code = code;
    this.problems = problems;
  }
}
