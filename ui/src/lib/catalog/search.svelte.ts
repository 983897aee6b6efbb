/**
 * The state behind the search screen: results for the current filters, paged 50 at a time.
 *
 * Filters change as fast as a person types, so answers can arrive out of order. Every run
 * gets a generation number and only the latest generation may write results; "Show more"
 * appends only to the generation it was asked for.
 */
import { searchProducts, type ApiFailure, type ProductSummary, type SearchQuery } from '../api';
import type { SearchFilters } from '../router/route';
import { asFailure, type LoadStatus } from '../util/resource.svelte';

export const PAGE_SIZE = 50;

type Search = (query: Partial<SearchQuery>) => ReturnType<typeof searchProducts>;

export function queryOf(filters: SearchFilters): Partial<SearchQuery> {
  const text = filters.q.trim();
  return {
    text: text === '' ? null : text,
    category: filters.category,
    sub_category: filters.sub_category,
    delivery: filters.delivery,
    billing: filters.billing,
  };
}

export class SearchResultList {
  /** `loading` only when there is nothing to show yet; see `refreshing`. */
  status = $state<LoadStatus>('loading');
  items = $state.raw<ProductSummary[]>([]);
  total = $state(0);
  error = $state.raw<ApiFailure | null>(null);
  /** New results are on their way while the previous ones stay on screen. */
  refreshing = $state(false);
  loadingMore = $state(false);
  moreError = $state.raw<ApiFailure | null>(null);

  readonly #search: Search;
  #filters: SearchFilters | null = null;
  #generation = 0;

  constructor(search: Search = searchProducts) {
    this.#search = search;
  }

  get hasMore(): boolean {
    return this.status === 'ready' && this.items.length < this.total;
  }

  /** Searches from the first page; anything still in flight is superseded. */
  async run(filters: SearchFilters): Promise<void> {
    this.#filters = filters;
    const generation = ++this.#generation;
    this.loadingMore = false;
    this.moreError = null;
    if (this.status === 'ready') {
      this.refreshing = true;
    } else {
      this.status = 'loading';
      this.error = null;
    }
    try {
      const page = await this.#search({ ...queryOf(filters), limit: PAGE_SIZE, offset: 0 });
      if (generation !== this.#generation) return;
      this.items = page.items;
      this.total = page.total;
      this.error = null;
      this.status = 'ready';
    } catch (error) {
      if (generation !== this.#generation) return;
      this.error = asFailure(error);
      this.items = [];
      this.total = 0;
      this.status = 'error';
    } finally {
      if (generation === this.#generation) this.refreshing = false;
    }
  }

  /** Runs the last search again (after an error). */
  retry(): Promise<void> {
    return this.#filters === null ? Promise.resolve() : this.run(this.#filters);
  }

  /** Loads the next page and appends it. */
  async more(): Promise<void> {
    if (this.#filters === null || this.loadingMore || !this.hasMore) return;
    const generation = this.#generation;
    this.loadingMore = true;
    this.moreError = null;
    try {
      const page = await this.#search({
        ...queryOf(this.#filters),
        limit: PAGE_SIZE,
        offset: this.items.length,
      });
      if (generation !== this.#generation) return;
      // The catalog may have changed between pages: never show a product twice.
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local lookup, never rendered
      const seen = new Set(this.items.map((item) => item.id));
      const fresh = page.items.filter((item) => !seen.has(item.id));
      this.items = [...this.items, ...fresh];
      // An empty page means there is no more, whatever the total said.
      this.total = fresh.length === 0 ? this.items.length : Math.max(page.total, this.items.length);
    } catch (error) {
      if (generation !== this.#generation) return;
      this.moreError = asFailure(error);
    } finally {
      if (generation === this.#generation) this.loadingMore = false;
    }
  }
}
