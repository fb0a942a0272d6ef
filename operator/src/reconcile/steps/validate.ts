import { validateSpec } from '../../crd/validate';
import { OperatorError } from '../../errors';
import type { Step } from '../types';

/** The CRD's CEL rules again (see crd/validate.ts), plus what needs the operator's configuration. */
export const validate: Step = {
  name: 'validate',
  async run(ctx) {
    const { server, deps } = ctx;
    const problems = validateSpec(
      server.spec,
      server.status?.bucket ? { storage: { bucket: server.status.bucket.name } } : undefined,
    );
    if (server.spec.database.managed && !deps.databases) {
      problems.push(
        'spec.database.managed: this operator has no shared PostgreSQL configured (MANAGED_DATABASE_SECRET)',
      );
    }
    if (problems.length) throw new OperatorError('INVALID_SPEC', problems.join('; '), true);
  },
};
