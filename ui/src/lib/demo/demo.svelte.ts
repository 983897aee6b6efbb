/**
 * Demo mode (R-DEMO) for the whole app: whether the app runs on the demo sandbox, where its
 * clock stands, the last move of the time machine and whether its panel is open.
 *
 * Loaded once at start (App.svelte). Outside demo mode the core refuses every demo command with
 * `forbidden`, and nothing of the demo may show: `active` is false then, and also when the
 * status cannot be read at all, so that a failure never puts demo controls on a real store.
 *
 * A reset, a move or an undo changes the store under the screen on display: each bumps
 * `actingAs.version`, on which App.svelte keys the screen, so that it loads afresh. The time
 * machine's panel is outside that key, which is why what it shows lives here and not in it.
 *
 * Left alone for `idle_reset_minutes` after a visitor touched it, the demo starts over by
 * itself and goes home (`watchIdle`, R-DEMO-1), so that the next visitor finds it fresh.
 *
 * A reset for the next visitor (not a tour starting over) also gives them a new page, in a
 * web process of its own, which the shell shows in place of this one once drawn
 * (`src-tauri/window.rs`). From then on this page is `replaced`: it moves, undoes and resets
 * nothing more, and leaves its screen as it is for the moment it is still on screen.
 */
import {
  loadDemoStatus,
  resetDemo,
  travelInTime,
  undoTravel,
  type ApiFailure,
  type DemoStatus,
  type TimeStep,
  type Travel,
} from '../api';
import { unread } from '../messages/unread.svelte';
import { actingAs } from '../roles/acting.svelte';
import { asFailure } from '../util/resource.svelte';

class DemoState {
  /** Undefined until the first answer; null outside demo mode. */
  status = $state.raw<DemoStatus | null | undefined>(undefined);
  /** The last move while it is still what the store shows (an undo or a reset forgets it). */
  lastTravel = $state.raw<Travel | null>(null);
  /** The step of the move under way. */
  travelling = $state<TimeStep | null>(null);
  undoing = $state(false);
  resetting = $state(false);
  /** Why the last move, undo or refresh failed: shown in the panel. */
  error = $state.raw<ApiFailure | null>(null);
  /** Why the last reset failed: shown beside the Reset button, where it was asked for. */
  resetError = $state.raw<ApiFailure | null>(null);
  panelOpen = $state(false);
  /** A reset opened a new page to take this one's place: see the module's comment. */
  replaced = $state(false);
  /**
   * The tours' engine, once demo mode loaded it (`tours/play.svelte.ts`): the parts of the app
   * a tour drives ask it whether one is playing without loading the tours themselves.
   */
  tours = $state.raw<{ readonly running: boolean } | null>(null);
  // A status asked for before a move must not overwrite the one after it.
  #generation = 0;

  get active(): boolean {
    return this.status !== null && this.status !== undefined;
  }

  /** A tour is playing: it puts the keyboard on its steps itself. */
  get touring(): boolean {
    return this.tours?.running ?? false;
  }

  /** A move, an undo or a reset is under way: the others wait for it. */
  get busy(): boolean {
    return this.travelling !== null || this.undoing || this.resetting || this.replaced;
  }

  /** Asks where the demo stands. Never throws: see the module's comment. */
  async load(): Promise<void> {
    const generation = ++this.#generation;
    try {
      const status = await loadDemoStatus();
      if (generation !== this.#generation) return;
      this.status = status;
    } catch (error) {
      if (generation !== this.#generation) return;
      if (this.active) this.error = asFailure(error);
      else this.status = null;
    }
  }

  /** Opens the time machine with the status as it is now (the clock may have been reset). */
  open(): void {
    if (!this.active) return;
    this.panelOpen = true;
    this.error = null;
    if (!this.busy) void this.load();
  }

  close(): void {
    this.panelOpen = false;
  }

  /** Moves the clock by `step`; returns the move, or null when it failed (see `error`). */
  async travel(step: TimeStep): Promise<Travel | null> {
    const before = this.status;
    if (this.busy || !before) return null;
    const generation = ++this.#generation;
    this.travelling = step;
    this.error = null;
    try {
      const travel = await travelInTime(step);
      this.lastTravel = travel;
      this.status = { ...before, clock: travel.to, undoable: travel.undoable };
      this.#changed();
      await this.#refresh(generation);
      return travel;
    } catch (error) {
      this.error = asFailure(error);
      return null;
    } finally {
      this.travelling = null;
    }
  }

  /** Puts the store back as it was before the last move. */
  async undo(): Promise<void> {
    if (this.busy || !this.active) return;
    ++this.#generation;
    this.undoing = true;
    this.error = null;
    try {
      this.status = await undoTravel();
      this.lastTravel = null;
      this.#changed();
    } catch (error) {
      this.error = asFailure(error);
    } finally {
      this.undoing = false;
    }
  }

  /**
   * Puts the demo back to its first state; true when it was (else see `resetError`). For the
   * next visitor (not a tour starting over), in a new page: see the module's comment.
   */
  async reset(nextVisitor = true): Promise<boolean> {
    if (this.busy || !this.active) return false;
    ++this.#generation;
    this.resetting = true;
    this.resetError = null;
    this.error = null;
    try {
      this.status = await resetDemo(nextVisitor);
      this.lastTravel = null;
      if (this.status.new_page) {
        this.replaced = true;
        return true;
      }
      // The first state has its own role and account: the switcher must show them.
      await actingAs.load();
      this.#changed();
      return true;
    } catch (error) {
      this.resetError = asFailure(error);
      return false;
    } finally {
      this.resetting = false;
    }
  }

  /**
   * Starts over after the demo's minutes without input, once a visitor did anything: any key,
   * touch, click or wheel counts. `before` runs just before such a reset, `then` after it
   * (going home). Returns the function that stops watching.
   */
  watchIdle(
    then: () => void,
    target: Window = window,
    everyMs = 5000,
    before: () => void = () => {},
  ): () => void {
    let last = Date.now();
    let touched = false;
    const input = () => {
      last = Date.now();
      touched = true;
    };
    const events = ['keydown', 'pointerdown', 'touchstart', 'wheel'] as const;
    for (const name of events)
      target.addEventListener(name, input, { capture: true, passive: true });
    const timer = setInterval(() => {
      const minutes = this.status?.idle_reset_minutes;
      if (!touched || minutes === undefined || this.busy) return;
      if (Date.now() - last < minutes * 60_000) return;
      touched = false;
      this.panelOpen = false;
      before();
      void this.reset().then((done) => {
        if (done) then();
      });
    }, everyMs);
    return () => {
      clearInterval(timer);
      for (const name of events) target.removeEventListener(name, input, { capture: true });
    };
  }

  /** The status as a test or the core just gave it. */
  set(status: DemoStatus | null | undefined): void {
    this.#generation += 1;
    this.status = status;
    this.replaced = false;
  }

  // A move says what fired, not what comes next: that is asked for after it.
  async #refresh(generation: number): Promise<void> {
    try {
      const status = await loadDemoStatus();
      if (status && generation === this.#generation) this.status = status;
    } catch (error) {
      this.error = asFailure(error);
    }
  }

  #changed(): void {
    actingAs.version += 1;
    // Timers send messages (expiry notices, refunds): the badge need not wait for its poll.
    void unread.refresh();
  }
}

export const demo = new DemoState();
