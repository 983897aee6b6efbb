/**
 * The one engine that plays every guided tour (`types.ts`), in either of two ways:
 *
 * - **visitor**: the step's element is highlighted and focused; the step is done when the
 *   visitor does what it says (a click on it, or what `until` waits for). Next does the step
 *   for the visitor when it is not done yet, Back shows the step before, Exit or Escape ends.
 * - **autoplay**: the engine reads each line for `readMs(step)`, then clicks, types or
 *   attaches itself. Its clicks and typing are plain `click()` and `input` events: no key,
 *   pointer, touch or wheel event, so that nothing it does counts as a visitor's input for the
 *   idle reset or the attract screen.
 *
 * It never hangs: an element that does not come within `WAIT_MS` ends the tour with a message
 * saying which step and what was missing.
 *
 * It must never act outside a tour: every wait checks that the run it belongs to is still the
 * current one, and stops quietly when it is not.
 */
import type { Tour, TourAction, TourStep } from './types';

/** How long an element or a result may take to show before the tour gives up. */
export const WAIT_MS = 10_000;
/** How often the screen is looked at while waiting. */
export const POLL_MS = 100;
/** Autoplay: the least time a line stays on screen before the engine acts. */
export const MIN_READ_MS = 2500;
/** Autoplay: a step's line is read at about 25 characters a second, after a second to look. */
export const READ_MS_PER_CHAR = 40;
/** Autoplay: how long the last step, the result, stays before the tour ends. */
export const RESULT_MS = 5000;

/** How long autoplay shows the line of `step` before acting. */
export function readMs(step: TourStep): number {
  return Math.max(MIN_READ_MS, 1000 + step.line.length * READ_MS_PER_CHAR);
}

/** How long a tour lasts in autoplay, not counting the screens' own loading. */
export function tourMs(tour: Tour): number {
  const steps = tour.steps.reduce((total, step) => total + readMs(step), 0);
  return steps + RESULT_MS;
}

/** A tour's length in autoplay, as the Tours list shows it: "45 s", "1 min 20 s". */
export function tourLength(tour: Tour): string {
  const seconds = Math.round(tourMs(tour) / 1000);
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

/** What a step asks of the visitor, in one word: for the overlay and its tests. */
export function actKind(step: TourStep | null): 'click' | 'fill' | 'attach' | 'read' {
  const act = step?.act;
  if (act === undefined) return 'read';
  if (act === 'click') return 'click';
  return 'fill' in act ? 'fill' : 'attach';
}

export type TourMode = 'visitor' | 'autoplay';
export type TourEnd = 'finished' | 'exited' | 'failed';

export interface TourHooks {
  /**
   * Opens a screen (a hash): the router's navigate, or a test's. Resolves once the screen being
   * left is gone, so that an element both screens have (the top bar's) is looked for on the new
   * one, not on the one about to go.
   */
  open: (hash: string) => void | Promise<void>;
  /** Where the engine looks for elements and listens for clicks and keys. */
  root?: Document;
}

class Cancelled extends Error {}

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** The element itself when it takes focus, else the first thing inside it that does. */
export function focusTarget(element: HTMLElement): HTMLElement {
  if (element.matches(FOCUSABLE)) return element;
  return element.querySelector<HTMLElement>(FOCUSABLE) ?? element;
}

/** A short name for a selector in a message: the `data-tour` name when there is one. */
function named(selector: string): string {
  const match = /data-tour="([^"]+)"\](?:\[data-value="([^"]+)"\])?/.exec(selector);
  if (match === null) return selector;
  return match[2] === undefined ? `“${match[1]}”` : `“${match[1]}” (${match[2]})`;
}

export class TourEngine {
  tour = $state.raw<Tour | null>(null);
  mode = $state<TourMode>('visitor');
  index = $state(0);
  /** The element the current step points at, once it is on screen. */
  target = $state.raw<HTMLElement | null>(null);
  /** True while the step's element is awaited or its action under way. */
  waiting = $state(false);
  /** Back is offered when the step before can be shown again. */
  canBack = $state(false);
  /** Why the last tour stopped early; shown until dismissed. */
  error = $state<string | null>(null);

  #run = 0;
  #done = false;
  #hooks: TourHooks;
  #finish: ((end: TourEnd) => void) | null = null;
  #advance: (() => void) | null = null;
  #detach: (() => void) | null = null;

  constructor(hooks: TourHooks) {
    this.#hooks = hooks;
  }

  get running(): boolean {
    return this.tour !== null;
  }

  get step(): TourStep | null {
    return this.tour?.steps[this.index] ?? null;
  }

  get last(): boolean {
    return this.tour !== null && this.index === this.tour.steps.length - 1;
  }

  get #doc(): Document {
    return this.#hooks.root ?? document;
  }

  /** Plays `tour` from its first step; resolves when it ends, however it ends. */
  start(tour: Tour, mode: TourMode = 'visitor'): Promise<TourEnd> {
    this.#end('exited');
    this.tour = tour;
    this.mode = mode;
    this.error = null;
    const ended = new Promise<TourEnd>((resolve) => (this.#finish = resolve));
    this.#listen();
    void this.#show(0);
    return ended;
  }

  /** Visitor mode: on to the next step, doing this one for the visitor if it is not done. */
  next(): void {
    if (this.tour === null || this.mode !== 'visitor') return;
    if (this.#done || this.step?.act === undefined) {
      if (!this.waiting) this.#advance?.();
      return;
    }
    const run = this.#run;
    const step = this.step;
    const target = this.refresh();
    if (target === null || this.waiting) return;
    const advance = this.#advance;
    this.waiting = true;
    // Synchronous: a menu the step points into must not close before the click lands.
    this.#act(step, target);
    this.#done = true;
    void this.#settle(run, step).then(
      () => advance?.(),
      (error: unknown) => this.#failed(run, error),
    );
  }

  /**
   * The step's element as it is now. A screen drawn again (the demo started over, a role
   * switched) replaces its elements: a click on the old one would reach no handler, and the
   * keyboard, left on the old one, is nowhere: it is put on the new one.
   */
  refresh(): HTMLElement | null {
    const selector = this.step?.target;
    if (this.target !== null && !this.target.isConnected && selector) {
      const again = this.#doc.querySelector<HTMLElement>(selector);
      if (again !== null) {
        this.target = again;
        const focused = this.#doc.activeElement;
        const lost = focused === null || focused === this.#doc.body;
        if (lost && this.mode === 'visitor' && this.step?.act !== undefined && !this.#done)
          focusTarget(again).focus({ preventScroll: true });
      }
    }
    return this.target;
  }

  /** Visitor mode: the step before, opening its screen again when it has one. */
  back(): void {
    if (this.tour === null || this.mode !== 'visitor' || !this.canBack) return;
    void this.#show(this.index - 1);
  }

  /** Ends the tour where it is. */
  exit(): void {
    this.#end('exited');
  }

  /** Forgets the last tour's error message. */
  dismiss(): void {
    this.error = null;
  }

  async #show(index: number): Promise<void> {
    const tour = this.tour;
    if (tour === null) return;
    const run = ++this.#run;
    this.index = index;
    this.target = null;
    this.#done = false;
    this.waiting = true;
    this.#advance = null;
    const step = tour.steps[index];
    if (step === undefined) return;
    const before = tour.steps[index - 1];
    this.canBack =
      before !== undefined &&
      (before.route !== undefined ||
        before.target === null ||
        this.#doc.querySelector(before.target) !== null);
    try {
      if (step.route !== undefined) {
        await this.#hooks.open(step.route);
        if (run !== this.#run) return;
      }
      const target = step.target === null ? null : await this.#find(run, step.target);
      this.target = target;
      this.waiting = false;
      if (target !== null) {
        target.scrollIntoView?.({ block: 'center', inline: 'nearest' });
        // A step with something to do puts the keyboard on it; one to read leaves it on Next.
        if (this.mode === 'visitor' && step.act !== undefined)
          focusTarget(target).focus({ preventScroll: true });
      }
      const advance = () => {
        if (run !== this.#run) return;
        if (this.last) this.#end('finished');
        else void this.#show(index + 1);
      };
      this.#advance = advance;
      if (this.mode === 'autoplay') await this.#autoplay(run, step, target);
      else if (step.until !== undefined && this.#doc.querySelector(step.until) === null) {
        // Done however the visitor got there (the keyboard, another way round). A result
        // already on screen (Back to a step done before) waits for the step's own action.
        await this.#find(run, step.until, Infinity);
        advance();
      }
    } catch (error) {
      this.#failed(run, error);
    }
  }

  async #autoplay(run: number, step: TourStep, target: HTMLElement | null): Promise<void> {
    await this.#sleep(run, readMs(step));
    target = target === null ? null : this.refresh();
    if (step.act !== undefined && target !== null) {
      this.waiting = true;
      this.#act(step, target);
      this.#done = true;
      await this.#settle(run, step);
    }
    if (this.last) await this.#sleep(run, RESULT_MS);
    this.#advance?.();
  }

  /** After the action: waits for `until`, or lets the screen answer a plain click. */
  async #settle(run: number, step: TourStep): Promise<void> {
    if (step.until !== undefined) await this.#find(run, step.until);
    else await this.#sleep(run, POLL_MS);
    if (run === this.#run) this.waiting = false;
  }

  #act(step: TourStep, target: HTMLElement): void {
    const act: TourAction | undefined = step.act;
    if (act === undefined) return;
    if (act === 'click') {
      target.click();
      return;
    }
    const field = target.matches('input, textarea, select')
      ? (target as HTMLInputElement)
      : target.querySelector<HTMLInputElement>('input, textarea, select');
    if (field === null) throw new Error(`${named(step.target ?? '')} has no field to fill`);
    if ('fill' in act) {
      if (field.value === '') field.value = act.fill;
      field.dispatchEvent(new Event('input', { bubbles: true }));
      field.dispatchEvent(new Event('change', { bubbles: true }));
      return;
    }
    // A file the visitor picked stays, as typed text does.
    if (field.files !== null && field.files.length > 0) return;
    const transfer = new DataTransfer();
    transfer.items.add(new File([act.attach.text], act.attach.name, { type: act.attach.type }));
    field.files = transfer.files;
    field.dispatchEvent(new Event('change', { bubbles: true }));
  }

  /** The element `selector` names, once it is on screen; fails after `limit` ms. */
  async #find(run: number, selector: string, limit = WAIT_MS): Promise<HTMLElement> {
    let waited = 0;
    for (;;) {
      if (run !== this.#run) throw new Cancelled();
      const found = this.#doc.querySelector<HTMLElement>(selector);
      // A control still disabled (the role switcher while the demo starts over) is not
      // there yet: a click on it would do nothing.
      if (found !== null && !found.matches(':disabled')) return found;
      if (waited >= limit) {
        throw new Error(`${named(selector)} did not appear on the screen`);
      }
      await this.#sleep(run, POLL_MS);
      waited += POLL_MS;
    }
  }

  #sleep(run: number, ms: number): Promise<void> {
    return new Promise((resolve, reject) => {
      setTimeout(() => (run === this.#run ? resolve() : reject(new Cancelled())), ms);
    });
  }

  #failed(run: number, error: unknown): void {
    if (run !== this.#run || error instanceof Cancelled || this.tour === null) return;
    const reason = error instanceof Error ? error.message : String(error);
    const message =
      `The tour “${this.tour.title}” stopped at step ${this.index + 1} of ` +
      `${this.tour.steps.length}: ${reason}.`;
    this.#end('failed');
    this.error = message;
  }

  #end(how: TourEnd): void {
    if (this.tour === null) return;
    this.#run += 1;
    this.#detach?.();
    this.#detach = null;
    this.tour = null;
    this.target = null;
    this.waiting = false;
    this.#advance = null;
    const finish = this.#finish;
    this.#finish = null;
    finish?.(how);
  }

  /** The visitor's click on the step's element, and Escape. */
  #listen(): void {
    const doc = this.#doc;
    const onClick = (event: MouseEvent) => {
      if (this.mode !== 'visitor' || this.#done || this.step?.act !== 'click') return;
      const target = this.refresh();
      if (target === null || !(event.target instanceof Node) || !target.contains(event.target))
        return;
      this.#done = true;
      const run = this.#run;
      const step = this.step;
      const advance = this.#advance;
      this.waiting = true;
      // After the screen's own handlers: the step is done once they have run.
      void this.#settle(run, step).then(
        () => advance?.(),
        (error: unknown) => this.#failed(run, error),
      );
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') this.exit();
    };
    // A screen drawn again takes the focused element with it: the keyboard is put back on the
    // new one as soon as it is there, before a key pressed meanwhile is lost.
    const drawn = new MutationObserver(() => this.refresh());
    doc.addEventListener('click', onClick, { capture: true });
    doc.addEventListener('keydown', onKey, { capture: true });
    drawn.observe(doc, { childList: true, subtree: true });
    this.#detach = () => {
      doc.removeEventListener('click', onClick, { capture: true });
      doc.removeEventListener('keydown', onKey, { capture: true });
      drawn.disconnect();
    };
  }
}
