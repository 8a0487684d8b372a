/**
 * A typed event emitter with the OpenTok.js listener API: on(type, handler,
 * context), on({type: handler}), once() and off().
 */
import type { OTEvent } from './OTEvent.js';

type Handler<E> = (event: E) => void;

interface Listener {
  handler: Handler<never>;
  context: object | undefined;
  once: boolean;
}

/** Maps each event name to a handler of its event type. */
export type HandlerMap<Events> = {
  [K in keyof Events]?: Handler<Events[K]>;
};

/**
 * The base of Session, Publisher and Subscriber; `Events` maps event names
 * to event types.
 */
export class EventEmitter<Events extends object> {
  #listeners = new Map<string, Listener[]>();

  /** Adds a handler for `type`, or one handler per key of a map. */
  on<K extends keyof Events & string>(
    type: K,
    handler: Handler<Events[K]>,
    context?: object,
  ): this;
  on(handlers: HandlerMap<Events>, context?: object): this;
  on(
    typeOrMap: string | HandlerMap<Events>,
    handlerOrContext?: unknown,
    context?: object,
  ): this {
    this.#add(typeOrMap, handlerOrContext, context, false);
    return this;
  }

  /** Adds a handler that runs for the next event of `type` only. */
  once<K extends keyof Events & string>(
    type: K,
    handler: Handler<Events[K]>,
    context?: object,
  ): this;
  once(handlers: HandlerMap<Events>, context?: object): this;
  once(
    typeOrMap: string | HandlerMap<Events>,
    handlerOrContext?: unknown,
    context?: object,
  ): this {
    this.#add(typeOrMap, handlerOrContext, context, true);
    return this;
  }

  /**
   * Removes handlers: all of them without arguments, all for `type`
   * without a handler, or the one matching `handler` and `context`.
   */
  off<K extends keyof Events & string>(
    type?: K,
    handler?: Handler<Events[K]>,
    context?: object,
  ): this;
  off(handlers: HandlerMap<Events>, context?: object): this;
  off(
    typeOrMap?: string | HandlerMap<Events>,
    handler?: unknown,
    context?: object,
  ): this {
    if (typeOrMap === undefined) {
      this.#listeners.clear();
    } else if (typeof typeOrMap === 'string') {
      this.#remove(typeOrMap, handler, context);
    } else {
      for (const [type, mapped] of Object.entries(typeOrMap)) {
        this.#remove(type, mapped, handler as object | undefined);
      }
    }
    return this;
  }

  /** Delivers `event` to the handlers of its name, in the order added. */
  protected emit(name: string, event: OTEvent): void {
    const listeners = this.#listeners.get(name);
    if (listeners === undefined) {
      return;
    }
    for (const listener of [...listeners]) {
      if (listener.once) {
        this.#remove(name, listener.handler, listener.context);
      }
      try {
        (listener.handler as Handler<OTEvent>).call(listener.context, event);
      } catch (thrown) {
        // A failing handler must not stop the others or the session.
        queueMicrotask(() => {
          throw thrown;
        });
      }
    }
  }

  #add(
    typeOrMap: string | HandlerMap<Events>,
    handlerOrContext: unknown,
    context: object | undefined,
    once: boolean,
  ): void {
    if (typeof typeOrMap === 'string') {
      this.#push(typeOrMap, handlerOrContext, context, once);
      return;
    }
    for (const [type, handler] of Object.entries(typeOrMap)) {
      this.#push(type, handler, handlerOrContext as object | undefined, once);
    }
  }

  #push(
    type: string,
    handler: unknown,
    context: object | undefined,
    once: boolean,
  ): void {
    if (typeof handler !== 'function') {
      throw new TypeError(`the handler for "${type}" is not a function`);
    }
    for (const name of type.split(' ').filter((part) => part !== '')) {
      const list = this.#listeners.get(name) ?? [];
      list.push({ handler: handler as Handler<never>, context, once });
      this.#listeners.set(name, list);
    }
  }

  #remove(type: string, handler: unknown, context: object | undefined): void {
    for (const name of type.split(' ').filter((part) => part !== '')) {
      if (handler === undefined) {
        this.#listeners.delete(name);
        continue;
      }
      const kept = (this.#listeners.get(name) ?? []).filter(
        (listener) =>
          listener.handler !== handler ||
          (context !== undefined && listener.context !== context),
      );
      this.#listeners.set(name, kept);
    }
  }
}
