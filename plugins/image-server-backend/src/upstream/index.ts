export { forward, fetchJson, fetchText, MULTIPART_OVERHEAD_BYTES } from './forward';
export { UpstreamUnavailableError, PayloadTooLargeError } from './errors';
