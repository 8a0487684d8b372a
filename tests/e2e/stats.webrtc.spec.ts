// getStats() and getRtcStatsReport() of Subscriber and Publisher in the
// OpenTok.js shape, read from real peer connections on loopback: the
// counters are positive and keep rising while media flows.
import { expect, type Page, test } from '@playwright/test';

import {
  connectionIdOf,
  connectSession,
  framesDecoded,
  openSessionPage,
  publishCamera,
} from './support/pages.js';
import {
  findServerBinary,
  type SessionServer,
  startServer,
} from './support/server.js';
import { loopbackOnlyProblem } from './support/webrtc.js';

const root = process.cwd();
let server: SessionServer;

test.beforeAll(async () => {
  const problem = loopbackOnlyProblem();
  test.skip(problem !== undefined, problem);
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

// Alice publishes; each other page subscribes and decodes her video.
async function publisherWithSubscribers(
  browser: Parameters<typeof openSessionPage>[0],
  subscriberCount: number,
): Promise<{ alice: Page; subscribers: Page[] }> {
  const first = await server.mintToken({ data: 'alice' });
  const alice = await openSessionPage(browser, server);
  await connectSession(alice, first, false);
  await publishCamera(alice);
  const subscribers: Page[] = [];
  for (let i = 0; i < subscriberCount; i++) {
    const minted = await server.mintToken({
      sessionId: first.sessionId,
      data: `subscriber ${i}`,
    });
    const page = await openSessionPage(browser, server);
    await connectSession(page, minted);
    subscribers.push(page);
  }
  for (const page of subscribers) {
    await expect
      .poll(() => framesDecoded(page), { timeout: 30_000 })
      .toBeGreaterThan(0);
  }
  return { alice, subscribers };
}

function subscriberStats(page: Page): Promise<any> {
  return page.evaluate(() => (window as any).subscriber.getStats());
}

function publisherStats(page: Page): Promise<any[]> {
  return page.evaluate(() => (window as any).publisher.getStats());
}

test('subscriber getStats counts received media', async ({ browser }) => {
  const { subscribers } = await publisherWithSubscribers(browser, 1);
  const bob = subscribers[0]!;
  const first = await subscriberStats(bob);
  expect(Object.keys(first).sort()).toEqual(['audio', 'timestamp', 'video']);
  expect(Object.keys(first.audio).sort()).toEqual([
    'bytesReceived',
    'packetsLost',
    'packetsReceived',
  ]);
  expect(Object.keys(first.video).sort()).toEqual([
    'bytesReceived',
    'frameRate',
    'framesDecoded',
    'packetsLost',
    'packetsReceived',
  ]);
  expect(first.audio.bytesReceived).toBeGreaterThan(0);
  expect(first.audio.packetsReceived).toBeGreaterThan(0);
  expect(first.video.bytesReceived).toBeGreaterThan(0);
  expect(first.video.packetsReceived).toBeGreaterThan(0);
  expect(first.audio.packetsLost).toBeGreaterThanOrEqual(0);
  expect(first.video.packetsLost).toBeGreaterThanOrEqual(0);
  expect(first.timestamp).toBeGreaterThan(0);

  // The counters keep rising, and the frame rate becomes known.
  await expect
    .poll(async () => (await subscriberStats(bob)).video.bytesReceived)
    .toBeGreaterThan(first.video.bytesReceived);
  await expect
    .poll(async () => (await subscriberStats(bob)).audio.bytesReceived)
    .toBeGreaterThan(first.audio.bytesReceived);
  await expect
    .poll(async () => (await subscriberStats(bob)).video.frameRate)
    .toBeGreaterThan(0);
  const later = await subscriberStats(bob);
  expect(later.timestamp).toBeGreaterThan(first.timestamp);

  // The callback form gets the same shape and no error.
  const viaCallback = await bob.evaluate(
    () =>
      new Promise<any>((resolve) =>
        (window as any).subscriber.getStats((error: unknown, stats: any) =>
          resolve({ error: error === undefined ? 'none' : error, stats }),
        ),
      ),
  );
  expect(viaCallback.error).toBe('none');
  expect(viaCallback.stats.video.bytesReceived).toBeGreaterThanOrEqual(
    later.video.bytesReceived,
  );

  // getRtcStatsReport() resolves the browser's own report.
  const report = await bob.evaluate(async () => {
    const report = await (window as any).subscriber.getRtcStatsReport();
    let inboundVideoBytes = 0;
    report.forEach((entry: any) => {
      if (entry.type === 'inbound-rtp' && entry.kind === 'video') {
        inboundVideoBytes = entry.bytesReceived;
      }
    });
    return { isReport: report instanceof RTCStatsReport, inboundVideoBytes };
  });
  expect(report.isReport).toBe(true);
  expect(report.inboundVideoBytes).toBeGreaterThan(0);
});

test('publisher getStats lists each subscriber', async ({ browser }) => {
  const { alice } = await publisherWithSubscribers(browser, 2);
  const first = await publisherStats(alice);
  expect(first).toHaveLength(2);
  for (const entry of first) {
    expect(Object.keys(entry).sort()).toEqual([
      'connectionId',
      'stats',
      'subscriberId',
    ]);
    expect(Object.keys(entry.stats.audio).sort()).toEqual([
      'bytesSent',
      'packetsLost',
      'packetsSent',
    ]);
    expect(Object.keys(entry.stats.video).sort()).toEqual([
      'bytesSent',
      'frameRate',
      'framesEncoded',
      'packetsLost',
      'packetsSent',
    ]);
    expect(entry.stats.audio.bytesSent).toBeGreaterThan(0);
    expect(entry.stats.audio.packetsSent).toBeGreaterThan(0);
    expect(entry.stats.video.bytesSent).toBeGreaterThan(0);
    expect(entry.stats.video.packetsSent).toBeGreaterThan(0);
    expect(entry.stats.video.packetsLost).toBeGreaterThanOrEqual(0);
    expect(entry.stats.timestamp).toBeGreaterThan(0);
  }

  // Each entry's counters keep rising.
  const sentBytes = async (index: number) =>
    (await publisherStats(alice))[index].stats.video.bytesSent as number;
  for (const index of [0, 1]) {
    await expect
      .poll(() => sentBytes(index))
      .toBeGreaterThan(first[index].stats.video.bytesSent);
  }
  await expect
    .poll(async () => (await publisherStats(alice))[0].stats.video.frameRate)
    .toBeGreaterThan(0);

  // The callback form.
  const viaCallback = await alice.evaluate(
    () =>
      new Promise<any>((resolve) =>
        (window as any).publisher.getStats((error: unknown, stats: any[]) =>
          resolve({ error: error === undefined ? 'none' : error, stats }),
        ),
      ),
  );
  expect(viaCallback.error).toBe('none');
  expect(viaCallback.stats).toHaveLength(2);

  // getRtcStatsReport() resolves one browser report per subscriber.
  const reports = await alice.evaluate(async () => {
    const entries = await (window as any).publisher.getRtcStatsReport();
    return entries.map((entry: any) => {
      let outboundVideoBytes = 0;
      entry.rtcStatsReport.forEach((stat: any) => {
        if (stat.type === 'outbound-rtp' && stat.kind === 'video') {
          outboundVideoBytes += stat.bytesSent;
        }
      });
      return {
        keys: Object.keys(entry).sort(),
        isReport: entry.rtcStatsReport instanceof RTCStatsReport,
        outboundVideoBytes,
      };
    });
  });
  expect(reports).toHaveLength(2);
  for (const report of reports) {
    expect(report.keys).toEqual([
      'connectionId',
      'rtcStatsReport',
      'subscriberId',
    ]);
    expect(report.isReport).toBe(true);
    expect(report.outboundVideoBytes).toBeGreaterThan(0);
  }
});

test('publisher getStats names the subscriber', async ({ browser }) => {
  const { alice, subscribers } = await publisherWithSubscribers(browser, 1);
  const bobId = await connectionIdOf(subscribers[0]!);
  const [entry] = await publisherStats(alice);
  expect(entry.connectionId).toBe(bobId);
  expect(typeof entry.subscriberId).toBe('string');
  expect(entry.subscriberId.length).toBeGreaterThan(0);
});

test('stats before publishing are empty', async ({ browser }) => {
  const first = await server.mintToken();
  const page = await openSessionPage(browser, server);
  await connectSession(page, first, false);
  const result = await page.evaluate(async () => {
    const w = window as any;
    const publisher = w.sessioncore.OT.initPublisher('publisher');
    await new Promise((resolve) => publisher.on('accessAllowed', resolve));
    const stats = await publisher.getStats();
    const reports = await publisher.getRtcStatsReport();
    publisher.destroy();
    return { stats, reports };
  });
  expect(result.stats).toEqual([]);
  expect(result.reports).toEqual([]);
});
