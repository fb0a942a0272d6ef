import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { cdkJsonContext, synthesizeApp } from '../app/__fixtures__/synthesizeApp';
import { buildApp } from '../app/buildApp';
import { loadConfig } from '../config';

/** `rule [construct path]` for each finding the pack reports, acknowledged ones excluded. */
function findings(app: App): string[] {
  const report = new AwsSolutionsChecks(app).validateScope(app);
  return report.violations.flatMap((v) =>
    v.violatingResources.map(
      (r) => `${v.ruleName} [${(r as { constructPath?: string }).constructPath ?? r.resourceLogicalId}]`,
    ),
  );
}

/**
 * Every cdk-nag acknowledgement recorded under `scope`: rule id, reason and where. (CDK records
 * them as `Annotation::<rule>`; aws-cdk-lib's own acknowledgements of its validator are left out.)
 */
function acknowledgements(scope: IConstruct): { id: string; reason: string; path: string }[] {
  return scope.node
    .findAll()
    .flatMap((c) =>
      c.node.metadata
        .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .flatMap((m) =>
          Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({
            id,
            reason,
            path: c.node.path,
          })),
        ),
    )
    .filter((a) => a.id.startsWith('Annotation::AwsSolutions-'))
    .map((a) => ({ ...a, id: a.id.slice('Annotation::'.length) }));
}

describe('cdk-nag AwsSolutions on the whole app', () => {
  const acknowledged = synthesizeApp();
  const bare = new App({
    context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [], 'aws:cdk:disable-asset-staging': true },
  });
  buildApp(bare, loadConfig('example'));

  it('leaves no finding unacknowledged', () => {
    expect(findings(acknowledged.app)).toEqual([]);
  });

  it('acknowledges only findings that exist (no stale or blanket acknowledgements)', () => {
    const raw = findings(bare);
    const nag = acknowledgements(acknowledged.app);
    expect(nag.length).toBeGreaterThan(0);
    for (const a of nag) {
      const rule = a.id;
      const hit = raw.some((f) => f.startsWith(`${rule} [${a.path}/`));
      if (!hit) throw new Error(`acknowledgement ${rule} on ${a.path} matches no finding`);
    }
  });

  it('gives every acknowledgement a reason a reviewer can check', () => {
    for (const a of acknowledgements(acknowledged.app)) {
      expect(a.reason.length).toBeGreaterThan(40);
    }
  });

  it('acknowledges no finding on the data stores or the edge beyond the reviewed ones', () => {
    const where = acknowledgements(acknowledged.app)
      .filter((a) => /^(Data|Edge|EdgeCertificate)\//.test(a.path))
      .map((a) => `${a.id} ${a.path}`);
    expect(where.sort()).toEqual([
      'AwsSolutions-CFR1 Edge/Distribution',
      'AwsSolutions-S1 Edge/Logs',
      'AwsSolutions-SMG4 Data/Cache/AuthToken',
    ]);
  });
});
