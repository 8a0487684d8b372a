// Load benchmark of the session server next to a minimal Node `ws` relay
// (bench/ws-relay.mjs), in the same run, on loopback. Not part of the test
// command and no timed assertions: it prints what it measured.
//
//   node bench/load.mjs            # full run
//   node bench/load.mjs --quick    # smaller counts, for a quick look
//   node bench/load.mjs --client cpp --only round-trip,fanout
//
// `--client cpp` runs the round trip and fan-out clients in
// bench/load_client.cc (one process, one thread, every connection) instead
// of Node, so that the clients no longer use up the 2 cores before either
// server does. Build it with the `bench` preset (`--target load_client`) or
// pass its path with `--load-client`.
//
// Measures, each against a fresh sessioncore-server and a fresh relay:
//   1. server RSS per 1,000 idle connections (sessioncore connections
//      complete `connect` with a minted project JWT),
//   2. round trip of a targeted signal (A to B, then B to A), sequential,
//   3. broadcast fan-out in one session: deliveries per second,
//   4. concurrent connections held for a while without error.
// Clients run in child processes (this file with --worker) so that the
// client side is spread over processes and its memory is not counted.
// Both servers and the clients run with `ulimit -n 65536` (or the hard
// limit when it is lower), set here only.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';

import {
  readRssKb,
  skipReason,
  startServer,
} from '../tests/js/support/server.mjs';
import { mintToken } from '../tests/js/support/tokens.mjs';

const thisFile = fileURLToPath(import.meta.url);
const relayFile = path.join(path.dirname(thisFile), 'ws-relay.mjs');
// Raises the file descriptor limit for one command to 65536, or to the hard
// limit when that is lower and cannot be raised (a container without
// CAP_SYS_RESOURCE). "$0" "$@" is the argv given after the script.
const kRaiseFdLimit = [
  'sh',
  '-c',
  'ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"; exec "$0" "$@"',
];
const kRoomSize = 1000; // the server's default connectionsPerSession
// A guard so that a stuck run ends; it is not a performance requirement.
const kGuardMs = 60000;

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    worker: { type: 'boolean', default: false },
    idle: { type: 'string' },
    'round-trips': { type: 'string' },
    'fanout-signals': { type: 'string' },
    hold: { type: 'string' },
    workers: { type: 'string', default: '2' },
    only: { type: 'string' },
    client: { type: 'string', default: 'node' },
    'load-client': {
      type: 'string',
      default: path.join(
        path.dirname(thisFile),
        '../build/bench/bench/load_client',
      ),
    },
  },
});
if (!['node', 'cpp'].includes(flags.client)) {
  console.error(`--client "${flags.client}" is not one of node, cpp`);
  process.exit(2);
}
const quick = flags.quick;
const kIdle = Number(flags.idle ?? (quick ? 1000 : 5000));
const kRoundTrips = Number(flags['round-trips'] ?? (quick ? 500 : 2000));
const kFanoutSignals = Number(flags['fanout-signals'] ?? (quick ? 200 : 2000));
const kHold = Number(flags.hold ?? (quick ? 4000 : 20000));
const kWorkers = Number(flags.workers);
// Signals the fan-out sender may have in flight (sent, own copy not yet
// received back).
const kFanoutWindow = 256;

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// ---- Client side: one socket of either server -------------------------

function openSocket(url) {
  return new Promise((resolve, reject) => {
    // A server out of file descriptors leaves connections in the listen
    // backlog; the handshake timeout turns them into counted errors.
    const ws = new WebSocket(url, {
      perMessageDeflate: false,
      handshakeTimeout: 30000,
    });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

function nextMessage(ws, predicate) {
  return new Promise((resolve, reject) => {
    const onClose = () => reject(new Error('socket closed while waiting'));
    const onMessage = (data) => {
      const text = data.toString('utf8');
      if (!predicate(text)) return;
      ws.off('message', onMessage);
      ws.off('close', onClose);
      resolve(text);
    };
    ws.on('message', onMessage);
    ws.once('close', onClose);
  });
}

// Joins `room` and returns the id that others use to address this socket.
async function join(target, ws, room, index) {
  if (target.kind === 'relay') {
    const id = `c${index}-${process.pid}`;
    ws.send(JSON.stringify({ room, id }));
    // The relay sends no acknowledgement: a signal to itself shows that
    // the join was processed.
    const echo = nextMessage(ws, (text) => text.includes('"join-check"'));
    ws.send(JSON.stringify({ to: id, signalType: 'join-check' }));
    await echo;
    return id;
  }
  const response = nextMessage(ws, (text) => {
    const message = JSON.parse(text);
    return message.type === 'response' && message.id === 1;
  });
  ws.send(
    JSON.stringify({
      v: 1,
      type: 'connect',
      id: 1,
      sessionId: room,
      token: mintToken(target.project, room),
      connectionEventsSuppressed: true,
      client: { sdk: 'sessioncore-load', version: '0.0.0' },
    }),
  );
  const message = JSON.parse(await response);
  if (message.error) throw new Error(`connect: ${JSON.stringify(message)}`);
  return message.result.connection.connectionId;
}

// Sends a signal; sessioncore needs a request id, the relay ignores it.
function sendSignal(target, ws, signalType, to) {
  ws.requestId = (ws.requestId ?? 1) + 1;
  const message = { v: 1, type: 'signal', id: ws.requestId, signalType };
  message.data = 'x';
  if (to !== undefined) message.to = to;
  ws.send(JSON.stringify(message));
}

async function joinedSocket(target, room, index) {
  const ws = await openSocket(target.url);
  const id = await join(target, ws, room, index);
  return { ws, id };
}

// sessioncore keeps each push until the client acknowledges its seq, as the
// browser client does in its heartbeat every 2 s; the workers do the same,
// or the server would hold every fan-out signal until the end of the run.
const kHeartbeatMs = 2000;

// The server writes `seq` as the first key of a push.
function noteSeq(ws, text) {
  const match = /^\{"seq":(\d+),/.exec(text);
  if (match) ws.lastSeq = Number(match[1]);
}

function ackEvery(sockets, intervalMs) {
  const timer = setInterval(() => {
    for (const ws of sockets) {
      if (!ws.lastSeq || ws.readyState !== WebSocket.OPEN) continue;
      ws.requestId = (ws.requestId ?? 1) + 1;
      ws.send(
        JSON.stringify({
          v: 1,
          type: 'heartbeat',
          id: ws.requestId,
          ack: ws.lastSeq,
        }),
      );
    }
  }, intervalMs);
  timer.unref();
}

// ---- Worker process: keeps connections open and counts fan-out signals -----

async function runWorker() {
  const spec = await new Promise((resolve) => process.once('message', resolve));
  const sockets = [];
  const state = { opened: 0, errors: 0, firstError: '', closes: 0 };
  let received = 0;
  // Set once every connection is open: signals per opened connection.
  let expected = Infinity;
  const open = async (index) => {
    try {
      const room = spec.rooms[Math.floor(index / kRoomSize)];
      const { ws } = await joinedSocket(spec.target, room, spec.idBase + index);
      ws.on('close', () => state.closes++);
      ws.on('error', () => {});
      ws.on('message', (data) => {
        const text = data.toString('latin1');
        noteSeq(ws, text);
        if (!text.includes('"signalType":"fanout"')) return;
        received++;
        if (received === expected) {
          process.send({ type: 'done', at: Date.now() });
        }
      });
      sockets.push(ws);
      state.opened++;
    } catch (error) {
      state.errors++;
      state.firstError ||= String(error.message ?? error);
    }
  };
  for (let i = 0; i < spec.count; i += 200) {
    const batch = [];
    const end = Math.min(spec.count, i + 200);
    for (let k = i; k < end; k++) batch.push(open(spec.firstIndex + k));

    await Promise.all(batch);
  }
  expected = state.opened * (spec.fanoutSignals ?? 0);
  if (spec.target.kind !== 'relay') ackEvery(sockets, kHeartbeatMs);
  process.send({ type: 'ready', ...state });
  process.on('message', (message) => {
    if (message.type === 'status') {
      process.send({ type: 'status', ...state, received });
    } else if (message.type === 'stop') {
      for (const ws of sockets) ws.terminate();
      process.exit(0);
    }
  });
}

class WorkerPool {
  // Starts `workers` processes that together open `total` connections,
  // spread over `rooms` in blocks of kRoomSize, starting at `firstIndex`.
  constructor(target, rooms, total, workers, extra = {}) {
    this.children = [];
    this.ready = [];
    this.done = [];
    const per = Math.ceil(total / workers);
    for (let w = 0; w < workers; w++) {
      const count = Math.min(per, total - w * per);
      if (count <= 0) break;
      const child = spawn(
        kRaiseFdLimit[0],
        [...kRaiseFdLimit.slice(1), process.execPath, thisFile, '--worker'],
        { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
      );
      const spec = {
        target: { kind: target.kind, url: target.url },
        rooms,
        count,
        firstIndex: w * per,
        // Relay ids must differ from the sender's, which joins as index 0.
        idBase: extra.idBase ?? 0,
        fanoutSignals: extra.fanoutSignals,
      };
      spec.target.project = target.project;
      child.send(spec);
      this.ready.push(this.nextOfType(child, 'ready'));
      this.done.push(this.nextOfType(child, 'done'));
      this.children.push(child);
    }
  }

  nextOfType(child, type) {
    return new Promise((resolve) => {
      const onMessage = (message) => {
        if (message.type !== type) return;
        child.off('message', onMessage);
        resolve(message);
      };
      child.on('message', onMessage);
    });
  }

  // Returns the summed counters of all workers once all are ready.
  async allReady() {
    return sumCounters(await Promise.all(this.ready));
  }

  async status() {
    const replies = this.children.map((child) => {
      const reply = this.nextOfType(child, 'status');
      child.send({ type: 'status' });
      return reply;
    });
    return sumCounters(await Promise.all(replies));
  }

  async stop() {
    await Promise.all(
      this.children.map((child) => {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.send({ type: 'stop' });
        return exited;
      }),
    );
  }
}

function sumCounters(replies) {
  const sum = { opened: 0, errors: 0, closes: 0, received: 0, firstError: '' };
  for (const reply of replies) {
    for (const key of ['opened', 'errors', 'closes', 'received']) {
      sum[key] += reply[key] ?? 0;
    }
    sum.firstError ||= reply.firstError ?? '';
  }
  return sum;
}

// ---- Servers ----------------------------------------------------------

async function startSessioncore(limits = {}) {
  const server = await startServer({
    wrap: kRaiseFdLimit,
    config: {
      threads: 2,
      limits: {
        // Raised for the benchmark only: the defaults (100 per second,
        // burst 200) would reject the round trip and fan-out senders.
        signalsPerSecond: 1e6,
        signalBurst: 1e6,
        ...limits,
      },
    },
  });
  return {
    kind: 'sessioncore',
    url: server.wsUrl,
    project: server.project,
    pid: server.pid,
    rooms: async (n) => {
      const ids = [];
      for (let i = 0; i < n; i++) ids.push(await server.newSessionId());
      return ids;
    },
    stop: () => server.stop(),
  };
}

async function startRelay() {
  const child = spawn(
    kRaiseFdLimit[0],
    [...kRaiseFdLimit.slice(1), process.execPath, relayFile],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const port = await new Promise((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (chunk) => {
      text += chunk;
      const match = /listening on port (\d+)/.exec(text);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`relay exited: ${code}`)));
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return {
    kind: 'relay',
    url: `ws://127.0.0.1:${port}`,
    pid: child.pid,
    rooms: async (n) => Array.from({ length: n }, (_, i) => `room-${i}`),
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

const kStarters = { sessioncore: startSessioncore, relay: startRelay };

// ---- Measures -----------------------------------------------------------

async function measureIdleMemory(target) {
  const rooms = await target.rooms(Math.ceil(kIdle / kRoomSize));
  await sleep(1000);
  const beforeKb = readRssKb(target.pid);
  const pool = new WorkerPool(target, rooms, kIdle, kWorkers);
  const counters = await pool.allReady();
  await sleep(2000);
  const afterKb = readRssKb(target.pid);
  await pool.stop();
  return {
    beforeKb,
    afterKb,
    ...counters,
    mbPer1000: ((afterKb - beforeKb) / 1024) * (1000 / counters.opened),
  };
}

// Returns the CPU time (user + system) that process `pid` used so far, in
// seconds, assuming the usual 100 clock ticks per second.
function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function percentile(sorted, p) {
  const index = Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
  return sorted[Math.max(0, index)];
}

async function measureRoundTrip(target) {
  const [room] = await target.rooms(1);
  const b = await joinedSocket(target, room, 1);
  const a = await joinedSocket(target, room, 2);
  b.ws.on('message', (data) => {
    if (data.toString('latin1').includes('"signalType":"rt"')) {
      sendSignal(target, b.ws, 'rt-back', a.id);
    }
  });
  const samples = [];
  const warmup = Math.min(200, kRoundTrips);
  for (let i = 0; i < warmup + kRoundTrips; i++) {
    const back = nextMessage(a.ws, (text) => text.includes('"rt-back"'));
    const start = process.hrtime.bigint();
    sendSignal(target, a.ws, 'rt', b.id);
    await back;
    const micros = Number(process.hrtime.bigint() - start) / 1000;
    if (i >= warmup) samples.push(micros);
  }
  a.ws.terminate();
  b.ws.terminate();
  samples.sort((x, y) => x - y);
  return {
    roundTrips: samples.length,
    p50Us: percentile(samples, 0.5),
    p99Us: percentile(samples, 0.99),
  };
}

// Sends kFanoutSignals broadcasts from one connection of a kRoomSize room;
// the other connections sit in worker processes and count what arrives.
async function measureFanout(target) {
  const [room] = await target.rooms(1);
  const pool = new WorkerPool(target, [room], kRoomSize - 1, kWorkers, {
    idBase: 10,
    fanoutSignals: kFanoutSignals,
  });
  const counters = await pool.allReady();
  const sender = await joinedSocket(target, room, 0);
  let echoed = 0;
  let wake = () => {};
  sender.ws.on('message', (data) => {
    if (!data.toString('latin1').includes('"signalType":"fanout"')) return;
    echoed++;
    wake();
  });
  const startedAt = Date.now();
  const cpuBefore = cpuSeconds(target.pid);
  for (let sent = 0; sent < kFanoutSignals; sent++) {
    while (sent - echoed >= kFanoutWindow) {
      await new Promise((resolve) => (wake = resolve));
    }
    sendSignal(target, sender.ws, 'fanout');
  }
  // The guard timer is unref'd so that it does not keep the process alive
  // once every worker has reported.
  const guard = new Promise((resolve) => {
    setTimeout(() => resolve('timed out'), kGuardMs).unref();
  });
  const outcome = await Promise.race([Promise.all(pool.done), guard]);
  const serverCpu = cpuSeconds(target.pid) - cpuBefore;
  const status = await pool.status();
  const endedAt =
    outcome === 'timed out'
      ? Date.now()
      : Math.max(...outcome.map((done) => done.at));
  sender.ws.terminate();
  await pool.stop();
  const deliveries = status.received + echoed;
  const seconds = (endedAt - startedAt) / 1000;
  return {
    connections: counters.opened + 1,
    signals: kFanoutSignals,
    deliveries,
    expected: kFanoutSignals * (counters.opened + 1),
    seconds,
    perSecond: deliveries / seconds,
    serverCpuSeconds: serverCpu,
    errors: counters.errors,
    firstError: counters.firstError,
    closes: status.closes,
    complete: outcome !== 'timed out',
  };
}

// ---- The C++ client (bench/load_client.cc) -----------------------------

// Runs the C++ load client against `target` with `args` and returns the
// JSON object it prints.
function runCppClient(target, args) {
  const port = new URL(target.url).port;
  const argv = [flags['load-client'], '--port', port, ...args];
  if (target.kind === 'relay') argv.push('--relay');
  else {
    argv.push('--api-key', target.project.apiKey);
    argv.push('--api-secret', target.project.apiSecret);
  }
  const child = spawn(kRaiseFdLimit[0], [...kRaiseFdLimit.slice(1), ...argv], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) {
        reject(new Error(`${flags['load-client']} exited with ${code}`));
        return;
      }
      resolve(JSON.parse(out.trim().split('\n').pop()));
    });
  });
}

async function measureRoundTripCpp(target) {
  const [room] = await target.rooms(1);
  return runCppClient(target, [
    '--measure',
    'round-trip',
    '--room',
    room,
    '--round-trips',
    String(kRoundTrips),
  ]);
}

async function measureFanoutCpp(target) {
  const [room] = await target.rooms(1);
  return runCppClient(target, [
    '--measure',
    'fanout',
    '--room',
    room,
    '--connections',
    String(kRoomSize),
    '--signals',
    String(kFanoutSignals),
    '--window',
    String(kFanoutWindow),
    '--server-pid',
    String(target.pid),
  ]);
}

async function measureHold(target) {
  const rooms = await target.rooms(Math.ceil(kHold / kRoomSize));
  const workers = Math.max(kWorkers, Math.ceil(kHold / 5000));
  const pool = new WorkerPool(target, rooms, kHold, workers);
  const ready = await pool.allReady();
  // Idle for three heartbeat periods of the server's default (2 s) and
  // more, so that a connection dropped by the heartbeat check shows up.
  await sleep(10000);
  const status = await pool.status();
  const rssKb = readRssKb(target.pid);
  await pool.stop();
  return {
    requested: kHold,
    opened: ready.opened,
    errors: ready.errors,
    firstError: ready.firstError,
    closedWhileHeld: status.closes,
    rssKb,
  };
}

async function runMeasure(name, measure, limits) {
  const results = {};
  if (flags.only && !flags.only.split(',').includes(name)) return undefined;
  for (const kind of ['sessioncore', 'relay']) {
    const target = await kStarters[kind](limits);
    try {
      results[kind] = await measure(target);
    } finally {
      await target.stop();
    }
    console.error(`${name} ${kind}: ${JSON.stringify(results[kind])}`);
  }
  return results;
}

// ---- Report -------------------------------------------------------------

function row(label, results, pick, digits) {
  if (results === undefined) return undefined;
  const ours = pick(results.sessioncore);
  const theirs = pick(results.relay);
  const ratio = theirs === 0 ? 'n/a' : (ours / theirs).toFixed(2);
  return `| ${label} | ${ours.toFixed(digits)} | ${theirs.toFixed(digits)} | ${ratio} |`;
}

async function main() {
  if (skipReason) {
    console.error(skipReason);
    process.exit(2);
  }
  const memory = await runMeasure('memory', measureIdleMemory);
  const cpp = flags.client === 'cpp';
  const rtt = await runMeasure(
    'round-trip',
    cpp ? measureRoundTripCpp : measureRoundTrip,
  );
  const fanout = await runMeasure(
    'fanout',
    cpp ? measureFanoutCpp : measureFanout,
    {
      // One slow receiver may fall behind by up to every signal of the run.
      outboundQueueMessages: kFanoutSignals + 1024,
    },
  );
  const hold = await runMeasure('hold', measureHold, {
    sessionsPerServer: 10000,
  });
  const lines = [
    '| measure | sessioncore | ws relay | ratio (sessioncore / relay) |',
    '|---|---|---|---|',
    row(
      `MB per 1,000 idle connections (${kIdle})`,
      memory,
      (r) => r.mbPer1000,
      2,
    ),
    row('signal round trip p50, µs', rtt, (r) => r.p50Us, 0),
    row('signal round trip p99, µs', rtt, (r) => r.p99Us, 0),
    row('fan-out deliveries per second', fanout, (r) => r.perSecond, 0),
    row('fan-out server CPU seconds', fanout, (r) => r.serverCpuSeconds, 1),
    row(
      `connections held of ${kHold}`,
      hold,
      (r) => r.opened - r.closedWhileHeld,
      0,
    ),
    row(
      'errors while opening or holding',
      hold,
      (r) => r.errors + r.closedWhileHeld,
      0,
    ),
  ];
  console.log(lines.filter((line) => line !== undefined).join('\n'));
  console.log(JSON.stringify({ memory, rtt, fanout, hold }, null, 2));
}

if (flags.worker) await runWorker();
else await main();
