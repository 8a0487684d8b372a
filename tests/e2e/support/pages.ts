// Page helpers for specs that drive the sessioncore API in
// tests/e2e/pages/session.html against the loopback server: open a page,
// connect its session, publish the fake camera and subscribe to every
// remote stream.
import type { Browser, Page } from '@playwright/test';

import type { MintedToken, SessionServer } from './server.js';
import { trackPeerConnections } from './webrtc.js';

/** Opens session.html in a fresh browser context of `browser`. */
export async function openSessionPage(
  browser: Browser,
  server: SessionServer,
): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await trackPeerConnections(page);
  page.on('pageerror', (error) => console.log(`page error: ${error.message}`));
  await page.goto(`${server.url}/tests/e2e/pages/session.html`);
  await page.waitForFunction(() => (window as any).ready === true);
  return page;
}

/**
 * Connects window.session with `minted`. Unless `subscribe` is false,
 * every remote stream is subscribed into #subscribers, with `subscribe` as
 * extra subscriber properties when it is an object, and the last
 * Subscriber is window.subscriber.
 */
export async function connectSession(
  page: Page,
  minted: MintedToken,
  subscribe: boolean | Record<string, unknown> = true,
): Promise<void> {
  await page.evaluate(
    async ({ apiKey, sessionId, token, subscribe }) => {
      const w = window as any;
      const session = w.sessioncore.OT.initSession(apiKey, sessionId);
      w.session = session;
      if (subscribe) {
        session.on('streamCreated', (event: any) => {
          w.subscriber = session.subscribe(event.stream, 'subscribers', {
            insertMode: 'append',
            width: 320,
            height: 240,
            ...(typeof subscribe === 'object' ? subscribe : {}),
          });
        });
      }
      await session.connect(token);
    },
    { ...minted, subscribe },
  );
}

/**
 * Publishes the fake camera as window.publisher and resolves once the
 * stream is published.
 */
export async function publishCamera(
  page: Page,
  properties: Record<string, unknown> = {},
): Promise<void> {
  await page.evaluate(async (properties) => {
    const w = window as any;
    w.publisher = w.sessioncore.OT.initPublisher('publisher', {
      width: 320,
      height: 240,
      ...properties,
    });
    await new Promise<void>((resolve, reject) =>
      w.session.publish(w.publisher, (error: unknown) =>
        error ? reject(error) : resolve(),
      ),
    );
  }, properties);
}

/** Returns the frames that window.subscriber decoded so far, or 0. */
export function framesDecoded(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const subscriber = (window as any).subscriber;
    if (subscriber === undefined) {
      return 0;
    }
    return (await subscriber.getStats()).video.framesDecoded as number;
  });
}

/** Returns the connection ID of window.session. */
export function connectionIdOf(page: Page): Promise<string> {
  return page.evaluate(() => (window as any).session.connection.connectionId);
}
