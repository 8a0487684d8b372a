// A raw protocol v1 client for tests: one WebSocket, requests with ids,
// every server message kept in order. It does no client-side checks, so
// tests can send what a real client never would.
import WebSocket from 'ws';

/** How long a test waits for a message before it fails. This is a guard
 * so that a broken server fails the test, not a promise of the server. */
export const kWaitMs = 20000;

export class ProtocolClient {
  /** Opens a socket to `url`; resolves once it is open. */
  static async open(url, options = {}) {
    const client = new ProtocolClient(url, options);
    await client.opened;
    return client;
  }

  constructor(url, options = {}) {
    this.messages = [];
    this.raw = [];
    this.nextId = 1;
    this.waiters = [];
    this.ws = new WebSocket(url, { maxPayload: 0, ...options });
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', resolve);
      this.ws.once('error', reject);
    });
    this.ws.on('error', () => {});
    this.closed = new Promise((resolve) =>
      this.ws.once('close', (code, reason) => {
        // Nothing more can arrive: fail every wait at once.
        for (const waiter of this.waiters) waiter.fail(code);
        this.waiters = [];
        resolve({ code, reason: reason.toString() });
      }),
    );
    this.ws.on('message', (data, isBinary) => this.onMessage(data, isBinary));
  }

  onMessage(data, isBinary) {
    const text = data.toString('utf8');
    this.raw.push({ text, isBinary });
    let message;
    try {
      message = JSON.parse(text);
    } catch {
      message = { type: '(not json)', text };
    }
    this.messages.push(message);
    this.waiters = this.waiters.filter((waiter) => !waiter.check());
  }

  get isOpen() {
    return this.ws.readyState === WebSocket.OPEN;
  }

  /** The highest push `seq` received on this socket, 0 for none. */
  get lastSeq() {
    return this.messages.reduce(
      (max, m) => (Number.isInteger(m.seq) && m.seq > max ? m.seq : max),
      0,
    );
  }

  /** Pushes (messages without an id) of `type`, or all pushes. */
  pushes(type) {
    return this.messages.filter(
      (m) => m.type !== 'response' && (type === undefined || m.type === type),
    );
  }

  /** Sends `text` (a string, Buffer or object) as it is. */
  sendRaw(data, { binary = false } = {}) {
    const payload =
      typeof data === 'object' && !Buffer.isBuffer(data)
        ? JSON.stringify(data)
        : data;
    this.ws.send(payload, { binary });
  }

  /** Sends request `type` with `fields`; resolves with the response. */
  async request(type, fields = {}) {
    const id = this.nextId++;
    this.sendRaw({ v: 1, type, id, ...fields });
    return this.waitFor(
      (m) => m.type === 'response' && m.id === id,
      `response to ${type} #${id}`,
    );
  }

  /** Like request() but throws when the response carries an error. */
  async call(type, fields = {}) {
    const response = await this.request(type, fields);
    if (response.error) {
      const e = response.error;
      throw new Error(`${type} failed: ${e.code} ${e.name} ${e.message}`);
    }
    return response.result;
  }

  /** Joins a session; resolves with the snapshot and remembers it. */
  async connect(sessionId, token, { suppressed = false } = {}) {
    this.snapshot = await this.call('connect', {
      sessionId,
      token,
      connectionEventsSuppressed: suppressed,
      client: { sdk: 'sessioncore-tests', version: '0.0.0' },
    });
    this.sessionId = sessionId;
    this.connectionId = this.snapshot.connection.connectionId;
    return this.snapshot;
  }

  /** Resolves with the first message, already received or not, that
   * satisfies `predicate`; rejects after `timeoutMs`. */
  waitFor(predicate, what = 'message', timeoutMs = kWaitMs) {
    const found = this.messages.find(predicate);
    if (found) return Promise.resolve(found);
    if (this.ws.readyState === WebSocket.CLOSED) {
      return Promise.reject(new Error(`socket closed; no ${what}`));
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(
          new Error(
            `no ${what} within ${timeoutMs} ms; got ` +
              JSON.stringify(this.messages.slice(-5)),
          ),
        );
      }, timeoutMs);
      const waiter = {
        fail: (code) => {
          clearTimeout(timer);
          reject(
            new Error(`socket closed (${code}) while waiting for ${what}`),
          );
        },
        check: () => {
          const match = this.messages.find(predicate);
          if (!match) return false;
          clearTimeout(timer);
          resolve(match);
          return true;
        },
      };
      this.waiters.push(waiter);
    });
  }

  /** Waits for a push of `type` whose fields include `fields`. */
  waitForPush(type, fields = {}, timeoutMs = kWaitMs) {
    return this.waitFor(
      (m) =>
        m.type === type && Object.entries(fields).every(([k, v]) => m[k] === v),
      `${type} ${JSON.stringify(fields)}`,
      timeoutMs,
    );
  }

  /** Resolves once every push that the server queued for this client
   * before the call has arrived: a signal to itself passes through the
   * session's ordered queue. Also resolves when the socket closes. */
  async barrier() {
    if (!this.isOpen) return;
    const data = `barrier-${Math.random()}`;
    try {
      await this.call('signal', {
        signalType: 'barrier',
        data,
        to: this.connectionId,
      });
      await this.waitForPush('signal', { signalType: 'barrier', data });
    } catch (error) {
      if (this.isOpen) throw error;
    }
  }

  /** Sends a heartbeat and waits for its response. */
  async ping() {
    return this.call('heartbeat');
  }

  /** Stops reading: the kernel buffers fill and the server's writes stall. */
  stopReading() {
    this.ws._socket.pause();
  }

  /** Drops the TCP connection without a close handshake, like a network
   * loss seen from the server. */
  drop() {
    this.ws._socket.destroy();
  }

  async close() {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.close();
    else if (this.ws.readyState === WebSocket.CONNECTING) this.ws.terminate();
    await Promise.race([
      this.closed,
      new Promise((resolve) => setTimeout(resolve, 2000)),
    ]);
    this.ws.terminate();
  }
}

/** Opens a client and joins `sessionId` with a token from `mint(role)`. */
export async function joinedClient(server, sessionId, token, options) {
  const client = await ProtocolClient.open(server.wsUrl);
  await client.connect(sessionId, token, options);
  return client;
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
