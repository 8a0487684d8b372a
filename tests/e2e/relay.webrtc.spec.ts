// Relay-only media through a local coturn: with iceConfig
// {includeServers: 'custom', transportPolicy: 'relay'} both peer
// connections of a publish/subscribe pair select a relay candidate.
import { expect, type Page, test } from '@playwright/test';

import { startTurnServer, type TurnServer } from './support/coturn.js';
import {
  findServerBinary,
  type MintedToken,
  type SessionServer,
  startServer,
} from './support/server.js';
import { loopbackOnlyProblem } from './support/webrtc.js';

const root = process.cwd();
let server: SessionServer;
let turn: TurnServer;

test.beforeAll(async ({}, testInfo) => {
  const problem = loopbackOnlyProblem();
  test.skip(problem !== undefined, problem);
  const binary = findServerBinary(root);
  if (binary === undefined) {
    throw new Error('sessioncore-server is not built; run ./sessioncore build');
  }
  server = await startServer(binary, root);
  turn = await startTurnServer(testInfo.outputPath('coturn'), 3478);
});

test.afterAll(async () => {
  await turn?.stop();
  await server?.stop();
});

// Connects with relay-only ICE; `publishes` pages publish, the others
// subscribe to the first stream they see.
async function joinRelayOnly(
  page: Page,
  minted: MintedToken,
  publishes: boolean,
): Promise<void> {
  await page.goto(`${server.url}/tests/e2e/pages/session.html`);
  await page.waitForFunction(() => (window as any).ready === true);
  await page.evaluate(
    async ({ minted, turn, publishes }) => {
      const w = window as any;
      const OT = w.sessioncore.OT;
      const session = OT.initSession(minted.apiKey, minted.sessionId, {
        iceConfig: {
          includeServers: 'custom',
          transportPolicy: 'relay',
          customServers: [
            {
              urls: [turn.url],
              username: turn.username,
              credential: turn.credential,
            },
          ],
        },
      });
      w.session = session;
      session.on('streamCreated', (event: any) => {
        w.subscriber = session.subscribe(event.stream, 'subscribers', {
          insertMode: 'append',
        });
      });
      await session.connect(minted.token);
      if (publishes) {
        w.publisher = OT.initPublisher('publisher');
        await new Promise<void>((resolve, reject) =>
          session.publish(w.publisher, (error: unknown) =>
            error ? reject(error) : resolve(),
          ),
        );
      }
    },
    {
      minted,
      turn: {
        url: turn.url,
        username: turn.username,
        credential: turn.credential,
      },
      publishes,
    },
  );
}

// Returns the local candidate type of the selected pair of the page's
// subscriber (or publisher) peer connection, or '' before one is chosen.
function selectedCandidateType(
  page: Page,
  side: 'publisher' | 'subscriber',
): Promise<string> {
  return page.evaluate(async (side) => {
    const w = window as any;
    const report: RTCStatsReport | undefined =
      side === 'subscriber'
        ? await w.subscriber?.getRtcStatsReport()
        : (await w.publisher?.getRtcStatsReport())?.[0]?.rtcStatsReport;
    if (report === undefined) {
      return '';
    }
    let type = '';
    report.forEach((entry: any) => {
      if (entry.type !== 'transport' || !entry.selectedCandidatePairId) {
        return;
      }
      const pair = report.get(entry.selectedCandidatePairId);
      type = report.get(pair?.localCandidateId)?.candidateType ?? '';
    });
    return type;
  }, side);
}

// Returns the distinct types of all local candidates of the page's
// subscriber (or publisher) peer connection.
function localCandidateTypes(
  page: Page,
  side: 'publisher' | 'subscriber',
): Promise<string[]> {
  return page.evaluate(async (side) => {
    const w = window as any;
    const report: RTCStatsReport | undefined =
      side === 'subscriber'
        ? await w.subscriber?.getRtcStatsReport()
        : (await w.publisher?.getRtcStatsReport())?.[0]?.rtcStatsReport;
    const types = new Set<string>();
    report?.forEach((entry: any) => {
      if (entry.type === 'local-candidate') {
        types.add(entry.candidateType);
      }
    });
    return [...types].sort();
  }, side);
}

test('relay-only ICE selects relay candidates on both sides', async ({
  browser,
}) => {
  const first = await server.mintToken();
  const second = await server.mintToken({ sessionId: first.sessionId });
  const publisherPage = await (await browser.newContext()).newPage();
  const subscriberPage = await (await browser.newContext()).newPage();
  await joinRelayOnly(publisherPage, first, true);
  await joinRelayOnly(subscriberPage, second, false);

  await expect
    .poll(
      () =>
        subscriberPage.evaluate(async () => {
          const subscriber = (window as any).subscriber;
          return subscriber
            ? (await subscriber.getStats()).video.framesDecoded
            : 0;
        }),
      { timeout: 30_000 },
    )
    .toBeGreaterThan(0);
  expect(await selectedCandidateType(subscriberPage, 'subscriber')).toBe(
    'relay',
  );
  expect(await selectedCandidateType(publisherPage, 'publisher')).toBe('relay');
  // No host or server-reflexive candidate is gathered, so none can leak.
  expect(await localCandidateTypes(subscriberPage, 'subscriber')).toEqual([
    'relay',
  ]);
  expect(await localCandidateTypes(publisherPage, 'publisher')).toEqual([
    'relay',
  ]);
});
