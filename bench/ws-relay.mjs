// A minimal WebSocket relay built on the `ws` package, used by
// bench/load.mjs as the baseline next to sessioncore-server. It does what a
// hand-written signaling relay does and nothing more: no authentication, no
// validation, no rate limit and no outbound queue limit.
//
//   node bench/ws-relay.mjs [--port N]   # prints "listening on port N"
//
// Protocol: the first text message of a socket is the join,
// {"room": "...", "id": "..."}. Every later text message is JSON; when it
// has a `to` field it is sent as it is to the socket that joined with that
// id, otherwise to every socket of the sender's room, the sender included.
import { parseArgs } from 'node:util';
import { WebSocketServer } from 'ws';

const { values: flags } = parseArgs({
  options: { port: { type: 'string', default: '0' } },
});

const rooms = new Map(); // room name -> Set of sockets
const byId = new Map(); // client id -> socket

function join(socket, text) {
  const { room, id } = JSON.parse(text);
  socket.room = room;
  socket.clientId = id;
  if (!rooms.has(room)) rooms.set(room, new Set());
  rooms.get(room).add(socket);
  byId.set(id, socket);
}

function relay(socket, text) {
  const { to } = JSON.parse(text);
  if (to !== undefined) {
    byId.get(to)?.send(text);
    return;
  }
  for (const peer of rooms.get(socket.room)) peer.send(text);
}

function leave(socket) {
  if (socket.room === undefined) return;
  const members = rooms.get(socket.room);
  members.delete(socket);
  if (members.size === 0) rooms.delete(socket.room);
  if (byId.get(socket.clientId) === socket) byId.delete(socket.clientId);
}

const server = new WebSocketServer({
  host: '127.0.0.1',
  port: Number(flags.port),
});
server.on('connection', (socket) => {
  socket.on('message', (data, isBinary) => {
    if (isBinary) return;
    const text = data.toString('utf8');
    try {
      if (socket.room === undefined) join(socket, text);
      else relay(socket, text);
    } catch {
      // Invalid JSON is dropped, as a minimal relay would do.
    }
  });
  socket.on('close', () => leave(socket));
  socket.on('error', () => {});
});
server.on('listening', () => {
  console.log(`listening on port ${server.address().port}`);
});
