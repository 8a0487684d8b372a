// The headless part of examples/demo.mjs: two Chromium pages (Ada, the
// moderator, and Bob, a publisher) join the example app, and the demo
// prints what each saw. Runs only inside a loopback-only network namespace
// (demo.mjs arranges that).
import { join } from 'node:path';

import { chromium } from 'playwright-core';

// Runs in each page before the app: keeps every RTCPeerConnection so that
// the demo can read the decoded-frame counters from getStats().
function trackPeerConnections() {
  const Native = window.RTCPeerConnection;
  window.demoPeerConnections = [];
  window.RTCPeerConnection = class extends Native {
    constructor(...args) {
      super(...args);
      window.demoPeerConnections.push(this);
    }
  };
}

// Returns the video frames this page has decoded, summed over all
// subscriber peer connections.
function countDecodedFrames() {
  return Promise.all(
    window.demoPeerConnections.map((pc) => pc.getStats()),
  ).then((reports) => {
    let frames = 0;
    for (const report of reports) {
      report.forEach((stat) => {
        if (stat.type === 'inbound-rtp' && stat.kind === 'video') {
          frames += stat.framesDecoded ?? 0;
        }
      });
    }
    return frames;
  });
}

async function waitFor(description, timeoutMs, check) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await check();
    if (result) {
      console.log(`  ok: ${description}`);
      return result;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms: ${description}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function eventsOf(page) {
  return page.evaluate(() => window.sessioncoreExample?.events ?? []);
}

async function hasEvent(page, source, type, detailPart = '') {
  const events = await eventsOf(page);
  return events.some(
    (entry) =>
      entry.source === source &&
      entry.type === type &&
      entry.detail.includes(detailPart),
  );
}

async function openParticipant(browser, name, link) {
  const context = await browser.newContext();
  await context.addInitScript(trackPeerConnections);
  const page = await context.newPage();
  page.on('pageerror', (error) => console.log(`  [${name}] ${error}`));
  await page.goto(link);
  return { name, page };
}

async function runSteps(ada, bob, timeoutMs) {
  for (const { name, page } of [ada, bob]) {
    await waitFor(
      `${name} is connected`,
      timeoutMs,
      async () =>
        (await page.getByTestId('status').textContent()) === 'connected',
    );
  }
  for (const { name, page } of [ada, bob]) {
    await waitFor(
      `${name} decodes the other's video`,
      timeoutMs,
      async () => (await page.evaluate(countDecodedFrames)) > 0,
    );
  }
  // Ada greets Bob, the only other connection she sees.
  await ada.page
    .locator('[data-connection-id] [data-testid^="greet-"]')
    .first()
    .click();
  await waitFor('Bob receives the greeting', timeoutMs, () =>
    hasEvent(bob.page, 'session', 'signal', 'hello from Ada'),
  );
  // Ada mutes everyone but herself: she excludes her own stream.
  await ada.page.locator('[data-testid^="exclude-"]').first().check();
  await ada.page.getByTestId('force-mute-all').click();
  await waitFor("Bob's publisher gets muteForced", timeoutMs, () =>
    hasEvent(bob.page, 'publisher', 'muteForced'),
  );
  await waitFor("Ada sees Bob's stream lose audio", timeoutMs, () =>
    hasEvent(ada.page, 'session', 'streamPropertyChanged', 'hasAudio'),
  );
}

function printLog(name, events) {
  console.log(`\nEvent log of ${name}:`);
  for (const entry of events) {
    const seconds = (entry.time / 1000).toFixed(2).padStart(7);
    console.log(`  ${seconds}s ${entry.source} ${entry.type} ${entry.detail}`);
  }
}

/**
 * Runs the two participants through the app and prints what they saw.
 * Resolves true when every step succeeded.
 */
export async function runHeadless(links, settings) {
  console.log(`sessioncore demo (headless): session ${links.sessionId}`);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: settings.chromiumArgs,
  });
  let ok = true;
  const ada = await openParticipant(browser, 'Ada', links.moderator);
  const bob = await openParticipant(browser, 'Bob', links.publisher);
  try {
    await runSteps(ada, bob, settings.stepTimeoutMs);
  } catch (error) {
    ok = false;
    console.log(`  FAILED: ${error.message}`);
  }
  for (const participant of [ada, bob]) {
    printLog(participant.name, await eventsOf(participant.page));
  }
  console.log('\nScreenshots:');
  for (const { name, page } of [ada, bob]) {
    const path = join(settings.outputDir, `${name.toLowerCase()}.png`);
    await page.screenshot({ path, fullPage: true });
    console.log(`  ${path}`);
  }
  await browser.close();
  console.log(ok ? '\nThe demo ran every step.' : '\nThe demo failed.');
  return ok;
}
