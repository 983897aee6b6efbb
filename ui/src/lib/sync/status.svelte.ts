/**
 * Where the seller's copy stands, for the top bar and the Sync screen (R-SYNC-4): online or
 * offline, what waits to sync, when it last synced, how many conflicts.
 *
 * One status for the whole app, polled every `POLL_MS` while a top bar shows it (`Poller`).
 * The app syncs by itself in the background; `syncNow` is the seller's "Sync now". `copy` is
 * null on a marketplace, where there is nothing to sync.
 */
import { loadSyncStatus, syncNow, type ApiFailure, type Round, type SyncStatus } from '../api';
import { Poller } from '../util/poller';
import { asFailure } from '../util/resource.svelte';

export const POLL_MS = 5000;

class CopyStatus {
  /** Undefined until the first answer; null on a marketplace. */
  copy = $state.raw<SyncStatus | null | undefined>(undefined);
  syncing = $state(false);
  /** What the last "Sync now" did, or why it failed. */
  lastRound = $state.raw<Round | null>(null);
  error = $state.raw<ApiFailure | null>(null);
  #poller = new Poller(() => this.refresh(), POLL_MS);
  #generation = 0;

  /** Whether watching polls (off under test unless a test turns it on). */
  get polling(): boolean {
    return this.#poller.polling;
  }
  set polling(on: boolean) {
    this.#poller.polling = on;
  }

  /** Asks the core; a failed poll keeps the last status (the next one tries again). */
  async refresh(): Promise<boolean> {
    const generation = ++this.#generation;
    try {
      const copy = await loadSyncStatus();
      if (generation === this.#generation) this.copy = copy;
      return true;
    } catch {
      // The top bar's status is a hint: a failed poll is not worth an error on every screen.
      return false;
    }
  }

  /** Asks the core before the first screen is drawn: the top bar then does not ask again. */
  async readAhead(): Promise<void> {
    if (await this.refresh()) this.#poller.readAhead();
  }

  /** Pushes and pulls once, then shows the status after it. */
  async syncNow(): Promise<Round | null> {
    if (this.syncing) return null;
    this.syncing = true;
    this.error = null;
    try {
      const round = await syncNow();
      this.lastRound = round;
      return round;
    } catch (error) {
      this.error = asFailure(error);
      return null;
    } finally {
      this.syncing = false;
      await this.refresh();
    }
  }

  /** The status as the core just returned it (after connecting). */
  set(copy: SyncStatus | null | undefined): void {
    this.#generation += 1;
    this.copy = copy;
  }

  /** Starts watching (and polling, if no one else is); returns the function that stops. */
  watch(): () => void {
    return this.#poller.watch();
  }
}

export const copyStatus = new CopyStatus();
