import path from 'node:path';
import { managedDatabaseName } from './managedDatabaseName';

// The operator's own function, loaded from its source by path (the workspaces do not depend on each
// other): the contract is that both sides compute the same name, so a change to either fails here.
type NameRule = (namespace: string, name: string) => string;
let operatorRule: NameRule;
beforeAll(async () => {
  const source = path.resolve(__dirname, '../../../../operator/src/database/managedNames.ts');
  operatorRule = ((await import(source)) as { managedDatabaseName: NameRule }).managedDatabaseName;
});

const CASES: [string, string][] = [
  ['shop', 'catalog'],
  ['team-a', 'img-server'],
  ['default', 'a.b.c'],
  ['n', 'x'.repeat(60)],
  ['ns-with-63-characters-'.padEnd(63, 'z'), 'name'],
  ['shop', 'catalog-2'],
  ['shop-eu', 'catalog'],
];

describe('managedDatabaseName', () => {
  it.each(CASES)('agrees with the operator for %s/%s', (namespace, name) => {
    expect(managedDatabaseName(namespace, name)).toBe(operatorRule(namespace, name));
  });

  it('keeps plain names readable and folds the others into 63 characters', () => {
    expect(managedDatabaseName('team-a', 'img-server')).toBe('imgs_team_a_img_server');
    const folded = managedDatabaseName('default', 'a.b.c');
    expect(folded).toMatch(/^imgs_default_a_b_c_[0-9a-f]{8}$/);
    expect(managedDatabaseName('n', 'x'.repeat(60)).length).toBeLessThanOrEqual(63);
  });
});
