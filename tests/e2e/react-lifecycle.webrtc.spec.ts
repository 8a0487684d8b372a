// React lifecycle with media: unmounting <OTSession> with an <OTPublisher>
// and <OTSubscriber> inside releases every peer connection, track, media
// element and socket, and a subscriber whose stream ended unmounts without
// an error. Every test runs once against React 19 and once against React
// 18. Runs only in the loopback-only network namespace of ./sessioncore
// test.
import { expect, test } from '@playwright/test';
import { networkInterfaces } from 'node:os';

import {
  countDecodedFrames,
  countDecodingPeerConnections,
  inboundFrameWidths,
  readResources,
} from './react-harness/instrument.js';
import {
  buildHarness,
  reactVersions,
  serverBinary,
} from './react-harness/build.js';
import { type SessionServer, startServer } from './support/server.js';
import {
  closeContexts,
  countEvents,
  openHarness,
  recordedEvents,
  render,
  unmount,
} from './react-harness/session.js';

const onlyLoopback = Object.values(networkInterfaces())
  .flat()
  .every((address) => address?.internal);

let server: SessionServer;
const poll = { timeout: 30_000 };

test.afterEach(async () => {
  await closeContexts();
});

test.beforeEach(() => {
  test.skip(
    !onlyLoopback,
    'WebRTC specs run only in a network namespace that has only loopback',
  );
});

for (const react of reactVersions) {
  test.describe(`React ${react}`, () => {
    // Each version gets its own server, serving the harness built for it.
    test.beforeAll(async () => {
      if (!onlyLoopback) {
        return;
      }
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

    test('OTSession unmount releases all media resources', async ({
      browser,
    }) => {
      const peerCredentials = await server.mintToken();
      const subject = await server.mintToken({
        sessionId: peerCredentials.sessionId,
      });
      const peer = await openHarness(browser, server.url);
      await render(peer, peerCredentials, {
        label: 'peer',
        publish: true,
        subscribe: true,
      });
      const page = await openHarness(browser, server.url);
      await render(page, subject, {
        label: 'a',
        publish: true,
        subscribe: true,
      });
      await expect
        .poll(() => page.evaluate(countDecodedFrames), poll)
        .toBeGreaterThan(0);
      await expect
        .poll(() => peer.evaluate(countDecodedFrames), poll)
        .toBeGreaterThan(0);
      const before = await page.evaluate(readResources);
      expect(before.mediaElements).toBeGreaterThanOrEqual(2);
      expect(before.liveTracks).toBeGreaterThanOrEqual(1);

      await unmount(page);
      await expect
        .poll(
          async () => (await page.evaluate(readResources)).openSockets,
          poll,
        )
        .toBe(0);
      const after = await page.evaluate(readResources);
      expect(after.openPeerConnections).toBe(0);
      expect(after.liveTracks).toBe(0);
      expect(after.mediaElements).toBe(0);
      await expect
        .poll(
          () => countEvents(peer, { label: 'peer', type: 'streamDestroyed' }),
          poll,
        )
        .toBe(1);
      await expect
        .poll(
          () =>
            countEvents(peer, { label: 'peer', type: 'connectionDestroyed' }),
          poll,
        )
        .toBe(1);
    });

    test('OTSubscriber unmounts quietly after its stream ended', async ({
      browser,
    }) => {
      const peerCredentials = await server.mintToken();
      const subject = await server.mintToken({
        sessionId: peerCredentials.sessionId,
      });
      const peer = await openHarness(browser, server.url);
      await render(peer, peerCredentials, { label: 'peer', publish: true });
      const page = await openHarness(browser, server.url);
      const pageErrors: Error[] = [];
      page.on('pageerror', (error) => pageErrors.push(error));
      await render(page, subject, { label: 'a', subscribe: true });
      await expect
        .poll(() => page.evaluate(countDecodedFrames), poll)
        .toBeGreaterThan(0);

      // The peer stops publishing; the subscriber's stream ends under it.
      await render(peer, peerCredentials, { label: 'peer', publish: false });
      await expect
        .poll(() => countEvents(page, { type: 'streamDestroyed' }), poll)
        .toBe(1);
      await unmount(page);
      await expect
        .poll(
          async () => (await page.evaluate(readResources)).openSockets,
          poll,
        )
        .toBe(0);

      const after = await page.evaluate(readResources);
      expect(after.openPeerConnections).toBe(0);
      expect(after.mediaElements).toBe(0);
      expect(await countEvents(page, { type: 'error' })).toBe(0);
      expect(
        await countEvents(page, { source: 'subscriber', type: 'error' }),
      ).toBe(0);
      expect(pageErrors).toEqual([]);
    });

    test('OTPublisher applies publishAudio changes live', async ({
      browser,
    }) => {
      const peerCredentials = await server.mintToken();
      const viewerCredentials = await server.mintToken({
        sessionId: peerCredentials.sessionId,
      });
      const peer = await openHarness(browser, server.url);
      await render(peer, peerCredentials, { label: 'peer', publish: true });
      const viewer = await openHarness(browser, server.url);
      await render(viewer, viewerCredentials, {
        label: 'viewer',
        subscribe: true,
      });
      await expect
        .poll(() => viewer.evaluate(countDecodedFrames), poll)
        .toBeGreaterThan(0);

      await render(peer, peerCredentials, {
        label: 'peer',
        publish: true,
        publishAudio: false,
      });
      await expect
        .poll(
          () =>
            countEvents(viewer, {
              type: 'streamPropertyChanged',
              detail: 'hasAudio:false',
            }),
          poll,
        )
        .toBe(1);
      await render(peer, peerCredentials, {
        label: 'peer',
        publish: true,
        publishAudio: true,
      });
      await expect
        .poll(
          () =>
            countEvents(viewer, {
              type: 'streamPropertyChanged',
              detail: 'hasAudio:true',
            }),
          poll,
        )
        .toBe(1);

      // The stream stayed the same: a live change does not republish.
      expect(await countEvents(viewer, { type: 'streamCreated' })).toBe(1);
      expect(await countEvents(viewer, { type: 'streamDestroyed' })).toBe(0);
      expect(
        await countEvents(peer, { source: 'publisher', type: 'streamCreated' }),
      ).toBe(1);
    });

    test('OTSubscriber without a stream subscribes to all', async ({
      browser,
    }) => {
      const first = await server.mintToken();
      const sessionId = first.sessionId;
      const second = await server.mintToken({ sessionId });
      const viewerCredentials = await server.mintToken({ sessionId });
      for (const [label, credentials] of [
        ['one', first],
        ['two', second],
      ] as const) {
        const peer = await openHarness(browser, server.url);
        await render(peer, credentials, { label, publish: true });
      }
      const viewer = await openHarness(browser, server.url);
      await render(viewer, viewerCredentials, {
        label: 'viewer',
        subscribeAll: true,
      });

      await expect
        .poll(() => viewer.evaluate(countDecodingPeerConnections), poll)
        .toBe(2);
      await expect(viewer.locator('.OTSubscriberContainer')).toHaveCount(2);
      await expect(viewer.locator('.OT_subscriber')).toHaveCount(2);
      expect(
        await countEvents(viewer, { source: 'subscriber', type: 'error' }),
      ).toBe(0);
    });

    test('OTSubscriber follows a changed stream prop', async ({ browser }) => {
      const first = await server.mintToken({ data: 'first' });
      const sessionId = first.sessionId;
      const second = await server.mintToken({ sessionId, data: 'second' });
      const viewerCredentials = await server.mintToken({ sessionId });
      const firstPeer = await openHarness(browser, server.url);
      await render(firstPeer, first, { label: 'first', publish: true });
      const firstStream = await publishedStreamId(firstPeer);
      const secondPeer = await openHarness(browser, server.url);
      await render(secondPeer, second, { label: 'second', publish: true });
      const secondStream = await publishedStreamId(secondPeer);
      const viewer = await openHarness(browser, server.url);
      await render(viewer, viewerCredentials, {
        label: 'viewer',
        subscribeFirst: true,
      });
      const container = viewer.locator('.OTSubscriberContainer');
      await expect
        .poll(() => viewer.evaluate(countDecodingPeerConnections), poll)
        .toBe(1);
      // The server lists streams in no fixed order: end whichever the
      // component subscribed to, so its stream prop moves to the other one.
      const initial = await container.getAttribute('data-stream-id');
      expect([firstStream, secondStream]).toContain(initial);
      const [ended, remaining] =
        initial === firstStream
          ? [firstStream, secondStream]
          : [secondStream, firstStream];
      if (ended === firstStream) {
        await render(firstPeer, first, { label: 'first', publish: false });
      } else {
        await render(secondPeer, second, { label: 'second', publish: false });
      }
      await expect(container).toHaveAttribute(
        'data-stream-id',
        remaining,
        poll,
      );
      await expect
        .poll(() => viewer.evaluate(countDecodingPeerConnections), poll)
        .toBe(1);

      await expect(viewer.locator('.OT_subscriber')).toHaveCount(1);
      expect(
        await countEvents(viewer, {
          source: 'subscriber',
          type: 'destroyed',
          streamId: ended,
        }),
      ).toBe(1);
      expect(
        await countEvents(viewer, {
          source: 'subscriber',
          type: 'destroyed',
          streamId: remaining,
        }),
      ).toBe(0);
      expect(await countEvents(viewer, { type: 'error' })).toBe(0);
      expect(
        await countEvents(viewer, { source: 'subscriber', type: 'error' }),
      ).toBe(0);
    });

    test('OTSubscriber applies preferredResolution live', async ({
      browser,
    }) => {
      const peerCredentials = await server.mintToken();
      const viewerCredentials = await server.mintToken({
        sessionId: peerCredentials.sessionId,
      });
      const peer = await openHarness(browser, server.url);
      await render(peer, peerCredentials, { label: 'peer', publish: true });
      const viewer = await openHarness(browser, server.url);
      const small = { width: 160, height: 120 };
      await render(viewer, viewerCredentials, {
        label: 'viewer',
        subscribe: true,
        subscriberProperties: { preferredResolution: small },
      });
      await expect
        .poll(() => viewer.evaluate(countDecodedFrames), poll)
        .toBeGreaterThan(0);
      await expect
        .poll(async () => (await viewer.evaluate(inboundFrameWidths))[0], poll)
        .toBeLessThanOrEqual(160);

      // Dropping the prop lifts the limit on the same subscription.
      await render(viewer, viewerCredentials, {
        label: 'viewer',
        subscribe: true,
        subscriberProperties: {},
      });
      await expect
        .poll(async () => (await viewer.evaluate(inboundFrameWidths))[0], poll)
        .toBeGreaterThan(160);
      expect(await countEvents(viewer, { type: 'streamCreated' })).toBe(1);
      expect(
        await countEvents(viewer, { source: 'subscriber', type: 'error' }),
      ).toBe(0);
    });
  });
}

async function publishedStreamId(page: import('@playwright/test').Page) {
  await expect
    .poll(
      () => countEvents(page, { source: 'publisher', type: 'streamCreated' }),
      poll,
    )
    .toBe(1);
  const events = await recordedEvents(page);
  const created = events.find(
    (event) => event.source === 'publisher' && event.type === 'streamCreated',
  );
  return created!.streamId!;
}
