// Session methods that take a completion callback also return a Promise:
// both forms get the same result, and a failure reaches both as the same
// OTError (name and legacy code) without an unhandled rejection. Only
// signaling is used here, against the real server on loopback.
import { expect, type Page, test } from '@playwright/test';

import {
  findServerBinary,
  type MintedToken,
  type SessionServer,
  startServer,
} from './support/server.js';

const root = process.cwd();
let server: SessionServer;

test.beforeAll(async () => {
  const binary = findServerBinary(root);
  if (binary === undefined) {
    throw new Error(
      'sessioncore-server is not built; run ./sessioncore build (or set ' +
        'SESSIONCORE_SERVER to the binary)',
    );
  }
  server = await startServer(binary, root);
});

test.afterAll(async () => {
  await server?.stop();
});

/** How one form of a call ended. */
interface Outcome {
  ok: boolean;
  value?: unknown;
  name?: string;
  code?: number;
  isOTError?: boolean;
}

interface BothForms {
  viaPromise: Outcome;
  viaCallback: Outcome;
  /** Whether the call with a callback still returned a Promise. */
  callbackCallReturnedPromise: boolean;
}

async function openPage(page: Page): Promise<void> {
  page.on('pageerror', (error) => console.log(`page error: ${error.message}`));
  await page.goto(`${server.url}/tests/e2e/pages/session.html`);
  await page.waitForFunction(() => (window as any).ready === true);
  await page.evaluate(() => {
    const w = window as any;
    w.unhandled = [];
    window.addEventListener('unhandledrejection', (event) =>
      w.unhandled.push(String(event.reason?.name ?? event.reason)),
    );
  });
}

// Creates window.session for `minted` without connecting it.
async function initSession(page: Page, minted: MintedToken): Promise<void> {
  await page.evaluate(({ apiKey, sessionId }) => {
    const w = window as any;
    w.session = w.sessioncore.OT.initSession(apiKey, sessionId);
  }, minted);
}

async function connect(page: Page, minted: MintedToken): Promise<void> {
  await initSession(page, minted);
  await page.evaluate(
    (token) => (window as any).session.connect(token),
    minted.token,
  );
}

/**
 * Calls window.session[method](...args) once without and once with a
 * trailing callback, and reports how each form ended.
 */
function callBothForms(
  page: Page,
  method: string,
  args: unknown[],
): Promise<BothForms> {
  return page.evaluate(
    async ({ method, args }) => {
      const w = window as any;
      const session = w.session;
      const outcomeOf = (error: any, value?: unknown) =>
        error === undefined
          ? { ok: true, value }
          : {
              ok: false,
              name: error.name,
              code: error.code,
              isOTError: error instanceof w.sessioncore.OTError,
            };
      const viaPromise = await session[method](...args).then(
        (value: unknown) => outcomeOf(undefined, value),
        (error: unknown) => outcomeOf(error),
      );
      let returned: unknown;
      const viaCallback = await new Promise((resolve) => {
        returned = session[method](...args, (error: unknown, value: unknown) =>
          resolve(outcomeOf(error, value)),
        );
      });
      return {
        viaPromise,
        viaCallback,
        callbackCallReturnedPromise: returned instanceof Promise,
      };
    },
    { method, args },
  );
}

// Waits one task, so that an unhandled rejection reaches the listener.
async function unhandledRejections(page: Page): Promise<string[]> {
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
  return page.evaluate(() => (window as any).unhandled);
}

function expectBothRejected(result: BothForms, name: string, code: number) {
  for (const outcome of [result.viaPromise, result.viaCallback]) {
    expect(outcome.ok).toBe(false);
    expect(outcome.name).toBe(name);
    expect(outcome.code).toBe(code);
    expect(outcome.isOTError).toBe(true);
  }
  expect(result.callbackCallReturnedPromise).toBe(true);
}

function expectBothResolved(result: BothForms) {
  expect(result.viaPromise.ok).toBe(true);
  expect(result.viaCallback.ok).toBe(true);
  expect(result.callbackCallReturnedPromise).toBe(true);
}

test('connect resolves and rejects in both forms', async ({ page }) => {
  const minted = await server.mintToken();
  await openPage(page);
  await initSession(page, minted);

  const refused = await callBothForms(page, 'connect', ['not-a-token']);
  expectBothRejected(refused, 'OT_AUTHENTICATION_ERROR', 1004);

  const connected = await page.evaluate(async (token) => {
    const session = (window as any).session;
    await session.connect(token);
    const viaPromise = session.connection.connectionId;
    await session.disconnect();
    const callbackError = await new Promise((resolve) =>
      session.connect(token, (error: unknown) => resolve(error ?? 'none')),
    );
    return {
      viaPromise,
      callbackError,
      viaCallback: session.connection?.connectionId,
    };
  }, minted.token);
  expect(connected.viaPromise).toMatch(/\S/);
  expect(connected.callbackError).toBe('none');
  expect(connected.viaCallback).toMatch(/\S/);
  expect(await unhandledRejections(page)).toEqual([]);
});

test('signal resolves and rejects in both forms', async ({ page }) => {
  const minted = await server.mintToken();
  await openPage(page);
  await initSession(page, minted);

  const notConnected = await callBothForms(page, 'signal', [{ data: 'x' }]);
  expectBothRejected(notConnected, 'OT_NOT_CONNECTED', 1010);

  await page.evaluate(
    (token) => (window as any).session.connect(token),
    minted.token,
  );
  expectBothResolved(
    await callBothForms(page, 'signal', [{ type: 'chat', data: 'hello' }]),
  );
  const badType = await callBothForms(page, 'signal', [
    { type: 'not valid!', data: 'x' },
  ]);
  expectBothRejected(badType, 'OT_INVALID_SIGNAL_TYPE', 400);
  const tooLong = await callBothForms(page, 'signal', [
    { type: 'chat', data: 'x'.repeat(8193) },
  ]);
  expectBothRejected(tooLong, 'OT_SIGNAL_TOO_LONG', 413);
  expect(await unhandledRejections(page)).toEqual([]);
});

test('moderation calls reject without the role', async ({ page }) => {
  const minted = await server.mintToken({ role: 'publisher' });
  const other = await server.mintToken({ sessionId: minted.sessionId });
  await openPage(page);
  await connect(page, minted);
  const otherPage = await page.context().newPage();
  await openPage(otherPage);
  await connect(otherPage, other);
  const otherId = await otherPage.evaluate(
    () => (window as any).session.connection.connectionId,
  );

  expectBothRejected(
    await callBothForms(page, 'forceDisconnect', [otherId]),
    'OT_UNABLE_TO_FORCE_DISCONNECT',
    1520,
  );
  expectBothRejected(
    await callBothForms(page, 'forceUnpublish', ['no-such-stream']),
    'OT_UNABLE_TO_FORCE_UNPUBLISH',
    1530,
  );
  expectBothRejected(
    await callBothForms(page, 'forceMuteStream', ['no-such-stream']),
    'OT_UNABLE_TO_FORCE_MUTE',
    1540,
  );
  expectBothRejected(
    await callBothForms(page, 'forceMuteAll', [[]]),
    'OT_UNABLE_TO_FORCE_MUTE',
    1540,
  );
  expectBothRejected(
    await callBothForms(page, 'disableForceMute', []),
    'OT_UNABLE_TO_FORCE_MUTE',
    1540,
  );
  expect(await unhandledRejections(page)).toEqual([]);
});

test('moderation calls resolve for a moderator', async ({ page }) => {
  const minted = await server.mintToken({ role: 'moderator' });
  await openPage(page);
  await connect(page, minted);

  expectBothResolved(await callBothForms(page, 'forceMuteAll', [[]]));
  expectBothResolved(await callBothForms(page, 'disableForceMute', []));
  const issue = await callBothForms(page, 'reportIssue', []);
  expectBothResolved(issue);
  expect(issue.viaPromise.value).toEqual(expect.stringMatching(/\S/));
  expect(issue.viaCallback.value).toEqual(expect.stringMatching(/\S/));
  expect(issue.viaCallback.value).not.toBe(issue.viaPromise.value);

  // Each form removes one other connection.
  const removed: string[] = [];
  for (const form of ['promise', 'callback']) {
    const other = await server.mintToken({ sessionId: minted.sessionId });
    const otherPage = await page.context().newPage();
    await openPage(otherPage);
    await connect(otherPage, other);
    await otherPage.evaluate(() => {
      const w = window as any;
      w.session.on('sessionDisconnected', (event: any) => {
        w.disconnectReason = event.reason;
      });
    });
    const otherId = await otherPage.evaluate(
      () => (window as any).session.connection.connectionId,
    );
    const outcome = await page.evaluate(
      ({ otherId, form }) => {
        const session = (window as any).session;
        if (form === 'promise') {
          return session.forceDisconnect(otherId).then(() => 'ok');
        }
        return new Promise((resolve) =>
          session.forceDisconnect(otherId, (error: any) =>
            resolve(error === undefined ? 'ok' : error.name),
          ),
        );
      },
      { otherId, form },
    );
    expect(outcome).toBe('ok');
    await expect
      .poll(() => otherPage.evaluate(() => (window as any).disconnectReason))
      .toBe('forceDisconnected');
    removed.push(otherId);
  }
  expect(new Set(removed).size).toBe(2);
  expect(await unhandledRejections(page)).toEqual([]);
});

test('calls before connect reject with 1010', async ({ page }) => {
  const minted = await server.mintToken({ role: 'moderator' });
  await openPage(page);
  await initSession(page, minted);
  const calls: Array<[string, unknown[]]> = [
    ['forceDisconnect', ['someone']],
    ['forceUnpublish', ['some-stream']],
    ['forceMuteStream', ['some-stream']],
    ['forceMuteAll', [[]]],
    ['disableForceMute', []],
    ['reportIssue', []],
  ];
  for (const [method, args] of calls) {
    expectBothRejected(
      await callBothForms(page, method, args),
      'OT_NOT_CONNECTED',
      1010,
    );
  }
  expect(await unhandledRejections(page)).toEqual([]);
});
