// The WebAssembly core in Debian's Chromium: the options model validates in
// C++ and its errors reach page code as OTError objects.
import { expect, test } from '@playwright/test';

import { serveFolder, type StaticServer } from './support/static-server.js';

let server: StaticServer;

test.beforeAll(async () => {
  server = await serveFolder(process.cwd());
});

test.afterAll(async () => {
  await server.close();
});

test('resolveSessionOptions fills defaults in the browser', async ({
  page,
}) => {
  await page.goto(`${server.url}/tests/e2e/pages/options.html`);
  await page.waitForFunction(() => (window as any).ready === true);
  const resolved = await page.evaluate(async () => {
    const sc = (window as any).sessioncore;
    const core = await sc.loadCore();
    return sc.resolveSessionOptions(core, { connectionEventsSuppressed: true });
  });
  expect(resolved.connectionEventsSuppressed).toBe(true);
  expect(resolved.iceConfig.transportPolicy).toBe('all');
});

test('resolveSessionOptions throws OTError for an invalid value', async ({
  page,
}) => {
  await page.goto(`${server.url}/tests/e2e/pages/options.html`);
  await page.waitForFunction(() => (window as any).ready === true);
  const error = await page.evaluate(async () => {
    const sc = (window as any).sessioncore;
    const core = await sc.loadCore();
    try {
      sc.resolveSessionOptions(core, {
        iceConfig: { transportPolicy: 'relya' },
      });
      return null;
    } catch (thrown: any) {
      return {
        isError: thrown instanceof Error,
        name: thrown.name,
        code: thrown.code,
        message: thrown.message,
      };
    }
  });
  expect(error).not.toBeNull();
  expect(error!.isError).toBe(true);
  expect(error!.name).toBe('OT_INVALID_PARAMETER');
  expect(error!.code).toBe(1011);
  expect(error!.message).toContain('iceConfig.transportPolicy');
  expect(error!.message).toContain('"relya"');
});
