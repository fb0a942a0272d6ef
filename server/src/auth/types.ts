import type { Scope } from '../db';

/** Who is calling. Anonymous callers can read public images only. */
export type Principal =
  | { readonly kind: 'anonymous' }
  | {
      readonly kind: 'apiKey';
      readonly keyId: string;
      readonly name: string;
      readonly scopes: readonly Scope[];
    }
  | { readonly kind: 'bootstrapAdmin'; readonly scopes: readonly Scope[] };

export const ANONYMOUS: Principal = Object.freeze({ kind: 'anonymous' });
