/**
 * How many messages whom the app acts as has not read, for the top bar's badge.
 *
 * One count for the whole app, polled every `POLL_MS` while a top bar shows it (`Poller`).
 * Messages, which marks messages read, sets the count it gets back at once. A late answer
 * never overwrites a newer count.
 */
import { unreadMessages } from '../api';
import { Poller } from '../util/poller';

export const POLL_MS = 5000;

class UnreadMessages {
  count = $state(0);
  #poller = new Poller(() => this.refresh(), POLL_MS);
  #generation = 0;

  /** Whether watching polls (off under test unless a test turns it on). */
  get polling(): boolean {
    return this.#poller.polling;
  }
  set polling(on: boolean) {
    this.#poller.polling = on;
  }

  /** Asks the core; an error keeps the last count (the next poll tries again). */
  async refresh(): Promise<boolean> {
    const generation = ++this.#generation;
    try {
      const count = await unreadMessages();
      if (generation === this.#generation) this.count = count;
      return true;
    } catch {
      // The badge is a hint: a failed poll is not worth an error on every screen.
      return false;
    }
  }

  /** Asks the core before the first screen is drawn: the top bar then does not ask again. */
  async readAhead(): Promise<void> {
    if (await this.refresh()) this.#poller.readAhead();
  }

  /** The count as the core just returned it with a change. */
  set(count: number): void {
    this.#generation += 1;
    this.count = count;
  }

  /** Starts watching (and polling, if no one else is); returns the function that stops. */
  watch(): () => void {
    return this.#poller.watch();
  }
}

export const unread = new UnreadMessages();
