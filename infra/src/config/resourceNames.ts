import type { EnvironmentConfig } from './types';

/** Physical names fixed by configuration, so that policies and alarms can name them as plain strings. */
export interface ResourceNames {
  readonly cluster: string;
  readonly imagesBucket: string;
  readonly database: string;
  readonly cacheGroup: string;
  /** The image servers' shared workload role (named, so that the operator can be told its ARN). */
  readonly workloadRole: string;
}

/**
 * The names of the environment's named resources. The images bucket's name does not start with
 * the operator's bucket prefix, so the operator can never delete it.
 */
export function resourceNames(config: Pick<EnvironmentConfig, 'name' | 'account' | 'region'>): ResourceNames {
  return {
    cluster: `${config.name}-imageserver`,
    imagesBucket: `imageserver-images-${config.name}-${config.account}-${config.region}`,
    database: `${config.name}-imageserver`,
    cacheGroup: `${config.name}-imageserver`,
    workloadRole: `${config.name}-imageserver-workload`,
  };
}
