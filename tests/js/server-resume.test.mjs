// Drop and resume at the protocol level, with raw sockets against the real
// server: a drop inside the reconnect window is invisible to peers, a drop
// past it ends the connection once with networkDisconnected, and a server
// restart keeps what SQLite stores.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { ProtocolClient, joinedClient, sleep } from './support/client.mjs';
import { logEvents } from './support/log.mjs';
import { skipReason, startServer } from './support/server.mjs';
import { mintToken, restAuthToken } from './support/tokens.mjs';

const kGraceMs = 3000;
const kPublish = {
  name: 'cam',
  hasAudio: true,
  hasVideo: true,
  videoType: 'camera',
  videoDimensions: { width: 640, height: 480 },
  frameRate: 30,
};
const kPeerEvents = [
  'connectionCreated',
  'connectionDestroyed',
  'streamCreated',
  'streamDestroyed',
];

/** Waits until the server logged `event` for `connectionId`. */
async function serverLogged(server, event, connectionId) {
  for (let i = 0; i < 400; i++) {
    const found = logEvents(server.log(), event).some(
      (l) => l.connection === connectionId,
    );
    if (found) return;
    await sleep(25);
  }
  assert.fail(`no ${event} for ${connectionId} in the server log`);
}

async function resume(server, from) {
  const client = await ProtocolClient.open(server.wsUrl);
  // Request ids are unique per connection, across its sockets.
  client.nextId = from.nextId;
  const response = await client.request('resume', {
    sessionId: from.sessionId,
    connectionId: from.connectionId,
    resumeKey: from.snapshot.resumeKey,
    lastSeq: from.lastSeq,
  });
  client.sessionId = from.sessionId;
  client.connectionId = from.connectionId;
  return { client, response };
}

describe('drop and resume', { skip: skipReason }, () => {
  let server;

  before(async () => {
    server = await startServer({ config: { resumeGraceMs: kGraceMs } });
  });
  after(() => server?.stop());

  async function pair() {
    const sessionId = await server.newSessionId();
    const token = () => mintToken(server.project, sessionId);
    const dropper = await joinedClient(server, sessionId, token());
    const { stream } = await dropper.call('publish', kPublish);
    const peer = await joinedClient(server, sessionId, token());
    return { sessionId, dropper, peer, streamId: stream.streamId };
  }

  it('resume inside the window is invisible', async () => {
    const { dropper, peer, streamId } = await pair();
    assert.equal(dropper.snapshot.reconnectWindowMs, kGraceMs);
    dropper.drop();
    await serverLogged(server, 'connection_away', dropper.connectionId);
    await peer.call('signal', {
      signalType: 'while-away',
      data: 'one',
      to: dropper.connectionId,
    });
    const { client, response } = await resume(server, dropper);
    assert.ok(response.result, JSON.stringify(response));
    assert.equal(response.result.connection.connectionId, dropper.connectionId);
    assert.deepEqual(
      response.result.streams.map((s) => s.streamId),
      [streamId],
      'the stream survives the drop',
    );
    await client.barrier();
    const queued = client
      .pushes('signal')
      .filter((s) => s.signalType === 'while-away');
    assert.equal(queued.length, 1, 'the queued signal arrives exactly once');
    assert.equal(queued[0].from, peer.connectionId);
    // After the resume the connection works both ways.
    await client.call('signal', {
      signalType: 'back',
      data: '',
      to: peer.connectionId,
    });
    await peer.waitForPush('signal', { signalType: 'back' });
    // Wait past the window: no late timer may end the resumed connection.
    await sleep(kGraceMs + 500);
    await peer.barrier();
    for (const type of kPeerEvents) {
      assert.equal(peer.pushes(type).length, 0, `peer got ${type}`);
    }
    await client.barrier();
    assert.ok(client.isOpen);
    await client.close();
    await peer.close();
  });

  it('resume with a wrong key fails', async () => {
    const { dropper, peer } = await pair();
    dropper.drop();
    await serverLogged(server, 'connection_away', dropper.connectionId);
    const wrongKey = await ProtocolClient.open(server.wsUrl);
    const bad = await wrongKey.request('resume', {
      sessionId: dropper.sessionId,
      connectionId: dropper.connectionId,
      resumeKey: 'guessed',
    });
    assert.equal(bad.error?.code, 1004, JSON.stringify(bad));
    const unknown = await wrongKey.request('resume', {
      sessionId: dropper.sessionId,
      connectionId: 'no-such-connection',
      resumeKey: dropper.snapshot.resumeKey,
    });
    assert.equal(unknown.error?.code, 1006, JSON.stringify(unknown));
    // The right key still works after the failed attempts.
    const { client, response } = await resume(server, dropper);
    assert.ok(response.result, JSON.stringify(response));
    await peer.barrier();
    assert.equal(peer.pushes('connectionDestroyed').length, 0);
    for (const c of [wrongKey, client, peer]) await c.close();
  });

  it('drop past the window ends it once', async () => {
    const { dropper, peer, streamId } = await pair();
    const droppedAt = Date.now();
    dropper.drop();
    const streamGone = await peer.waitForPush('streamDestroyed', { streamId });
    const connectionGone = await peer.waitForPush('connectionDestroyed', {
      connectionId: dropper.connectionId,
    });
    const elapsed = Date.now() - droppedAt;
    assert.equal(streamGone.reason, 'networkDisconnected');
    assert.equal(connectionGone.reason, 'networkDisconnected');
    const order = peer.messages.map((m) => m.type);
    assert.ok(
      order.indexOf('streamDestroyed') < order.indexOf('connectionDestroyed'),
      'the stream goes before its connection',
    );
    // Promised bound: the reconnect window plus 10 s.
    assert.ok(elapsed < kGraceMs + 10000, `peers told after ${elapsed} ms`);
    assert.ok(elapsed >= kGraceMs - 100, `peers told early, ${elapsed} ms`);
    const { client, response } = await resume(server, dropper);
    assert.equal(response.error?.code, 1006, JSON.stringify(response));
    assert.match(response.error.message, /reconnect window|connect again/);
    await sleep(kGraceMs);
    await peer.barrier();
    assert.equal(peer.pushes('streamDestroyed').length, 1);
    assert.equal(peer.pushes('connectionDestroyed').length, 1);
    // Rejoining with a token works and is a new connection.
    const again = await joinedClient(
      server,
      dropper.sessionId,
      mintToken(server.project, dropper.sessionId),
    );
    assert.notEqual(again.connectionId, dropper.connectionId);
    await peer.waitForPush('connectionCreated');
    for (const c of [client, again, peer]) await c.close();
  });

  it('keeps a connection whose token expires', async () => {
    const sessionId = await server.newSessionId();
    const now = Math.floor(Date.now() / 1000);
    const shortLived = mintToken(server.project, sessionId, {
      issuedAt: now - 60,
      expiresAt: now + 2,
    });
    const client = await joinedClient(server, sessionId, shortLived);
    const peer = await joinedClient(
      server,
      sessionId,
      mintToken(server.project, sessionId),
    );
    while (Math.floor(Date.now() / 1000) <= now + 2) await sleep(250);
    // The token has expired: the connection goes on, and so does a resume,
    // which proves itself with the resume key, not the token.
    await client.call('publish', kPublish);
    client.drop();
    await serverLogged(server, 'connection_away', client.connectionId);
    const { client: resumed, response } = await resume(server, client);
    assert.ok(response.result, JSON.stringify(response));
    await peer.barrier();
    assert.equal(peer.pushes('connectionDestroyed').length, 0);
    // A new connect with the expired token fails with 1004.
    const late = await ProtocolClient.open(server.wsUrl);
    const refused = await late.request('connect', {
      sessionId,
      token: shortLived,
      connectionEventsSuppressed: false,
      client: { sdk: 'sessioncore-tests', version: '0.0.0' },
    });
    assert.equal(refused.error?.code, 1004);
    assert.match(refused.error.message, /expired/);
    for (const c of [resumed, peer, late]) await c.close();
  });

  it('unpublish then disconnect, each once', async () => {
    const { dropper, peer, streamId } = await pair();
    await dropper.call('unpublish', { streamId });
    const unpublished = await peer.waitForPush('streamDestroyed', { streamId });
    assert.equal(unpublished.reason, 'unpublished');
    const second = await dropper.call('publish', kPublish);
    const secondId = second.stream.streamId;
    await peer.waitForPush('streamCreated');
    await dropper.call('disconnect');
    const gone = await peer.waitForPush('connectionDestroyed');
    await peer.barrier();
    assert.equal(gone.reason, 'clientDisconnected');
    const destroyed = peer.pushes('streamDestroyed');
    assert.deepEqual(
      destroyed.map((p) => [p.streamId, p.reason]),
      [
        [streamId, 'unpublished'],
        [secondId, 'clientDisconnected'],
      ],
    );
    assert.equal(peer.pushes('connectionDestroyed').length, 1);
    const types = peer.messages.map((m) => m.type);
    assert.ok(
      types.lastIndexOf('streamDestroyed') <
        types.indexOf('connectionDestroyed'),
      'the stream goes before its connection',
    );
    const { client, response } = await resume(server, dropper);
    assert.equal(response.error?.code, 1006, 'no resume after a disconnect');
    await client.close();
    await peer.close();
  });
});

describe('server restart', { skip: skipReason }, () => {
  it('restart keeps stored data only', async () => {
    let server = await startServer({ config: { resumeGraceMs: kGraceMs } });
    const { dir, project } = server;
    const created = await fetch(`${server.httpUrl}/session/create`, {
      method: 'POST',
      headers: {
        'X-OPENTOK-AUTH': restAuthToken(project),
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'p2p.preference=enabled',
    });
    assert.equal(created.status, 200);
    const [{ session_id: sessionId }] = await created.json();
    const client = await joinedClient(
      server,
      sessionId,
      mintToken(project, sessionId),
    );
    const { issueId } = await client.call('reportIssue', {
      description: 'before restart',
    });
    const stopped = server.stop({ keepDir: true });
    const closing = await client.waitForPush('disconnected');
    assert.equal(closing.reason, 'serverShutdown');
    await stopped;

    server = await startServer({
      dir,
      project,
      config: { resumeGraceMs: kGraceMs },
    });
    try {
      const issue = await fetch(
        `${server.httpUrl}/v2/project/${project.apiKey}/issue/${issueId}`,
        { headers: { 'X-OPENTOK-AUTH': restAuthToken(project) } },
      );
      assert.equal(issue.status, 200);
      const stored = await issue.json();
      assert.equal(stored.sessionId, sessionId);
      assert.equal(stored.connectionId, client.connectionId);
      assert.equal(stored.description, 'before restart');

      const { client: resumed, response } = await resume(server, client);
      assert.equal(response.error?.code, 1006, JSON.stringify(response));
      assert.match(response.error.message, /connect again/);
      await resumed.close();
      const fresh = await joinedClient(
        server,
        sessionId,
        mintToken(project, sessionId),
      );
      assert.notEqual(fresh.connectionId, client.connectionId);
      assert.deepEqual(fresh.snapshot.connections, []);
      await fresh.close();
    } finally {
      await server.stop();
    }
  });
});
