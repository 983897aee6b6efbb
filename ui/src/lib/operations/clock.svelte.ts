/**
 * The time a list of flows is shown against, moving on by itself: a case's age and a passed
 * deadline stay right while the screen is open.
 *
 * Create it while a component initialises (it starts an effect that the component's end stops).
 * It reads this machine's clock, not the core's demo clock.
 */
export class Clock {
  now = $state(Date.now());

  constructor(everyMs = 30_000) {
    $effect(() => {
      const timer = setInterval(() => {
        this.now = Date.now();
      }, everyMs);
      return () => clearInterval(timer);
    });
  }
}
