import { names } from '../../resources/labels';
import { decideCredentials } from '../decideCredentials';
import type { Step } from '../types';

/** Keeps, generates or rotates the generated credentials (written later with the other children). */
export const credentials: Step = {
  name: 'credentials',
  async run(ctx) {
    const { server, deps } = ctx;
    const live = deps.cache.get('v1', 'Secret', server.metadata.namespace, names.credentials(server));
    const decided = decideCredentials(server, live, deps.randomBytes, Boolean(server.spec.database.managed));
    ctx.credentials = decided.credentials;
    ctx.databasePassword = decided.databasePassword;
    ctx.credentialsGenerated = decided.generated;
    ctx.status.adminSecretName = names.credentials(server);
  },
};
