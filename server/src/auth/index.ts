export type { Principal } from './types';
export { ANONYMOUS } from './types';
export { SCOPES, hasScope } from './scopes';
export { authenticate, requireScope, assertScope } from './middleware';
export { generateApiKey, parseApiKey, hashSecret, verifySecret, secretsEqual } from './apiKeyToken';
export {
  signPath,
  verifyPath,
  readSignatureParams,
  toQueryString,
  type SignatureParams,
  type SignatureCheck,
} from './signedUrl';
