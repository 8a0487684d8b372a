// The sessioncore demo: `./sessioncore demo [--headless]` runs this file
// after building the server, the WebAssembly core, the npm package and the
// React example app (examples/react-app).
//
//   node examples/demo.mjs [--port N] [--headless]
//
// It starts sessioncore-server with its built-in demo project (--demo),
// serving the example app, creates a session, and prints two links: one
// for a moderator and one for a publisher, each with a token the server
// minted. Open them in two browser windows on this machine.
//
// --headless instead opens both links in two headless Chromium pages
// (fake camera and microphone), waits until each decodes the other's
// video, has the moderator send a `greeting` signal and mute everyone but
// itself, then prints the event log each page saw and the paths of two
// screenshots. WebRTC in Chromium gathers candidates on every network
// interface, so this part runs the server and the browser in a fresh
// network namespace that has only loopback (`unshare -rn`); nothing
// leaves the machine.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const appDist = join(root, 'examples', 'react-app', 'dist');
const outputDir = join(root, 'build', 'demo');
const serverBinary =
  process.env.SESSIONCORE_SERVER ??
  join(root, 'build', 'native', 'src', 'server', 'sessioncore-server');

// The Chromium flags of playwright.config.ts.
const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  '--allow-loopback-in-peer-connection',
];

// Each headless step waits at most this long before the demo gives up.
const kStepTimeoutMs = 45_000;

function parseArguments(argv) {
  const args = { headless: false, port: 0, inNamespace: false };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--headless') {
      args.headless = true;
    } else if (arg === '--in-namespace') {
      args.inNamespace = true;
    } else if (arg === '--port') {
      args.port = Number(argv[(i += 1)]);
      if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535) {
        fail(`invalid --port ${argv[i]}: expected a whole number 0-65535`);
      }
    } else if (arg === '--help' || arg === '-h') {
      console.log(
        'usage: node examples/demo.mjs [--port N] [--headless]\n' +
          '  --port N     HTTP and WebSocket port; 0 picks a free one\n' +
          '  --headless   run two headless Chromium participants and print\n' +
          '               what each saw, instead of waiting for a browser',
      );
      process.exit(0);
    } else {
      fail(`unknown argument ${arg}; see --help`);
    }
  }
  return args;
}

function fail(message) {
  console.error(`demo: ${message}`);
  process.exit(1);
}

function checkBuilt() {
  if (!existsSync(serverBinary)) {
    fail(`missing ${serverBinary}: run ./sessioncore build first`);
  }
  if (!existsSync(join(appDist, 'app.js'))) {
    const build = join(root, 'examples', 'react-app', 'build.mjs');
    const result = spawnSync(process.execPath, [build], { stdio: 'inherit' });
    if (result.status !== 0) {
      fail('building the example app failed (see above)');
    }
  }
}

// Starts the server and resolves its base URL once it listens. Its log
// goes to a file so that the terminal shows only the demo's own output.
function startServer(port) {
  mkdirSync(outputDir, { recursive: true });
  const logPath = join(outputDir, 'server.log');
  const log = openSync(logPath, 'w');
  const server = spawn(
    serverBinary,
    ['--demo', '--port', String(port), '--static', appDist],
    { stdio: ['ignore', 'pipe', log] },
  );
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: server.stdout });
    lines.on('line', (line) => {
      const match = /listening on (http:\/\/\S+)/.exec(line);
      if (match) {
        resolve({ server, url: match[1], logPath });
      }
    });
    server.on('exit', (code) =>
      reject(new Error(`the server exited with ${code}; see ${logPath}`)),
    );
  });
}

async function mintToken(url, request) {
  const response = await fetch(`${url}/v1/demo/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(request),
  });
  const body = await response.json();
  if (!response.ok) {
    throw new Error(`POST /v1/demo/token failed: ${JSON.stringify(body)}`);
  }
  return body;
}

// Mints a moderator and a publisher token for one new session and returns
// the two page links.
async function createLinks(url) {
  const moderator = await mintToken(url, {
    role: 'moderator',
    data: 'name=Ada',
  });
  const publisher = await mintToken(url, {
    sessionId: moderator.sessionId,
    role: 'publisher',
    data: 'name=Bob',
  });
  const link = (minted, name) => {
    const query = new URLSearchParams({
      apiKey: minted.apiKey,
      sessionId: minted.sessionId,
      token: minted.token,
      name,
    });
    return `${url}/index.html?${query}`;
  };
  return {
    sessionId: moderator.sessionId,
    moderator: link(moderator, 'Ada'),
    publisher: link(publisher, 'Bob'),
  };
}

function hasOnlyLoopback() {
  return Object.values(networkInterfaces())
    .flat()
    .every((address) => address?.internal);
}

// Runs this script again inside a network namespace that has only
// loopback, and exits with its status. Returns only when the machine does
// not allow such a namespace.
function rerunInLoopbackNamespace(argv) {
  const probe = spawnSync('unshare', ['-rn', 'ip', 'link', 'set', 'lo', 'up']);
  if (probe.error || probe.status !== 0) {
    return;
  }
  const command = [process.execPath, fileURLToPath(import.meta.url), ...argv]
    .map((part) => `'${part.replaceAll("'", "'\\''")}'`)
    .join(' ');
  const result = spawnSync(
    'unshare',
    ['-rn', 'sh', '-c', `ip link set lo up && exec ${command} --in-namespace`],
    { stdio: 'inherit' },
  );
  process.exit(result.status ?? 1);
}

async function main() {
  const argv = process.argv.slice(2);
  const args = parseArguments(argv);
  if (args.headless && !args.inNamespace && !hasOnlyLoopback()) {
    rerunInLoopbackNamespace(argv);
    fail(
      'cannot create a loopback-only network namespace (unshare -rn), so ' +
        'the headless demo cannot run WebRTC without reaching the ' +
        "machine's other interfaces. Run it as root, or allow user " +
        'namespaces (sysctl kernel.unprivileged_userns_clone=1).',
    );
  }
  checkBuilt();
  const { server, url, logPath } = await startServer(args.port);
  const stop = () => server.kill('SIGTERM');
  process.on('SIGINT', () => {
    stop();
    process.exit(130);
  });
  try {
    const links = await createLinks(url);
    if (args.headless) {
      const { runHeadless } = await import('./demo-headless.mjs');
      const ok = await runHeadless(links, {
        chromiumArgs,
        outputDir,
        stepTimeoutMs: kStepTimeoutMs,
      });
      stop();
      process.exit(ok ? 0 : 1);
    }
    console.log(`sessioncore demo: server at ${url} (log: ${logPath})`);
    console.log(`session ${links.sessionId}\n`);
    console.log(`Moderator (Ada):\n  ${links.moderator}\n`);
    console.log(`Publisher (Bob):\n  ${links.publisher}\n`);
    console.log('Open both links on this machine. Press Ctrl-C to stop.');
  } catch (error) {
    stop();
    fail(error instanceof Error ? error.message : String(error));
  }
}

await main();
