/**
 * The ImageServer operator as a library: the controller, the pure builders (what `render` uses)
 * and the CRD. The container runs `main.ts`; `render.ts` is the CLI.
 */
export * from './crd';
export * from './config';
export { Operator, type OperatorOptions } from './controller';
export { buildChildren, withOwner, type BuildContext, type Credentials, type KubeObject } from './resources';
export { renderManifests } from './renderManifests';
export { ERROR_CODES, OperatorError, type ErrorCode } from './errors';
export { generatedFiles, installManifests } from './install';
