export { ApiRequestHandler, type ApiRequestHandlerDeps } from './ApiRequestHandler';
export { FaultInjector } from './FaultInjector';
export { parseRequestPath, type RequestTarget } from './parseRequestPath';
export { RequestLog } from './RequestLog';
