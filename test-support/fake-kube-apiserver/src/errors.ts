import type { KubeStatus, ResourceType } from './types';

const reasonByCode: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  406: 'NotAcceptable',
  409: 'Conflict',
  410: 'Expired',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

/** The `reason` the real API server uses for an HTTP status code. */
export function reasonForCode(code: number): string {
  return reasonByCode[code] ?? 'Unknown';
}

type Details = NonNullable<KubeStatus['details']>;

/**
 * An error answered as a Kubernetes `Status`; `code` is the HTTP status and `reason` the Status reason,
 * which is what clients (and `@kubernetes/client-node`'s `ApiException.body`) look at.
 */
export class KubeApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: Details,
  ) {
    super(message);
    this.name = 'KubeApiError';
  }

  /** The `Status` body sent to the client. */
  toStatus(): KubeStatus {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      ...(this.details ? { details: this.details } : {}),
      code: this.code,
    };
  }
}

/** `deployments.apps`, `configmaps` — how the real server names a resource in messages. */
export function qualifiedResource(type: ResourceType): string {
  return type.group ? `${type.plural}.${type.group}` : type.plural;
}

function detailsOf(type: ResourceType, name: string): Details {
  return { name, ...(type.group ? { group: type.group } : {}), kind: type.plural };
}

export const errors = {
  notFound(type: ResourceType, name: string): KubeApiError {
    return new KubeApiError(
      404,
      'NotFound',
      `${qualifiedResource(type)} "${name}" not found`,
      detailsOf(type, name),
    );
  },
  namespaceNotFound(namespace: string): KubeApiError {
    return new KubeApiError(404, 'NotFound', `namespaces "${namespace}" not found`, {
      name: namespace,
      kind: 'namespaces',
    });
  },
  alreadyExists(type: ResourceType, name: string): KubeApiError {
    return new KubeApiError(
      409,
      'AlreadyExists',
      `${qualifiedResource(type)} "${name}" already exists`,
      detailsOf(type, name),
    );
  },
  staleUpdate(type: ResourceType, name: string): KubeApiError {
    return new KubeApiError(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${qualifiedResource(type)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
      detailsOf(type, name),
    );
  },
  preconditionFailed(type: ResourceType, name: string, what: string): KubeApiError {
    return new KubeApiError(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${qualifiedResource(type)} "${name}": Precondition failed: ${what}`,
      detailsOf(type, name),
    );
  },
  applyConflict(
    type: ResourceType,
    name: string,
    conflicts: { manager: string; field: string }[],
  ): KubeApiError {
    const lines = conflicts.map((c) => `conflict with "${c.manager}": ${c.field}`);
    const message =
      conflicts.length === 1
        ? `Apply failed with 1 conflict: ${lines[0]}`
        : `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
    return new KubeApiError(409, 'Conflict', message, {
      ...detailsOf(type, name),
      causes: conflicts.map((c) => ({
        type: 'FieldManagerConflict',
        message: `conflict with "${c.manager}"`,
        field: c.field,
      })),
    });
  },
  invalid(type: ResourceType, name: string, causes: { field: string; message: string }[]): KubeApiError {
    const kind = type.kind;
    return new KubeApiError(
      422,
      'Invalid',
      `${kind} "${name}" is invalid: ${causes.map((c) => `${c.field}: ${c.message}`).join(', ')}`,
      {
        name,
        ...(type.group ? { group: type.group } : {}),
        kind,
        causes: causes.map((c) => ({ type: 'FieldValueInvalid', ...c })),
      },
    );
  },
  badRequest(message: string): KubeApiError {
    return new KubeApiError(400, 'BadRequest', message);
  },
  forbidden(message: string): KubeApiError {
    return new KubeApiError(403, 'Forbidden', message);
  },
  methodNotAllowed(): KubeApiError {
    return new KubeApiError(
      405,
      'MethodNotAllowed',
      'the server does not allow this method on the requested resource',
    );
  },
  unsupportedMediaType(contentType: string): KubeApiError {
    return new KubeApiError(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json (got ${contentType})`,
    );
  },
  expired(requested: number, oldest: number): KubeApiError {
    return new KubeApiError(410, 'Expired', `too old resource version: ${requested} (${oldest})`);
  },
  unauthorized(): KubeApiError {
    return new KubeApiError(401, 'Unauthorized', 'Unauthorized');
  },
};
