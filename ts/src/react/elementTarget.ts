/**
 * Appends an empty element to `container` for the sessioncore element to
 * take its place. The container belongs to React; this element does not,
 * so every insertMode ('replace' by default, 'after', 'before', 'append')
 * leaves the React-managed element in place, and clearing the container
 * on unmount removes whatever the insert put there.
 */
export function createTarget(container: HTMLElement): HTMLElement {
  const target = document.createElement('div');
  container.appendChild(target);
  return target;
}
