import { CustomErrorBase } from '@backstage/errors';

/**
 * The image server (or the cluster in front of it) could not be reached or gave no usable
 * answer. The plugin router answers it with 502 in Backstage's error format.
 */
export class UpstreamUnavailableError extends CustomErrorBase {
  readonly code = 'UPSTREAM_UNAVAILABLE';
  override name = 'UpstreamUnavailableError' as const;
}

/** An upload larger than the server accepts; answered with 413 before a byte is forwarded. */
export class PayloadTooLargeError extends CustomErrorBase {
  readonly code = 'PAYLOAD_TOO_LARGE';
  override name = 'PayloadTooLargeError' as const;
}
