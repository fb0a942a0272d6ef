export * from './types';
export { InfraConfigError, INFRA_ERROR_CODES, type InfraErrorCode } from './errors';
export { validateConfig, type ValidationResult } from './validateConfig';
export { loadConfig, ENVIRONMENTS_DIR } from './loadConfig';
export { resourceNames, type ResourceNames } from './resourceNames';
