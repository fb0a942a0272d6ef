import { parseLabelSelector } from './labelSelector';

describe('parseLabelSelector', () => {
  const labels = { app: 'web', tier: 'front', 'example.com/team': 'a' };

  test.each([
    ['app=web', true],
    ['app==web', true],
    ['app!=web', false],
    ['app=db', false],
    ['app=web,tier=front', true],
    ['app=web,tier=back', false],
    ['tier in (front, back)', true],
    ['tier notin (front)', false],
    ['missing notin (x)', true],
    ['example.com/team', true],
    ['!legacy', true],
    ['!app', false],
    ['app in (web),!legacy,example.com/team=a', true],
    ['', true],
  ])('%s matches: %s', (selector, expected) => {
    expect(parseLabelSelector(selector)(labels)).toBe(expected);
  });

  test('an object without labels matches only negative requirements', () => {
    expect(parseLabelSelector('!app')(undefined)).toBe(true);
    expect(parseLabelSelector('app!=web')(undefined)).toBe(true);
    expect(parseLabelSelector('app')(undefined)).toBe(false);
  });

  test('a malformed selector is rejected with the reason', () => {
    expect(() => parseLabelSelector('app=we b')).toThrow('unable to parse requirement');
    expect(() => parseLabelSelector('-bad=1')).toThrow('invalid label key "-bad"');
  });
});
