/**
 * The demo's own parts (R-DEMO): its controls, the time machine, the tours and the attract
 * screen, in a module that only demo mode loads. Outside it, the marketplace's start reads and
 * runs none of their code, a sixth of the first screen's script (`docs/decisions.md`,
 * Start-up and memory of the window).
 */
import type * as Parts from './DemoParts';

type DemoParts = typeof Parts;

class LoadedParts {
  #parts = $state.raw<DemoParts | null>(null);
  #loading: Promise<void> | null = null;

  /** The parts once loaded, else null: reading them starts loading them. */
  get current(): DemoParts | null {
    if (this.#parts === null) this.load().catch(() => undefined);
    return this.#parts;
  }

  /** Loads the parts, once; resolves when they can be drawn. A failed load is tried again. */
  load(): Promise<void> {
    this.#loading ??= import('./DemoParts').then(
      (parts) => {
        this.#parts = parts;
      },
      (error: unknown) => {
        this.#loading = null;
        throw error;
      },
    );
    return this.#loading;
  }
}

export const demoParts = new LoadedParts();
