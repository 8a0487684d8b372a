/**
 * A map from event name to handler, as the `eventHandlers` prop of every
 * component takes it.
 */
export type EventHandlerMap = Readonly<
  Record<string, ((event: any) => void) | undefined>
>;

/** The part of an event emitter that HandlerBinding uses. */
export interface EventTargetLike {
  on(type: string, listener: (event: any) => void): unknown;
  off(type: string, listener: (event: any) => void): unknown;
}

/** How a HandlerBinding forwards events; see its constructor. */
export interface HandlerBindingOptions {
  deliver?: (type: string, event: unknown) => void;
  listenable?: (type: string) => boolean;
}

/**
 * Keeps one listener per event name on an emitter and forwards each event
 * to the handler currently in the map. Replacing the map takes effect for
 * the next event, the handlers of the old map are never called again, and
 * listeners for names that left the map are removed from the emitter.
 */
export class HandlerBinding {
  #handlers: EventHandlerMap = {};
  #target: EventTargetLike | null = null;
  readonly #listeners = new Map<string, (event: unknown) => void>();
  readonly #deliver: (type: string, event: unknown) => void;
  readonly #listenable: (type: string) => boolean;

  /**
   * `deliver` receives each event from the emitter in place of the plain
   * handler call, so the owner can filter events. Names for which
   * `listenable` returns false are dispatched by the owner through call()
   * and never registered on the emitter.
   */
  constructor(options: HandlerBindingOptions = {}) {
    this.#deliver =
      options.deliver ?? ((type, event) => this.call(type, event));
    this.#listenable = options.listenable ?? (() => true);
  }

  /** Replaces the handler map; listeners follow the new set of names. */
  setHandlers(handlers: EventHandlerMap | undefined): void {
    this.#handlers = handlers ?? {};
    this.#sync();
  }

  /** Attaches the listeners to `target`, detaching them from the old one. */
  attach(target: EventTargetLike | null): void {
    this.detach();
    this.#target = target;
    this.#sync();
  }

  /** Removes every listener this binding added. */
  detach(): void {
    for (const [type, listener] of this.#listeners) {
      this.#target?.off(type, listener);
    }
    this.#listeners.clear();
    this.#target = null;
  }

  /** Whether the current map has a handler for `type`. */
  has(type: string): boolean {
    return typeof this.#handlers[type] === 'function';
  }

  /**
   * Calls the current handler for `type`. An exception thrown by the
   * handler is reported to the page (window `error` event) instead of
   * breaking the component that dispatched the event.
   */
  call(type: string, event: unknown): void {
    const handler = this.#handlers[type];
    if (typeof handler !== 'function') {
      return;
    }
    try {
      handler(event);
    } catch (error) {
      reportHandlerError(error);
    }
  }

  #sync(): void {
    const target = this.#target;
    if (target === null) {
      return;
    }
    for (const [type, listener] of this.#listeners) {
      if (!this.has(type)) {
        target.off(type, listener);
        this.#listeners.delete(type);
      }
    }
    for (const type of Object.keys(this.#handlers)) {
      const wanted = this.has(type) && this.#listenable(type);
      if (wanted && !this.#listeners.has(type)) {
        const listener = (event: unknown) => this.#deliver(type, event);
        this.#listeners.set(type, listener);
        target.on(type, listener);
      }
    }
  }
}

function reportHandlerError(error: unknown): void {
  if (typeof globalThis.reportError === 'function') {
    globalThis.reportError(error);
  } else {
    setTimeout(() => {
      throw error;
    });
  }
}
