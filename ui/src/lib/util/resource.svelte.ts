/**
 * One piece of data a screen loads from the backend, with its loading and error states.
 *
 * Only the answer to the latest `load()` is kept: an older request that finishes late is
 * dropped, so a slow answer never overwrites a newer one.
 */
import { ApiFailure } from '../api';

export type LoadStatus = 'loading' | 'ready' | 'error';

export function asFailure(error: unknown): ApiFailure {
  if (error instanceof ApiFailure) return error;
  return new ApiFailure('internal', error instanceof Error ? error.message : String(error));
}

export class Resource<T> {
  status = $state<LoadStatus>('loading');
  data = $state.raw<T | undefined>(undefined);
  error = $state.raw<ApiFailure | null>(null);
  readonly #fetch: () => Promise<T>;
  #generation = 0;

  /** `initial`, when given, is the data already at hand: the resource starts ready with it. */
  constructor(fetch: () => Promise<T>, initial?: T) {
    this.#fetch = fetch;
    if (initial !== undefined) {
      this.data = initial;
      this.status = 'ready';
    }
  }

  async load(): Promise<void> {
    const generation = ++this.#generation;
    this.status = 'loading';
    this.error = null;
    try {
      const data = await this.#fetch();
      if (generation !== this.#generation) return;
      this.data = data;
      this.status = 'ready';
    } catch (error) {
      if (generation !== this.#generation) return;
      this.error = asFailure(error);
      this.status = 'error';
    }
  }
}
