/**
 * The attract screen (R-DEMO): a stand nobody uses plays its tours by itself, one after the
 * other, so that passers-by see the product at work. It starts after `ATTRACT_AFTER_MS`
 * without input, in demo mode only; any key, touch, click or wheel ends it, starts the demo
 * over and goes home, ready for the visitor.
 *
 * It lives beside the idle reset (`demo.watchIdle`), and must not get in its way:
 * - what a tour does by itself is no input (the engine clicks and types without key, pointer,
 *   touch or wheel events), so a stand a visitor left is still reset after its minutes;
 * - that reset changes the store under the tour playing: `afterIdleReset` ends that tour and
 *   the loop goes on with the next one, from the first state again.
 * The input that ends it is the visitor's: the idle reset counts it like any other, and this
 * module swallows it so that it does not also press what lies under the screen.
 *
 * A reset for the next visitor gives the stand a new page (`demo.replaced`), the idle reset
 * under the show too. Just before that reset the show leaves a mark in the page's storage, the
 * time it was left, so that the new page goes on with it at once instead of showing a still
 * home for 90 s. A mark older than `MARK_KEPT_MS` is from a page long gone and is ignored.
 */
import { demo } from '../demo.svelte';
import type { TourEnd, TourMode } from './engine.svelte';
import { playTour, tours as engine } from './play.svelte';
import { TOURS } from './tours';
import type { Tour } from './types';

/** 90 seconds without input. */
export const ATTRACT_AFTER_MS = 90_000;
/** Between two tours of the loop. */
export const BETWEEN_TOURS_MS = 1500;
/** Left in the page's storage by a show reset under it: the time it was left. */
export const PLAYING_KEY = 'kg-attract-playing';
/** How long a new page takes at most to read the mark. */
export const MARK_KEPT_MS = 30_000;

type Mark = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** The page's local storage; none where the webview refuses it (the show then waits 90 s). */
function localMark(): Mark | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

const INPUT = ['keydown', 'pointerdown', 'mousedown', 'touchstart', 'wheel'] as const;

export interface AttractOptions {
  /** What to do once it ended and the demo started over: go home. */
  goHome: () => void;
  target?: Window;
  afterMs?: number;
  everyMs?: number;
  tours?: readonly Tour[];
  play?: (tour: Tour, mode: TourMode) => Promise<TourEnd>;
  mark?: Mark | null;
}

class AttractScreen {
  on = $state(false);
  /** The tour playing, for the screen's caption. */
  playing = $state.raw<Tour | null>(null);
  #run = 0;
  #next = 0;
  #mark: Mark | null = null;

  /** Watches for a stand left alone; returns the function that stops watching. */
  watch(options: AttractOptions): () => void {
    const {
      goHome,
      target = window,
      afterMs = ATTRACT_AFTER_MS,
      everyMs = 1000,
      tours = TOURS,
      play = playTour,
      mark = localMark(),
    } = options;
    this.#mark = mark;
    let last = Date.now();
    let swallowUntil = 0;
    // The page before this one was playing the show when the stand was reset.
    const left = Number(mark?.getItem(PLAYING_KEY) ?? NaN);
    mark?.removeItem(PLAYING_KEY);
    let goOn = Date.now() - left < MARK_KEPT_MS;

    const input = (event: Event) => {
      last = Date.now();
      goOn = false;
      if (!this.on) return;
      // The visitor's first touch ends the show and does nothing else.
      event.preventDefault();
      event.stopPropagation();
      if (event.type !== 'keydown') swallowUntil = last + 1000;
      void this.#end(goHome);
    };
    const click = (event: Event) => {
      if (Date.now() > swallowUntil) return;
      swallowUntil = 0;
      event.preventDefault();
      event.stopPropagation();
    };
    for (const name of INPUT) target.addEventListener(name, input, { capture: true });
    target.addEventListener('click', click, { capture: true });

    const timer = setInterval(() => {
      if (this.on || !demo.active || demo.replaced) return;
      if (!goOn && Date.now() - last < afterMs) return;
      goOn = false;
      void this.#loop(tours, play);
    }, everyMs);

    return () => {
      clearInterval(timer);
      this.#run += 1;
      this.on = false;
      for (const name of INPUT) target.removeEventListener(name, input, { capture: true });
      target.removeEventListener('click', click, { capture: true });
    };
  }

  /** The idle reset is about to start the demo over for the next visitor, in a new page. */
  beforeIdleReset(): void {
    if (this.on) this.#mark?.setItem(PLAYING_KEY, String(Date.now()));
  }

  /** The idle reset started the demo over under the tour playing: on with the next tour. */
  afterIdleReset(): void {
    if (this.on) engine.exit();
  }

  async #loop(tours: readonly Tour[], play: AttractOptions['play'] & {}): Promise<void> {
    const run = ++this.#run;
    this.on = true;
    demo.close();
    while (run === this.#run && !demo.replaced && tours.length > 0) {
      const tour = tours[this.#next % tours.length];
      this.#next += 1;
      if (tour === undefined) return;
      this.playing = tour;
      await play(tour, 'autoplay');
      // A tour that stopped early says why to a visitor, not to an empty stand.
      engine.dismiss();
      if (run !== this.#run || demo.replaced) return;
      await new Promise((resolve) => setTimeout(resolve, BETWEEN_TOURS_MS));
    }
  }

  async #end(goHome: () => void): Promise<void> {
    this.#run += 1;
    this.on = false;
    this.playing = null;
    engine.exit();
    engine.dismiss();
    for (let waited = 0; demo.busy && waited < 10_000; waited += 100) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await demo.reset();
    goHome();
  }
}

export const attract = new AttractScreen();
