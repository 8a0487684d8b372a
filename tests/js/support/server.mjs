// Starts the real sessioncore-server binary for Node tests: a temporary
// folder with a JSON config and a SQLite file, an ephemeral port read from
// the "listening on" line, and the server's log kept in memory so that
// tests can check what it wrote.
import { spawn } from 'node:child_process';
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../..',
);

/** The binary under test: $SESSIONCORE_SERVER_BIN, else $SESSIONCORE_SERVER
 * (the variable the Playwright helper reads), else the native build. */
export const serverBinary =
  process.env.SESSIONCORE_SERVER_BIN ||
  process.env.SESSIONCORE_SERVER ||
  path.join(repoRoot, 'build/native/src/server/sessioncore-server');

/**
 * Why the server tests cannot run here, or undefined when they can. Tests
 * pass this as `skip` so that a missing build is reported, not hidden.
 */
export const skipReason = existsSync(serverBinary)
  ? undefined
  : `server binary ${serverBinary} not found: build the sessioncore-server ` +
    'target or set SESSIONCORE_SERVER_BIN';

/** The project that every test config carries. */
export function makeProject() {
  return {
    apiKey: `k${randomBytes(4).toString('hex')}`,
    apiSecret: randomBytes(24).toString('hex'),
  };
}

/**
 * Starts the server. `config` is merged over a default config (one project,
 * the demo token endpoint on, a SQLite file in the temp folder). Pass
 * `dir` and `project` from an earlier server to restart on the same data.
 * Resolves once the server prints the port it listens on.
 */
export async function startServer({
  config = {},
  dir,
  project,
  wrap = [],
} = {}) {
  const folder = dir ?? mkdtempSync(path.join(tmpdir(), 'sessioncore-h7-'));
  const proj = project ?? makeProject();
  const fullConfig = {
    listen: '127.0.0.1',
    port: 0,
    threads: 2,
    projects: [proj],
    databasePath: path.join(folder, 'sessioncore.db'),
    demoTokenEndpoint: true,
    ...config,
  };
  const configPath = path.join(folder, 'config.json');
  writeFileSync(configPath, JSON.stringify(fullConfig, null, 2));
  // `wrap` is an argv prefix, such as nsenter into a test namespace.
  const argv = [...wrap, serverBinary, '--config', configPath];
  const child = spawn(argv[0], argv.slice(1), {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const server = new RunningServer(child, folder, proj, fullConfig);
  await server.started;
  return server;
}

class RunningServer {
  constructor(child, dir, project, config) {
    this.child = child;
    this.dir = dir;
    this.project = project;
    this.config = config;
    this.logText = '';
    this.exited = new Promise((resolve) => child.once('exit', resolve));
    this.started = new Promise((resolve, reject) => {
      const onData = (chunk) => {
        this.logText += chunk.toString('utf8');
        const match = /listening on http:\/\/([\d.]+):(\d+)/.exec(this.logText);
        if (match && this.port === undefined) {
          this.host = match[1];
          this.port = Number(match[2]);
          resolve();
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.once('exit', (code) =>
        reject(
          new Error(
            `server exited (${code}) before listening:\n${this.logText}`,
          ),
        ),
      );
    });
  }

  get pid() {
    return this.child.pid;
  }
  get httpUrl() {
    return `http://${this.host}:${this.port}`;
  }
  get wsUrl() {
    return `ws://${this.host}:${this.port}/v1/ws`;
  }

  /** Everything the server wrote to stdout and stderr so far. */
  log() {
    return this.logText;
  }

  /** Resident memory of the server process in kB, from /proc. */
  rssKb() {
    return readRssKb(this.pid);
  }

  /** Stops the server with SIGTERM (SIGKILL with `hard`) and waits. */
  async stop({ hard = false, keepDir = false } = {}) {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill(hard ? 'SIGKILL' : 'SIGTERM');
    }
    await this.exited;
    if (!keepDir) rmSync(this.dir, { recursive: true, force: true });
  }

  /** Mints a token through the demo endpoint; returns {sessionId, token}.
   * Goes through the Unix socket `httpSocketPath` when it is set. */
  async demoToken({ sessionId = '', role = 'publisher', data = '' } = {}) {
    const target = this.httpSocketPath
      ? { socketPath: this.httpSocketPath }
      : { host: this.host, port: this.port };
    const body = JSON.stringify({ sessionId, role, data });
    const { status, text } = await postJson(target, '/v1/demo/token', body);
    if (status !== 200) throw new Error(`demo token: HTTP ${status} ${text}`);
    return JSON.parse(text);
  }

  /** A new session ID of this server's project. */
  async newSessionId() {
    return (await this.demoToken()).sessionId;
  }
}

export function readRssKb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /VmRSS:\s+(\d+) kB/.exec(status);
  if (!match) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(match[1]);
}

function postJson(target, path, body) {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        ...target,
        path,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => (text += chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode, text }),
        );
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}
