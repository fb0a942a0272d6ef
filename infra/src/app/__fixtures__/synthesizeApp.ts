// Test helper: builds the whole app once, with the feature flags of cdk.json, and without
// bundling or staging assets (the synth test does both for real).
import { App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { EnvironmentConfig } from '../../config';
import { loadConfig } from '../../config';
import { acknowledgeFindings } from '../../nag/acknowledgeFindings';
import { buildApp } from '../buildApp';
import { INFRA_ROOT } from '../paths';
import type { PlatformStacks } from '../types';

export interface SynthesizedApp {
  readonly app: App;
  readonly stacks: PlatformStacks;
  readonly config: EnvironmentConfig;
  /** The template of one stack, built once and kept. */
  template(stack: keyof PlatformStacks): Template;
}

/** The context of cdk.json: the feature flags `cdk init` writes plus the environment name. */
export function cdkJsonContext(): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(INFRA_ROOT, 'cdk.json'), 'utf8')).context;
}

export interface SynthesizeOptions {
  readonly config?: EnvironmentConfig;
  readonly root?: string;
  /** Extra context, e.g. to turn bundling back on. */
  readonly context?: Record<string, unknown>;
}

export function synthesizeApp(options: SynthesizeOptions = {}): SynthesizedApp {
  const app = new App({
    context: {
      ...cdkJsonContext(),
      'aws:cdk:bundling-stacks': [],
      'aws:cdk:disable-asset-staging': true,
      ...options.context,
    },
  });
  const config = options.config ?? loadConfig('example');
  const stacks = buildApp(app, config, { root: options.root });
  acknowledgeFindings(stacks);
  // Expected while the operator manifest has not been generated; asserted where it matters.
  Validations.of(app).acknowledge({
    id: 'Annotation::@imageserver/infra:operator-manifest-missing',
    reason: 'tests build without the operator',
  });
  const templates = new Map<string, Template>();
  return {
    app,
    stacks,
    config,
    template(name) {
      let t = templates.get(name);
      if (!t) {
        t = Template.fromStack(stacks[name]);
        templates.set(name, t);
      }
      return t;
    },
  };
}

/** The example environment's configuration with some settings replaced. */
export function exampleConfig(
  change: (c: EnvironmentConfig) => EnvironmentConfig = (c) => c,
): EnvironmentConfig {
  return change(loadConfig('example'));
}
