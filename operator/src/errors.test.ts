import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ERROR_CODES } from './errors';

it('documents every error code in the README', () => {
  const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
  const missing = Object.keys(ERROR_CODES).filter((code) => !readme.includes(`\`${code}\``));
  expect(missing).toEqual([]);
});
