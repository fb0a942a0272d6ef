import type { Principal } from './types';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Set by the authenticate middleware on every request. */
      principal: Principal;
    }
  }
}
