/** A parsed label selector: true when the labels match. */
export type LabelMatcher = (labels: Record<string, string> | undefined) => boolean;

type Requirement = (labels: Record<string, string>) => boolean;

/**
 * Parses a label selector string (`app=web,tier!=db,env in (a,b),!legacy,release`): equality (`=`, `==`,
 * `!=`) and set-based (`in`, `notin`, exists, `!` not-exists) requirements, all of which must hold.
 * @throws Error with the reason when the selector cannot be parsed
 */
export function parseLabelSelector(selector: string): LabelMatcher {
  const requirements = splitRequirements(selector).map(parseRequirement);
  return (labels) => requirements.every((r) => r(labels ?? {}));
}

function splitRequirements(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter((p) => p.length > 0);
}

const keyPattern = /^([a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?\/)?[a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?$/;
const valuePattern = /^([a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?)?$/;

function parseRequirement(text: string): Requirement {
  const set = /^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(text);
  if (set) {
    const [, key, op, list] = set as unknown as [string, string, string, string];
    const values = list.split(',').map((v) => checkValue(v.trim()));
    checkKey(key);
    return op === 'in'
      ? (l) => key in l && values.includes(l[key]!)
      : (l) => !(key in l) || !values.includes(l[key]!);
  }
  const eq = /^([^!=\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(text);
  if (eq) {
    const [, key, op, raw] = eq as unknown as [string, string, string, string];
    checkKey(key);
    const value = checkValue(raw);
    return op === '!=' ? (l) => l[key] !== value : (l) => l[key] === value;
  }
  if (text.startsWith('!')) {
    const key = checkKey(text.slice(1).trim());
    return (l) => !(key in l);
  }
  const key = checkKey(text);
  return (l) => key in l;
}

function checkKey(key: string): string {
  if (!keyPattern.test(key)) throw new Error(`unable to parse requirement: invalid label key "${key}"`);
  return key;
}

function checkValue(value: string): string {
  if (value.length > 63 || !valuePattern.test(value))
    throw new Error(`unable to parse requirement: invalid label value: "${value}"`);
  return value;
}
