// Two browser pages in one session against the real sessioncore-server on
// loopback: connect, publish, subscribe, decode each other's video, signal,
// mute, unpublish and disconnect, and leave nothing behind.
import { type Browser, expect, type Page, test } from '@playwright/test';

import {
  findServerBinary,
  type MintedToken,
  type SessionServer,
  startServer,
} from './support/server.js';
import {
  livePeerConnections,
  loopbackOnlyProblem,
  trackPeerConnections,
} from './support/webrtc.js';

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

async function openPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await trackPeerConnections(page);
  page.on('pageerror', (error) => console.log(`page error: ${error.message}`));
  await page.goto(`${server.url}/tests/e2e/pages/session.html`);
  await page.waitForFunction(() => (window as any).ready === true);
  return page;
}

// Connects the page's session, records its events in window.seen, and
// subscribes to every remote stream into #subscribers.
async function join(page: Page, minted: MintedToken): Promise<void> {
  await page.evaluate(async ({ apiKey, sessionId, token }) => {
    const w = window as any;
    const session = w.sessioncore.OT.initSession(apiKey, sessionId);
    w.session = session;
    w.seen = [];
    const record = (event: any) =>
      w.seen.push({
        type: event.type,
        name: event.constructor.name,
        reason: event.reason,
        data: event.data,
        from: event.from?.connectionId,
        changedProperty: event.changedProperty,
        newValue: event.newValue,
        streamId: event.stream?.streamId,
      });
    session.on(
      'streamDestroyed connectionDestroyed sessionDisconnected ' +
        'streamPropertyChanged',
      (event: any) => record({ ...event, type: event.type }),
    );
    session.on('signal', (event: any) =>
      w.seen.push({
        type: 'signal',
        data: event.data,
        from: event.from?.connectionId,
      }),
    );
    session.on('streamCreated', (event: any) => {
      w.subscriber = session.subscribe(event.stream, 'subscribers', {
        insertMode: 'append',
        width: 320,
        height: 240,
      });
    });
    await session.connect(token);
  }, minted);
}

async function publish(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const w = window as any;
    w.publisher = w.sessioncore.OT.initPublisher('publisher', {
      width: 320,
      height: 240,
      name: 'camera',
    });
    await new Promise<void>((resolve, reject) =>
      w.session.publish(w.publisher, (error: unknown) =>
        error ? reject(error) : resolve(),
      ),
    );
  });
}

function framesDecoded(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const subscriber = (window as any).subscriber;
    if (subscriber === undefined) {
      return 0;
    }
    return (await subscriber.getStats()).video.framesDecoded as number;
  });
}

function seen(page: Page): Promise<any[]> {
  return page.evaluate(() => (window as any).seen);
}

function countElements(page: Page, selector: string): Promise<number> {
  return page.locator(selector).count();
}

test('two pages exchange video, signals and stream changes', async ({
  browser,
}) => {
  const first = await server.mintToken({ data: 'alice' });
  const second = await server.mintToken({
    sessionId: first.sessionId,
    data: 'bob',
  });
  const alice = await openPage(browser);
  const bob = await openPage(browser);
  await join(alice, first);
  await join(bob, second);
  await publish(alice);
  await publish(bob);

  // Each side decodes the other's video.
  await expect
    .poll(() => framesDecoded(alice), { timeout: 30_000 })
    .toBeGreaterThan(0);
  await expect
    .poll(() => framesDecoded(bob), { timeout: 30_000 })
    .toBeGreaterThan(0);

  // DOM conventions of the default UI.
  for (const page of [alice, bob]) {
    await expect(page.locator('#subscribers > .OT_subscriber')).toHaveCount(1);
    await expect(
      page.locator('.OT_subscriber video.OT_video-element'),
    ).toHaveCount(1);
    await expect(page.locator('.OT_subscriber')).not.toHaveClass(/OT_loading/);
    // insertMode 'replace' (the default) swaps the #publisher target out.
    await expect(page.locator('#publisher')).toHaveCount(0);
    await expect(
      page.locator('.OT_publisher video.OT_video-element'),
    ).toHaveCount(1);
  }

  const aliceId = await alice.evaluate(
    () => (window as any).session.connection.connectionId,
  );
  const bobId = await bob.evaluate(
    () => (window as any).session.connection.connectionId,
  );

  // A signal without `to` reaches everyone, the sender included.
  await alice.evaluate(() =>
    (window as any).session.signal({ type: 'chat', data: 'hello all' }),
  );
  // A signal to one connection reaches only that connection.
  await bob.evaluate(async () => {
    const w = window as any;
    await w.session.signal({
      type: 'chat',
      data: 'only alice',
      to: w.subscriber.stream.connection,
    });
  });
  const signalsOf = async (page: Page) =>
    (await seen(page)).filter((event) => event.type === 'signal');
  await expect.poll(async () => (await signalsOf(alice)).length).toBe(2);
  await expect.poll(async () => (await signalsOf(bob)).length).toBe(1);
  const aliceSignals = await signalsOf(alice);
  expect(aliceSignals).toContainEqual({
    type: 'signal',
    data: 'hello all',
    from: aliceId,
  });
  expect(aliceSignals).toContainEqual({
    type: 'signal',
    data: 'only alice',
    from: bobId,
  });
  expect(await signalsOf(bob)).toEqual([
    { type: 'signal', data: 'hello all', from: aliceId },
  ]);

  // publishAudio(false) reaches the peer as streamPropertyChanged.
  await alice.evaluate(() => (window as any).publisher.publishAudio(false));
  await expect
    .poll(async () =>
      (await seen(bob)).find((e) => e.type === 'streamPropertyChanged'),
    )
    .toMatchObject({ changedProperty: 'hasAudio', newValue: false });

  // Unpublishing removes the stream on the other side with its subscriber.
  await alice.evaluate(() =>
    (window as any).session.unpublish((window as any).publisher),
  );
  await expect
    .poll(async () =>
      (await seen(bob)).find((e) => e.type === 'streamDestroyed'),
    )
    .toMatchObject({ reason: 'unpublished' });
  await expect(bob.locator('.OT_subscriber')).toHaveCount(0);
  await expect(alice.locator('.OT_publisher')).toHaveCount(0);

  // Disconnecting gives sessionDisconnected locally and connectionDestroyed
  // (after streamDestroyed of its stream) on the other side.
  await alice.evaluate(() => (window as any).session.disconnect());
  await expect
    .poll(async () =>
      (await seen(alice)).find((e) => e.type === 'sessionDisconnected'),
    )
    .toMatchObject({ reason: 'clientDisconnected' });
  await expect
    .poll(async () =>
      (await seen(bob)).find((e) => e.type === 'connectionDestroyed'),
    )
    .toMatchObject({ reason: 'clientDisconnected' });
  await bob.evaluate(() => (window as any).session.disconnect());
  await expect
    .poll(async () =>
      (await seen(bob)).find((e) => e.type === 'sessionDisconnected'),
    )
    .toBeTruthy();

  // Nothing is left behind: no peer connection and no media element.
  for (const page of [alice, bob]) {
    await expect.poll(() => livePeerConnections(page)).toBe(0);
    expect(await countElements(page, '.OT_publisher, .OT_subscriber')).toBe(0);
    expect(await countElements(page, 'video')).toBe(0);
  }
});

test('initPublisher places its element by insertMode', async ({ browser }) => {
  const page = await openPage(browser);
  const placements = await page.evaluate(async () => {
    const w = window as any;
    const results: Record<string, unknown> = {};
    for (const mode of ['replace', 'after', 'before', 'append']) {
      const target = document.createElement('div');
      target.id = `target-${mode}`;
      document.body.appendChild(target);
      const publisher = w.sessioncore.OT.initPublisher(target.id, {
        insertMode: mode,
        width: 200,
        height: '150px',
      });
      await new Promise((resolve) => publisher.on('accessAllowed', resolve));
      const element: HTMLElement = publisher.element;
      results[mode] = {
        targetInPage: document.getElementById(target.id) !== null,
        parentIsTarget: element.parentElement === target,
        nextIsTarget: element.nextElementSibling === target,
        previousIsTarget: element.previousElementSibling === target,
        className: element.className,
        width: element.style.width,
        height: element.style.height,
        videos: element.querySelectorAll('video.OT_video-element').length,
      };
      publisher.destroy();
      results[`${mode}-removed`] = !document.body.contains(element);
      target.remove();
    }
    return results;
  });
  expect(placements['replace']).toMatchObject({ targetInPage: false });
  expect(placements['after']).toMatchObject({ previousIsTarget: true });
  expect(placements['before']).toMatchObject({ nextIsTarget: true });
  expect(placements['append']).toMatchObject({ parentIsTarget: true });
  for (const mode of ['replace', 'after', 'before', 'append']) {
    expect(placements[mode]).toMatchObject({
      width: '200px',
      height: '150px',
      videos: 1,
    });
    expect((placements[mode] as { className: string }).className).toContain(
      'OT_publisher',
    );
    expect(placements[`${mode}-removed`]).toBe(true);
  }
});
