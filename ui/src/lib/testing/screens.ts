import { screens } from '../router/screens';

/**
 * Loads every screen's module once. Tests that render the whole app then follow its links at
 * the app's pace, not at the pace of the test runner transforming each screen on first use.
 */
export function loadAllScreens(): Promise<unknown> {
  return Promise.all(Object.values(screens).map((load) => load()));
}
