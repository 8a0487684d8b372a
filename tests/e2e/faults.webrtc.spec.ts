// Network faults with real Chromium: the server and each browser run in
// their own network namespace (tests/netns/topology.mjs), and one
// browser's link is cut and restored. Runs where the enclosing namespace is
// isolated (the Playwright run of ./sessioncore test, or
// tests/netns/run.sh --browser) and skips with the reason elsewhere.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import {
  type Browser,
  chromium,
  expect,
  type Page,
  test,
} from '@playwright/test';

// @ts-expect-error: plain ES module without type declarations.
import { createTopology, netnsSkipReason } from '../netns/topology.mjs';
// @ts-expect-error: plain ES module without type declarations.
import { skipReason, startServer } from '../js/support/server.mjs';

const root = process.cwd();
// The client counts a connection lost after three silent heartbeat
// periods; short periods keep the cuts short.
const kHeartbeatMs = 1000;
const kGraceMs = 8000;

let topology: any;
let server: any;
let folder: string;
const browsers: Browser[] = [];

test.describe.configure({ mode: 'serial', timeout: 120_000 });

test.beforeAll(async () => {
  const reason = skipReason ?? (await netnsSkipReason());
  test.skip(reason !== undefined, reason);
  folder = mkdtempSync(path.join(tmpdir(), 'sessioncore-faults-'));
  topology = await createTopology(['server', 'alice', 'bob'], {
    bridgeAddress: '198.18.0.254',
  });
  const host = topology.hosts.server;
  server = await startServer({
    wrap: host.wrap(),
    config: {
      listen: host.address,
      staticRoot: root,
      resumeGraceMs: kGraceMs,
      heartbeatIntervalMs: kHeartbeatMs,
    },
  });
});

// Each test starts its own browsers; closing them keeps earlier calls from
// using the CPU that later tests need for their media.
test.afterEach(async () => {
  for (const browser of browsers.splice(0)) await browser.close();
});

test.afterAll(async () => {
  for (const browser of browsers) await browser.close();
  await server?.stop();
  await topology?.destroy();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

/** Launches Chromium inside `name`'s namespace through a wrapper script,
 * so that all of its traffic crosses that host's link. */
async function browserIn(name: string): Promise<Browser> {
  const wrapper = path.join(folder, `chromium-${name}.sh`);
  writeFileSync(
    wrapper,
    `#!/bin/sh\nexec ${topology.hosts[name].wrap().join(' ')} ` +
      `/usr/bin/chromium "$@"\n`,
    { mode: 0o755 },
  );
  const browser = await chromium.launch({
    executablePath: wrapper,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      // Pages come from 198.18.0.1, which is not a secure origin, and
      // getUserMedia exists only in secure contexts.
      `--unsafely-treat-insecure-origin-as-secure=${server.httpUrl}`,
    ],
  });
  browsers.push(browser);
  return browser;
}

async function openPage(browser: Browser): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  page.on('pageerror', (error) => console.log(`page error: ${error.message}`));
  await page.goto(`${server.httpUrl}/tests/e2e/pages/session.html`);
  await page.waitForFunction(() => (window as any).ready === true);
  return page;
}

/** Connects, records every session event in window.seen, subscribes to
 * each remote stream and publishes the fake camera. */
async function joinAndPublish(page: Page, minted: any): Promise<void> {
  await page.evaluate(async ({ apiKey, sessionId, token }) => {
    const w = window as any;
    const session = w.sessioncore.OT.initSession(apiKey, sessionId);
    w.session = session;
    w.seen = [];
    const types =
      'sessionReconnecting sessionReconnected sessionDisconnected ' +
      'connectionCreated connectionDestroyed streamCreated streamDestroyed';
    session.on(types, (event: any) =>
      w.seen.push({
        type: event.type,
        reason: event.reason,
        connectionId: event.connection?.connectionId,
        streamId: event.stream?.streamId,
      }),
    );
    session.on('signal', (event: any) =>
      w.seen.push({ type: 'signal', data: event.data }),
    );
    session.on('streamCreated', (event: any) => {
      w.subscriber = session.subscribe(event.stream, 'subscribers', {
        insertMode: 'append',
      });
    });
    await session.connect(token);
    w.publisher = w.sessioncore.OT.initPublisher('publisher', {
      width: 320,
      height: 240,
    });
    await new Promise<void>((resolve, reject) =>
      session.publish(w.publisher, (e: unknown) => (e ? reject(e) : resolve())),
    );
  }, minted);
}

function seen(page: Page): Promise<any[]> {
  return page.evaluate(() => (window as any).seen);
}

async function count(page: Page, type: string): Promise<number> {
  return (await seen(page)).filter((e) => e.type === type).length;
}

function framesDecoded(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const subscriber = (window as any).subscriber;
    if (subscriber === undefined) return 0;
    return (await subscriber.getStats()).video.framesDecoded as number;
  });
}

/** The local ICE username fragments of the page's peer connections. */
interface LocalUfrags {
  publisher: string[];
  subscriber: string;
}

// Reads iceLocalUsernameFragment from the transport entries of the stats
// of window.publisher (one per subscriber) and window.subscriber.
function localUfrags(page: Page): Promise<LocalUfrags> {
  return page.evaluate(async () => {
    const w = window as any;
    const ufragOf = (report: RTCStatsReport | undefined): string => {
      let ufrag = '';
      report?.forEach((entry: any) => {
        if (entry.type === 'transport' && entry.iceLocalUsernameFragment) {
          ufrag = entry.iceLocalUsernameFragment;
        }
      });
      return ufrag;
    };
    const published = (await w.publisher?.getRtcStatsReport()) ?? [];
    return {
      publisher: published.map((entry: any) => ufragOf(entry.rtcStatsReport)),
      subscriber: ufragOf(await w.subscriber?.getRtcStatsReport()),
    };
  });
}

function connectionId(page: Page): Promise<string> {
  return page.evaluate(() => (window as any).session.connection.connectionId);
}

async function pair(): Promise<{ alice: Page; bob: Page }> {
  const first = await server.demoToken({ data: 'alice' });
  const second = await server.demoToken({
    sessionId: first.sessionId,
    data: 'bob',
  });
  const alice = await openPage(await browserIn('alice'));
  const bob = await openPage(await browserIn('bob'));
  await joinAndPublish(alice, first);
  await joinAndPublish(bob, second);
  await expect
    .poll(() => framesDecoded(alice), { timeout: 30_000 })
    .toBeGreaterThan(0);
  await expect
    .poll(() => framesDecoded(bob), { timeout: 30_000 })
    .toBeGreaterThan(0);
  return { alice, bob };
}

const kPeerEvents = [
  'connectionCreated',
  'connectionDestroyed',
  'streamCreated',
  'streamDestroyed',
];

async function peerEventCounts(page: Page): Promise<number[]> {
  const events = await seen(page);
  return kPeerEvents.map((t) => events.filter((e) => e.type === t).length);
}

test('short cut reconnects the same connection', async () => {
  const { alice, bob } = await pair();
  const aliceId = await connectionId(alice);
  const bobBefore = await peerEventCounts(bob);
  const aliceUfragsBefore = await localUfrags(alice);
  const bobUfragsBefore = await localUfrags(bob);
  expect(aliceUfragsBefore.publisher).toHaveLength(1);
  expect(aliceUfragsBefore.publisher[0]).not.toBe('');
  expect(aliceUfragsBefore.subscriber).not.toBe('');
  expect(bobUfragsBefore.subscriber).not.toBe('');
  await topology.cut('alice');
  await expect
    .poll(() => count(alice, 'sessionReconnecting'), { timeout: 20_000 })
    .toBe(1);
  // Sent while reconnecting: one is queued, one must fail at once.
  const results = await alice.evaluate(async () => {
    const session = (window as any).session;
    const queued = session.signal({ type: 'cut', data: 'queued' });
    const refused = session
      .signal({ type: 'cut', data: 'refused', retryAfterReconnect: false })
      .then(
        () => 'sent',
        (error: any) => error.name,
      );
    (window as any).queued = queued.then(
      () => 'sent',
      (error: any) => error.name,
    );
    return { refused: await refused };
  });
  expect(results.refused).toBe('OT_NOT_CONNECTED');
  await new Promise((resolve) => setTimeout(resolve, 5000 - 3 * kHeartbeatMs));
  await topology.restore('alice');
  await expect
    .poll(() => count(alice, 'sessionReconnected'), { timeout: 30_000 })
    .toBe(1);
  expect(await alice.evaluate(() => (window as any).queued)).toBe('sent');
  expect(await connectionId(alice)).toBe(aliceId);
  await expect
    .poll(
      async () =>
        (await seen(bob)).filter(
          (e) => e.type === 'signal' && e.data === 'queued',
        ).length,
    )
    .toBe(1);
  // After the resume the client restarts ICE on both of its peer
  // connections: each offers with fresh credentials, and Bob's side answers
  // with fresh ones.
  await expect
    .poll(async () => (await localUfrags(alice)).publisher, {
      timeout: 30_000,
    })
    .not.toEqual(aliceUfragsBefore.publisher);
  const aliceUfragsAfter = await localUfrags(alice);
  expect(aliceUfragsAfter.publisher).toHaveLength(1);
  expect(aliceUfragsAfter.publisher[0]).not.toBe('');
  await expect
    .poll(async () => (await localUfrags(alice)).subscriber, {
      timeout: 30_000,
    })
    .not.toBe(aliceUfragsBefore.subscriber);
  await expect
    .poll(async () => (await localUfrags(bob)).subscriber, { timeout: 30_000 })
    .not.toBe(bobUfragsBefore.subscriber);
  await expect
    .poll(async () => (await localUfrags(bob)).publisher, { timeout: 30_000 })
    .not.toEqual(bobUfragsBefore.publisher);
  // Media flows both ways after the restart.
  const framesAfter = await framesDecoded(bob);
  await expect
    .poll(() => framesDecoded(bob), { timeout: 30_000 })
    .toBeGreaterThan(framesAfter);
  const aliceFramesAfter = await framesDecoded(alice);
  await expect
    .poll(() => framesDecoded(alice), { timeout: 30_000 })
    .toBeGreaterThan(aliceFramesAfter);
  expect(
    (await seen(bob)).filter(
      (e) => e.type === 'signal' && e.data === 'refused',
    ),
  ).toEqual([]);
  expect(await peerEventCounts(bob)).toEqual(bobBefore);
  expect(await count(alice, 'sessionReconnecting')).toBe(1);
  expect(await count(alice, 'sessionDisconnected')).toBe(0);
});

test('cut of both sides restarts ICE', async () => {
  const { alice, bob } = await pair();
  const before = [await localUfrags(alice), await localUfrags(bob)];
  // Both clients resume, so both ends of each peer connection may offer an
  // ICE restart at the same time; the publisher's offer wins.
  await Promise.all([topology.cut('alice'), topology.cut('bob')]);
  for (const page of [alice, bob]) {
    await expect
      .poll(() => count(page, 'sessionReconnecting'), { timeout: 20_000 })
      .toBe(1);
  }
  await Promise.all([topology.restore('alice'), topology.restore('bob')]);
  for (const page of [alice, bob]) {
    await expect
      .poll(() => count(page, 'sessionReconnected'), { timeout: 30_000 })
      .toBe(1);
  }
  for (const [index, page] of [alice, bob].entries()) {
    await expect
      .poll(async () => (await localUfrags(page)).publisher, {
        timeout: 30_000,
      })
      .not.toEqual(before[index]!.publisher);
    await expect
      .poll(async () => (await localUfrags(page)).subscriber, {
        timeout: 30_000,
      })
      .not.toBe(before[index]!.subscriber);
    const frames = await framesDecoded(page);
    await expect
      .poll(() => framesDecoded(page), { timeout: 30_000 })
      .toBeGreaterThan(frames);
  }
  expect(await count(alice, 'sessionDisconnected')).toBe(0);
  expect(await count(bob, 'sessionDisconnected')).toBe(0);
});

test('flapping link stays one connection', async () => {
  const { alice, bob } = await pair();
  const aliceId = await connectionId(alice);
  const bobBefore = await peerEventCounts(bob);
  // Cuts long enough to be noticed (over three heartbeat periods) with
  // short gaps, then quick flaps that stay under the silence limit.
  for (let i = 0; i < 3; i++) {
    await topology.cutFor('alice', 4 * kHeartbeatMs);
    await new Promise((resolve) => setTimeout(resolve, 2 * kHeartbeatMs));
  }
  for (let i = 0; i < 3; i++) {
    await topology.cutFor('alice', kHeartbeatMs);
    await new Promise((resolve) => setTimeout(resolve, kHeartbeatMs));
  }
  await expect
    .poll(
      async () =>
        (await count(alice, 'sessionReconnecting')) ===
        (await count(alice, 'sessionReconnected')),
      { timeout: 30_000 },
    )
    .toBe(true);
  expect(await count(alice, 'sessionReconnecting')).toBeGreaterThan(0);
  expect(await count(alice, 'sessionDisconnected')).toBe(0);
  expect(await connectionId(alice)).toBe(aliceId);
  expect(await peerEventCounts(bob)).toEqual(bobBefore);
  const frames = await framesDecoded(bob);
  await expect
    .poll(() => framesDecoded(bob), { timeout: 30_000 })
    .toBeGreaterThan(frames);
});

test('long cut disconnects with networkDisconnected', async () => {
  const { alice, bob } = await pair();
  const aliceId = await connectionId(alice);
  const cutAt = Date.now();
  await topology.cut('alice');
  // Promised bound for peers: silence detection plus the reconnect window
  // plus 10 s.
  const bound = 3 * kHeartbeatMs + kGraceMs + 10_000;
  await expect
    .poll(
      async () =>
        (await seen(bob)).find(
          (e) => e.type === 'connectionDestroyed' && e.connectionId === aliceId,
        ),
      { timeout: bound },
    )
    .toMatchObject({ reason: 'networkDisconnected' });
  expect(Date.now() - cutAt).toBeLessThan(bound);
  const bobEvents = await seen(bob);
  expect(bobEvents.filter((e) => e.type === 'streamDestroyed')).toMatchObject([
    { reason: 'networkDisconnected' },
  ]);
  expect(
    bobEvents.filter((e) => e.type === 'connectionDestroyed'),
  ).toHaveLength(1);
  await expect
    .poll(
      async () =>
        (await seen(alice)).filter((e) => e.type === 'sessionDisconnected'),
      { timeout: kGraceMs + 20_000 },
    )
    .toMatchObject([{ reason: 'networkDisconnected' }]);
  expect(await count(alice, 'sessionReconnected')).toBe(0);
  await topology.restore('alice');
  // Rejoining with a new Session works and is a new connection.
  const sessionId = await alice.evaluate(
    () => (window as any).session.sessionId,
  );
  const minted = await server.demoToken({ sessionId, data: 'alice again' });
  const again = await openPage(await browserIn('alice'));
  await joinAndPublish(again, minted);
  expect(await connectionId(again)).not.toBe(aliceId);
  await expect
    .poll(async () => count(bob, 'connectionCreated'), { timeout: 20_000 })
    .toBeGreaterThan(
      bobEvents.filter((e) => e.type === 'connectionCreated').length,
    );
});

test('disconnect while reconnecting ends once', async () => {
  const { alice, bob } = await pair();
  const aliceId = await connectionId(alice);
  await topology.cut('alice');
  await expect
    .poll(() => count(alice, 'sessionReconnecting'), { timeout: 20_000 })
    .toBe(1);
  await alice.evaluate(() => (window as any).session.disconnect());
  await expect
    .poll(async () =>
      (await seen(alice)).filter((e) => e.type === 'sessionDisconnected'),
    )
    .toMatchObject([{ reason: 'clientDisconnected' }]);
  await topology.restore('alice');
  // The server cannot hear the disconnect over the cut link, so Bob learns
  // of it when the reconnect window ends.
  const bound = 3 * kHeartbeatMs + kGraceMs + 10_000;
  await expect
    .poll(
      async () =>
        (await seen(bob)).filter(
          (e) => e.type === 'connectionDestroyed' && e.connectionId === aliceId,
        ).length,
      { timeout: bound },
    )
    .toBe(1);
  // Wait one more window: nothing may follow on either side.
  await new Promise((resolve) => setTimeout(resolve, kGraceMs));
  expect(await count(alice, 'sessionReconnected')).toBe(0);
  expect(await count(alice, 'sessionDisconnected')).toBe(1);
  expect(await count(bob, 'connectionDestroyed')).toBe(1);
  expect(await count(bob, 'streamDestroyed')).toBe(1);
});
