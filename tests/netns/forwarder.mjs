// Runs inside one host's network namespace and carries bytes between a Unix
// socket (reachable from every namespace, since Unix sockets live in the
// file system) and a TCP address that only this namespace can reach. Test
// code outside the namespace talks through the Unix socket, so its TCP
// traffic really crosses the host's link and stalls when the link is cut.
//
//   node forwarder.mjs UNIX_PATH HOST PORT
//
// Prints "ready" once the Unix socket listens.
import net from 'node:net';

const [unixPath, host, port] = process.argv.slice(2);

const server = net.createServer((local) => {
  const remote = net.connect(Number(port), host);
  local.pipe(remote);
  remote.pipe(local);
  const end = () => {
    local.destroy();
    remote.destroy();
  };
  local.on('error', end);
  remote.on('error', end);
  local.on('close', end);
  remote.on('close', end);
});
server.listen(unixPath, () => process.stdout.write('ready\n'));
process.on('SIGTERM', () => process.exit(0));
