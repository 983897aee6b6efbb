/**
 * What a guided tour is: data, not code. A tour is a list of steps; each step points at a real
 * element of a screen (by its `data-tour` attribute), says one line about it, and says what
 * the visitor (or, in autoplay, the engine) does there and how the engine knows it is done.
 *
 * The engine (`engine.svelte.ts`) plays any tour; nothing here knows how.
 */

/** A small file the engine attaches where a visitor would pick one (proof of a delivery). */
export interface SampleFile {
  name: string;
  type: string;
  text: string;
}

/** What is done with the step's element: clicked, typed into, or given a file. */
export type TourAction = 'click' | { fill: string } | { attach: SampleFile };

export interface TourStep {
  /** The screen opened before the step (a hash such as `#/billing/renewals`), if it opens one. */
  route?: string;
  /**
   * The element the step points at: a CSS selector, normally `[data-tour="…"]`, or null for a
   * step that only speaks about the whole screen.
   */
  target: string | null;
  /** The line shown beside the element and read out to screen readers. */
  line: string;
  /** What is done with the element. Without one, the step is read and left with Next. */
  act?: TourAction;
  /**
   * What done means, when a click is not enough: a selector that must appear (the screen the
   * action leads to, a confirmation). Filled and attached steps are done on Next.
   */
  until?: string;
}

export interface Tour {
  /** Stable: the Tours list and the end-to-end test start a tour by it. */
  id: string;
  title: string;
  /** One sentence: what the visitor will see. */
  summary: string;
  steps: TourStep[];
}

/** `[data-tour="name"]`, optionally narrowed to a product or another `data-value`. */
export function at(name: string, value?: string): string {
  return value === undefined
    ? `[data-tour="${name}"]`
    : `[data-tour="${name}"][data-value="${value}"]`;
}
