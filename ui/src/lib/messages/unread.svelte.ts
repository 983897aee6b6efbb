/**
 * How many messages whom the app acts as has not read, for the top bar's badge.
 *
 * One count for the whole app: every top bar shown watches it, the first starts asking the
 * core every `POLL_MS` and the last to go stops, so that moving between screens neither
 * doubles the polling nor leaves an interval behind. Messages, which marks messages read,
 * sets the count it gets back at once. A late answer never overwrites a newer count.
 *
 * Under test nothing is polled unless a test turns `polling` on: a screen's test should see
 * only the calls its screen makes.
 */
import { unreadMessages } from '../api';

export const POLL_MS = 5000;

class UnreadMessages {
  count = $state(0);
  polling = import.meta.env.MODE !== 'test';
  #watchers = 0;
  #timer: ReturnType<typeof setInterval> | undefined;
  #generation = 0;

  /** Asks the core; an error keeps the last count (the next poll tries again). */
  async refresh(): Promise<void> {
    const generation = ++this.#generation;
    try {
      const count = await unreadMessages();
      if (generation === this.#generation) this.count = count;
    } catch {
      // The badge is a hint: a failed poll is not worth an error on every screen.
    }
  }

  /** The count as the core just returned it with a change. */
  set(count: number): void {
    this.#generation += 1;
    this.count = count;
  }

  /** Starts watching (and polling, if no one else is); returns the function that stops. */
  watch(): () => void {
    if (!this.polling) return () => {};
    this.#watchers += 1;
    void this.refresh();
    if (this.#timer === undefined) {
      this.#timer = setInterval(() => void this.refresh(), POLL_MS);
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

export const unread = new UnreadMessages();
