import { invalidOption } from './invalidOption';
import { isOptionName } from './parseTransform';

/** Query parameters of a signed URL, never options. */
const SIGNATURE_PARAMS = new Set(['exp', 'kid', 'sig']);

/**
 * The options segment equivalent to a query-string form such as `?w=800&f=webp&flip`, in the
 * query's order (`w_800,f_webp,flip`), so that both forms share one grammar, one canonical form,
 * one cache entry and one signature (a signed query-form URL signs the path form
 * `/i/:id/<segment>`). Returns undefined when no parameter names an option: other parameters
 * (a client's cache buster) then leave the original untouched. Once one names an option, every
 * other non-signature parameter must too. Pure.
 *
 * @throws AppError INVALID_TRANSFORM naming a parameter that is not an option (repeated options
 *   are refused by parseTransform, as in the path form)
 * @example
 * optionsFromQuery(new URLSearchParams('w=800&f=webp&exp=1&kid=k&sig=s')); // 'w_800,f_webp'
 */
export function optionsFromQuery(query: URLSearchParams): string | undefined {
  const entries = [...query].filter(([name]) => !SIGNATURE_PARAMS.has(name));
  if (!entries.some(([name]) => isOptionName(name))) return undefined;
  const tokens: string[] = [];
  for (const [name, value] of entries) {
    if (!isOptionName(name))
      throw invalidOption('options', 'query parameters that are options, such as w=800 or f=auto', name);
    if (value.includes(',')) throw invalidOption(name, 'a value without commas', value);
    tokens.push(value === '' ? name : `${name}_${value}`);
  }
  return tokens.join(',');
}
