/**
 * The default UI of publishers and subscribers, following the OpenTok.js
 * DOM conventions: a container with the class OT_publisher or
 * OT_subscriber (plus OT_loading until media plays) that holds a
 * video.OT_video-element, placed relative to a target element by
 * insertMode.
 */

/** Where the element goes relative to the target. */
export type InsertMode = 'replace' | 'after' | 'before' | 'append';

/** Placement and size of the default UI. */
export interface ElementOptions {
  /** How the element is placed relative to the target; default 'replace'. */
  insertMode?: InsertMode;
  /** CSS width, such as 320 (pixels) or '100%'. */
  width?: number | string;
  /** CSS height, such as 240 (pixels) or '100%'. */
  height?: number | string;
}

/** A container element with its video element. */
export interface MediaElement {
  container: HTMLElement;
  video: HTMLVideoElement;
}

const insertModes: readonly InsertMode[] = [
  'replace',
  'after',
  'before',
  'append',
];

/**
 * Creates the container and inserts it per `options.insertMode`; without a
 * target it is appended to document.body. Throws a TypeError for an
 * unknown insertMode or a target ID that is not in the document.
 */
export function createMediaElement(
  className: 'OT_publisher' | 'OT_subscriber',
  id: string,
  target: string | HTMLElement | undefined,
  options: ElementOptions,
): MediaElement {
  const mode = options.insertMode ?? 'replace';
  if (!insertModes.includes(mode)) {
    throw new TypeError(
      `insertMode "${String(mode)}" is not replace, after, before or append`,
    );
  }
  const container = document.createElement('div');
  container.id = id;
  container.className = `${className} OT_root OT_loading`;
  container.style.width = cssSize(options.width ?? 264);
  container.style.height = cssSize(options.height ?? 198);
  const video = document.createElement('video');
  video.className = 'OT_video-element';
  video.autoplay = true;
  video.playsInline = true;
  video.style.width = '100%';
  video.style.height = '100%';
  container.appendChild(video);
  insert(container, resolveTarget(target), mode);
  video.addEventListener(
    'playing',
    () => container.classList.remove('OT_loading'),
    { once: true },
  );
  return { container, video };
}

/** Stops playback, drops the media and removes the element. */
export function removeMediaElement(element: MediaElement): void {
  element.video.pause();
  element.video.srcObject = null;
  element.container.remove();
}

/**
 * Starts playback; when the browser's autoplay policy blocks sound, plays
 * muted and returns true so that the caller can report audioBlocked.
 */
export async function playWithAutoplayPolicy(
  video: HTMLVideoElement,
): Promise<boolean> {
  try {
    await video.play();
    return false;
  } catch (thrown) {
    if ((thrown as Error).name !== 'NotAllowedError' || video.muted) {
      return false;
    }
    video.muted = true;
    await video.play().catch(() => undefined);
    return true;
  }
}

function cssSize(size: number | string): string {
  return typeof size === 'number' ? `${size}px` : size;
}

function resolveTarget(
  target: string | HTMLElement | undefined,
): HTMLElement | undefined {
  if (target === undefined || target instanceof HTMLElement) {
    return target;
  }
  const found = document.getElementById(target);
  if (found === null) {
    throw new TypeError(`no element with the ID "${target}" is in the page`);
  }
  return found;
}

function insert(
  element: HTMLElement,
  target: HTMLElement | undefined,
  mode: InsertMode,
): void {
  if (target === undefined) {
    document.body.appendChild(element);
    return;
  }
  switch (mode) {
    case 'replace':
      target.replaceWith(element);
      return;
    case 'after':
      target.after(element);
      return;
    case 'before':
      target.before(element);
      return;
    case 'append':
      target.appendChild(element);
      return;
  }
}
