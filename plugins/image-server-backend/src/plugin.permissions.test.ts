import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { imageServerConditions } from './permissions';
import { freePort } from './__fixtures__/startImageServer';
import { startPortal } from './__fixtures__/startPortal';

/** Every route asks for its permission and refuses with 403 when the policy denies it. */
let portal: Awaited<ReturnType<typeof startPortal>>;
const S = '/api/image-server/servers/static/default/mine';
const REF = 'static/default/mine';
const spec = { image: 'x:1', storage: { bucket: 'abc' }, database: { managed: true } };

const routes: {
  method: 'get' | 'post' | 'delete';
  path: string;
  permission: string;
  resourceRef?: string;
  body?: object;
}[] = [
  { method: 'get', path: '/api/image-server/servers', permission: 'image-server.read' },
  {
    method: 'post',
    path: '/api/image-server/servers',
    permission: 'image-server.create',
    body: { cluster: 'c', namespace: 'n', name: 'x', spec },
  },
  { method: 'get', path: S, permission: 'image-server.read', resourceRef: REF },
  { method: 'delete', path: S, permission: 'image-server.delete', resourceRef: REF },
  { method: 'get', path: `${S}/images`, permission: 'image-server.read', resourceRef: REF },
  { method: 'post', path: `${S}/images`, permission: 'image-server.upload', resourceRef: REF },
  { method: 'get', path: `${S}/images/abc`, permission: 'image-server.read', resourceRef: REF },
  { method: 'delete', path: `${S}/images/abc`, permission: 'image-server.upload', resourceRef: REF },
  { method: 'get', path: `${S}/images/abc/content`, permission: 'image-server.read', resourceRef: REF },
  { method: 'get', path: `${S}/stats`, permission: 'image-server.read', resourceRef: REF },
  { method: 'get', path: `${S}/metrics`, permission: 'image-server.read', resourceRef: REF },
];

beforeAll(async () => {
  const closed = `http://127.0.0.1:${await freePort()}`;
  portal = await startPortal({
    static: [
      { name: 'mine', url: closed, owner: 'user:default/mock' },
      { name: 'theirs', url: closed, owner: 'group:default/other' },
    ],
  });
});

afterAll(() => portal?.backend.stop());

beforeEach(() => {
  portal.permissionSwitch.asked = [];
});

describe.each(routes)('$method $path', ({ method, path, permission, resourceRef, body }) => {
  const send = () => {
    const r = request(portal.server)[method](path);
    return body ? r.send(body) : r;
  };

  it(`asks for ${permission} and answers 403 when denied`, async () => {
    portal.permissionSwitch.decision = { result: AuthorizeResult.DENY };
    const res = await send();
    expect(res.status).toBe(403);
    expect(res.body.error.name).toBe('NotAllowedError');
    expect(portal.permissionSwitch.asked).toEqual([
      resourceRef ? { name: permission, resourceRef } : { name: permission },
    ]);
  });

  it('goes on when allowed', async () => {
    portal.permissionSwitch.decision = { result: AuthorizeResult.ALLOW };
    const res = await send();
    // Past the permission check: the route's own answer (the static server is down, the cluster unknown, ...).
    expect(res.status).not.toBe(403);
    expect(portal.permissionSwitch.asked.map((a) => a.name)).toEqual([permission]);
  });
});

describe('conditional read decisions', () => {
  it('filters the list with the owner rule', async () => {
    portal.permissionSwitch.decision = {
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'image-server',
      resourceType: 'image-server',
      conditions: imageServerConditions.isImageServerOwner({
        claims: ['user:default/mock', 'group:default/team-a'],
      }),
    };
    const res = await request(portal.server).get('/api/image-server/servers');
    expect(res.status).toBe(200);
    expect(res.body.items.map((s: { ref: { name: string } }) => s.ref.name)).toEqual(['mine']);
  });
});

describe('the permission integration endpoint', () => {
  it('applies the owner rule to servers loaded by resourceRef, for the permission backend', async () => {
    const condition = (claims: string[]) => ({
      rule: 'IS_IMAGE_SERVER_OWNER',
      resourceType: 'image-server',
      params: { claims },
    });
    const res = await request(portal.server)
      .post('/api/image-server/.well-known/backstage/permissions/apply-conditions')
      .set('Authorization', `Bearer ${mockCredentials.service.token()}`)
      .send({
        items: [
          {
            id: '1',
            resourceRef: 'static/default/mine',
            resourceType: 'image-server',
            conditions: condition(['user:default/mock']),
          },
          {
            id: '2',
            resourceRef: 'static/default/theirs',
            resourceType: 'image-server',
            conditions: condition(['user:default/mock']),
          },
          {
            id: '3',
            resourceRef: 'static/default/missing',
            resourceType: 'image-server',
            conditions: condition(['user:default/mock']),
          },
        ],
      });
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      { id: '1', result: 'ALLOW' },
      { id: '2', result: 'DENY' },
      { id: '3', result: 'DENY' },
    ]);
  });
});
