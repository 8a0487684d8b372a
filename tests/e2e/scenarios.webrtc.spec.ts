// Scenarios from field reports, end to end in Chromium against the real
// server: joining a busy session, remote departures, signal routing,
// subscribing to a stream that just ended, and calls in the wrong state.
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

interface Recorded {
  name: string;
  reason?: string;
  connectionId?: string;
  streamId?: string;
  streamConnectionId?: string;
  signalType?: string;
  data?: string;
  from?: string;
  fromIsLocal?: boolean;
}

const root = process.cwd();
let server: SessionServer;

test.beforeAll(async () => {
  const problem = loopbackOnlyProblem();
  test.skip(problem !== undefined, problem);
  const binary = findServerBinary(root);
  if (binary === undefined) {
    throw new Error('sessioncore-server is not built; run ./sessioncore build');
  }
  server = await startServer(binary, root);
});

test.afterAll(async () => {
  await server?.stop();
});

// Opens a page whose window.session records its events; `subscribeAll`
// subscribes to every remote stream into #subscribers.
async function client(
  browser: Browser,
  minted: MintedToken,
  subscribeAll: boolean,
): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await trackPeerConnections(page);
  await page.goto(`${server.url}/tests/e2e/pages/session.html`);
  await page.waitForFunction(() => (window as any).ready === true);
  await page.evaluate(
    ({ minted, subscribeAll }) => {
      const w = window as any;
      const session = w.sessioncore.OT.initSession(
        minted.apiKey,
        minted.sessionId,
      );
      w.session = session;
      w.token = minted.token;
      w.streams = {};
      w.connections = {};
      w.recordEvents(session);
      session.on('connectionCreated', (event: any) => {
        w.connections[event.connection.data] = event.connection;
      });
      session.on('streamCreated', (event: any) => {
        w.streams[event.stream.streamId] = event.stream;
        if (subscribeAll) {
          session.subscribe(event.stream, 'subscribers', {
            insertMode: 'append',
          });
        }
      });
    },
    { minted, subscribeAll },
  );
  return page;
}

function connect(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const w = window as any;
    await w.session.connect(w.token);
    return w.session.connection.connectionId as string;
  });
}

// Publishes a camera stream and resolves its stream ID.
function publish(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const w = window as any;
    const target = document.createElement('div');
    document.body.appendChild(target);
    w.publisher = w.sessioncore.OT.initPublisher(target, {
      insertMode: 'append',
    });
    await new Promise<void>((resolve, reject) =>
      w.session.publish(w.publisher, (error: unknown) =>
        error ? reject(error) : resolve(),
      ),
    );
    return w.publisher.stream.streamId as string;
  });
}

async function events(page: Page, name?: string): Promise<Recorded[]> {
  const all: Recorded[] = await page.evaluate(() => (window as any).events);
  return name === undefined ? all : all.filter((event) => event.name === name);
}

async function tokens(count: number): Promise<MintedToken[]> {
  const first = await server.mintToken({ data: 'client0' });
  const minted = [first];
  for (let i = 1; i < count; i += 1) {
    minted.push(
      await server.mintToken({
        sessionId: first.sessionId,
        data: `client${i}`,
      }),
    );
  }
  return minted;
}

test('joining announces existing clients once', async ({ browser }) => {
  const [forA, forB, forC] = (await tokens(3)) as [
    MintedToken,
    MintedToken,
    MintedToken,
  ];
  const b = await client(browser, forB, false);
  const bId = await connect(b);
  const streamB = await publish(b);
  const c = await client(browser, forC, false);
  const cId = await connect(c);
  const a = await client(browser, forA, false);

  // Connect with a callback, and add a second recorder in the same tick.
  const join = await a.evaluate(async () => {
    const w = window as any;
    const seen: Record<string, unknown> = { lateStreamCreated: 0 };
    const connected = new Promise<void>((resolve) => {
      w.session.on('sessionConnected', () => {
        seen['connectionAtEvent'] = w.session.connection?.connectionId;
      });
      w.session.connect(w.token, (error: unknown) => {
        seen['callbackError'] = error ?? null;
        seen['connectionAtCallback'] = w.session.connection?.connectionId;
        resolve();
      });
    });
    seen['eventsDuringConnect'] = w.events.length;
    w.session.on('streamCreated', () => {
      (seen['lateStreamCreated'] as number) += 1;
    });
    await connected;
    return seen;
  });
  const aId = await a.evaluate(
    () => (window as any).session.connection.connectionId,
  );
  expect(join['eventsDuringConnect']).toBe(0);
  expect(join['callbackError']).toBeNull();
  expect(join['connectionAtCallback']).toBe(aId);
  expect(join['connectionAtEvent']).toBe(aId);
  await expect
    .poll(async () => (await events(a, 'streamCreated')).length)
    .toBe(1);
  expect(join['lateStreamCreated']).toBe(1);

  const created = await events(a, 'connectionCreated');
  const createdIds = created.map((event) => event.connectionId).sort();
  expect(createdIds).toEqual([aId, bId, cId].sort());
  expect(await events(a, 'sessionConnected')).toHaveLength(1);
  const order = (await events(a)).map(
    (e) => `${e.name}:${e.connectionId ?? e.streamId}`,
  );
  expect(order.indexOf(`connectionCreated:${bId}`)).toBeLessThan(
    order.indexOf(`streamCreated:${streamB}`),
  );

  // The local stream is announced by the Publisher, never by the Session.
  const streamA = await publish(a);
  await expect
    .poll(async () => (await events(b, 'streamCreated')).map((e) => e.streamId))
    .toContain(streamA);
  const aStreams = (await events(a, 'streamCreated')).map((e) => e.streamId);
  expect(aStreams).toEqual([streamB]);
});

test('remote unpublish and disconnect give ordered events', async ({
  browser,
}) => {
  const [forA, forB] = (await tokens(2)) as [MintedToken, MintedToken];
  const a = await client(browser, forA, true);
  const b = await client(browser, forB, false);
  await connect(a);
  const bId = await connect(b);
  const first = await publish(b);
  await expect(a.locator('.OT_subscriber')).toHaveCount(1);

  await b.evaluate(() =>
    (window as any).session.unpublish((window as any).publisher),
  );
  await expect
    .poll(async () => (await events(a, 'streamDestroyed')).length)
    .toBe(1);
  expect(await events(a, 'streamDestroyed')).toEqual([
    expect.objectContaining({ streamId: first, reason: 'unpublished' }),
  ]);
  expect(await events(a, 'connectionDestroyed')).toHaveLength(0);
  await expect(a.locator('.OT_subscriber')).toHaveCount(0);

  const second = await publish(b);
  await expect(a.locator('.OT_subscriber')).toHaveCount(1);
  await b.evaluate(() => (window as any).session.disconnect());
  await expect
    .poll(async () => (await events(a, 'connectionDestroyed')).length)
    .toBe(1);
  const departures = (await events(a)).filter(
    (e) => e.name === 'streamDestroyed' || e.name === 'connectionDestroyed',
  );
  expect(departures).toEqual([
    expect.objectContaining({ name: 'streamDestroyed', streamId: first }),
    expect.objectContaining({
      name: 'streamDestroyed',
      streamId: second,
      reason: 'clientDisconnected',
    }),
    expect.objectContaining({
      name: 'connectionDestroyed',
      connectionId: bId,
      reason: 'clientDisconnected',
    }),
  ]);
  await expect(a.locator('.OT_subscriber')).toHaveCount(0);
  await expect.poll(() => livePeerConnections(a)).toBe(0);
  const faults = [
    ...(await events(a, 'exception')),
    ...(await events(a, 'otrnError')),
  ];
  expect(faults).toEqual([]);
});

test('signals reach exactly their recipients in order', async ({ browser }) => {
  // Three pages and 53 signals: more than the default budget on a loaded
  // two-core machine.
  test.setTimeout(180_000);
  const minted = await tokens(3);
  const pages = await Promise.all(
    minted.map((token) => client(browser, token, false)),
  );
  const [a, b, c] = pages as [Page, Page, Page];
  for (const page of pages) {
    await connect(page);
  }
  await expect
    .poll(() =>
      a.evaluate(() => Object.keys((window as any).connections).length),
    )
    .toBe(3);

  const callbacks = await a.evaluate(async () => {
    const w = window as any;
    const send = (signal: unknown) =>
      new Promise<unknown>((resolve) =>
        w.session.signal(signal, (error: unknown) => resolve(error ?? null)),
      );
    const results = [
      await send({ type: 'chat', data: '1', to: w.connections.client1 }),
      await send({ type: 'chat', data: '2' }),
      await send({ data: '3' }),
    ];
    const sequence = [];
    for (let i = 0; i < 50; i += 1) {
      sequence.push(send({ type: 'seq', data: String(i) }));
    }
    return [...results, ...(await Promise.all(sequence))];
  });
  expect(callbacks).toHaveLength(53);
  expect(callbacks.every((error) => error === null)).toBe(true);

  const expected = new Map([
    [a, 52],
    [b, 53],
    [c, 52],
  ]);
  for (const [page, count] of expected) {
    await expect
      .poll(async () => (await events(page, 'signal')).length)
      .toBe(count);
  }
  const aId = await a.evaluate(
    () => (window as any).session.connection.connectionId,
  );
  for (const page of pages) {
    const signals = await events(page, 'signal');
    const sequence = signals
      .filter((s) => s.signalType === 'seq')
      .map((s) => s.data);
    expect(sequence).toEqual(Array.from({ length: 50 }, (_, i) => String(i)));
    expect(signals.every((s) => s.from === aId)).toBe(true);
    const untyped = signals.find((s) => s.data === '3');
    expect(untyped?.signalType).toBe('');
    expect(await events(page, 'chat')).toEqual([]);
  }
  const chatData = async (page: Page) =>
    (await events(page, 'signal'))
      .filter((s) => s.signalType === 'chat')
      .map((s) => s.data);
  expect(await chatData(b)).toEqual(['1', '2']);
  expect(await chatData(a)).toEqual(['2']);
  expect(await chatData(c)).toEqual(['2']);
  expect(await events(b, 'signal:chat')).toHaveLength(2);
  expect(await events(a, 'signal:chat')).toHaveLength(1);
  expect(await events(c, 'signal:chat')).toHaveLength(1);
  const ownBroadcast = (await events(a, 'signal')).find((s) => s.data === '2');
  expect(ownBroadcast?.fromIsLocal).toBe(true);
});

test('subscribing to an ended stream fails cleanly', async ({ browser }) => {
  const [forA, forB] = (await tokens(2)) as [MintedToken, MintedToken];
  const a = await client(browser, forA, false);
  const b = await client(browser, forB, false);
  await connect(a);
  await connect(b);
  const streamId = await publish(b);
  await expect
    .poll(async () => (await events(a, 'streamCreated')).length)
    .toBe(1);
  await b.evaluate(() =>
    (window as any).session.unpublish((window as any).publisher),
  );
  await expect
    .poll(async () => (await events(a, 'streamDestroyed')).length)
    .toBe(1);

  const outcome = await a.evaluate(async (streamId) => {
    const w = window as any;
    let calls = 0;
    let subscriber: any;
    const error = await new Promise<any>((resolve) => {
      subscriber = w.session.subscribe(
        w.streams[streamId],
        'subscribers',
        { insertMode: 'append' },
        (failure: any) => {
          calls += 1;
          resolve(failure ?? null);
        },
      );
    });
    await w.session.unsubscribe(subscriber);
    await w.session.unsubscribe(subscriber);
    return {
      name: error?.name,
      code: error?.code,
      calls,
      returnedSubscriber: subscriber instanceof w.sessioncore.Subscriber,
    };
  }, streamId);
  expect(outcome.name).toBe('OT_STREAM_DESTROYED');
  expect(outcome.calls).toBe(1);
  expect(outcome.returnedSubscriber).toBe(true);
  await expect(a.locator('.OT_subscriber')).toHaveCount(0);
  expect(await livePeerConnections(a)).toBe(0);
  expect(await events(a, 'exception')).toEqual([]);
});

test('calls in the wrong state report through callbacks', async ({
  browser,
}) => {
  const [forA, forB] = (await tokens(2)) as [MintedToken, MintedToken];
  const b = await client(browser, forB, false);
  await connect(b);
  const a = await client(browser, forA, false);

  const results = await a.evaluate(async () => {
    const w = window as any;
    const session = w.session;
    const outcome = (call: (cb: (e?: any) => void) => void) =>
      new Promise<string>((resolve) =>
        call((error?: any) => resolve(error ? `${error.code}` : 'ok')),
      );
    const beforeConnect = await outcome((cb) =>
      session.signal({ data: 'x' }, cb),
    );
    const first = outcome((cb) => session.connect(w.token, cb));
    const second = outcome((cb) => session.connect(w.token, cb));
    const joined = [await first, await second];
    const firstId = session.connection.connectionId;
    const whileConnected = await outcome((cb) => session.connect(w.token, cb));
    await session.disconnect();
    await session.disconnect();
    const afterDisconnect = [
      await outcome((cb) => session.signal({ data: 'x' }, cb)),
      await outcome((cb) => session.forceMuteAll([], cb)),
    ];
    const again = await outcome((cb) => session.connect(w.token, cb));
    return {
      beforeConnect,
      joined,
      whileConnected,
      afterDisconnect,
      again,
      newConnection: session.connection.connectionId !== firstId,
    };
  });
  expect(results.beforeConnect).toBe('1010');
  expect(results.joined).toEqual(['ok', '1015']);
  expect(results.whileConnected).toBe('1015');
  expect(results.afterDisconnect).toEqual(['1010', '1010']);
  expect(results.again).toBe('ok');
  expect(results.newConnection).toBe(true);
  await expect
    .poll(async () => (await events(a, 'sessionDisconnected')).length)
    .toBe(1);
  expect(await events(a, 'sessionDisconnected')).toEqual([
    expect.objectContaining({ reason: 'clientDisconnected' }),
  ]);
  expect(await events(a, 'sessionConnected')).toHaveLength(2);
  // B saw two connections of A come, one per successful connect.
  const aConnections = (await events(b, 'connectionCreated')).filter(
    (e) => e.connectionId !== undefined,
  );
  await expect
    .poll(async () => (await events(b, 'connectionDestroyed')).length)
    .toBe(1);
  expect(aConnections.length).toBe(3);
});

test('proxyUrl and enableStereoOutput take effect', async ({ browser }) => {
  const [forA, forB] = (await tokens(2)) as [MintedToken, MintedToken];
  const b = await client(browser, forB, false);
  await connect(b);
  await publish(b);
  const a = await (await browser.newContext()).newPage();
  await a.goto(`${server.url}/tests/e2e/pages/session.html`);
  await a.waitForFunction(() => (window as any).ready === true);
  const answer = await a.evaluate(
    async ({ minted, proxyUrl }) => {
      const w = window as any;
      // Nothing listens on port 9 (discard), so only the proxy URL works.
      const session = w.sessioncore.OT.initSession(
        minted.apiKey,
        minted.sessionId,
        { serverUrl: 'http://127.0.0.1:9', proxyUrl, enableStereoOutput: true },
      );
      const subscribed = new Promise<any>((resolve) =>
        session.on('streamCreated', (event: any) =>
          resolve(session.subscribe(event.stream, 'subscribers')),
        ),
      );
      await session.connect(minted.token);
      const subscriber = await subscribed;
      for (;;) {
        const sdp = session.connectionsOf(subscriber.id)[0]?.localDescription
          ?.sdp as string | undefined;
        if (sdp !== undefined) {
          return sdp;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    { minted: forA, proxyUrl: server.url },
  );
  const opusFmtp = answer
    .split('\r\n')
    .filter((line) => /^a=fmtp:\d+ .*useinbandfec/.test(line));
  expect(opusFmtp.length).toBeGreaterThan(0);
  for (const line of opusFmtp) {
    expect(line).toContain('stereo=1');
  }
});
