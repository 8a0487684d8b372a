// Starts the real sessioncore-server for browser tests: demo project, an
// ephemeral loopback port, the repository root as its static folder (so
// test pages, ts/dist and the WebSocket share one origin), and tokens
// minted through its demo endpoint.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** A running server. */
export interface SessionServer {
  /** The base URL, such as http://127.0.0.1:40123. */
  url: string;
  /** Mints a token; creates a session when `sessionId` is absent. */
  mintToken(request?: TokenRequest): Promise<MintedToken>;
  /** Stops the server and waits for it to exit. */
  stop(): Promise<void>;
}

/** What the demo token endpoint accepts. */
export interface TokenRequest {
  sessionId?: string;
  role?: 'publisher' | 'publisheronly' | 'subscriber' | 'moderator';
  data?: string;
}

/** What the demo token endpoint returns. */
export interface MintedToken {
  apiKey: string;
  sessionId: string;
  token: string;
}

/**
 * Returns the server binary: $SESSIONCORE_SERVER, else the one the native
 * preset builds.
 */
export function findServerBinary(root: string): string | undefined {
  const candidates = [
    process.env.SESSIONCORE_SERVER,
    join(root, 'build/native/src/server/sessioncore-server'),
  ];
  return candidates.find(
    (path): path is string => path !== undefined && existsSync(path),
  );
}

/** Starts the server and resolves once it prints its listening URL. */
export async function startServer(
  binary: string,
  root: string,
): Promise<SessionServer> {
  const child = spawn(
    binary,
    ['--demo', '--listen', '127.0.0.1', '--port', '0', '--static', root],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const stderr: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const url = await readListeningUrl(child, stderr);
  return {
    url,
    mintToken: (request = {}) => mintToken(url, request),
    stop: () => stopChild(child),
  };
}

function readListeningUrl(
  child: ChildProcess,
  stderr: string[],
): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const match = /^listening on (http:\/\/\S+)/.exec(line);
      if (match?.[1] !== undefined) {
        resolve(match[1]);
      }
    });
    child.once('exit', (code) =>
      reject(
        new Error(
          `sessioncore-server exited with ${code} before listening: ` +
            stderr.join('').slice(-2000),
        ),
      ),
    );
  });
}

async function mintToken(
  url: string,
  request: TokenRequest,
): Promise<MintedToken> {
  const response = await fetch(`${url}/v1/demo/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(request),
  });
  if (!response.ok) {
    throw new Error(
      `POST /v1/demo/token failed with ${response.status}: ` +
        (await response.text()),
    );
  }
  return (await response.json()) as MintedToken;
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
