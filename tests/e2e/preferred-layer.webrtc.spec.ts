// Subscriber.setPreferredResolution() and setPreferredFrameRate() with real
// media on loopback: the publisher's client scales the video it sends to
// that one subscriber (RTCRtpSender.setParameters) and leaves its other
// subscribers alone.
import { expect, type Page, test } from '@playwright/test';

import {
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
const poll = { timeout: 30_000 };

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

// Alice publishes 640x480; each other page subscribes with `properties`
// and decodes her video.
async function publisherWithSubscribers(
  browser: Parameters<typeof openSessionPage>[0],
  properties: Array<Record<string, unknown>>,
): Promise<{ alice: Page; subscribers: Page[] }> {
  const first = await server.mintToken({ data: 'alice' });
  const alice = await openSessionPage(browser, server);
  await connectSession(alice, first, false);
  await publishCamera(alice, { resolution: '640x480' });
  const subscribers: Page[] = [];
  for (const [index, props] of properties.entries()) {
    const minted = await server.mintToken({
      sessionId: first.sessionId,
      data: `subscriber ${index}`,
    });
    const page = await openSessionPage(browser, server);
    await connectSession(page, minted, props);
    subscribers.push(page);
  }
  for (const page of subscribers) {
    await expect.poll(() => framesDecoded(page), poll).toBeGreaterThan(0);
  }
  return { alice, subscribers };
}

// Returns the frameWidth of the page's received video, 0 before a frame.
function receivedWidth(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const report = await (window as any).subscriber.getRtcStatsReport();
    let width = 0;
    report.forEach((entry: any) => {
      if (entry.type === 'inbound-rtp' && entry.kind === 'video') {
        width = entry.frameWidth ?? 0;
      }
    });
    return width;
  });
}

// Returns the frameWidth Alice sends on each peer connection, sorted.
function sentWidths(page: Page): Promise<number[]> {
  return page.evaluate(async () => {
    const entries = await (window as any).publisher.getRtcStatsReport();
    const widths = entries.map((entry: any) => {
      let width = 0;
      entry.rtcStatsReport.forEach((stat: any) => {
        if (stat.type === 'outbound-rtp' && stat.kind === 'video') {
          width = stat.frameWidth ?? 0;
        }
      });
      return width;
    });
    return widths.sort((a: number, b: number) => a - b);
  });
}

// Returns the maxFramerate of the video encoding of each of Alice's peer
// connections, sorted, with null where none is set.
function sentFrameRateLimits(page: Page): Promise<Array<number | null>> {
  return page.evaluate(() =>
    (window as any)
      .openPeerConnections()
      .map((pc: RTCPeerConnection) => {
        const sender = pc.getSenders().find((s) => s.track?.kind === 'video');
        return sender?.getParameters().encodings[0]?.maxFramerate ?? null;
      })
      .sort(),
  );
}

test('preferred resolution scales one subscriber', async ({ browser }) => {
  const { alice, subscribers } = await publisherWithSubscribers(browser, [
    {},
    {},
  ]);
  const [bob, carol] = subscribers as [Page, Page];
  await expect.poll(() => sentWidths(alice), poll).toEqual([640, 640]);
  expect(await receivedWidth(bob)).toBe(640);

  await bob.evaluate(() =>
    (window as any).subscriber.setPreferredResolution({
      width: 160,
      height: 120,
    }),
  );
  await expect
    .poll(async () => (await sentWidths(alice))[0], poll)
    .toBeLessThanOrEqual(160);
  expect((await sentWidths(alice))[1]).toBe(640);
  await expect.poll(() => receivedWidth(bob), poll).toBeLessThanOrEqual(160);
  expect(await receivedWidth(carol)).toBe(640);
  const frames = await framesDecoded(bob);
  await expect.poll(() => framesDecoded(bob), poll).toBeGreaterThan(frames);

  // null lifts the limit again.
  await bob.evaluate(() =>
    (window as any).subscriber.setPreferredResolution(null),
  );
  await expect.poll(() => sentWidths(alice), poll).toEqual([640, 640]);
  await expect.poll(() => receivedWidth(bob), poll).toBe(640);
});

test('preferred frame rate caps one subscriber', async ({ browser }) => {
  const { alice, subscribers } = await publisherWithSubscribers(browser, [
    {},
    {},
  ]);
  expect(await sentFrameRateLimits(alice)).toEqual([null, null]);
  await subscribers[0]!.evaluate(() =>
    (window as any).subscriber.setPreferredFrameRate(7),
  );
  await expect.poll(() => sentFrameRateLimits(alice), poll).toEqual([7, null]);
  await subscribers[0]!.evaluate(() =>
    (window as any).subscriber.setPreferredFrameRate(null),
  );
  await expect
    .poll(() => sentFrameRateLimits(alice), poll)
    .toEqual([null, null]);
});

test('subscribe properties set the preferred layer', async ({ browser }) => {
  const { alice, subscribers } = await publisherWithSubscribers(browser, [
    { preferredResolution: { width: 160, height: 120 }, preferredFrameRate: 5 },
  ]);
  await expect
    .poll(async () => (await sentWidths(alice))[0], poll)
    .toBeLessThanOrEqual(160);
  await expect.poll(() => sentFrameRateLimits(alice), poll).toEqual([5]);
  await expect
    .poll(() => receivedWidth(subscribers[0]!), poll)
    .toBeLessThanOrEqual(160);
});

test('invalid preferred layers reject with 1011', async ({ browser }) => {
  const { subscribers } = await publisherWithSubscribers(browser, [{}]);
  const outcomes = await subscribers[0]!.evaluate(async () => {
    const subscriber = (window as any).subscriber;
    const outcomeOf = (promise: Promise<unknown>) =>
      promise.then(
        () => ({ ok: true }),
        (error: any) => ({
          ok: false,
          name: error.name,
          code: error.code,
          message: error.message,
        }),
      );
    return {
      zeroWidth: await outcomeOf(
        subscriber.setPreferredResolution({ width: 0, height: 120 }),
      ),
      onlyWidth: await outcomeOf(
        subscriber.setPreferredResolution({ width: 160 }),
      ),
      tooWide: await outcomeOf(
        subscriber.setPreferredResolution({ width: 7681, height: 120 }),
      ),
      tooFast: await outcomeOf(subscriber.setPreferredFrameRate(61)),
      valid: await outcomeOf(
        subscriber.setPreferredResolution({ width: 320, height: 240 }),
      ),
    };
  });
  for (const [name, value] of [
    ['zeroWidth', '0'],
    ['onlyWidth', 'height'],
    ['tooWide', '7681'],
    ['tooFast', '61'],
  ] as const) {
    expect(outcomes[name]).toMatchObject({
      ok: false,
      name: 'OT_INVALID_PARAMETER',
      code: 1011,
    });
    expect((outcomes[name] as { message: string }).message).toContain(value);
  }
  expect(outcomes.valid).toEqual({ ok: true });
});
