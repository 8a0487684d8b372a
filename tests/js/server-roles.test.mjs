// The role matrix against the real server: each role sends each privileged
// request as a raw protocol message (no client-side checks in the way), and
// the answer and its effect on other clients must match
// support/role-matrix.json, which docs/reliability.md shows as a table.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';

import { ProtocolClient, joinedClient, sleep } from './support/client.mjs';
import { logEvents } from './support/log.mjs';
import {
  matrix,
  renderMatrixTable,
  tableInDocs,
} from './support/role-matrix.mjs';
import { skipReason, startServer } from './support/server.mjs';
import { expiredToken, forgedToken, mintToken } from './support/tokens.mjs';

const kPublish = {
  name: 'matrix',
  hasAudio: true,
  hasVideo: true,
  videoType: 'camera',
  videoDimensions: { width: 640, height: 480 },
  frameRate: 30,
};

/** How to send each (request, target) of the matrix and how to see that
 * it took effect. `fx` is the fixture: victim, its stream, an observer,
 * and a client of another session. */
const kCases = {
  'publish|a new stream': {
    fields: () => kPublish,
    effect: (fx) => fx.observer.pushes('streamCreated').length > 0,
  },
  "subscribe|the victim's stream": {
    fields: (fx) => ({ streamId: fx.streamId }),
    effect: (fx) => fx.victim.pushes('subscriberJoined').length > 0,
  },
  "signal|the victim's connection": {
    fields: (fx) => ({
      signalType: 'matrix',
      data: 'x',
      to: fx.victim.connectionId,
    }),
    effect: (fx) =>
      fx.victim.pushes('signal').some((s) => s.signalType === 'matrix'),
  },
  'forceMuteAll|the session': {
    fields: () => ({ excludedStreamIds: [] }),
    effect: (fx) => fx.observer.pushes('muteForced').some((p) => p.active),
  },
  "forceMuteStream|the victim's stream": {
    fields: (fx) => ({ streamId: fx.streamId }),
    effect: (fx) => fx.observer.pushes('streamPropertyChanged').length > 0,
  },
  'disableForceMute|the session (force mute active)': {
    setup: async (fx) => {
      const moderator = await joinedClient(
        fx.server,
        fx.sessionId,
        mintToken(fx.server.project, fx.sessionId, { role: 'moderator' }),
      );
      await moderator.call('forceMuteAll', { excludedStreamIds: [] });
      await moderator.call('disconnect');
      await fx.observer.waitForPush('muteForced', { active: true });
    },
    fields: () => ({}),
    effect: (fx) => fx.observer.pushes('muteForced').some((p) => !p.active),
  },
  "forceDisconnect|the victim's connection": {
    fields: (fx) => ({ connectionId: fx.victim.connectionId }),
    effect: (fx) => fx.observer.pushes('connectionDestroyed').length > 0,
  },
  "forceUnpublish|the victim's stream": {
    fields: (fx) => ({ streamId: fx.streamId }),
    effect: (fx) => fx.observer.pushes('streamDestroyed').length > 0,
  },
  "unpublish|the victim's stream": {
    fields: (fx) => ({ streamId: fx.streamId }),
    effect: (fx) => fx.observer.pushes('streamDestroyed').length > 0,
  },
  "updateStream|the victim's stream": {
    fields: (fx) => ({
      streamId: fx.streamId,
      property: 'hasVideo',
      value: false,
    }),
    effect: (fx) => fx.observer.pushes('streamPropertyChanged').length > 0,
  },
  'forceDisconnect|a connection of another session': {
    fields: (fx) => ({ connectionId: fx.stranger.connectionId }),
    effect: (fx) => !fx.stranger.isOpen,
  },
  'forceUnpublish|a stream of another session': {
    fields: (fx) => ({ streamId: fx.strangerStreamId }),
    effect: (fx) => fx.strangerWatcher.pushes('streamDestroyed').length > 0,
  },
  'forceMuteStream|a stream of another session': {
    fields: (fx) => ({ streamId: fx.strangerStreamId }),
    effect: (fx) =>
      fx.strangerWatcher.pushes('streamPropertyChanged').length > 0,
  },
  'subscribe|a stream of another session': {
    fields: (fx) => ({ streamId: fx.strangerStreamId }),
    effect: (fx) => fx.stranger.pushes('subscriberJoined').length > 0,
  },
  'signal|a connection of another session': {
    fields: (fx) => ({
      signalType: 'matrix',
      data: 'x',
      to: fx.stranger.connectionId,
    }),
    effect: (fx) =>
      fx.stranger.pushes('signal').some((s) => s.signalType === 'matrix'),
  },
};

describe('role matrix', { skip: skipReason }, () => {
  let server;
  const strangers = {};

  before(async () => {
    server = await startServer();
    strangers.sessionId = await server.newSessionId();
  });
  after(() => server?.stop());

  it('docs/reliability.md shows the table the test uses', () => {
    const docs = readFileSync(
      new URL('../../docs/reliability.md', import.meta.url),
      'utf8',
    );
    assert.equal(tableInDocs(docs), renderMatrixTable());
  });

  it('every request of the matrix has a case in this test', () => {
    for (const request of matrix.requests) {
      assert.ok(kCases[`${request.name}|${request.target}`], request.target);
      assert.deepEqual(
        Object.keys(request.expected).sort(),
        [...matrix.roles].sort(),
      );
    }
  });

  /** A fresh session: a victim with a stream, an observer, and a client
   * with a stream in another session (fresh too, so that a wrong
   * cross-session effect cannot leak into the next case). */
  async function makeFixture() {
    const sessionId = await server.newSessionId();
    const otherId = await server.newSessionId();
    const token = (sid, role) => mintToken(server.project, sid, { role });
    const victim = await joinedClient(server, sessionId, token(sessionId));
    const { stream } = await victim.call('publish', kPublish);
    const observer = await joinedClient(
      server,
      sessionId,
      token(sessionId, 'subscriber'),
    );
    const stranger = await joinedClient(server, otherId, token(otherId));
    const published = await stranger.call('publish', kPublish);
    const strangerWatcher = await joinedClient(
      server,
      otherId,
      token(otherId, 'subscriber'),
    );
    return {
      server,
      sessionId,
      victim,
      observer,
      streamId: stream.streamId,
      stranger,
      strangerStreamId: published.stream.streamId,
      strangerWatcher,
      clients: [victim, observer, stranger, strangerWatcher],
    };
  }

  /** Waits for the server's log line of the rejection; stderr arrives
   * apart from the WebSocket, so it may lag the response. */
  async function waitForRejectionLog(connectionId, code) {
    for (let i = 0; i < 200; i++) {
      const found = logEvents(server.log(), 'request_rejected').some(
        (l) => l.connection === connectionId && l.code === String(code),
      );
      if (found) return;
      await sleep(25);
    }
    assert.fail(`no request_rejected line for ${connectionId} code ${code}`);
  }

  function tokenFor(role, sessionId) {
    if (role === 'forged') return forgedToken(server.project, sessionId);
    if (role === 'expired') return expiredToken(server.project, sessionId);
    return mintToken(server.project, sessionId, { role });
  }

  for (const request of matrix.requests) {
    for (const role of matrix.roles) {
      const expected = request.expected[role];
      const caseFor = kCases[`${request.name}|${request.target}`];
      it(`${role} ${request.name} on ${request.target} -> ${expected}`, async () => {
        const fx = await makeFixture();
        if (caseFor.setup) await caseFor.setup(fx);
        const actor = await ProtocolClient.open(server.wsUrl);
        // connect and the request go out back to back, so a rejected
        // connect cannot keep the request from reaching the server.
        const connectDone = actor.request('connect', {
          sessionId: fx.sessionId,
          token: tokenFor(role, fx.sessionId),
          connectionEventsSuppressed: false,
          client: { sdk: 'sessioncore-tests', version: '0.0.0' },
        });
        const requestDone = actor.request(request.name, caseFor.fields(fx));
        const connected = await connectDone;
        if (expected === 1004) {
          assert.equal(connected.error?.code, 1004, JSON.stringify(connected));
          await actor.closed;
          const answer = actor.messages.find((m) => m.id === 2);
          assert.ok(!answer?.result, 'the request must not succeed');
          requestDone.catch(() => {});
        } else {
          assert.ok(connected.result, JSON.stringify(connected));
          const response = await requestDone;
          if (expected === 'ok') {
            assert.ok(response.result, JSON.stringify(response));
          } else {
            assert.equal(
              response.error?.code,
              expected,
              JSON.stringify(response),
            );
            await waitForRejectionLog(
              connected.result.connection.connectionId,
              expected,
            );
          }
        }
        for (const client of fx.clients) await client.barrier();
        assert.equal(
          caseFor.effect(fx),
          expected === 'ok',
          expected === 'ok' ? 'the request must take effect' : 'no effect',
        );
        await actor.close();
        for (const client of fx.clients) await client.close();
      });
    }
  }
});
