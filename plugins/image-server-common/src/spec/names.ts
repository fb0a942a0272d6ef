/**
 * Names of ImageServers and namespaces. The operator names the Deployment, Service and HPA after
 * the ImageServer and adds suffixes (`-worker`, `-credentials`), and Service names must be DNS-1035
 * labels, so server names are DNS-1035 labels short enough for the suffixes.
 */
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Longest ImageServer name: 63 (label limit) minus the longest suffix the operator adds. */
export const MAX_SERVER_NAME_LENGTH = 63 - '-credentials'.length;

/** Problems with an ImageServer name; empty when valid. */
export function validateServerName(name: unknown): string[] {
  if (typeof name !== 'string' || name === '') return ['name: is required'];
  const problems: string[] = [];
  if (name.length > MAX_SERVER_NAME_LENGTH)
    problems.push(`name: must be at most ${MAX_SERVER_NAME_LENGTH} characters`);
  if (!DNS_1035_LABEL.test(name)) {
    problems.push(
      'name: must start with a lowercase letter and contain only lowercase letters, digits and "-"',
    );
  }
  return problems;
}

/** Problems with a namespace name; empty when valid. */
export function validateNamespace(namespace: unknown): string[] {
  if (typeof namespace !== 'string' || namespace === '') return ['namespace: is required'];
  if (namespace.length > 63 || !DNS_1123_LABEL.test(namespace)) {
    return ['namespace: must be a DNS-1123 label (lowercase letters, digits and "-", at most 63 characters)'];
  }
  return [];
}
