// Node tests of the Embind binding of the client session core: every input
// goes in through the binding, server frames are protocol v1 JSON, and every
// assertion reads the outputs that come back out of takeOutputs().
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

import { loadCore } from '../../ts/dist/index.js';

const wasmBinary = readFileSync(
  new URL('../../ts/dist/sessioncore_core.wasm', import.meta.url),
);
const core = await loadCore({ wasmBinary });

const SESSION_ID = '1_MX4xMDB-';
const connection = (id, data = '') => ({
  connectionId: id,
  creationTime: 1764849600000,
  data,
});
const stream = (id, connectionId) => ({
  streamId: id,
  connection: connection(connectionId),
  creationTime: 1764849601000,
  name: 'cam',
  hasAudio: true,
  hasVideo: true,
  hasCaptions: false,
  videoType: 'camera',
  videoDimensions: { width: 640, height: 480 },
  frameRate: 30,
});
const snapshot = (extra = {}) => ({
  connection: connection('C-1', 'me'),
  role: 'moderator',
  capabilities: {
    publish: true,
    subscribe: true,
    forceDisconnect: true,
    forceUnpublish: true,
    forceMute: true,
  },
  connections: [connection('C-2', 'bob')],
  streams: [stream('S-2', 'C-2')],
  forceMute: { active: false, excludedStreamIds: [] },
  archives: [],
  iceServers: [],
  heartbeatIntervalMs: 2000,
  reconnectWindowMs: 30000,
  resumeKey: 'rk-test',
  ...extra,
});

// Wraps one binding with helpers that drain and decode outputs.
function createSession(options = {}) {
  const binding = core.createClientSession(
    SESSION_ID,
    '100',
    JSON.stringify(options),
    'ws://127.0.0.1:1/v1/ws',
  );
  const take = () => JSON.parse(binding.takeOutputs());
  const sent = (outputs) =>
    outputs.filter((o) => o.kind === 'send').map((o) => JSON.parse(o.text));
  const events = (outputs) => outputs.filter((o) => o.kind === 'event');
  const push = (message) =>
    binding.onSocketMessage(JSON.stringify({ v: 1, ...message }));
  const respond = (id, result) => push({ type: 'response', id, result });
  return { binding, take, sent, events, push, respond };
}

// Connects a session through the whole handshake and returns the outputs
// of the snapshot, plus the session.
function connected(options = {}, snapshotExtra = {}) {
  const s = createSession(options);
  s.binding.connect('token-1', 1);
  s.take();
  s.binding.onSocketOpen();
  const [request] = s.sent(s.take());
  s.respond(request.id, snapshot(snapshotExtra));
  return { ...s, joined: s.take() };
}

describe('ClientSession binding', () => {
  it('opens the socket URL on connect', () => {
    const s = createSession();
    s.binding.connect('token-1', 1);
    const outputs = s.take().filter((o) => o.kind !== 'log');
    assert.deepEqual(outputs[0], {
      kind: 'openSocket',
      url: 'ws://127.0.0.1:1/v1/ws',
    });
  });

  it('sends a connect request after the socket opens', () => {
    const s = createSession({ connectionEventsSuppressed: true });
    s.binding.connect('token-1', 1);
    s.take();
    s.binding.onSocketOpen();
    const [request] = s.sent(s.take());
    assert.equal(request.type, 'connect');
    assert.equal(request.sessionId, SESSION_ID);
    assert.equal(request.token, 'token-1');
    assert.equal(request.connectionEventsSuppressed, true);
  });

  it('emits join events and completes connect from the snapshot', () => {
    const { joined, events } = connected();
    const names = events(joined).map((e) => e.name);
    assert.deepEqual(names, [
      'sessionConnected',
      'connectionCreated',
      'connectionCreated',
      'streamCreated',
    ]);
    const complete = joined.find((o) => o.kind === 'complete');
    assert.equal(complete.handle, 1);
    assert.equal(complete.result.connection.connectionId, 'C-1');
    assert.equal(complete.result.capabilities.publish, true);
    const created = events(joined).find((e) => e.name === 'streamCreated');
    assert.equal(created.target, 'session');
    assert.equal(created.payload.stream.streamId, 'S-2');
  });

  it('reports session info and capabilities after connect', () => {
    const { binding } = connected();
    const info = JSON.parse(binding.getSessionInfo());
    assert.equal(info.sessionId, SESSION_ID);
    assert.equal(info.connection.connectionId, 'C-1');
    assert.equal(binding.state(), 'connected');
    const capabilities = JSON.parse(binding.getCapabilities());
    assert.equal(capabilities.canForceMute, true);
  });

  it('round-trips every session push as an event', () => {
    const s = connected();
    s.push({ type: 'connectionCreated', connection: connection('C-3') });
    s.push({ type: 'streamCreated', stream: stream('S-3', 'C-3') });
    s.push({
      type: 'streamPropertyChanged',
      streamId: 'S-3',
      property: 'hasAudio',
      oldValue: true,
      newValue: false,
    });
    s.push({ type: 'signal', signalType: 'chat', data: 'hi', from: 'C-3' });
    s.push({ type: 'muteForced', active: true, excludedStreamIds: ['S-3'] });
    s.push({ type: 'archiveStarted', archiveId: 'A-1', name: 'weekly' });
    s.push({ type: 'archiveStopped', archiveId: 'A-1' });
    s.push({ type: 'streamDestroyed', streamId: 'S-3', reason: 'unpublished' });
    s.push({
      type: 'connectionDestroyed',
      connectionId: 'C-3',
      reason: 'clientDisconnected',
    });
    const events = s.events(s.take());
    assert.deepEqual(
      events.map((e) => e.name),
      [
        'connectionCreated',
        'streamCreated',
        'streamPropertyChanged',
        'signal',
        'signal:chat',
        'muteForced',
        'archiveStarted',
        'archiveStopped',
        'streamDestroyed',
        'connectionDestroyed',
      ],
    );
    const changed = events[2].payload;
    assert.equal(changed.changedProperty, 'hasAudio');
    assert.equal(changed.oldValue, true);
    assert.equal(changed.newValue, false);
    assert.equal(events[3].payload.from.connectionId, 'C-3');
    assert.equal(events[3].payload.data, 'hi');
    assert.equal(events[8].cancelable, true);
    assert.equal(events[8].payload.reason, 'unpublished');
    assert.equal(events[9].payload.reason, 'clientDisconnected');
  });

  it('reports an error push and an undecodable frame as exception', () => {
    const s = connected();
    s.push({
      type: 'error',
      code: 2002,
      name: 'OT_PROTOCOL_ERROR',
      message: 'frame is not valid JSON',
    });
    s.binding.onSocketMessage('{not json');
    const events = s.events(s.take());
    assert.equal(events.length, 2);
    assert.equal(events[0].name, 'exception');
    assert.equal(events[0].payload.name, 'OT_PROTOCOL_ERROR');
    assert.equal(events[1].name, 'exception');
    assert.equal(typeof events[1].payload.code, 'number');
  });

  it('ends with sessionDisconnected after a disconnected push', () => {
    const s = connected();
    s.push({
      type: 'disconnected',
      reason: 'forceDisconnected',
      message: 'removed by a moderator',
    });
    s.binding.onSocketClosed(1000, '');
    const outputs = s.take();
    const disconnected = s
      .events(outputs)
      .find((e) => e.name === 'sessionDisconnected');
    assert.ok(disconnected, JSON.stringify(outputs));
    assert.equal(disconnected.payload.reason, 'forceDisconnected');
    assert.equal(disconnected.cancelable, true);
    s.binding.defaultAction(disconnected.eventId);
    assert.equal(s.binding.state(), 'disconnected');
  });

  it('drives a subscriber peer connection through SDP and ICE', () => {
    const s = connected();
    s.binding.subscribe('sub-1', 'S-2', 2);
    let outputs = s.take();
    const create = outputs.find((o) => o.kind === 'peer');
    assert.equal(create.op, 'create');
    assert.equal(create.role, 'subscriber');
    assert.equal(create.streamId, 'S-2');
    assert.ok(create.rtcConfiguration);
    const [request] = s.sent(outputs);
    assert.equal(request.type, 'subscribe');
    s.respond(request.id, { subscriptionId: 'SUB-1' });
    outputs = s.take();
    assert.equal(outputs.find((o) => o.kind === 'complete').handle, 2);
    s.push({
      type: 'sdp',
      subscriptionId: 'SUB-1',
      sdpType: 'offer',
      sdp: 'v=0\r\n',
    });
    const ops = s.take().map((o) => o.op);
    assert.deepEqual(ops, ['setRemoteDescription', 'createAnswer']);
    s.binding.onPeerLocalDescription(create.pcId, 'answer', 'v=0\r\nanswer');
    const [answer] = s.sent(s.take());
    assert.equal(answer.type, 'sdp');
    assert.equal(answer.subscriptionId, 'SUB-1');
    assert.equal(answer.sdpType, 'answer');
    s.binding.onPeerIceCandidate(
      create.pcId,
      JSON.stringify({
        candidate: 'candidate:1',
        sdpMid: '0',
        sdpMLineIndex: 0,
      }),
    );
    const [candidate] = s.sent(s.take());
    assert.equal(candidate.type, 'candidate');
    assert.equal(candidate.candidate, 'candidate:1');
  });

  it('resumes after a lost socket with reconnect events', () => {
    const s = connected();
    s.binding.subscribe('sub-1', 'S-2', 2);
    const subscribing = s.take();
    const pcId = subscribing.find((o) => o.kind === 'peer').pcId;
    s.respond(s.sent(subscribing)[0].id, { subscriptionId: 'SUB-1' });
    s.take();
    s.binding.onSocketClosed(1006, 'network gone');
    let outputs = s.take();
    assert.deepEqual(
      s.events(outputs).map((e) => e.name),
      ['sessionReconnecting'],
    );
    assert.equal(s.binding.state(), 'reconnecting');
    // Fire the armed timers, soonest first, until the core reopens.
    const timers = outputs
      .filter((o) => o.kind === 'armTimer')
      .sort((a, b) => a.delayMs - b.delayMs);
    let reopened;
    for (const timer of timers) {
      s.binding.onTimer(timer.timerId);
      reopened = s.take().find((o) => o.kind === 'openSocket');
      if (reopened !== undefined) break;
    }
    assert.ok(reopened, 'no openSocket after the resume timers fired');
    s.binding.onSocketOpen();
    const [resume] = s.sent(s.take());
    assert.equal(resume.type, 'resume');
    assert.equal(resume.connectionId, 'C-1');
    assert.equal(resume.resumeKey, 'rk-test');
    s.respond(resume.id, snapshot());
    outputs = s.take();
    assert.deepEqual(
      s.events(outputs).map((e) => e.name),
      ['sessionReconnected'],
    );
    const restart = outputs.find((o) => o.kind === 'peer');
    assert.equal(restart.op, 'restartIce');
    assert.equal(restart.pcId, pcId);
  });

  it('arms a heartbeat timer and sends a heartbeat when it fires', () => {
    const s = connected();
    const timer = s.joined.find((o) => o.kind === 'armTimer');
    assert.ok(timer, 'no timer armed after connect');
    s.binding.onTimer(timer.timerId);
    const requests = s.sent(s.take());
    assert.ok(requests.some((r) => r.type === 'heartbeat'));
  });

  it('rejects a call before connect with OT_NOT_CONNECTED', () => {
    const s = createSession();
    s.binding.signal(JSON.stringify({ data: 'x' }), 7);
    const [complete] = s.take().filter((o) => o.kind === 'complete');
    assert.equal(complete.handle, 7);
    assert.equal(complete.error.name, 'OT_NOT_CONNECTED');
    assert.equal(complete.error.code, 1010);
  });

  it('rejects bad signals with the signal rule codes', () => {
    const s = connected();
    s.binding.signal(JSON.stringify({ type: 'bad type!', data: '' }), 3);
    s.binding.signal(JSON.stringify({ data: 'x'.repeat(8193) }), 4);
    const errors = s.take().filter((o) => o.kind === 'complete');
    assert.equal(errors[0].error.code, 400);
    assert.equal(errors[1].error.code, 413);
    assert.equal(errors[1].error.name, 'OT_SIGNAL_TOO_LONG');
  });

  it('rejects an empty token with OT_INVALID_PARAMETER', () => {
    const s = createSession();
    s.binding.connect('', 1);
    const complete = s.take().find((o) => o.kind === 'complete');
    assert.equal(complete.error.code, 1011);
  });

  it('turns unparsable JSON input into otrnError and a failed call', () => {
    const s = connected();
    s.binding.signal('{oops', 9);
    const outputs = s.take();
    const complete = outputs.find((o) => o.kind === 'complete');
    assert.equal(complete.handle, 9);
    assert.equal(complete.error.name, 'OT_INVALID_PARAMETER');
    const fault = outputs.find((o) => o.kind === 'event');
    assert.equal(fault.name, 'otrnError');
    assert.match(fault.payload.message, /signal is not valid JSON/);
  });

  it('throws OTError-shaped errors from synchronous calls', () => {
    const s = createSession();
    assert.throws(
      () => s.binding.getCapabilities(),
      (error) => error.name === 'OT_NOT_CONNECTED' && error.code === 1010,
    );
    const c = connected();
    assert.throws(
      () => c.binding.setPublisherProperty('nobody', 'hasAudio', 'true'),
      (error) => error.name === 'OT_NOT_FOUND',
    );
  });

  it('rejects invalid options when the session is created', () => {
    assert.throws(
      () =>
        core.createClientSession(
          SESSION_ID,
          '100',
          JSON.stringify({ iceConfig: { transportPolicy: 'relya' } }),
          'ws://127.0.0.1:1/v1/ws',
        ),
      (error) =>
        error.name === 'OT_INVALID_PARAMETER' &&
        error.message.includes('relya'),
    );
  });

  it('completes pending calls with 1010 on destroy', () => {
    const s = createSession();
    s.binding.connect('token-1', 1);
    s.binding.destroy();
    const complete = s.take().find((o) => o.kind === 'complete');
    assert.equal(complete.handle, 1);
    assert.ok(complete.error, 'connect completed without an error');
    s.binding.delete();
  });
});
