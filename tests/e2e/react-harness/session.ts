// Helpers that drive the harness page (harness.tsx) from a Playwright test.
import type { Browser, BrowserContext, Page } from '@playwright/test';

import type { HarnessSpec, RecordedEvent } from './harness.js';
import { installInstrumentation } from './instrument.js';
import type { MintedToken as Credentials } from '../support/server.js';

export type { HarnessSpec, RecordedEvent };

// Contexts opened by the current test. The `browser` fixture lives for the
// whole worker, so contexts (each with a fake camera) must be closed after
// every test or they pile up.
const openContexts: BrowserContext[] = [];

/** Opens a browser context with the instrumentation installed. */
export async function newInstrumentedContext(
  browser: Browser,
): Promise<BrowserContext> {
  const context = await browser.newContext();
  openContexts.push(context);
  await context.addInitScript(installInstrumentation);
  return context;
}

/** Closes every context this test opened; call it from test.afterEach. */
export async function closeContexts(): Promise<void> {
  const contexts = openContexts.splice(0);
  await Promise.all(contexts.map((context) => context.close()));
}

/** Opens the harness in a fresh browser context with instrumentation. */
export async function openHarness(
  browser: Browser,
  serverUrl: string,
): Promise<Page> {
  const context = await newInstrumentedContext(browser);
  const page = await context.newPage();
  await page.goto(`${serverUrl}/index.html`);
  await page.waitForFunction(() => (window as any).harnessReady === true);
  return page;
}

/** Renders (or, with mounted false, unmounts) the tree of the harness. */
export async function render(
  page: Page,
  credentials: Credentials,
  spec: Omit<HarnessSpec, 'apiKey' | 'sessionId' | 'token' | 'mounted'> & {
    mounted?: boolean;
  },
): Promise<void> {
  const full: HarnessSpec = {
    mounted: true,
    apiKey: credentials.apiKey,
    sessionId: credentials.sessionId,
    token: credentials.token,
    ...spec,
  };
  await page.evaluate((value) => (window as any).harness.render(value), full);
}

export async function unmount(page: Page): Promise<void> {
  await page.evaluate(() => (window as any).harness.render({ mounted: false }));
}

/** Returns every event the page's handlers received so far. */
export function recordedEvents(page: Page): Promise<RecordedEvent[]> {
  return page.evaluate(() => [...(window as any).harness.events]);
}

/** Counts recorded events that match every given field. */
export async function countEvents(
  page: Page,
  match: Partial<RecordedEvent>,
): Promise<number> {
  const events = await recordedEvents(page);
  return events.filter((event) =>
    Object.entries(match).every(
      ([key, value]) => event[key as keyof RecordedEvent] === value,
    ),
  ).length;
}

/** Calls a method on the OTSession ref of the page. */
export function callRef(
  page: Page,
  method: string,
  ...args: unknown[]
): Promise<any> {
  return page.evaluate(
    ([name, values]) =>
      (window as any).harness.callRef(name, ...(values as unknown[])),
    [method, args] as const,
  );
}
