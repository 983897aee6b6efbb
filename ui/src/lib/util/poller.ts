/**
 * One periodic poll shared by every component that shows its result (the top bar's unread
 * count, the seller's sync status): the first watcher starts asking every `everyMs`, the last
 * to go stops, so that moving between screens neither doubles the polling nor leaves an
 * interval behind.
 *
 * Under test nothing is polled unless a test turns `polling` on: a screen's test should see
 * only the calls its screen makes.
 */
export class Poller {
  polling = import.meta.env.MODE !== 'test';
  #watchers = 0;
  #timer: ReturnType<typeof setInterval> | undefined;
  /** When the value was last read ahead of the poll (`readAhead`), in `Date.now()` time. */
  #readAheadAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly poll: () => Promise<unknown>,
    private readonly everyMs: number,
  ) {}

  /**
   * Says the value was just read without the poll: the first screen asks for it with the rest
   * of what it shows, before the top bar that watches it is mounted. A watch starting within
   * one interval of that does not ask again at once; the interval asks next.
   */
  readAhead(): void {
    this.#readAheadAt = Date.now();
  }

  /** Starts watching (and polling, if no one else is); returns the function that stops. */
  watch(): () => void {
    if (!this.polling) return () => {};
    this.#watchers += 1;
    if (Date.now() - this.#readAheadAt >= this.everyMs) void this.poll();
    this.#readAheadAt = Number.NEGATIVE_INFINITY;
    if (this.#timer === undefined) {
      this.#timer = setInterval(() => void this.poll(), this.everyMs);
    }
    let stopped = false;
    return () => {
      if (stopped) return;
      stopped = true;
      this.#watchers -= 1;
      if (this.#watchers === 0 && this.#timer !== undefined) {
        clearInterval(this.#timer);
        this.#timer = undefined;
      }
    };
  }
}
