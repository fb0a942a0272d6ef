import { App, Validations, type AppProps } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { loadConfig } from '../config';
import { acknowledgeFindings } from '../nag/acknowledgeFindings';
import { buildApp, type BuildAppOptions } from './buildApp';
import type { PlatformStacks } from './types';

/** Context key naming the environment file to deploy (`environments/<name>.json`). */
export const ENVIRONMENT_CONTEXT_KEY = 'imageserver:environment';

/**
 * The app as `cdk synth` runs it: the environment named by context, every stack, the reviewed
 * acknowledgements and cdk-nag's AwsSolutions pack, which fails synthesis on any other finding.
 * @throws {InfraConfigError} when the environment file is missing or invalid.
 */
export function createApp(
  props: AppProps = {},
  options: BuildAppOptions = {},
): { app: App; stacks: PlatformStacks } {
  const app = new App(props);
  const name = String(app.node.tryGetContext(ENVIRONMENT_CONTEXT_KEY) ?? 'example');
  const stacks = buildApp(app, loadConfig(name), options);
  acknowledgeFindings(stacks);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { app, stacks };
}
