import path from 'node:path';

/** The repository root; configuration paths such as `operator/install.yaml` are relative to it. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

/** The infra workspace root. */
export const INFRA_ROOT = path.resolve(__dirname, '..', '..');
