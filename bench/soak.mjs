// Soak test of the session server (not part of the test command): many
// protocol clients across many sessions send targeted signals while clients
// leave and join, for a fixed time. Reports the server's memory over time,
// signals lost (accepted by the server but never received; must be 0) and
// errors.
//
//   node bench/soak.mjs                      # 1000 clients, 50 sessions, 10 min
//   node bench/soak.mjs --duration 90 --connections 1000 --sessions 50
//
// Flags: --connections N, --sessions M, --duration SECONDS,
// --signal-interval MS (per client, default 2000), --churn N (leaves and
// joins per second, default 2), --sample SECONDS (memory sample period,
// default 10). The server binary is $SESSIONCORE_SERVER_BIN or the native
// build; it runs on loopback with a temporary config.
import { parseArgs } from 'node:util';

import { ProtocolClient, sleep } from '../tests/js/support/client.mjs';
import { skipReason, startServer } from '../tests/js/support/server.mjs';
import { mintToken } from '../tests/js/support/tokens.mjs';

const { values: flags } = parseArgs({
  options: {
    connections: { type: 'string', default: '1000' },
    sessions: { type: 'string', default: '50' },
    duration: { type: 'string', default: '600' },
    'signal-interval': { type: 'string', default: '2000' },
    churn: { type: 'string', default: '2' },
    sample: { type: 'string', default: '10' },
  },
});
const kConnections = Number(flags.connections);
const kSessions = Number(flags.sessions);
const kDurationMs = Number(flags.duration) * 1000;
const kSignalIntervalMs = Number(flags['signal-interval']);
const kChurnPerSecond = Number(flags.churn);
const kSampleMs = Number(flags.sample) * 1000;

if (skipReason) {
  console.error(skipReason);
  process.exit(2);
}

const stats = {
  signalsAccepted: 0,
  signalsReceived: 0,
  errors: new Map(), // "code name" or "socket: message" -> count
  joins: 0,
  leaves: 0,
  unexpectedCloses: 0,
};
// Every signal sent, by its unique data: whether the server accepted it and
// whether its target received it. The push can reach the target before
// the sender gets the response, so both are recorded independently.
const signals = new Map();

function countError(key) {
  stats.errors.set(key, (stats.errors.get(key) ?? 0) + 1);
}

class Member {
  constructor(session) {
    this.session = session;
    this.leaving = false;
  }

  async join(server) {
    this.client = await ProtocolClient.open(server.wsUrl);
    this.client.onMessage = wrapOnMessage(this.client);
    await this.client.connect(
      this.session.id,
      mintToken(server.project, this.session.id),
      { suppressed: true },
    );
    this.client.closed.then(() => {
      if (!this.leaving) stats.unexpectedCloses++;
    });
    stats.joins++;
  }

  async leave() {
    this.leaving = true;
    this.session.members.delete(this);
    // Signals already accepted for this member are pushed before the
    // answer to disconnect, so they still count.
    await this.client.call('disconnect').catch((e) => countError(e.message));
    await this.client.close();
    stats.leaves++;
  }

  async sendSignal() {
    const peers = [...this.session.members].filter(
      (m) => m !== this && !m.leaving && m.client,
    );
    if (peers.length === 0 || this.leaving) return;
    const target = peers[Math.floor(Math.random() * peers.length)];
    const data = `${this.client.connectionId}:${Math.random()}`;
    signals.set(data, { accepted: false, received: false });
    const response = await this.client
      .request('signal', {
        signalType: 'soak',
        data,
        to: target.client.connectionId,
      })
      .catch((e) => ({ error: { code: 'timeout', name: e.message } }));
    if (response.result) {
      stats.signalsAccepted++;
      signals.get(data).accepted = true;
    } else if (!(response.error?.code === 404 && target.leaving)) {
      countError(`${response.error?.code} ${response.error?.name}`);
    }
  }
}

// Counts received soak signals without keeping every message in memory.
function wrapOnMessage(client) {
  const original = ProtocolClient.prototype.onMessage;
  return function onMessage(data, isBinary) {
    const text = data.toString('utf8');
    if (text.includes('"signalType":"soak"') && !text.includes('"id"')) {
      const entry = signals.get(JSON.parse(text).data);
      if (entry && !entry.received) {
        entry.received = true;
        stats.signalsReceived++;
      } else {
        countError('signal received twice or never sent');
      }
      return;
    }
    original.call(client, data, isBinary);
    // Responses are matched by waiters; nothing else needs keeping.
    if (client.messages.length > 64) client.messages.splice(0, 32);
  };
}

async function main() {
  const server = await startServer({
    config: {
      limits: { connectionsPerSession: kConnections, signalsPerSecond: 50 },
    },
  });
  const startedAt = Date.now();
  const samples = [{ t: 0, rssKb: server.rssKb(), connections: 0 }];
  const sessions = [];
  for (let i = 0; i < kSessions; i++) {
    sessions.push({ id: await server.newSessionId(), members: new Set() });
  }
  // Join in batches so that the handshakes do not all land at once.
  const members = [];
  for (let i = 0; i < kConnections; i++) {
    const member = new Member(sessions[i % kSessions]);
    members.push(member);
  }
  for (let i = 0; i < members.length; i += 50) {
    await Promise.all(
      members.slice(i, i + 50).map(async (m) => {
        await m.join(server);
        m.session.members.add(m);
      }),
    );
  }
  const joinedAt = Date.now();
  samples.push({
    t: joinedAt - startedAt,
    rssKb: server.rssKb(),
    connections: kConnections,
  });
  console.log(
    `joined ${kConnections} clients in ${kSessions} sessions in ` +
      `${joinedAt - startedAt} ms; server RSS ${samples.at(-1).rssKb} kB`,
  );

  const deadline = joinedAt + kDurationMs;
  const timers = [];
  for (const member of members) {
    const jitter = Math.random() * kSignalIntervalMs;
    timers.push(
      setTimeout(function tick() {
        member.sendSignal().catch((e) => countError(e.message));
        if (!member.leaving) member.timer = setTimeout(tick, kSignalIntervalMs);
      }, jitter),
    );
  }
  const churn = setInterval(async () => {
    for (let k = 0; k < kChurnPerSecond; k++) {
      const session = sessions[Math.floor(Math.random() * sessions.length)];
      const [leaver] = session.members;
      if (!leaver) continue;
      clearTimeout(leaver.timer);
      await leaver.leave();
      const fresh = new Member(session);
      await fresh.join(server).catch((e) => countError(e.message));
      session.members.add(fresh);
      const tick = () => {
        fresh.sendSignal().catch((e) => countError(e.message));
        if (!fresh.leaving) fresh.timer = setTimeout(tick, kSignalIntervalMs);
      };
      fresh.timer = setTimeout(tick, Math.random() * kSignalIntervalMs);
      members.push(fresh);
    }
  }, 1000);
  while (Date.now() < deadline) {
    await sleep(Math.min(kSampleMs, deadline - Date.now()));
    const sample = {
      t: Date.now() - startedAt,
      rssKb: server.rssKb(),
      connections: sessions.reduce((n, s) => n + s.members.size, 0),
    };
    samples.push(sample);
    console.log(
      `t=${(sample.t / 1000).toFixed(0)}s rss=${sample.rssKb}kB ` +
        `accepted=${stats.signalsAccepted} received=${stats.signalsReceived} ` +
        `errors=${[...stats.errors.values()].reduce((a, b) => a + b, 0)}`,
    );
  }
  clearInterval(churn);
  for (const member of members) clearTimeout(member.timer);
  timers.forEach(clearTimeout);
  // Give signals still in flight 2 s to arrive before counting losses.
  await sleep(2000);
  let lost = 0;
  for (const entry of signals.values()) {
    if (entry.accepted && !entry.received) lost++;
  }
  for (const member of members) {
    if (member.leaving) continue;
    member.leaving = true;
    await member.client.close();
  }
  samples.push({
    t: Date.now() - startedAt,
    rssKb: server.rssKb(),
    connections: 0,
  });
  await server.stop();
  const summary = {
    connections: kConnections,
    sessions: kSessions,
    durationS: kDurationMs / 1000,
    signalIntervalMs: kSignalIntervalMs,
    churnPerSecond: kChurnPerSecond,
    signalsAccepted: stats.signalsAccepted,
    signalsReceived: stats.signalsReceived,
    signalsLost: lost,
    joins: stats.joins,
    leaves: stats.leaves,
    unexpectedCloses: stats.unexpectedCloses,
    errors: Object.fromEntries(stats.errors),
    rssKb: samples.map((s) => [Math.round(s.t / 1000), s.rssKb, s.connections]),
  };
  const { rssKb, ...totals } = summary;
  console.log(JSON.stringify(totals, null, 2));
  console.log('memory samples [seconds, server RSS kB, connections]:');
  console.log(rssKb.map((sample) => JSON.stringify(sample)).join('\n'));
  process.exit(lost === 0 && stats.unexpectedCloses === 0 ? 0 : 1);
}

await main();
