import { watchEventFor } from './watchEventFor';
import type { StoreEvent } from '../store';
import type { KubeObject } from '../types';

const obj = (team?: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'a', ...(team ? { labels: { team } } : {}) },
});
const teamX = (o: KubeObject) => o.metadata.labels?.team === 'x';
const event = (type: StoreEvent['type'], object: KubeObject, previous?: KubeObject): StoreEvent => ({
  resourceVersion: 5,
  type,
  storageKey: '/configmaps',
  object,
  ...(previous ? { previous } : {}),
});

describe('watchEventFor', () => {
  test.each([
    ['ADDED matching', event('ADDED', obj('x')), 'ADDED'],
    ['ADDED not matching', event('ADDED', obj()), undefined],
    ['MODIFIED into the selection', event('MODIFIED', obj('x'), obj()), 'ADDED'],
    ['MODIFIED within the selection', event('MODIFIED', obj('x'), obj('x')), 'MODIFIED'],
    ['MODIFIED out of the selection', event('MODIFIED', obj(), obj('x')), 'DELETED'],
    ['MODIFIED outside the selection', event('MODIFIED', obj(), obj()), undefined],
    ['DELETED matching', event('DELETED', obj('x'), obj('x')), 'DELETED'],
  ])('%s', (_name, e, expected) => {
    expect(watchEventFor(e, teamX)?.type).toBe(expected);
  });
});
