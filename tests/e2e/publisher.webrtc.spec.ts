// The Publisher's own streamDestroyed event and the return values of
// session.publish() and session.subscribe(), with real media on loopback.
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
import { livePeerConnections, loopbackOnlyProblem } from './support/webrtc.js';

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

// Records the publisher's streamDestroyed and destroyed events in
// window.publisherEvents; with `prevent` the handler calls preventDefault().
async function watchPublisher(page: Page, prevent: boolean): Promise<void> {
  await page.evaluate((prevent) => {
    const w = window as any;
    w.publisherEvents = [];
    w.publisherTracks = w.publisher.mediaStream.getTracks();
    w.publisher.on('streamDestroyed', (event: any) => {
      if (prevent) {
        event.preventDefault();
      }
      w.publisherEvents.push({
        type: event.type,
        reason: event.reason,
        cancelable: event.cancelable,
        streamId: event.stream?.streamId,
        prevented: event.isDefaultPrevented(),
      });
    });
    w.publisher.on('destroyed', (event: any) =>
      w.publisherEvents.push({ type: event.type, reason: event.reason }),
    );
  }, prevent);
}

function publisherEvents(page: Page): Promise<any[]> {
  return page.evaluate(() => (window as any).publisherEvents);
}

function trackStates(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    (window as any).publisherTracks.map(
      (track: MediaStreamTrack) => track.readyState,
    ),
  );
}

test('streamDestroyed default destroys the publisher', async ({ browser }) => {
  const first = await server.mintToken({ role: 'moderator' });
  const alice = await openSessionPage(browser, server);
  await connectSession(alice, first, false);
  await publishCamera(alice);
  await watchPublisher(alice, false);
  const streamId = await alice.evaluate(
    () => (window as any).publisher.stream.streamId,
  );
  expect(await trackStates(alice)).toEqual(['live', 'live']);

  await alice.evaluate(() =>
    (window as any).session.unpublish((window as any).publisher),
  );
  await expect.poll(() => publisherEvents(alice)).toHaveLength(2);
  expect(await publisherEvents(alice)).toEqual([
    {
      type: 'streamDestroyed',
      reason: 'unpublished',
      cancelable: true,
      streamId,
      prevented: false,
    },
    { type: 'destroyed', reason: 'unpublished' },
  ]);
  expect(await trackStates(alice)).toEqual(['ended', 'ended']);
  await expect(alice.locator('.OT_publisher')).toHaveCount(0);
  expect(await alice.evaluate(() => (window as any).publisher.stream)).toBe(
    undefined,
  );
});

test('prevented streamDestroyed keeps the publisher', async ({ browser }) => {
  const first = await server.mintToken({ role: 'moderator', data: 'alice' });
  const second = await server.mintToken({
    sessionId: first.sessionId,
    data: 'bob',
  });
  const alice = await openSessionPage(browser, server);
  const bob = await openSessionPage(browser, server);
  await connectSession(alice, first, false);
  await connectSession(bob, second);
  await publishCamera(alice);
  await expect
    .poll(() => framesDecoded(bob), { timeout: 30_000 })
    .toBeGreaterThan(0);
  await watchPublisher(alice, true);
  const firstStreamId = await alice.evaluate(
    () => (window as any).publisher.stream.streamId,
  );

  // A moderator's forceUnpublish of its own stream reaches the Publisher
  // with that reason; the handler keeps the element and the tracks.
  await alice.evaluate(
    (streamId) => (window as any).session.forceUnpublish(streamId),
    firstStreamId,
  );
  await expect.poll(() => publisherEvents(alice)).toHaveLength(1);
  expect(await publisherEvents(alice)).toEqual([
    {
      type: 'streamDestroyed',
      reason: 'forceUnpublished',
      cancelable: true,
      streamId: firstStreamId,
      prevented: true,
    },
  ]);
  expect(await trackStates(alice)).toEqual(['live', 'live']);
  await expect(alice.locator('.OT_publisher')).toHaveCount(1);
  await expect(bob.locator('.OT_subscriber')).toHaveCount(0);

  // The same Publisher publishes again: a new stream that Bob decodes.
  const again = await alice.evaluate(async () => {
    const w = window as any;
    let returnedSame = false;
    await new Promise<void>((resolve, reject) => {
      const returned = w.session.publish(w.publisher, (error: unknown) =>
        error ? reject(error) : resolve(),
      );
      returnedSame = returned === w.publisher;
    });
    return { returnedSame, streamId: w.publisher.stream.streamId };
  });
  expect(again.returnedSame).toBe(true);
  expect(again.streamId).not.toBe(firstStreamId);
  await expect
    .poll(() => bob.evaluate(() => (window as any).subscriber.stream.streamId))
    .toBe(again.streamId);
  await expect
    .poll(() => framesDecoded(bob), { timeout: 30_000 })
    .toBeGreaterThan(0);
  expect(await publisherEvents(alice)).toHaveLength(1);

  // After the second unpublish nothing is left: destroy() releases it.
  await alice.evaluate(async () => {
    const w = window as any;
    await w.session.unpublish(w.publisher);
    w.publisher.destroy();
  });
  expect(await trackStates(alice)).toEqual(['ended', 'ended']);
  await expect(alice.locator('.OT_publisher')).toHaveCount(0);
  await expect.poll(() => livePeerConnections(alice)).toBe(0);
});

test('publish and subscribe return their objects', async ({ browser }) => {
  const first = await server.mintToken({ role: 'subscriber' });
  const second = await server.mintToken({
    sessionId: first.sessionId,
    role: 'publisheronly',
  });
  const viewer = await openSessionPage(browser, server);
  const camera = await openSessionPage(browser, server);
  await connectSession(viewer, first, false);
  await viewer.evaluate(() => {
    const w = window as any;
    w.streams = [];
    w.session.on('streamCreated', (event: any) => w.streams.push(event.stream));
  });
  await connectSession(camera, second, false);

  // A subscriber-role client cannot publish: publish() still returns the
  // Publisher, and the callback gets the error.
  const published = await viewer.evaluate(async () => {
    const w = window as any;
    const publisher = w.sessioncore.OT.initPublisher('publisher');
    let returned: unknown;
    const error: any = await new Promise((resolve) => {
      returned = w.session.publish(publisher, resolve);
    });
    publisher.destroy();
    return {
      isPublisher: returned === publisher,
      name: error?.name,
      code: error?.code,
    };
  });
  expect(published).toEqual({
    isPublisher: true,
    name: 'OT_UNABLE_TO_PUBLISH',
    code: 1500,
  });

  // A publish-only client cannot subscribe, even to its own stream:
  // subscribe() still returns the Subscriber, and the callback gets the
  // error.
  await publishCamera(camera);
  const refused = await camera.evaluate(async () => {
    const w = window as any;
    let returned: any;
    const error: any = await new Promise((resolve) => {
      returned = w.session.subscribe(w.publisher.stream, resolve);
    });
    return {
      isSubscriber: returned instanceof w.sessioncore.Subscriber,
      name: error?.name,
      code: error?.code,
    };
  });
  expect(refused).toEqual({
    isSubscriber: true,
    name: 'OT_UNABLE_TO_SUBSCRIBE',
    code: 1501,
  });

  // The viewer subscribes: the Subscriber comes back at once and the
  // callback gets no error.
  await expect
    .poll(() => viewer.evaluate(() => (window as any).streams.length))
    .toBe(1);
  const subscribed = await viewer.evaluate(async () => {
    const w = window as any;
    let returned: any;
    const error: unknown = await new Promise((resolve) => {
      returned = w.session.subscribe(w.streams[0], 'subscribers', resolve);
      w.subscriber = returned;
    });
    return {
      isSubscriber: returned instanceof w.sessioncore.Subscriber,
      streamId: returned.stream.streamId,
      error: error === undefined ? 'none' : String(error),
    };
  });
  expect(subscribed.isSubscriber).toBe(true);
  expect(subscribed.error).toBe('none');
  expect(subscribed.streamId).toBe(
    await camera.evaluate(() => (window as any).publisher.stream.streamId),
  );
  await expect
    .poll(() => framesDecoded(viewer), { timeout: 30_000 })
    .toBeGreaterThan(0);
});
