// Link cuts between real network namespaces: the server runs in one host,
// each protocol client in another, and a client's link is taken down and
// brought back. Must run inside an isolated namespace (sh run.sh); skips
// with the reason otherwise.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { ProtocolClient, sleep } from '../js/support/client.mjs';
import { logEvents } from '../js/support/log.mjs';
import { skipReason, startServer } from '../js/support/server.mjs';
import { mintToken } from '../js/support/tokens.mjs';
import {
  createTopology,
  netnsSkipReason,
  startForwarder,
} from './topology.mjs';

const kHeartbeatMs = 500;
const kGraceMs = 4000;
// The server treats a socket silent for three heartbeat periods as lost.
const kSilenceMs = 3 * kHeartbeatMs;
const kPublish = {
  name: 'cam',
  hasAudio: true,
  hasVideo: true,
  videoType: 'camera',
  videoDimensions: { width: 640, height: 480 },
  frameRate: 30,
};

const skip = skipReason ?? (await netnsSkipReason());

describe('link cuts between namespaces', { skip }, () => {
  let topology;
  let server;
  let dir;
  const sockets = {};

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'sessioncore-netns-'));
    topology = await createTopology(['server', 'alice', 'bob']);
    const host = topology.hosts.server;
    server = await startServer({
      wrap: host.wrap(),
      config: {
        listen: host.address,
        resumeGraceMs: kGraceMs,
        heartbeatIntervalMs: kHeartbeatMs,
      },
    });
    // HTTP for tokens goes through a forwarder inside the server's own
    // namespace; each client's WebSocket through one in its namespace.
    sockets.http = path.join(dir, 'http.sock');
    await startForwarder(
      topology,
      host,
      sockets.http,
      host.address,
      server.port,
    );
    server.httpSocketPath = sockets.http;
    for (const name of ['alice', 'bob']) {
      sockets[name] = path.join(dir, `${name}.sock`);
      await startForwarder(
        topology,
        topology.hosts[name],
        sockets[name],
        host.address,
        server.port,
      );
    }
  });

  after(async () => {
    await server?.stop();
    await topology?.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function wsUrl(name) {
    return `ws+unix://${sockets[name]}:/v1/ws`;
  }

  async function join(name, sessionId) {
    const client = await ProtocolClient.open(wsUrl(name));
    await client.connect(sessionId, mintToken(server.project, sessionId));
    return client;
  }

  async function serverLogged(event, connectionId) {
    for (let i = 0; i < 600; i++) {
      if (
        logEvents(server.log(), event).some(
          (l) => l.connection === connectionId,
        )
      ) {
        return;
      }
      await sleep(25);
    }
    assert.fail(`no ${event} for ${connectionId}`);
  }

  async function setup() {
    const { sessionId } = await server.demoToken();
    const alice = await join('alice', sessionId);
    const { stream } = await alice.call('publish', kPublish);
    const bob = await join('bob', sessionId);
    return { sessionId, alice, bob, streamId: stream.streamId };
  }

  /** Cuts alice's link until the server has noticed, sends `during` from
   * bob meanwhile (when given), then restores the link and resumes alice
   * on a new socket. Returns the resumed client. */
  async function cutAndResume({ alice, bob }, during) {
    await topology.cut('alice');
    if (during) await during();
    // The server notices the silence and keeps alice's connection for a resume.
    await serverLogged('connection_away', alice.connectionId);
    if (!during) {
      await bob.call('signal', {
        signalType: 'while-away',
        data: '1',
        to: alice.connectionId,
      });
    }
    alice.drop();
    await topology.restore('alice');
    const resumed = await ProtocolClient.open(wsUrl('alice'));
    // Request ids are unique per connection, across its sockets.
    resumed.nextId = alice.nextId;
    const response = await resumed.request('resume', {
      sessionId: alice.sessionId,
      connectionId: alice.connectionId,
      resumeKey: alice.snapshot.resumeKey,
      lastSeq: alice.lastSeq,
    });
    assert.ok(response.result, JSON.stringify(response));
    assert.equal(response.result.connection.connectionId, alice.connectionId);
    resumed.connectionId = alice.connectionId;
    await resumed.barrier();
    return resumed;
  }

  function signalsOf(clients, type) {
    return clients
      .flatMap((c) => c.pushes('signal'))
      .filter((s) => s.signalType === type);
  }

  it('short cut resumes the same connection', async () => {
    const pair = await setup();
    const resumed = await cutAndResume(pair);
    const { alice, bob } = pair;
    assert.equal(
      signalsOf([alice, resumed], 'while-away').length,
      1,
      'a signal sent while the server holds the connection arrives once',
    );
    await sleep(kGraceMs + 500);
    await bob.barrier();
    for (const type of [
      'connectionCreated',
      'connectionDestroyed',
      'streamCreated',
      'streamDestroyed',
    ]) {
      assert.equal(bob.pushes(type).length, 0, `bob got ${type}`);
    }
    await resumed.close();
    await bob.close();
  });

  // The server writes this signal to the socket it still believes alive,
  // and the bytes die with the link; the resume, which names the last push
  // alice processed, makes the server write it again.
  it('signal before loss is noticed arrives', async () => {
    const pair = await setup();
    const { alice, bob } = pair;
    const resumed = await cutAndResume(pair, () =>
      bob.call('signal', {
        signalType: 'during-cut',
        data: '1',
        to: alice.connectionId,
      }),
    );
    assert.equal(
      signalsOf([alice, resumed], 'during-cut').length,
      1,
      'the signal sent right after the cut arrives once',
    );
    await resumed.close();
    await bob.close();
  });

  it('cut under the silence limit is unseen', async () => {
    const { alice, bob } = await setup();
    await topology.cutFor('alice', kSilenceMs / 3);
    await alice.barrier();
    await bob.barrier();
    assert.ok(
      !logEvents(server.log(), 'connection_away').some(
        (l) => l.connection === alice.connectionId,
      ),
    );
    assert.equal(bob.pushes('connectionDestroyed').length, 0);
    await alice.close();
    await bob.close();
  });

  it('long cut ends the connection once', async () => {
    const { alice, bob, streamId } = await setup();
    const cutAt = Date.now();
    await topology.cut('alice');
    const stream = await bob.waitForPush(
      'streamDestroyed',
      { streamId },
      60000,
    );
    const gone = await bob.waitForPush(
      'connectionDestroyed',
      { connectionId: alice.connectionId },
      60000,
    );
    const elapsed = Date.now() - cutAt;
    assert.equal(stream.reason, 'networkDisconnected');
    assert.equal(gone.reason, 'networkDisconnected');
    // Promised: silence detection, then the reconnect window, plus 10 s.
    assert.ok(
      elapsed < kSilenceMs + kGraceMs + 10000,
      `bob told after ${elapsed} ms`,
    );
    await topology.restore('alice');
    alice.drop();
    const retry = await ProtocolClient.open(wsUrl('alice'));
    const response = await retry.request('resume', {
      sessionId: alice.sessionId,
      connectionId: alice.connectionId,
      resumeKey: alice.snapshot.resumeKey,
    });
    assert.equal(response.error?.code, 1006, JSON.stringify(response));
    await retry.close();
    await bob.barrier();
    assert.equal(bob.pushes('streamDestroyed').length, 1);
    assert.equal(bob.pushes('connectionDestroyed').length, 1);
    const again = await join('alice', alice.sessionId);
    await bob.waitForPush('connectionCreated', {}, 20000);
    await again.close();
    await bob.close();
  });
});
