/**
 * The event object that Session, Publisher and Subscriber dispatch, shaped
 * like OpenTok.js events: a `type`, the `target`, and for cancelable events
 * preventDefault() to stop the default action (such as removing the
 * subscribers of a destroyed stream).
 */
export class OTEvent<Target = unknown> {
  /** The event name, such as 'streamCreated'. */
  readonly type: string;
  /** The object that dispatched the event. */
  readonly target: Target;
  /** Whether preventDefault() stops a default action. */
  readonly cancelable: boolean;
  #defaultPrevented = false;

  constructor(type: string, target: Target, cancelable = false) {
    this.type = type;
    this.target = target;
    this.cancelable = cancelable;
  }

  /** Stops the default action of a cancelable event. */
  preventDefault(): void {
    if (this.cancelable) {
      this.#defaultPrevented = true;
    }
  }

  /** Returns true when a handler called preventDefault(). */
  isDefaultPrevented(): boolean {
    return this.#defaultPrevented;
  }
}

/**
 * Creates an event of `type` carrying the fields of `payload`; a payload
 * field named `type` (a signal's type) replaces the event name.
 */
export function makeEvent<Fields extends object, Target>(
  type: string,
  target: Target,
  payload: Fields,
  cancelable = false,
): OTEvent<Target> & Fields {
  return Object.assign(new OTEvent(type, target, cancelable), payload);
}
