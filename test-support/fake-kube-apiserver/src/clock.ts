/** RFC 3339 with second precision, the format of Kubernetes timestamps. */
export function formatTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
