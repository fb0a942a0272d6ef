import { jsonPatch } from './jsonPatch';
import { mergePatch } from './mergePatch';
import { strategicMergePatch } from './strategicMergePatch';

describe('mergePatch', () => {
  test('merges objects, deletes nulls, replaces lists', () => {
    const target = { a: { b: 1, c: 2 }, list: [1, 2], keep: true };
    expect(mergePatch(target, { a: { b: null, d: 3 }, list: [3] })).toEqual({
      a: { c: 2, d: 3 },
      list: [3],
      keep: true,
    });
    expect(target).toEqual({ a: { b: 1, c: 2 }, list: [1, 2], keep: true });
  });
});

describe('strategicMergePatch', () => {
  const spec = {
    containers: [
      { name: 'web', image: 'nginx:1', env: [{ name: 'A', value: '1' }] },
      { name: 'sidecar', image: 'envoy:1' },
    ],
    args: ['x'],
  };

  test('merges keyed lists by key and leaves other items alone', () => {
    const patched = strategicMergePatch(spec, {
      containers: [{ name: 'web', env: [{ name: 'B', value: '2' }] }],
    });
    expect(patched).toEqual({
      containers: [
        {
          name: 'web',
          image: 'nginx:1',
          env: [
            { name: 'A', value: '1' },
            { name: 'B', value: '2' },
          ],
        },
        { name: 'sidecar', image: 'envoy:1' },
      ],
      args: ['x'],
    });
  });

  test('$patch: delete removes a keyed item; atomic lists are replaced', () => {
    const patched = strategicMergePatch(spec, {
      containers: [{ name: 'sidecar', $patch: 'delete' }],
      args: ['y'],
    }) as typeof spec;
    expect(patched.containers.map((c) => c.name)).toEqual(['web']);
    expect(patched.args).toEqual(['y']);
  });

  test('finalizers are merged as a set', () => {
    expect(
      strategicMergePatch({ metadata: { finalizers: ['a'] } }, { metadata: { finalizers: ['b', 'a'] } }),
    ).toEqual({ metadata: { finalizers: ['a', 'b'] } });
  });

  test('conditions merge by type', () => {
    const status = {
      conditions: [
        { type: 'Ready', status: 'False' },
        { type: 'Synced', status: 'True' },
      ],
    };
    expect(strategicMergePatch(status, { conditions: [{ type: 'Ready', status: 'True' }] })).toEqual({
      conditions: [
        { type: 'Ready', status: 'True' },
        { type: 'Synced', status: 'True' },
      ],
    });
  });
});

describe('jsonPatch', () => {
  test('applies operations without touching the input', () => {
    const doc = { a: [1] };
    expect(jsonPatch(doc, [{ op: 'add', path: '/a/-', value: 2 }])).toEqual({
      ok: true,
      value: { a: [1, 2] },
    });
    expect(doc).toEqual({ a: [1] });
  });

  test('reports a failed test or a bad body instead of throwing', () => {
    expect(jsonPatch({ a: 1 }, [{ op: 'test', path: '/a', value: 2 }])).toMatchObject({ ok: false });
    expect(jsonPatch({ a: 1 }, { op: 'add' })).toEqual({
      ok: false,
      message: 'json patch body must be a JSON array of operations',
    });
  });
});
