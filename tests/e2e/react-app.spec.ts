// The session-options panel of the React example app (examples/react-app)
// in Chromium against a real server, without media: every participant
// joins with publish=0.
import { expect, test, type Browser, type Page } from '@playwright/test';

import { ensureExampleBuilt, serverBinary } from './react-harness/build.js';
import {
  closeContexts,
  newInstrumentedContext,
} from './react-harness/session.js';
import { type SessionServer, startServer } from './support/server.js';

let server: SessionServer;
const poll = { timeout: 20_000 };

interface LogEntry {
  source: string;
  type: string;
  detail: string;
}

test.beforeAll(async () => {
  server = await startServer(serverBinary(), ensureExampleBuilt());
});

test.afterEach(async () => {
  await closeContexts();
});

test.afterAll(async () => {
  await server?.stop();
});

async function openApp(
  browser: Browser,
  name: string,
  sessionId?: string,
): Promise<Page> {
  const credentials = await server.mintToken({
    data: name,
    ...(sessionId ? { sessionId } : {}),
  });
  const context = await newInstrumentedContext(browser);
  const page = await context.newPage();
  const query = new URLSearchParams({ ...credentials, name, publish: '0' });
  await page.goto(`${server.url}/index.html?${query}`);
  await expect(page.getByTestId('status')).toHaveText('connected', poll);
  return page;
}

function logOf(page: Page): Promise<LogEntry[]> {
  return page.evaluate(() => (window as any).sessioncoreExample?.events ?? []);
}

function sessionIdOf(page: Page): string {
  return new URL(page.url()).searchParams.get('sessionId')!;
}

test('options panel reports an invalid option by name', async ({ browser }) => {
  const page = await openApp(browser, 'Ada');
  const panel = page.getByTestId('options-panel');

  await panel.locator('textarea').fill('[{"urls": ["http://127.0.0.1:3478"]}]');
  await page.getByTestId('apply-options').click();
  await expect(page.getByTestId('status')).toHaveText('failed', poll);

  const errors = (await logOf(page)).filter(
    (entry) => entry.source === 'session' && entry.type === 'error',
  );
  expect(errors).toHaveLength(1);
  expect(errors[0]!.detail).toContain('OT_INVALID_PARAMETER');
  expect(errors[0]!.detail).toContain('customServers');
  // The old session disconnected before the new one was tried.
  expect(
    (await logOf(page)).filter((entry) => entry.type === 'sessionDisconnected'),
  ).toHaveLength(1);
});

test('options panel suppresses connection events', async ({ browser }) => {
  const ada = await openApp(browser, 'Ada');
  const bob = await openApp(browser, 'Bob', sessionIdOf(ada));
  const participants = ada.getByTestId('participants');
  await expect(participants.locator('[data-connection-id]')).toHaveCount(
    1,
    poll,
  );

  await ada
    .getByTestId('options-panel')
    .getByLabel('connectionEventsSuppressed')
    .check();
  await ada.getByTestId('apply-options').click();
  await expect
    .poll(
      async () =>
        (await logOf(ada)).filter((entry) => entry.type === 'sessionConnected')
          .length,
      poll,
    )
    .toBe(2);

  // Bob is still in the session: his broadcast reaches Ada, and any
  // connection event the server sent her would have arrived before it.
  await bob.getByTestId('greet-everyone').click();
  await expect
    .poll(
      async () =>
        (await logOf(ada)).filter((entry) =>
          entry.detail.includes('hello everyone from Bob'),
        ).length,
      poll,
    )
    .toBe(1);
  await expect(participants.locator('[data-connection-id]')).toHaveCount(0);
  expect(
    (await logOf(ada)).filter((entry) => entry.type === 'connectionCreated'),
  ).toHaveLength(1);
});
