// The React example app (examples/react-app) with several participants in
// Chromium against a real server: video both ways, a greeting signal to
// one connection, moderation and roles. Every test runs once with the app
// built against React 19 and once against React 18. Runs only in the
// loopback-only network namespace of ./sessioncore test.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { networkInterfaces } from 'node:os';

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
  buildExample,
  reactVersions,
  serverBinary,
} from './react-harness/build.js';
import { countDecodingPeerConnections } from './react-harness/instrument.js';
import {
  closeContexts,
  newInstrumentedContext,
} from './react-harness/session.js';
import {
  type MintedToken as Credentials,
  type SessionServer,
  startServer,
  type TokenRequest,
} from './support/server.js';

const onlyLoopback = Object.values(networkInterfaces())
  .flat()
  .every((address) => address?.internal);

let server: SessionServer;
const poll = { timeout: 30_000 };

interface LogEntry {
  source: string;
  type: string;
  detail: string;
}

interface Participant {
  name: string;
  page: Page;
}

test.afterEach(async () => {
  await closeContexts();
});

test.beforeEach(() => {
  test.skip(
    !onlyLoopback,
    'WebRTC specs run only in a network namespace that has only loopback',
  );
});

// The version field of the installed React package of a major version.
function reactPackageVersion(react: string): string {
  const name = react === '19' ? 'react' : `react-${react}`;
  const manifest = join(process.cwd(), 'node_modules', name, 'package.json');
  return JSON.parse(readFileSync(manifest, 'utf8')).version as string;
}

async function joinAs(
  browser: Browser,
  name: string,
  role: NonNullable<TokenRequest['role']>,
  sessionId?: string,
): Promise<Participant & { credentials: Credentials }> {
  const credentials = await server.mintToken({
    role,
    data: name,
    ...(sessionId ? { sessionId } : {}),
  });
  const context = await newInstrumentedContext(browser);
  const page = await context.newPage();
  const query = new URLSearchParams({ ...credentials, name });
  await page.goto(`${server.url}/index.html?${query}`);
  await expect(page.getByTestId('status')).toHaveText('connected', poll);
  return { name, page, credentials };
}

async function joinThree(browser: Browser) {
  const ada = await joinAs(browser, 'Ada', 'moderator');
  const sessionId = ada.credentials.sessionId;
  const bob = await joinAs(browser, 'Bob', 'publisher', sessionId);
  const cyd = await joinAs(browser, 'Cyd', 'publisher', sessionId);
  return { ada, bob, cyd };
}

function logOf(page: Page): Promise<LogEntry[]> {
  return page.evaluate(() => (window as any).sessioncoreExample?.events ?? []);
}

async function countLog(
  page: Page,
  source: string,
  type: string,
  detailPart = '',
): Promise<number> {
  return (await logOf(page)).filter(
    (entry) =>
      entry.source === source &&
      entry.type === type &&
      entry.detail.includes(detailPart),
  ).length;
}

// Returns the stream ID of `name` as `viewer` sees it in its subscriber tile.
async function streamIdOf(viewer: Page, name: string): Promise<string> {
  const tile = viewer.getByTestId('subscriber-tile').filter({ hasText: name });
  const id = await tile
    .locator('[data-stream-id]')
    .getAttribute('data-stream-id', poll);
  expect(id).toBeTruthy();
  return id!;
}

async function connectionIdOf(viewer: Page, name: string): Promise<string> {
  const row = viewer
    .getByTestId('participants')
    .locator('[data-connection-id]')
    .filter({ hasText: name });
  const id = await row.getAttribute('data-connection-id', poll);
  expect(id).toBeTruthy();
  return id!;
}

for (const react of reactVersions) {
  test.describe(`React ${react}`, () => {
    let appFolder: string;

    // Each version gets its own server, serving the app built for it.
    test.beforeAll(async () => {
      if (!onlyLoopback) {
        return;
      }
      appFolder = await buildExample(react);
      server = await startServer(serverBinary(), appFolder);
    });

    test.afterAll(async () => {
      await server?.stop();
    });

    test('example app bundles the React under test', () => {
      const bundle = readFileSync(join(appFolder, 'app.js'), 'utf8');
      expect(bundle).toContain(`"${reactPackageVersion(react)}"`);
      for (const other of reactVersions.filter((v) => v !== react)) {
        expect(bundle).not.toContain(`"${reactPackageVersion(other)}"`);
      }
    });

    test('example app shows every other participant video', async ({
      browser,
    }) => {
      const { ada, bob, cyd } = await joinThree(browser);
      for (const { page } of [ada, bob, cyd]) {
        await expect
          .poll(() => page.evaluate(countDecodingPeerConnections), poll)
          .toBeGreaterThanOrEqual(2);
        await expect(page.getByTestId('subscriber-tile')).toHaveCount(2, poll);
      }
    });

    test('example app greeting reaches only its target', async ({
      browser,
    }) => {
      const { ada, bob, cyd } = await joinThree(browser);
      const bobId = await connectionIdOf(ada.page, 'Bob');

      await ada.page.getByTestId(`greet-${bobId}`).click();
      await expect
        .poll(
          () => countLog(bob.page, 'session', 'signal', 'hello from Ada'),
          poll,
        )
        .toBe(1);
      // A broadcast afterwards: once it arrives, an earlier greeting to the
      // same client would have arrived too.
      await ada.page.getByTestId('greet-everyone').click();
      for (const { page } of [ada, bob, cyd]) {
        await expect
          .poll(
            () => countLog(page, 'session', 'signal', 'hello everyone'),
            poll,
          )
          .toBe(1);
      }

      expect(
        await countLog(cyd.page, 'session', 'signal', 'hello from Ada'),
      ).toBe(0);
      expect(
        await countLog(ada.page, 'session', 'signal', 'hello from Ada'),
      ).toBe(0);
      expect(
        await countLog(bob.page, 'session', 'signal', 'hello from Ada'),
      ).toBe(1);
    });

    test('example app moderator mutes all but one stream', async ({
      browser,
    }) => {
      const { ada, bob, cyd } = await joinThree(browser);
      const bobStream = await streamIdOf(ada.page, 'Bob');
      const cydStream = await streamIdOf(ada.page, 'Cyd');

      await ada.page.getByTestId(`exclude-${cydStream}`).check();
      await ada.page.getByTestId('force-mute-all').click();
      await expect
        .poll(() => countLog(bob.page, 'publisher', 'muteForced'), poll)
        .toBe(1);
      // Ada did not exclude her own stream, so it is muted too.
      await expect
        .poll(() => countLog(ada.page, 'publisher', 'muteForced'), poll)
        .toBe(1);
      for (const { page } of [ada, bob, cyd]) {
        await expect
          .poll(
            () => countLog(page, 'session', 'muteForced', 'active=true'),
            poll,
          )
          .toBe(1);
      }
      // Peers see Bob's stream lose its audio.
      const isBobAudioChange = (entry: LogEntry) =>
        entry.type === 'streamPropertyChanged' &&
        entry.detail.includes(bobStream) &&
        entry.detail.includes('"hasAudio"');
      for (const { page } of [ada, cyd]) {
        await expect
          .poll(
            async () => (await logOf(page)).filter(isBobAudioChange).length,
            poll,
          )
          .toBe(1);
        const change = (await logOf(page)).find(isBobAudioChange);
        expect(change?.detail).toContain('true->false');
      }
      expect(await countLog(cyd.page, 'publisher', 'muteForced')).toBe(0);
      expect(await countLog(ada.page, 'app', 'forceMuteAll', 'done')).toBe(1);

      await ada.page.getByTestId('disable-force-mute').click();
      for (const { page } of [ada, bob, cyd]) {
        await expect
          .poll(
            () => countLog(page, 'session', 'muteForced', 'active=false'),
            poll,
          )
          .toBe(1);
      }
    });

    test('example app gives a subscriber no publish rights', async ({
      browser,
    }) => {
      const ada = await joinAs(browser, 'Ada', 'publisher');
      const sam = await joinAs(
        browser,
        'Sam',
        'subscriber',
        ada.credentials.sessionId,
      );

      await expect(sam.page.getByTestId('capabilities')).toContainText(
        'canPublish=false',
        poll,
      );
      await expect(sam.page.getByTestId('capabilities')).toContainText(
        'canForceMute=false',
      );
      await expect(sam.page.getByTestId('publisher-tile')).toHaveCount(0);
      await expect(ada.page.getByTestId('capabilities')).toContainText(
        'canPublish=true',
        poll,
      );
      await expect
        .poll(() => sam.page.evaluate(countDecodingPeerConnections), poll)
        .toBeGreaterThanOrEqual(1);
    });
  });
}
