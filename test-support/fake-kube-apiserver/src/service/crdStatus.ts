import { formatTimestamp } from '../clock';
import type { KubeObject } from '../types';

/** The status the real server gives an accepted CRD: names accepted and established at once. */
export function crdStatus(crd: KubeObject, now: Date): Record<string, unknown> {
  const spec = crd.spec as { names?: unknown };
  const time = formatTimestamp(now);
  return {
    acceptedNames: spec.names ?? {},
    conditions: [
      {
        type: 'NamesAccepted',
        status: 'True',
        reason: 'NoConflicts',
        message: 'no conflicts found',
        lastTransitionTime: time,
      },
      {
        type: 'Established',
        status: 'True',
        reason: 'InitialNamesAccepted',
        message: 'the initial names have been accepted',
        lastTransitionTime: time,
      },
    ],
    storedVersions: [],
  };
}
