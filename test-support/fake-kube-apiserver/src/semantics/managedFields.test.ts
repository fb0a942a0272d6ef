import { recordUpdate, serverSideApply } from './managedFields';
import type { KubeObject } from '../types';

const writer = (manager: string) => ({ manager, apiVersion: 'apps/v1', time: '2026-01-01T00:00:00Z' });
const scope = { hasStatus: true };
const live = (spec: Record<string, unknown>, extra: Partial<KubeObject['metadata']> = {}): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'd', namespace: 'ns', ...extra },
  spec,
});

describe('serverSideApply', () => {
  test('records the applied leaves, with keyed list items, in fieldsV1', () => {
    const applied = live({ replicas: 1, template: { spec: { containers: [{ name: 'web', image: 'a' }] } } });
    const out = serverSideApply(live({}), applied, writer('op'), scope, false);
    if (!out.ok) throw new Error('conflict');
    expect(out.object.metadata.managedFields).toEqual([
      {
        manager: 'op',
        operation: 'Apply',
        apiVersion: 'apps/v1',
        time: '2026-01-01T00:00:00Z',
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:spec': {
            'f:replicas': {},
            'f:template': {
              'f:spec': { 'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:name': {}, 'f:image': {} } } },
            },
          },
        },
      },
    ]);
  });

  test('a field changed by an Update manager conflicts, and force takes it over', () => {
    const first = serverSideApply(live({}), live({ replicas: 1 }), writer('op'), scope, false);
    if (!first.ok) throw new Error('conflict');
    const scaled = structuredClone(first.object);
    (scaled.spec as { replicas: number }).replicas = 3;
    scaled.metadata.managedFields = recordUpdate(first.object, scaled, writer('hpa'), scope);
    expect(scaled.metadata.managedFields.map((e) => `${e.manager}/${e.operation}`)).toEqual(['hpa/Update']);

    const refused = serverSideApply(scaled, live({ replicas: 1 }), writer('op'), scope, false);
    expect(refused).toEqual({ ok: false, conflicts: [{ manager: 'hpa', field: '.spec.replicas' }] });
    const forced = serverSideApply(scaled, live({ replicas: 1 }), writer('op'), scope, true);
    expect(forced.ok && forced.object.spec).toEqual({ replicas: 1 });
  });

  test('status is not applied through the main resource when the kind has a status subresource', () => {
    const out = serverSideApply(
      live({}),
      { ...live({ replicas: 1 }), status: { ready: 1 } },
      writer('op'),
      scope,
      false,
    );
    expect(out.ok && out.object.status).toBeUndefined();
  });

  test('set-list values (finalizers) are owned one by one', () => {
    const mine = serverSideApply(
      live({}, { finalizers: ['other/x'] }),
      live({}, { finalizers: ['op/cleanup'] }),
      writer('op'),
      scope,
      false,
    );
    expect(mine.ok && mine.object.metadata.finalizers).toEqual(['other/x', 'op/cleanup']);
    if (!mine.ok) return;
    const dropped = serverSideApply(mine.object, live({}), writer('op'), scope, false);
    expect(dropped.ok && dropped.object.metadata.finalizers).toEqual(['other/x']);
  });
});
