import { useState } from 'react';

import { deepEqual } from './deepEqual.js';

/**
 * Returns the value of an earlier render while `value` is equal to it by
 * content, so that an inline object literal does not count as a change in
 * effect dependencies. Uses the state-update-during-render pattern that
 * React documents for derived state, so a discarded render changes nothing.
 */
export function useDeepMemo<T>(value: T): T {
  const [stored, setStored] = useState(() => value);
  if (!deepEqual(stored, value)) {
    setStored(() => value);
    return value;
  }
  return stored;
}
