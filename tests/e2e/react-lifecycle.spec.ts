// React lifecycle of <OTSession> in Chromium against a real server, with
// signaling only (no media): StrictMode, handler replacement, the signal
// prop, switching sessions, unmounting and the encryption secret. A second
// page, the observer, joins the same session and reports the events the
// server sent it about the page under test. Every test runs once against
// React 19 and once against React 18.
import { expect, test, type Page } from '@playwright/test';

import {
  buildHarness,
  reactVersions,
  serverBinary,
} from './react-harness/build.js';
import {
  findServerBinary,
  type MintedToken as Credentials,
  type SessionServer,
  startServer,
} from './support/server.js';
import {
  callRef,
  closeContexts,
  countEvents,
  openHarness,
  recordedEvents,
  render,
  unmount,
} from './react-harness/session.js';
import { readResources } from './react-harness/instrument.js';

let server: SessionServer;
const poll = { timeout: 20_000 };

test.afterEach(async () => {
  await closeContexts();
});

// Joins `credentials` on a new observer page and waits for its connection.
async function openObserver(
  browser: import('@playwright/test').Browser,
  credentials: Credentials,
): Promise<Page> {
  const page = await openHarness(browser, server.url);
  await render(page, credentials, { label: 'observer' });
  await expect
    .poll(() => countEvents(page, { type: 'sessionConnected' }), poll)
    .toBe(1);
  return page;
}

async function newSession() {
  const first = await server.mintToken({ data: 'observer' });
  const second = await server.mintToken({
    sessionId: first.sessionId,
    data: 'a',
  });
  return { observer: first, subject: second };
}

// Sends a broadcast signal from `page` and waits until `observer` receives
// it. The server delivers to one client in order, so every event it sent
// to the observer before the marker has arrived by then.
async function sendMarker(page: Page, observer: Page, data: string) {
  await callRef(page, 'signal', { type: 'marker', data });
  await expect
    .poll(
      () =>
        countEvents(observer, { type: 'signal', signalType: 'marker', data }),
      poll,
    )
    .toBe(1);
}

for (const react of reactVersions) {
  test.describe(`React ${react}`, () => {
    // Each version gets its own server, serving the harness built for it.
    test.beforeAll(async () => {
      server = await startServer(serverBinary(), await buildHarness(react));
    });

    test.afterAll(async () => {
      await server?.stop();
    });

    test('harness runs the React under test', async ({ browser }) => {
      const page = await openHarness(browser, server.url);
      const version = await page.evaluate(
        () => (window as any).harness.reactVersion as string,
      );
      expect(version.split('.')[0]).toBe(react);
    });

    test('OTSession in StrictMode opens one server connection', async ({
      browser,
    }) => {
      const { observer: observerCredentials, subject } = await newSession();
      const observer = await openObserver(browser, observerCredentials);
      const page = await openHarness(browser, server.url);

      await render(page, subject, { label: 'a', strict: true });
      await expect
        .poll(() => countEvents(page, { type: 'sessionConnected' }), poll)
        .toBe(1);
      await sendMarker(page, observer, 'strict');

      expect(await countEvents(observer, { type: 'connectionCreated' })).toBe(
        1,
      );
      expect(await countEvents(observer, { type: 'connectionDestroyed' })).toBe(
        0,
      );
      const resources = await page.evaluate(readResources);
      expect(resources.sockets).toBe(1);
      expect(resources.openSockets).toBe(1);
    });

    test('OTSession replaces old eventHandlers with a new object', async ({
      browser,
    }) => {
      const { observer: observerCredentials, subject } = await newSession();
      const observer = await openObserver(browser, observerCredentials);
      const page = await openHarness(browser, server.url);
      await render(page, subject, { label: 'first' });
      await expect
        .poll(() => countEvents(page, { type: 'sessionConnected' }), poll)
        .toBe(1);

      await render(page, subject, { label: 'second' });
      await callRef(observer, 'signal', { type: 'ping', data: 'after' });
      await expect
        .poll(
          () => countEvents(page, { label: 'second', type: 'signal' }),
          poll,
        )
        .toBe(1);

      expect(await countEvents(page, { label: 'first', type: 'signal' })).toBe(
        0,
      );
      // The session stayed connected: no new connection, no second connect.
      expect(
        await countEvents(page, { label: 'second', type: 'sessionConnected' }),
      ).toBe(0);
      await sendMarker(page, observer, 'handlers');
      expect(await countEvents(observer, { type: 'connectionCreated' })).toBe(
        1,
      );
    });

    test('OTSession sends an unchanged signal prop once', async ({
      browser,
    }) => {
      const { observer: observerCredentials, subject } = await newSession();
      const observer = await openObserver(browser, observerCredentials);
      const page = await openHarness(browser, server.url);

      // Each render passes a new object with the same value.
      for (let i = 0; i < 3; i += 1) {
        await render(page, subject, {
          label: 'a',
          signal: { type: 'hello', data: '1' },
        });
      }
      await expect
        .poll(() => countEvents(observer, { type: 'signal', data: '1' }), poll)
        .toBe(1);
      for (let i = 0; i < 3; i += 1) {
        await render(page, subject, {
          label: 'a',
          signal: { type: 'hello', data: '2' },
        });
      }
      await expect
        .poll(() => countEvents(observer, { type: 'signal', data: '2' }), poll)
        .toBe(1);
      await sendMarker(page, observer, 'signal-prop');

      const received = (await recordedEvents(observer)).filter(
        (event) => event.type === 'signal' && event.signalType === 'hello',
      );
      expect(received.map((event) => event.data)).toEqual(['1', '2']);
    });

    test('OTSession moves to a changed sessionId cleanly', async ({
      browser,
    }) => {
      const first = await newSession();
      const second = await newSession();
      const observer1 = await openObserver(browser, first.observer);
      const observer2 = await openObserver(browser, second.observer);
      const page = await openHarness(browser, server.url);

      await render(page, first.subject, { label: 'a' });
      await expect
        .poll(() => countEvents(observer1, { type: 'connectionCreated' }), poll)
        .toBe(1);
      await render(page, second.subject, { label: 'a' });
      await expect
        .poll(() => countEvents(observer2, { type: 'connectionCreated' }), poll)
        .toBe(1);
      await expect
        .poll(
          () => countEvents(observer1, { type: 'connectionDestroyed' }),
          poll,
        )
        .toBe(1);
      await expect
        .poll(
          async () => (await page.evaluate(readResources)).openSockets,
          poll,
        )
        .toBe(1);

      await sendMarker(page, observer2, 'moved');
      expect(
        await countEvents(observer1, { type: 'signal', data: 'moved' }),
      ).toBe(0);
      expect(await countEvents(page, { type: 'sessionConnected' })).toBe(2);
      expect(await countEvents(page, { type: 'sessionDisconnected' })).toBe(1);
    });

    test('OTSession unmount disconnects and reports it once', async ({
      browser,
    }) => {
      const { observer: observerCredentials, subject } = await newSession();
      const observer = await openObserver(browser, observerCredentials);
      const page = await openHarness(browser, server.url);
      await render(page, subject, { label: 'a' });
      await expect
        .poll(() => countEvents(observer, { type: 'connectionCreated' }), poll)
        .toBe(1);

      await unmount(page);
      await expect
        .poll(
          () => countEvents(observer, { type: 'connectionDestroyed' }),
          poll,
        )
        .toBe(1);
      await expect
        .poll(
          async () => (await page.evaluate(readResources)).openSockets,
          poll,
        )
        .toBe(0);
      expect(await countEvents(page, { type: 'sessionDisconnected' })).toBe(1);
      const destroyed = (await recordedEvents(observer)).find(
        (event) => event.type === 'connectionDestroyed',
      );
      expect(destroyed?.reason).toBe('clientDisconnected');
    });

    test('OTSession with encryptionSecret does not connect', async ({
      browser,
    }) => {
      const { subject } = await newSession();
      const page = await openHarness(browser, server.url);

      await render(page, subject, {
        label: 'a',
        encryptionSecret: 'a-valid-secret',
      });
      await expect
        .poll(() => countEvents(page, { type: 'error' }), poll)
        .toBe(1);

      const [error] = (await recordedEvents(page)).filter(
        (event) => event.type === 'error',
      );
      expect(error?.errorName).toBe('OT_ENCRYPTION_NOT_SUPPORTED');
      expect(await countEvents(page, { type: 'sessionConnected' })).toBe(0);
      expect((await page.evaluate(readResources)).sockets).toBe(0);
    });

    test('OTSession rejects an encryptionSecret shorter than 8', async ({
      browser,
    }) => {
      const { subject } = await newSession();
      const page = await openHarness(browser, server.url);

      await render(page, subject, { label: 'a', encryptionSecret: 'short' });
      await expect
        .poll(() => countEvents(page, { type: 'error' }), poll)
        .toBe(1);

      const [error] = (await recordedEvents(page)).filter(
        (event) => event.type === 'error',
      );
      expect(error?.errorName).toBe('OT_INVALID_PARAMETER');
      expect((await page.evaluate(readResources)).sockets).toBe(0);
    });

    test('OTSession remounts without doubling events', async ({ browser }) => {
      const { observer: observerCredentials } = await newSession();
      const observer = await openObserver(browser, observerCredentials);
      const page = await openHarness(browser, server.url);
      const rounds = 5;

      for (let round = 1; round <= rounds; round += 1) {
        // A fresh token for the same session, like a user re-entering a call.
        const subject = await server.mintToken({
          sessionId: observerCredentials.sessionId,
          data: `round ${round}`,
        });
        await render(page, subject, { label: `round-${round}`, strict: true });
        await expect
          .poll(
            () =>
              countEvents(page, {
                label: `round-${round}`,
                type: 'sessionConnected',
              }),
            poll,
          )
          .toBe(1);
        await callRef(observer, 'signal', { type: 'ping', data: `${round}` });
        await expect
          .poll(
            () =>
              countEvents(page, { label: `round-${round}`, type: 'signal' }),
            poll,
          )
          .toBe(1);
        await unmount(page);
        await expect
          .poll(
            () => countEvents(observer, { type: 'connectionDestroyed' }),
            poll,
          )
          .toBe(round);
      }

      expect(await countEvents(observer, { type: 'connectionCreated' })).toBe(
        rounds,
      );
      // Every round's handlers saw exactly their own connect and disconnect.
      for (let round = 1; round <= rounds; round += 1) {
        const label = `round-${round}`;
        expect(
          await countEvents(page, { label, type: 'sessionConnected' }),
        ).toBe(1);
        expect(
          await countEvents(page, { label, type: 'sessionDisconnected' }),
        ).toBe(1);
        expect(await countEvents(page, { label, type: 'signal' })).toBe(1);
      }
      expect((await page.evaluate(readResources)).openSockets).toBe(0);
    });

    test('OTSession unmounted while connecting leaves no connection', async ({
      browser,
    }) => {
      const { observer: observerCredentials, subject } = await newSession();
      const observer = await openObserver(browser, observerCredentials);
      const page = await openHarness(browser, server.url);

      await render(page, subject, { label: 'a' });
      // Unmount as soon as the socket exists, in the same page task, so the
      // connect request is still in flight.
      await page.evaluate(async () => {
        const record = (window as any).instrumented;
        while (record.sockets.length === 0) {
          await new Promise((resolve) => setTimeout(resolve, 0));
        }
        (window as any).harness.render({ mounted: false });
      });
      await expect
        .poll(
          async () => (await page.evaluate(readResources)).openSockets,
          poll,
        )
        .toBe(0);

      // A client that joins now learns every connection the server still
      // holds; the aborted one must not be among them.
      const late = await openHarness(browser, server.url);
      const lateCredentials = await server.mintToken({
        sessionId: observerCredentials.sessionId,
      });
      await render(late, lateCredentials, { label: 'late' });
      await expect
        .poll(() => countEvents(late, { type: 'sessionConnected' }), poll)
        .toBe(1);
      expect(await countEvents(late, { type: 'connectionCreated' })).toBe(1);
      expect(await countEvents(page, { type: 'error' })).toBe(0);
      await sendMarker(late, observer, 'late');
      expect(await countEvents(observer, { type: 'connectionCreated' })).toBe(
        (await countEvents(observer, { type: 'connectionDestroyed' })) + 1,
      );
    });

    test('OTSession ref methods report session and rights', async ({
      browser,
    }) => {
      const { subject } = await newSession();
      const page = await openHarness(browser, server.url);
      // A session given an encryptionSecret never connects.
      await render(page, subject, {
        label: 'a',
        encryptionSecret: 'a-valid-secret',
      });
      await expect
        .poll(() => countEvents(page, { type: 'error' }), poll)
        .toBe(1);
      const notConnected = await page.evaluate(() =>
        (window as any).harness.callRef('getCapabilities').then(
          () => 'resolved',
          (error: { name: string; code: number }) =>
            `${error.name} ${error.code}`,
        ),
      );
      expect(notConnected).toBe('OT_NOT_CONNECTED 1010');

      await render(page, subject, { label: 'a' });
      await expect
        .poll(() => countEvents(page, { type: 'sessionConnected' }), poll)
        .toBe(1);
      const info = await callRef(page, 'getSessionInfo');
      const capabilities = await callRef(page, 'getCapabilities');
      const issueId = await callRef(page, 'reportIssue');
      const muteDenied = await page.evaluate(() =>
        (window as any).harness.callRef('forceMuteAll').then(
          () => 'resolved',
          (error: { name: string; code: number }) => error.name,
        ),
      );

      expect(info.sessionId).toBe(subject.sessionId);
      expect(info.connectionStatus).toBe('connected');
      expect(typeof info.connection.connectionId).toBe('string');
      expect(info.connection.data).toBe('a');
      expect(capabilities).toEqual({
        canPublish: true,
        canSubscribe: true,
        canForceMute: false,
        canForceDisconnect: false,
      });
      expect(typeof issueId).toBe('string');
      expect(issueId.length).toBeGreaterThan(0);
      expect(muteDenied).not.toBe('resolved');
    });
  });
}
