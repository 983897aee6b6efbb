/**
 * The app's one tour engine, and how a tour is started: from the demo's first state, since
 * every tour is scripted against it (the appeal it settles must still be open, the SaaS it
 * buys not bought yet). Starting a tour therefore starts the demo over.
 */
import { tick } from 'svelte';
import { router } from '../../router/router.svelte';
import { parseHash } from '../../router/route';
import { demo } from '../demo.svelte';
import { TourEngine, type TourEnd, type TourMode } from './engine.svelte';
import type { Tour } from './types';

export const tours = new TourEngine({
  open: async (hash) => {
    router().navigate(parseHash(hash));
    await tick();
  },
});
demo.tours = tours;

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Starts the demo over, then plays `tour`; resolves when the tour ends. */
export async function playTour(tour: Tour, mode: TourMode): Promise<TourEnd> {
  tours.exit();
  tours.dismiss();
  demo.close();
  // A reset or a move of the clock under way (the idle reset) finishes first.
  for (let waited = 0; demo.busy && waited < 10_000; waited += 100) await pause(100);
  // The same visitor, or the attract screen's show: the page stays.
  if (!(await demo.reset(false))) {
    tours.error = `The tour “${tour.title}” cannot start: the demo could not start over.`;
    return 'failed';
  }
  return tours.start(tour, mode);
}
