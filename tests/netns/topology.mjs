// Test network of several hosts, each in its own network namespace, joined
// by veth pairs to a bridge in the enclosing namespace. Addresses come from
// 198.18.0.0/15 (reserved for test networks). The enclosing namespace must
// itself be isolated (created with `unshare -rn`, see run.sh), so that no
// packet can reach the machine's real interfaces.
//
//   const net = await createTopology(['server', 'alice', 'bob']);
//   net.hosts.server.address            // '198.18.0.1'
//   net.hosts.alice.spawn('node', [...]) // a process inside alice's namespace
//   await net.cut('alice'); await net.restore('alice');
//   await net.destroy();
import { execFile, spawn } from 'node:child_process';
import { networkInterfaces } from 'node:os';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Why namespace tests cannot run here, or undefined when they can. */
export async function netnsSkipReason() {
  const names = Object.keys(networkInterfaces());
  const foreign = names.filter((n) => n !== 'lo');
  if (foreign.length > 0) {
    return (
      `this network namespace has interfaces ${foreign.join(', ')}; run ` +
      'the namespace tests inside an isolated one: sh tests/netns/run.sh'
    );
  }
  try {
    await run('ip', [
      'link',
      'add',
      'sc-probe0',
      'type',
      'veth',
      'peer',
      'name',
      'sc-probe1',
    ]);
    await run('ip', ['link', 'del', 'sc-probe0']);
    await run('unshare', ['-n', 'true']);
  } catch (error) {
    return `cannot create veth pairs or namespaces here: ${error.message}`;
  }
  return undefined;
}

class Host {
  constructor(name, index, holder) {
    this.name = name;
    this.address = `198.18.0.${index + 1}`;
    this.link = `sc-v${index}`; // The bridge-side end; cut() downs it.
    this.holder = holder; // `sleep` process that keeps the namespace alive.
  }

  get pid() {
    return this.holder.pid;
  }

  /** argv prefix that runs a command inside this host's namespace. */
  wrap() {
    return ['nsenter', '-t', String(this.pid), '-n', '--'];
  }

  /** Spawns `command` inside this host's namespace. */
  spawn(command, args = [], options = {}) {
    const [prefix, ...rest] = this.wrap();
    return spawn(prefix, [...rest, command, ...args], options);
  }

  /** Runs `command` inside the namespace and resolves with its output. */
  exec(command, args = []) {
    const [prefix, ...rest] = this.wrap();
    return run(prefix, [...rest, command, ...args]);
  }
}

export class Topology {
  constructor() {
    this.hosts = {};
    this.children = [];
  }

  /** Takes host `name`'s link down: its packets are dropped, no reset is
   * sent to anyone, as when a cable is pulled or Wi-Fi is lost. */
  async cut(name) {
    await run('ip', ['link', 'set', this.hosts[name].link, 'down']);
  }

  async restore(name) {
    await run('ip', ['link', 'set', this.hosts[name].link, 'up']);
    // Lookups of link addresses that failed during the cut stay cached for
    // a while, and a new connection to such a peer fails at once with "host
    // unreachable". Flushing every host's neighbour table makes the next
    // packet resolve the address again.
    for (const host of Object.values(this.hosts)) {
      await host.exec('ip', ['neigh', 'flush', 'all']);
    }
  }

  /** Cuts `name`'s link for `ms` milliseconds. */
  async cutFor(name, ms) {
    await this.cut(name);
    await new Promise((resolve) => setTimeout(resolve, ms));
    await this.restore(name);
  }

  /** Remembers a child process so that destroy() ends it. */
  track(child) {
    this.children.push(child);
    return child;
  }

  async destroy() {
    for (const child of this.children) {
      if (child.exitCode === null && child.signalCode === null) child.kill();
    }
    for (const host of Object.values(this.hosts)) {
      host.holder.kill();
      await run('ip', ['link', 'del', host.link]).catch(() => {});
    }
    await run('ip', ['link', 'del', 'sc-br0']).catch(() => {});
  }
}

async function startHolder() {
  const holder = spawn('unshare', ['-n', 'sleep', 'infinity'], {
    stdio: 'ignore',
  });
  // The namespace exists once `unshare` has exec'd sleep; until then the
  // process's netns is still ours.
  const ours = (await run('readlink', ['/proc/self/ns/net'])).stdout;
  for (let i = 0; i < 200; i++) {
    const theirs = await run('readlink', [`/proc/${holder.pid}/ns/net`])
      .then((r) => r.stdout)
      .catch(() => ours);
    if (theirs !== ours) return holder;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  holder.kill();
  throw new Error('unshare -n did not create a namespace');
}

/** Creates one namespace per name, all on one bridge, /24 addresses in
 * order of `names` (the first gets 198.18.0.1). With `bridgeAddress` the
 * enclosing namespace (the test process) also gets that address on the
 * bridge, so it can reach every host without crossing any host's link. */
export async function createTopology(names, { bridgeAddress } = {}) {
  const topology = new Topology();
  await run('ip', ['link', 'set', 'lo', 'up']);
  await run('ip', ['link', 'add', 'sc-br0', 'type', 'bridge']);
  if (bridgeAddress) {
    await run('ip', ['addr', 'add', `${bridgeAddress}/24`, 'dev', 'sc-br0']);
  }
  await run('ip', ['link', 'set', 'sc-br0', 'up']);
  try {
    for (const [index, name] of names.entries()) {
      const host = new Host(name, index, await startHolder());
      topology.hosts[name] = host;
      const inner = `sc-h${index}`;
      await run('ip', [
        'link',
        'add',
        host.link,
        'type',
        'veth',
        'peer',
        'name',
        inner,
      ]);
      await run('ip', ['link', 'set', inner, 'netns', String(host.pid)]);
      await run('ip', ['link', 'set', host.link, 'master', 'sc-br0']);
      await run('ip', ['link', 'set', host.link, 'up']);
      await host.exec('ip', ['link', 'set', 'lo', 'up']);
      await host.exec('ip', ['link', 'set', inner, 'name', 'eth0']);
      await host.exec('ip', [
        'addr',
        'add',
        `${host.address}/24`,
        'dev',
        'eth0',
      ]);
      await host.exec('ip', ['link', 'set', 'eth0', 'up']);
    }
  } catch (error) {
    await topology.destroy();
    throw error;
  }
  return topology;
}

/** Starts a forwarder in `host` from Unix socket `unixPath` to
 * `address:port`; resolves once it listens. */
export async function startForwarder(topology, host, unixPath, address, port) {
  const child = topology.track(
    host.spawn(
      process.execPath,
      [
        new URL('./forwarder.mjs', import.meta.url).pathname,
        unixPath,
        address,
        String(port),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    ),
  );
  await new Promise((resolve, reject) => {
    child.stdout.once('data', resolve);
    child.once('exit', (code) =>
      reject(new Error(`forwarder in ${host.name} exited with ${code}`)),
    );
  });
  return child;
}
