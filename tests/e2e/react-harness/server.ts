// Starts sessioncore-server for the React browser tests: the demo project,
// a static folder, an ephemeral loopback port, and token minting through
// the server's demo endpoint.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** The server binary; SESSIONCORE_SERVER overrides the native preset's. */
export const serverBinary =
  process.env.SESSIONCORE_SERVER ??
  join(process.cwd(), 'build', 'native', 'src', 'server', 'sessioncore-server');

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** Credentials for one participant, as POST /v1/demo/token returns them. */
export interface Credentials {
  apiKey: string;
  sessionId: string;
  token: string;
}

export type Role = 'publisher' | 'publisheronly' | 'subscriber' | 'moderator';

/** Starts the server serving `staticRoot`; its log goes to `logPath`. */
export async function startServer(
  staticRoot: string,
  logPath: string,
): Promise<RunningServer> {
  if (!existsSync(serverBinary)) {
    throw new Error(
      `missing ${serverBinary}: build the native preset ` +
        '(./sessioncore build) or set SESSIONCORE_SERVER',
    );
  }
  mkdirSync(join(logPath, '..'), { recursive: true });
  const child = spawn(
    serverBinary,
    ['--demo', '--port', '0', '--static', staticRoot],
    { stdio: ['ignore', 'pipe', openSync(logPath, 'a')] },
  );
  const url = await readListeningUrl(child, logPath);
  return {
    url,
    close: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

function readListeningUrl(child: ChildProcess, logPath: string) {
  return new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const match = /listening on (http:\/\/\S+)/.exec(line);
      if (match) {
        resolve(match[1]!);
      }
    });
    child.once('exit', (code) =>
      reject(
        new Error(`sessioncore-server exited with ${code}; see ${logPath}`),
      ),
    );
  });
}

/**
 * Mints a token with the server's demo endpoint. Without `sessionId` the
 * server creates a new session.
 */
export async function mintToken(
  serverUrl: string,
  role: Role,
  sessionId?: string,
  data = '',
): Promise<Credentials> {
  const response = await fetch(`${serverUrl}/v1/demo/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ role, data, ...(sessionId ? { sessionId } : {}) }),
  });
  const body = (await response.json()) as Credentials & { message?: string };
  if (!response.ok) {
    throw new Error(`minting a ${role} token failed: ${JSON.stringify(body)}`);
  }
  return body;
}
