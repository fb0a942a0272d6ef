import { AppError } from '../errors';

function describe(value: string | undefined): string {
  if (value === undefined) return 'nothing';
  return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
}

/**
 * The one way transformation options are refused: a 400 problem whose message and `option`
 * member name the option, e.g. `Expected an integer from 1 to 4096 for width but received "0".`
 */
export function invalidOption(option: string, expected: string, received: string | undefined): AppError {
  return new AppError(
    'INVALID_TRANSFORM',
    `Expected ${expected} for ${option} but received ${describe(received)}.`,
    {
      extensions: { option },
    },
  );
}

/** A refusal that is not about one value's syntax (conflicts, crops outside the image). */
export function conflictingOption(option: string, detail: string): AppError {
  return new AppError('INVALID_TRANSFORM', detail, { extensions: { option } });
}
