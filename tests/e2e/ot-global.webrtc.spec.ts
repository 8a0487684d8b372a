// A page written against the OT global in the OpenTok.js style
// (examples/ot-global) runs on ot.js against the real server: two pages
// see each other's video and chat over signals.
import { type Browser, expect, type Page, test } from '@playwright/test';

import {
  findServerBinary,
  type MintedToken,
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
    throw new Error('sessioncore-server is not built; run ./sessioncore build');
  }
  server = await startServer(binary, root);
});

test.afterAll(async () => {
  await server?.stop();
});

async function openExample(
  browser: Browser,
  minted: MintedToken,
): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  page.on('pageerror', (error) => console.log(`page error: ${error.message}`));
  const query = new URLSearchParams({ ...minted });
  await page.goto(`${server.url}/examples/ot-global/index.html?${query}`);
  return page;
}

// Returns true once the subscriber video in #subscriber shows frames.
function subscriberVideoPlays(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const video = document.querySelector<HTMLVideoElement>(
      '#subscriber .OT_subscriber video.OT_video-element',
    );
    return video !== null && video.videoWidth > 0 && video.currentTime > 0;
  });
}

test('OpenTok.js-style page runs on ot.js', async ({ browser }) => {
  const first = await server.mintToken({ data: 'first' });
  const second = await server.mintToken({
    sessionId: first.sessionId,
    data: 'second',
  });
  const pages = [
    await openExample(browser, first),
    await openExample(browser, second),
  ];

  for (const page of pages) {
    expect(await page.evaluate(() => typeof (window as any).OT)).toBe('object');
    await expect
      .poll(() => subscriberVideoPlays(page), { timeout: 30_000 })
      .toBe(true);
    await expect(page.locator('#publisher .OT_publisher')).toHaveCount(1);
  }

  const [sender, receiver] = pages as [Page, Page];
  await sender.fill('#message', 'hello from the OT global');
  await sender.click('button[type=submit]');
  await expect(sender.locator('#history p.mine')).toHaveText(
    'hello from the OT global',
  );
  await expect(receiver.locator('#history p.theirs')).toHaveText(
    'hello from the OT global',
  );
  await expect(sender.locator('#message')).toHaveValue('');
});
