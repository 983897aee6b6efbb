/**
 * Keystroke-to-paint timing of the search screen, recorded in the page for the end-to-end
 * suite: every keystroke leaves a `performance.mark` at the time of its input event, and once
 * the results for that text are in the DOM and the next frame has been painted, `{ text, ms }`
 * is pushed onto `window.__kgSearchTimings` (created on first use).
 *
 * The clock starts at the input event's own timestamp, not when a handler got round to it,
 * so that time spent before the handler runs (a busy main thread) is counted too.
 *
 * A stand searches all day long: a text's mark is cleared once its results are shown or
 * superseded, and only the latest `KEPT_TIMINGS` timings are kept.
 */

import { afterPaint } from '../util/paint';

export interface SearchTiming {
  /** The search text as the results were asked for (trimmed). */
  text: string;
  /** Milliseconds from the keystroke that produced the text to the paint of its results. */
  ms: number;
  /** ...to the backend's answer (null when it was not reported): the share of the round trip. */
  answered_ms: number | null;
  /** ...to the results being in the DOM: the rest, up to `ms`, is waiting for the paint. */
  rendered_ms: number;
}

/** What the timer needs from the page; tests pass their own. */
export interface TimingHost {
  now(): number;
  /** Leaves a mark in the page's performance timeline at `at` (the `now()` clock). */
  mark(name: string, at: number): void;
  /** Removes the marks called `name`. */
  clearMark(name: string): void;
  /** Runs `callback` after the next frame has been painted. */
  afterPaint(callback: () => void): void;
  /** The list the timings are pushed to. */
  timings(): SearchTiming[];
}

/** The browser's clock, `performance.mark`, and the next paint. */
export const browserHost: TimingHost = {
  now: () => performance.now(),
  mark: (name, at) => {
    performance.mark(name, { startTime: at });
  },
  clearMark: (name) => performance.clearMarks(name),
  afterPaint,
  timings: () => (window.__kgSearchTimings ??= []),
};

export const KEYSTROKE_MARK = 'kg-search-keystroke';

/** How many timings the page keeps, the latest: far more than a measuring run types. */
export const KEPT_TIMINGS = 1000;

export class SearchTimer {
  readonly #host: TimingHost;
  /** Texts typed and not yet shown, with the time of their latest keystroke, oldest first. */
  readonly #pending = new Map<string, number>();
  /** When the backend answered a pending text, in the `now()` clock. */
  readonly #answered = new Map<string, number>();

  constructor(host: TimingHost = browserHost) {
    this.#host = host;
  }

  /**
   * A keystroke left the search box with `text`. `at` is the input event's timestamp (the
   * `now()` clock); one from the future or from another clock is replaced by now.
   */
  keystroke(text: string, at?: number): void {
    const key = text.trim();
    const now = this.#host.now();
    const start = at !== undefined && at > 0 && at <= now ? at : now;
    if (this.#pending.has(key)) this.#host.clearMark(`${KEYSTROKE_MARK}:${key}`);
    this.#host.mark(`${KEYSTROKE_MARK}:${key}`, start);
    this.#pending.delete(key);
    this.#answered.delete(key);
    this.#pending.set(key, start);
  }

  /** The backend answered the search for `text`; its results are not in the DOM yet. */
  answered(text: string): void {
    const key = text.trim();
    if (this.#pending.has(key)) this.#answered.set(key, this.#host.now());
  }

  /**
   * The results for `text` are in the DOM. Texts typed before it will never be shown
   * (their answers were superseded), so they are forgotten.
   */
  rendered(text: string): void {
    const key = text.trim();
    const start = this.#pending.get(key);
    if (start === undefined) return;
    const answeredAt = this.#answered.get(key);
    for (const typed of [...this.#pending.keys()]) {
      this.#pending.delete(typed);
      this.#answered.delete(typed);
      this.#host.clearMark(`${KEYSTROKE_MARK}:${typed}`);
      if (typed === key) break;
    }
    const renderedAt = this.#host.now();
    this.#host.afterPaint(() => {
      const timings = this.#host.timings();
      timings.push({
        text: key,
        ms: this.#host.now() - start,
        answered_ms: answeredAt === undefined ? null : answeredAt - start,
        rendered_ms: renderedAt - start,
      });
      if (timings.length > KEPT_TIMINGS) timings.splice(0, timings.length - KEPT_TIMINGS);
    });
  }

  /** The screen is left: the texts still waiting will never be shown, and their marks go. */
  forget(): void {
    for (const typed of this.#pending.keys()) this.#host.clearMark(`${KEYSTROKE_MARK}:${typed}`);
    this.#pending.clear();
    this.#answered.clear();
  }

  /** How many typed texts still wait for their results. */
  get pending(): number {
    return this.#pending.size;
  }
}
