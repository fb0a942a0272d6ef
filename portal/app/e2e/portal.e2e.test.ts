/**
 * End to end: the image server on embedded defaults (temp DATA_DIR), the portal backend and this
 * app's dev server, each on a free port, driven through Chromium. Saves the gallery screenshot to
 * reports/e2e/gallery.png. Needs Debian's chromium at /usr/bin/chromium (.ci/apt-packages).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { freePort, start, stop, waitForUrl } from './processes';
import type { Started } from './processes';
import { solidPng } from './solidPng';

const root = join(__dirname, '../../..');
const reports = join(root, 'reports/e2e');
const adminKey = 'e2e-admin-key-0123456789abcdef';
const chromiumFlags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

let tmp: string;
let appUrl: string;
const started: Started[] = [];
let browser: Browser | undefined;
let page: Page;
const browserErrors: string[] = [];

beforeAll(async () => {
  mkdirSync(reports, { recursive: true });
  rmSync(join(reports, 'failure.png'), { force: true });
  tmp = mkdtempSync(join(tmpdir(), 'portal-e2e-'));
  const [serverPort, backendPort, appPort] = [await freePort(), await freePort(), await freePort()];
  appUrl = `http://localhost:${appPort}`;
  const backendUrl = `http://localhost:${backendPort}`;
  const serverUrl = `http://localhost:${serverPort}`;
  const config = join(tmp, 'app-config.e2e.yaml');
  writeFileSync(
    config,
    JSON.stringify({
      app: { baseUrl: appUrl },
      backend: {
        baseUrl: backendUrl,
        listen: { port: backendPort },
        cors: { origin: appUrl, credentials: true },
      },
      imageServer: { static: [{ name: 'local', url: serverUrl, adminKey }] },
    }),
  );
  const env = { ...process.env, NODE_ENV: 'development', FORCE_COLOR: '0', BROWSER: 'none' };
  const logDir = reports;

  const server = start('image-server', process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: join(root, 'server'),
    env: {
      ...env,
      PORT: String(serverPort),
      HOST: '127.0.0.1',
      DATA_DIR: join(tmp, 'data'),
      ADMIN_API_KEY: adminKey,
      LOG_LEVEL: 'warn',
    },
    logDir,
  });
  started.push(server);
  // The backend runs without the CLI's file watcher, so edits elsewhere cannot restart it mid-test.
  const backend = start(
    'portal-backend',
    process.execPath,
    ['--import', 'tsx', 'src/index.ts', '--config', '../../app-config.yaml', '--config', config],
    {
      cwd: join(root, 'portal/backend'),
      env,
      logDir,
    },
  );
  started.push(backend);
  const cli = join(root, 'node_modules/.bin/backstage-cli');
  const app = start(
    'portal-app',
    cli,
    ['package', 'start', '--config', '../../app-config.yaml', '--config', config],
    {
      cwd: join(root, 'portal/app'),
      env,
      logDir,
    },
  );
  started.push(app);

  await waitForUrl(`${serverUrl}/readyz`, server, 60_000);
  await waitForUrl(`${backendUrl}/.backstage/health/v1/readiness`, backend, 180_000);
  await waitForUrl(appUrl, app, 300_000, async (r) => r.ok && (await r.text()).includes('id="root"'));

  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumFlags });
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on('pageerror', (e) => browserErrors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && browserErrors.push(m.text()));
}, 420_000);

afterAll(async () => {
  writeFileSync(join(reports, 'browser-errors.log'), browserErrors.join('\n'));
  await browser?.close();
  for (const p of started.reverse()) await stop(p);
  if (tmp) rmSync(tmp, { recursive: true, force: true });
}, 60_000);

/** Drops files on an element the way a browser does: a drop event carrying a DataTransfer. */
async function dropFiles(selector: string, files: { name: string; type: string; bytes: Buffer }[]) {
  const payload = files.map((f) => ({ name: f.name, type: f.type, base64: f.bytes.toString('base64') }));
  const transfer = await page.evaluateHandle((list) => {
    const dt = new DataTransfer();
    for (const f of list) {
      const bin = Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0));
      dt.items.add(new File([bin], f.name, { type: f.type }));
    }
    return dt;
  }, payload);
  await page.dispatchEvent(selector, 'dragover', { dataTransfer: transfer });
  await page.dispatchEvent(selector, 'drop', { dataTransfer: transfer });
}

it('lists the local server, uploads two images, shows them tagged, filters by a tag, opens one, explains how to connect a cluster and shows the server on its entity', async () => {
  try {
    await scenario();
  } catch (e) {
    // What the browser showed when it failed, beside the process logs in reports/e2e.
    await page.screenshot({ path: join(reports, 'failure.png'), fullPage: true }).catch(() => undefined);
    throw e;
  }
});

async function scenario() {
  await page.goto(`${appUrl}/image-servers`);
  // Guest sign-in shows first unless a session exists.
  const enter = page.getByRole('button', { name: 'Enter' });
  const list = page.getByRole('heading', { name: 'Image servers', exact: true });
  await Promise.race([enter.waitFor({ timeout: 60_000 }), list.waitFor({ timeout: 60_000 })]);
  if (await enter.isVisible()) await enter.click();

  // The list: the static server from app-config, healthy.
  const row = page.getByRole('row').filter({ hasText: 'local' });
  await row.getByText('Healthy').waitFor({ timeout: 60_000 });
  await page.screenshot({ path: join(reports, 'servers.png'), fullPage: true });
  await row.getByRole('link', { name: 'local', exact: true }).click();
  await page.getByRole('tab', { name: 'Images' }).click();

  // Upload two images, and one file that is not an image, by dropping them on the drop zone.
  await dropFiles('[data-testid="upload-dropzone"]', [
    { name: 'red.png', type: 'image/png', bytes: solidPng(96, 64, [220, 30, 30]) },
    { name: 'blue.png', type: 'image/png', bytes: solidPng(64, 96, [30, 60, 220]) },
    { name: 'notes.txt', type: 'text/plain', bytes: Buffer.from('not an image\n') },
  ]);
  const uploads = page.getByRole('list', { name: 'Uploads' });
  await expectCount(uploads.locator('li[data-status="done"]'), 2, 60_000);
  const refused = uploads.locator('li[data-status="failed"]');
  await expectCount(refused, 1, 30_000);
  const reason = await refused.getByRole('alert').textContent();
  expect(reason).toMatch(/^notes\.txt: /);

  // Tagging runs after the upload answers; refresh until both show their colour tags.
  const gallery = page.getByRole('list', { name: 'Gallery' });
  await retry(60_000, async () => {
    await page.getByRole('button', { name: 'Refresh' }).click();
    await gallery.getByText('red', { exact: true }).waitFor({ timeout: 3000 });
    await gallery.getByText('blue', { exact: true }).waitFor({ timeout: 3000 });
  });
  await expectCount(page.getByTestId('gallery-item'), 2, 10_000);
  await expectCount(gallery.locator('img[src^="blob:"]'), 2, 30_000);
  await page.screenshot({ path: join(reports, 'gallery.png'), fullPage: true });

  // Filter by the tag "red": one image is left.
  await gallery.getByText('red', { exact: true }).first().click();
  await page.getByText('1 image tagged red.').waitFor({ timeout: 30_000 });
  await expectCount(page.getByTestId('gallery-item'), 1, 10_000);

  // The detail shows its automatic tags.
  await page.getByRole('button', { name: /^Open image / }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('grid', { name: 'Automatic tags' }).getByText(/^red /).waitFor({ timeout: 30_000 });
  await dialog.getByText(/96×64 png/).waitFor();
  await dialog.evaluate((el) => Promise.all(el.ownerDocument.getAnimations().map((a) => a.finished)));
  await page.screenshot({ path: join(reports, 'image-detail.png') });

  // The overview counts the two uploads through the backend's stats.
  await dialog.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('tab', { name: 'Overview' }).click();
  const images = page.getByText('Images', { exact: true }).locator('..');
  await images.getByText('2', { exact: true }).waitFor({ timeout: 30_000 });
  await page.getByRole('region', { name: 'p95 latency (ms)' }).waitFor();
  await page.screenshot({ path: join(reports, 'overview.png'), fullPage: true });

  // No cluster is configured here: the create page says how to connect one instead of a form.
  await page.goto(`${appUrl}/image-servers/create`);
  await page.getByText('Connect a cluster to create image servers').waitFor({ timeout: 30_000 });
  await page.getByText('authProvider: kubeconfig').waitFor();
  expect(await page.getByRole('button', { name: 'Create' }).count()).toBe(0);
  await page.screenshot({ path: join(reports, 'create-no-cluster.png'), fullPage: true });

  // The catalog entity of the server carries imageserver.dev/name: local, so its overview has the
  // card and its tab the server's pages. The catalog may still be ingesting: reload until it is there.
  const entityUrl = `${appUrl}/catalog/default/component/imageserver-server`;
  await retry(90_000, async () => {
    await page.goto(entityUrl);
    await page.getByText('Healthy (Ready)').first().waitFor({ timeout: 10_000 });
  });
  await page.getByText(/2 images, 403 B, 2 uploads in 24 h/).waitFor({ timeout: 30_000 });
  await page.screenshot({ path: join(reports, 'entity-card.png'), fullPage: true });
  await page.goto(`${entityUrl}/image-server`);
  await page.getByRole('tablist', { name: 'Image server views' }).waitFor({ timeout: 30_000 });
  await page.getByText('Healthy (Ready)').first().waitFor({ timeout: 30_000 });
  await page.screenshot({ path: join(reports, 'entity-tab.png'), fullPage: true });
}

async function expectCount(locator: ReturnType<Page['locator']>, n: number, timeoutMs: number) {
  await retry(timeoutMs, async () => {
    const count = await locator.count();
    if (count !== n) throw new Error(`expected ${n} of ${locator} but found ${count}`);
  });
}

async function retry(timeoutMs: number, attempt: () => Promise<void>) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}
