/**
 * Executes the session core's outputs in the browser: one WebSocket, the
 * timers, request completions as Promises, and hands events, peer commands
 * and media commands to its host. Every input goes through input() or
 * request(), which drain the core's outputs afterwards, in order.
 */
import { OTError } from '../errors.js';
import { log } from '../logger.js';
import type { ClientSessionCore } from '../sessioncore_core.mjs';
import type {
  CoreCompletion,
  CoreEvent,
  CoreOutput,
  MediaCommand,
  PeerCommand,
} from './coreOutputs.js';

/** The Session-side handlers of events, peer and media commands. */
export interface DriverHost {
  /** Dispatches an event; returns true when a handler prevented it. */
  dispatchCoreEvent(event: CoreEvent): boolean;
  /** Executes a command for a peer connection. */
  executePeer(command: PeerCommand): void;
  /** Turns a publisher's track on or off. */
  executeMedia(command: MediaCommand): void;
}

/** Close code for a socket the client may resume on a new socket. */
const RESUMABLE_CLOSE_CODE = 4000;

interface PendingRequest {
  resolve: (result: unknown) => void;
  reject: (error: OTError) => void;
}

export class SessionDriver {
  #core: ClientSessionCore;
  #host: DriverHost;
  #socket: WebSocket | undefined;
  #timers = new Map<number, ReturnType<typeof setTimeout>>();
  #pending = new Map<number, PendingRequest>();
  #nextHandle = 1;
  #queue: CoreOutput[] = [];
  #draining = false;
  #destroyed = false;
  // Set by destroy(): only then does a close end the connection at once.
  #ending = false;

  constructor(core: ClientSessionCore, host: DriverHost) {
    this.#core = core;
    this.#host = host;
  }

  /**
   * Calls the core with a fresh request handle and returns a Promise of the
   * handle's completion; `tag` may annotate the outputs of this call.
   */
  request<T>(
    send: (core: ClientSessionCore, handle: number) => void,
    tag?: (output: CoreOutput) => void,
  ): Promise<T> {
    const handle = this.#nextHandle++;
    const promise = new Promise<T>((resolve, reject) => {
      this.#pending.set(handle, {
        resolve: resolve as (result: unknown) => void,
        reject,
      });
    });
    this.input((core) => send(core, handle), tag);
    return promise;
  }

  /** Calls the core and executes the outputs it produced. */
  input(
    call: (core: ClientSessionCore) => void,
    tag?: (output: CoreOutput) => void,
  ): void {
    if (this.#destroyed) {
      return;
    }
    try {
      call(this.#core);
    } catch (thrown) {
      // Errors that the core throws on purpose carry an OT_* name; anything
      // else (a trap in the module) is a fault of the boundary.
      const error = OTError.fromCore(thrown);
      if (error.name === 'OT_INTERNAL_ERROR') {
        this.#reportFault(error);
      }
      throw error;
    }
    this.#drain(tag);
  }

  /** Reads a value from the core without producing outputs. */
  read<T>(query: (core: ClientSessionCore) => T): T {
    return query(this.#core);
  }

  /** Tears the core down, then frees it with its socket and timers. */
  destroy(): void {
    if (this.#destroyed) {
      return;
    }
    this.#ending = true;
    this.input((core) => core.destroy());
    this.#destroyed = true;
    this.#detachSocket();
    for (const timer of this.#timers.values()) {
      clearTimeout(timer);
    }
    this.#timers.clear();
    this.#core.delete();
  }

  // Outputs produced while an earlier batch is still being executed (an
  // event handler that calls the API) go to the end of the queue, so that
  // every output runs in the order the core produced it.
  #drain(tag?: (output: CoreOutput) => void): void {
    const batch = JSON.parse(this.#core.takeOutputs()) as CoreOutput[];
    if (tag !== undefined) {
      batch.forEach(tag);
    }
    this.#queue.push(...batch);
    if (this.#draining) {
      return;
    }
    this.#draining = true;
    try {
      let output: CoreOutput | undefined;
      while ((output = this.#queue.shift()) !== undefined) {
        try {
          this.#execute(output);
        } catch (thrown) {
          this.#reportFault(OTError.fromCore(thrown), output.kind);
        }
      }
    } finally {
      this.#draining = false;
    }
  }

  #execute(output: CoreOutput): void {
    switch (output.kind) {
      case 'openSocket':
        return this.#openSocket(output.url);
      case 'send':
        return this.#socket?.send(output.text);
      case 'closeSocket':
        return this.#closeSocket(output.code);
      case 'armTimer':
        return this.#armTimer(output.timerId, output.delayMs);
      case 'cancelTimer':
        clearTimeout(this.#timers.get(output.timerId));
        this.#timers.delete(output.timerId);
        return;
      case 'event':
        return this.#dispatch(output);
      case 'complete':
        return this.#complete(output);
      case 'peer':
        return this.#host.executePeer(output);
      case 'media':
        return this.#host.executeMedia(output);
      case 'log':
        return log(
          output.level,
          output.subsystem,
          output.message,
          output.context,
        );
    }
  }

  // Reports a failure between the core and the glue to the application as
  // an otrnError session event.
  #reportFault(error: OTError, outputKind?: string): void {
    const message =
      outputKind === undefined
        ? error.message
        : `executing a ${outputKind} output failed: ${error.message}`;
    log('error', 'glue', message);
    this.#host.dispatchCoreEvent({
      kind: 'event',
      target: 'session',
      targetId: '',
      name: 'otrnError',
      payload: { name: error.name, code: error.code, message },
      cancelable: false,
      eventId: 0,
    });
  }

  #dispatch(event: CoreEvent): void {
    const prevented = this.#host.dispatchCoreEvent(event);
    if (!event.cancelable || this.#destroyed) {
      return;
    }
    const id = event.eventId;
    this.input((core) =>
      prevented ? core.preventDefault(id) : core.defaultAction(id),
    );
  }

  #complete(completion: CoreCompletion): void {
    const pending = this.#pending.get(completion.handle);
    if (pending === undefined) {
      return;
    }
    this.#pending.delete(completion.handle);
    if (completion.error !== undefined) {
      const { name, code, message } = completion.error;
      pending.reject(new OTError(name, code, message));
    } else {
      pending.resolve(completion.result);
    }
  }

  #openSocket(url: string): void {
    this.#detachSocket();
    let socket: WebSocket;
    try {
      socket = new WebSocket(url);
    } catch (thrown) {
      // A malformed URL throws at once; the core hears it as a failed open.
      log('error', 'socket', `cannot open ${url}`, { error: String(thrown) });
      queueMicrotask(() => this.input((core) => core.onSocketError()));
      return;
    }
    this.#socket = socket;
    socket.onopen = () => this.input((core) => core.onSocketOpen());
    socket.onmessage = (message: MessageEvent) => {
      if (typeof message.data === 'string') {
        const text = message.data;
        this.input((core) => core.onSocketMessage(text));
      }
    };
    socket.onerror = () => this.input((core) => core.onSocketError());
    socket.onclose = (closed: CloseEvent) => {
      this.#socket = undefined;
      this.input((core) => core.onSocketClosed(closed.code, closed.reason));
    };
  }

  // The server ends a connection at once when its socket closes with 1000
  // or 1001, and keeps it for the reconnect window after any other code.
  // The core requests 1000 both when it gives up on a socket to resume and
  // when the session ends. A session that ends by disconnect() has already
  // sent `disconnect`, so only destroy() needs 1000 and every other close
  // uses 4000.
  #closeSocket(code: number): void {
    this.#detachSocket(this.#ending ? code : RESUMABLE_CLOSE_CODE);
  }

  // A socket the core has given up on reports nothing more.
  #detachSocket(code = this.#ending ? 1000 : RESUMABLE_CLOSE_CODE): void {
    const socket = this.#socket;
    if (socket === undefined) {
      return;
    }
    socket.onopen = null;
    socket.onmessage = null;
    socket.onerror = null;
    socket.onclose = null;
    this.#socket = undefined;
    if (socket.readyState <= WebSocket.OPEN) {
      socket.close(code);
    }
  }

  #armTimer(timerId: number, delayMs: number): void {
    clearTimeout(this.#timers.get(timerId));
    const timer = setTimeout(() => {
      this.#timers.delete(timerId);
      this.input((core) => core.onTimer(timerId));
    }, delayMs);
    this.#timers.set(timerId, timer);
  }
}
