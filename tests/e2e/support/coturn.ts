// Runs coturn's turnserver in the foreground on loopback for relay tests,
// with its configuration, user database and pid file in a folder of the
// test's own.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** A running TURN server and the credentials it accepts. */
export interface TurnServer {
  /** A turn: URL for UDP, such as turn:127.0.0.1:3478?transport=udp. */
  url: string;
  username: string;
  credential: string;
  /** Stops turnserver and waits for it to exit. */
  stop(): Promise<void>;
}

/** Starts turnserver on 127.0.0.1:`port` with files under `folder`. */
export async function startTurnServer(
  folder: string,
  port: number,
): Promise<TurnServer> {
  mkdirSync(folder, { recursive: true });
  const username = 'sessioncore';
  const credential = 'relay-test-password';
  const config = join(folder, 'turnserver.conf');
  writeFileSync(
    config,
    [
      'listening-ip=127.0.0.1',
      'relay-ip=127.0.0.1',
      `listening-port=${port}`,
      'min-port=49160',
      'max-port=49299',
      'allow-loopback-peers',
      'no-tls',
      'no-dtls',
      'no-cli',
      'fingerprint',
      'lt-cred-mech',
      'realm=sessioncore.test',
      `user=${username}:${credential}`,
      `userdb=${join(folder, 'turndb')}`,
      `pidfile=${join(folder, 'turnserver.pid')}`,
      'log-file=stdout',
      'simple-log',
      'no-multicast-peers',
      '',
    ].join('\n'),
  );
  const child = spawn('turnserver', ['-c', config], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await waitUntilServing(child);
  return {
    url: `turn:127.0.0.1:${port}?transport=udp`,
    username,
    credential,
    stop: () => stopChild(child),
  };
}

// turnserver prints "Total General servers" once its listeners are bound.
function waitUntilServing(child: ChildProcess): Promise<void> {
  const output: string[] = [];
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      output.push(line);
      if (line.includes('Total General servers')) {
        resolve();
      }
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      reject(
        new Error(
          `turnserver exited with ${code}: ${output.slice(-20).join('\n')}`,
        ),
      ),
    );
  });
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
