import { Stack, Tags, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config';

/** Props every stack of the app takes. */
export interface PlatformStackProps extends StackProps {
  readonly config: EnvironmentConfig;
}

/**
 * Base of every stack in the app: explicit environment, standard tags, and the availability
 * zones from configuration so that nothing looks them up (synthesis must work without credentials).
 */
export class PlatformStack extends Stack {
  readonly config: EnvironmentConfig;

  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id, {
      env: { account: props.config.account, region: props.config.region },
      stackName: `${props.config.name}-${id.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase()}`,
      ...props,
    });
    this.config = props.config;
    Tags.of(this).add('imageserver:environment', props.config.name);
    Tags.of(this).add('imageserver:stack', id);
  }

  // Overridden so that Vpc and subnet selection never ask the account for its zones.
  override get availabilityZones(): string[] {
    return [...this.config.availabilityZones];
  }
}
