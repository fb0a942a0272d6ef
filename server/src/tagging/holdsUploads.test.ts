import { holdsUploads } from './holdsUploads';

describe('holdsUploads', () => {
  const hold = { moderationPolicy: 'hold', mode: 'inline', taggers: ['basic', 'moderation'] } as const;

  it('holds uploads when the hold policy has a moderation tagger to release them', () => {
    expect(holdsUploads(hold)).toBe(true);
    expect(holdsUploads({ ...hold, mode: 'queue' })).toBe(true);
    expect(holdsUploads({ ...hold, mode: 'lambda' })).toBe(true);
  });

  it('does not hold them under the tag policy, without moderation, or with tagging off', () => {
    expect(holdsUploads({ ...hold, moderationPolicy: 'tag' })).toBe(false);
    expect(holdsUploads({ ...hold, taggers: ['basic', 'labels'] })).toBe(false);
    expect(holdsUploads({ ...hold, mode: 'off' })).toBe(false);
  });
});
