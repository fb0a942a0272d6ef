import type { Step } from '../types';
import { checkReferences } from './checkReferences';
import { children } from './children';
import { credentials } from './credentials';
import { database } from './database';
import { ensureFinalizer } from './ensureFinalizer';
import { handleDeletion } from './handleDeletion';
import { podIdentity } from './podIdentity';
import { storage } from './storage';
import { summarize } from './summarize';
import { validate } from './validate';

/** The reconcile, in order; each step is one concern, and the first that stops ends the run. */
export const steps: readonly Step[] = [
  handleDeletion,
  ensureFinalizer,
  validate,
  checkReferences,
  credentials,
  storage,
  database,
  podIdentity,
  children,
  summarize,
];

export { toReason } from './checkReferences';
