import type { SearchTiming } from './lib/catalog/timing';

declare global {
  interface Window {
    /** Keystroke-to-paint timings of the search screen, read by the end-to-end suite. */
    __kgSearchTimings?: SearchTiming[];
  }
}

export {};
