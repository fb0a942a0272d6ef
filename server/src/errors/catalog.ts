/**
 * Every error the server can answer with. `status` is the HTTP status, `title` the stable
 * public summary (RFC 9457 `title`); the problem `type` is derived from the code.
 * README's error table is checked against this list by a test.
 */
export const ERRORS = {
  // 400
  BAD_REQUEST: { status: 400, title: 'The request is malformed.' },
  MALFORMED_MULTIPART: { status: 400, title: 'The multipart body could not be parsed.' },
  MISSING_FILE: { status: 400, title: 'The request carries no image file.' },
  INVALID_PARAMETER: { status: 400, title: 'A parameter has an invalid value.' },
  INVALID_CURSOR: { status: 400, title: 'The pagination cursor is invalid.' },
  INVALID_TRANSFORM: { status: 400, title: 'The transformation options are invalid.' },
  // 401 / 403
  UNAUTHENTICATED: { status: 401, title: 'Credentials are missing or invalid.' },
  FORBIDDEN: { status: 403, title: 'The credentials do not allow this operation.' },
  INVALID_SIGNATURE: { status: 403, title: 'The URL signature is invalid.' },
  EXPIRED_SIGNATURE: { status: 403, title: 'The signed URL has expired.' },
  SIGNATURE_REQUIRED: { status: 403, title: 'These transformation options need a signed URL.' },
  TRANSFORM_NOT_ALLOWED: { status: 403, title: 'The server does not allow these transformation options.' },
  // 404 / 405 / 409
  NOT_FOUND: { status: 404, title: 'The resource does not exist.' },
  METHOD_NOT_ALLOWED: { status: 405, title: 'The method is not allowed on this resource.' },
  CONFLICT: { status: 409, title: 'The request conflicts with the current state.' },
  // 412 / 413 / 415 / 416
  PRECONDITION_FAILED: { status: 412, title: 'A precondition in the request headers does not hold.' },
  RANGE_NOT_SATISFIABLE: { status: 416, title: 'The requested range cannot be served.' },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'The upload is larger than allowed.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'The content is not an image format this server accepts.' },
  SVG_NOT_ALLOWED: { status: 415, title: 'SVG images are refused because they can carry scripts.' },
  // 422
  UNDECODABLE_IMAGE: { status: 422, title: 'The image is corrupt or cannot be decoded.' },
  PIXEL_LIMIT_EXCEEDED: { status: 422, title: 'The image has more pixels than allowed.' },
  FRAME_LIMIT_EXCEEDED: { status: 422, title: 'The animation has more frames than allowed.' },
  // 499 / 5xx
  CLIENT_CLOSED_REQUEST: { status: 499, title: 'The client closed the request before it completed.' },
  INTERNAL: { status: 500, title: 'An unexpected error occurred.' },
  STORAGE_UNAVAILABLE: { status: 503, title: 'Object storage is unavailable.' },
  DATABASE_UNAVAILABLE: { status: 503, title: 'The database is unavailable.' },
  OVERLOADED: { status: 503, title: 'The server is busy; retry later.' },
  TRANSFORM_TIMEOUT: { status: 503, title: 'Rendering the variant took too long; retry later.' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof ERRORS;

/** The URI reference used as the problem `type` for a code. */
export function problemType(code: ErrorCode): string {
  return `https://imageserver.dev/problems/${code.toLowerCase().replace(/_/g, '-')}`;
}
