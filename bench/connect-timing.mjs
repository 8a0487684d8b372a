// Measures, in two headless Chromium pages against the real
// sessioncore-server on loopback, how long a client takes to:
//   1. connect: session.connect() until the sessionConnected event;
//   2. subscribe: session.subscribe() until the first video frame of the
//      subscriber's <video> element, reported by requestVideoFrameCallback
//      (the callback's `now`, so the frame was decoded and handed to the
//      compositor).
// Both times are taken inside the page with performance.now(). One page
// publishes the fake camera for the whole run; the other page repeats
// connect, subscribe and disconnect on a fresh Session object each run.
// The first `--warmup` runs (the first one loads the WebAssembly core) are
// printed but left out of the table. Not part of the test command and no
// timed assertions: it prints a table.
//
//   node bench/connect-timing.mjs [--runs 20] [--warmup 1]
//
// WebRTC gathers candidates on every interface, so the script re-executes
// itself inside `unshare -rn` (a new network namespace with only loopback)
// unless it already runs in one. Needs build/native (the server binary, or
// $SESSIONCORE_SERVER) and ts/dist.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { chromium } from '@playwright/test';

const thisFile = fileURLToPath(import.meta.url);
const root = path.dirname(path.dirname(thisFile));
// A guard so that a stuck step ends the run. It is not a performance limit.
const kStepTimeoutMs = 30000;
// The launch flags of playwright.config.ts.
const kChromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  '--allow-loopback-in-peer-connection',
];

const { values: flags } = parseArgs({
  options: {
    runs: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '1' },
  },
});
const kRuns = Number(flags.runs);
const kWarmup = Number(flags.warmup);

// Names of the interfaces that are not loopback.
function otherInterfaces() {
  return Object.entries(networkInterfaces())
    .filter(([, addresses]) => (addresses ?? []).some((a) => !a.internal))
    .map(([name]) => name);
}

// Runs this script again in a new user and network namespace with only
// loopback up, and exits with its status. The environment variable stops
// a second re-execution when the namespace still has other interfaces.
function reexecInLoopbackNamespace() {
  if (process.env.SESSIONCORE_LOOPBACK_ONLY === '1') {
    throw new Error(
      'still not in a loopback-only network namespace; found ' +
        otherInterfaces().join(', '),
    );
  }
  const result = spawnSync(
    'unshare',
    [
      '-rn',
      'sh',
      '-c',
      'ip link set lo up && exec "$0" "$@"',
      process.execPath,
      thisFile,
      ...process.argv.slice(2),
    ],
    {
      stdio: 'inherit',
      env: { ...process.env, SESSIONCORE_LOOPBACK_ONLY: '1' },
    },
  );
  if (result.error !== undefined) {
    throw new Error(`unshare -rn failed: ${result.error.message}`);
  }
  process.exit(result.status ?? 1);
}

function findServerBinary() {
  const binary =
    process.env.SESSIONCORE_SERVER ??
    path.join(root, 'build/native/src/server/sessioncore-server');
  if (!existsSync(binary)) {
    throw new Error(
      `server binary ${binary} not found: run ./sessioncore build or set ` +
        'SESSIONCORE_SERVER',
    );
  }
  return binary;
}

// Starts the server with the demo token endpoint and the repository root as
// its static folder, as tests/e2e/support/server.ts does, and resolves
// { url, stop } once it prints its listening URL.
function startServer(binary) {
  const child = spawn(
    binary,
    ['--demo', '--listen', '127.0.0.1', '--port', '0', '--static', root],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk.toString()));
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = /^listening on (http:\/\/\S+)/.exec(line);
      if (match !== null) resolve({ url: match[1], stop });
    });
    child.once('exit', (code) =>
      reject(new Error(`sessioncore-server exited with ${code}: ${stderr}`)),
    );
  });
}

// Mints { apiKey, sessionId, token } through the demo token endpoint. The
// server creates a new session when `sessionId` is absent.
async function mintToken(url, request) {
  const response = await fetch(`${url}/v1/demo/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(request),
  });
  if (!response.ok) {
    const text = await response.text();
    throw new Error(`POST /v1/demo/token failed: ${response.status} ${text}`);
  }
  return response.json();
}

async function openPage(browser, url) {
  const page = await (await browser.newContext()).newPage();
  page.on('pageerror', (error) => console.log(`page error: ${error.message}`));
  await page.goto(`${url}/tests/e2e/pages/session.html`);
  await page.waitForFunction(() => window.ready === true);
  return page;
}

// Connects the publishing page and publishes its fake camera.
async function startPublisher(page, minted) {
  await page.evaluate(async ({ apiKey, sessionId, token }) => {
    const session = window.sessioncore.OT.initSession(apiKey, sessionId);
    await session.connect(token);
    const publisher = window.sessioncore.OT.initPublisher('publisher', {
      width: 320,
      height: 240,
    });
    await new Promise((resolve, reject) =>
      session.publish(publisher, (error) =>
        error ? reject(error) : resolve(),
      ),
    );
  }, minted);
}

// One run in the subscribing page; returns { connectMs, firstFrameMs,
// framesDecoded }. framesDecoded is read from getStats() after the first
// frame, as a check that the frame came from the peer connection.
function measureOnce(page, minted) {
  return page.evaluate(
    async ({ apiKey, sessionId, token, timeoutMs }) => {
      const withTimeout = (promise, stepName) =>
        Promise.race([
          promise,
          new Promise((_, reject) =>
            setTimeout(
              () => reject(new Error(`${stepName} timed out`)),
              timeoutMs,
            ),
          ),
        ]);
      const session = window.sessioncore.OT.initSession(apiKey, sessionId);
      const streamCreated = new Promise((resolve) =>
        session.once('streamCreated', (event) => resolve(event.stream)),
      );
      const connected = new Promise((resolve) =>
        session.once('sessionConnected', () => resolve(performance.now())),
      );
      const connectStart = performance.now();
      session.connect(token).catch(() => undefined);
      const connectEnd = await withTimeout(connected, 'sessionConnected');
      const stream = await withTimeout(streamCreated, 'streamCreated');

      const subscribeStart = performance.now();
      const subscriber = session.subscribe(stream, 'subscribers', {
        insertMode: 'append',
        width: 320,
        height: 240,
      });
      const video = subscriber.element.querySelector('video');
      const firstFrame = new Promise((resolve) =>
        video.requestVideoFrameCallback((now) => resolve(now)),
      );
      const firstFrameEnd = await withTimeout(firstFrame, 'first frame');
      const stats = await subscriber.getStats();

      const disconnected = new Promise((resolve) =>
        session.once('sessionDisconnected', resolve),
      );
      await session.disconnect();
      await withTimeout(disconnected, 'sessionDisconnected');
      return {
        connectMs: connectEnd - connectStart,
        firstFrameMs: firstFrameEnd - subscribeStart,
        framesDecoded: stats.video.framesDecoded,
      };
    },
    { ...minted, timeoutMs: kStepTimeoutMs },
  );
}

function summarize(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1
      ? sorted[middle]
      : (sorted[middle - 1] + sorted[middle]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1] };
}

function printTable(results) {
  const rows = [
    ['connect() to sessionConnected', results.map((r) => r.connectMs)],
    ['subscribe() to first video frame', results.map((r) => r.firstFrameMs)],
  ];
  console.log(`\n${results.length} runs (ms)\n`);
  console.log('| measure | median | min | max |');
  console.log('|---|---|---|---|');
  for (const [name, values] of rows) {
    const { median, min, max } = summarize(values);
    const cells = [median, min, max].map((value) => value.toFixed(1));
    console.log(`| ${name} | ${cells.join(' | ')} |`);
  }
}

async function main() {
  if (otherInterfaces().length > 0) {
    reexecInLoopbackNamespace();
  }
  const server = await startServer(findServerBinary());
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: kChromiumArgs,
  });
  try {
    const first = await mintToken(server.url, { data: 'publisher' });
    const publisherPage = await openPage(browser, server.url);
    await startPublisher(publisherPage, first);
    const subscriberPage = await openPage(browser, server.url);
    const results = [];
    for (let run = 0; run < kWarmup + kRuns; run += 1) {
      const minted = await mintToken(server.url, {
        sessionId: first.sessionId,
        data: 'subscriber',
      });
      const result = await measureOnce(subscriberPage, minted);
      if (!(result.framesDecoded > 0)) {
        throw new Error(`run ${run}: getStats() reports no decoded frame`);
      }
      if (run < kWarmup) {
        console.log(
          `warm-up run ${run + 1} (not counted): connect ` +
            `${result.connectMs.toFixed(1)} ms, first frame ` +
            `${result.firstFrameMs.toFixed(1)} ms`,
        );
      } else {
        results.push(result);
      }
    }
    printTable(results);
  } finally {
    await browser.close();
    await server.stop();
  }
}

await main();
