import { generateApiKey, parseApiKey, secretsEqual, verifySecret } from './apiKeyToken';

describe('API key tokens', () => {
  it('round-trips a generated key and verifies only its own secret', () => {
    const key = generateApiKey();
    const parsed = parseApiKey(key.token);
    expect(parsed?.id).toBe(key.id);
    expect(verifySecret(parsed!.secret, key.secretHash)).toBe(true);
    expect(
      verifySecret(
        parsed!.secret.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')),
        key.secretHash,
      ),
    ).toBe(false);
    expect(key.secretHash).not.toContain(parsed!.secret);
  });

  it('generates distinct keys', () => {
    const ids = new Set(Array.from({ length: 200 }, () => generateApiKey().id));
    expect(ids.size).toBe(200);
  });

  it('rejects tokens of the wrong shape', () => {
    expect(parseApiKey('isk_short_x')).toBeUndefined();
    expect(parseApiKey(`abc_${'a'.repeat(16)}_${'b'.repeat(43)}`)).toBeUndefined();
  });

  it('compares secrets of different lengths without throwing', () => {
    expect(secretsEqual('a', 'a')).toBe(true);
    expect(secretsEqual('a', 'ab')).toBe(false);
  });
});
