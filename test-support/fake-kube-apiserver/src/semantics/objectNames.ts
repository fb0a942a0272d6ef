import { randomInt } from 'node:crypto';

const dnsSubdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Why `name` is not a valid object name (DNS-1123 subdomain), or undefined when it is. */
export function nameProblem(name: string): string | undefined {
  if (name.length > 253) return 'must be no more than 253 characters';
  if (!dnsSubdomain.test(name)) {
    return `Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`;
  }
  return undefined;
}

const suffixAlphabet = 'bcdfghjklmnpqrstvwxz2456789';

/** `generateName` + 5 random characters from the same alphabet the real server uses. */
export function generatedName(prefix: string): string {
  let suffix = '';
  for (let i = 0; i < 5; i++) suffix += suffixAlphabet[randomInt(suffixAlphabet.length)];
  return `${prefix.slice(0, 58)}${suffix}`;
}
