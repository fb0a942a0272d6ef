export { AppError, isAppError } from './AppError';
export { ERRORS, problemType, type ErrorCode } from './catalog';
