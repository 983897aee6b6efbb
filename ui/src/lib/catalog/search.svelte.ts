/**
 * The state behind the search screen: the results for the current filters, as a list of
 * `total` rows whose products arrive in pages of 50, each fetched by its offset when a row
 * of it is first shown; plus the facet counts and spelling suggestions of the first page.
 *
 * Filters change as fast as a person types, so answers can arrive out of order. Every run
 * gets a generation number and only the latest generation may write: a late first page of
 * older filters, or a late page of an older list, is dropped.
 *
 * The first page is asked for alone, so that the results of a keystroke are painted as soon
 * as the core has them; the facet counts follow in a second call once that page is on screen
 * (and, while the person types, once typing has paused: `FACETS_DELAY_MS`), and only if no
 * newer search has started by then: counting for every keystroke would compete with the next
 * keystroke's results. Until they arrive, the panel keeps the counts it had, marked as
 * pending (`countsPending`).
 */
import {
  searchProducts,
  type ApiFailure,
  type Facets,
  type ProductSummary,
  type SearchQuery,
} from '../api';
import type { SearchFilters } from '../router/route';
import { SvelteMap, SvelteSet } from 'svelte/reactivity';
import { afterPaint } from '../util/paint';
import { asFailure, type LoadStatus } from '../util/resource.svelte';

export const PAGE_SIZE = 50;
/** How long after its results are painted a search asks for its facet counts. */
export const FACETS_DELAY_MS = 150;
/**
 * How long a search may take before the results on screen are marked as being replaced
 * (`refreshing`). Most answers arrive well within it: marking every keystroke would change
 * the page, and so lay it out and paint it, while the answer is on its way.
 */
export const SLOW_SEARCH_MS = 250;

type Search = (query: Partial<SearchQuery>) => ReturnType<typeof searchProducts>;
/**
 * Runs a callback later: for the facet counts, once the results are painted and, while the
 * person types, once typing has paused.
 */
type Later = (callback: () => void, typing: boolean) => void;

const whenSettled: Later = (callback, typing) =>
  afterPaint(() => {
    setTimeout(callback, typing ? FACETS_DELAY_MS : 0);
  });

/** The query for some filters. Relevance means nothing without text: it is left to the default. */
export function queryOf(filters: SearchFilters): Partial<SearchQuery> {
  const text = filters.q.trim();
  return {
    text: text === '' ? null : text,
    category: filters.category,
    sub_category: filters.sub_category,
    delivery: filters.delivery,
    billing: filters.billing,
    seller: filters.seller,
    supervised: filters.supervised,
    operating_system: filters.operating_system,
    min_price: filters.min_price,
    max_price: filters.max_price,
    sort: filters.sort === 'relevance' && text === '' ? null : filters.sort,
  };
}

export class SearchResultList {
  /** `loading` only when there is nothing to show yet; see `refreshing`. */
  status = $state<LoadStatus>('loading');
  total = $state(0);
  error = $state.raw<ApiFailure | null>(null);
  /** Counts per filter value; null until the backend computes them. */
  facets = $state.raw<Facets | null>(null);
  /** The counts shown are those of an earlier search; the current one's are on their way. */
  countsPending = $state(false);
  /** Near spellings of the text, when it found nothing. */
  suggestions = $state.raw<string[]>([]);
  /**
   * New results are on their way, for longer than `SLOW_SEARCH_MS`, while the previous ones
   * stay on screen.
   */
  refreshing = $state(false);
  /** The filters of the results on screen. */
  shown = $state.raw<SearchFilters | null>(null);
  /** Goes up each time a new first page is on screen (not for later pages). */
  version = $state(0);
  /** The last page that failed to load, if any (the rows of it offer to try again). */
  pageError = $state.raw<ApiFailure | null>(null);

  /** Loaded pages by number. */
  readonly #pages = new SvelteMap<number, readonly ProductSummary[]>();
  /** Pages on their way: bookkeeping only, never shown. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- never read by a template
  readonly #inFlight = new Set<number>();
  /** Pages that failed; their rows offer to try again. */
  readonly #failed = new SvelteSet<number>();
  readonly #search: Search;
  readonly #later: Later;
  #filters: SearchFilters | null = null;
  #generation = 0;

  constructor(search: Search = searchProducts, later: Later = whenSettled) {
    this.#search = search;
    this.#later = later;
  }

  /** The products of the first page (what a short list shows entirely). */
  get items(): readonly ProductSummary[] {
    return this.#pages.get(0) ?? [];
  }

  /** How many pages are held. */
  get loadedPages(): number {
    return this.#pages.size;
  }

  /** The product at a row, or undefined while its page is not loaded. */
  at(index: number): ProductSummary | undefined {
    return this.#pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];
  }

  /** Whether the page of a row failed to load. */
  failedAt(index: number): boolean {
    return this.#failed.has(Math.floor(index / PAGE_SIZE));
  }

  /**
   * Searches from the first page, then asks for the facet counts once it is painted; anything
   * still in flight is superseded.
   */
  async run(filters: SearchFilters, typing = false): Promise<void> {
    this.#filters = filters;
    const generation = ++this.#generation;
    this.countsPending = true;
    this.#inFlight.clear();
    this.#failed.clear();
    this.pageError = null;
    let slow: ReturnType<typeof setTimeout> | undefined;
    if (this.status === 'ready') {
      slow = setTimeout(() => {
        if (generation === this.#generation) this.refreshing = true;
      }, SLOW_SEARCH_MS);
    } else {
      this.status = 'loading';
      this.error = null;
    }
    try {
      const page = await this.#search({ ...queryOf(filters), limit: PAGE_SIZE, offset: 0 });
      if (generation !== this.#generation) return;
      this.#pages.clear();
      this.#pages.set(0, page.items);
      // A first page shorter than a page is all there is, whatever the total said.
      this.total = page.items.length < PAGE_SIZE ? page.items.length : page.total;
      this.#later(() => void this.#countFacets(filters, generation), typing);
      this.suggestions = page.suggestions;
      this.error = null;
      this.status = 'ready';
    } catch (error) {
      if (generation !== this.#generation) return;
      this.error = asFailure(error);
      this.#pages.clear();
      this.total = 0;
      this.facets = null;
      this.countsPending = false;
      this.suggestions = [];
      this.status = 'error';
    } finally {
      clearTimeout(slow);
      if (generation === this.#generation) {
        this.refreshing = false;
        this.shown = filters;
        this.version += 1;
      }
    }
  }

  /** Asks for the facet counts of a search, unless a newer one started since. */
  async #countFacets(filters: SearchFilters, generation: number): Promise<void> {
    if (generation !== this.#generation) return;
    try {
      // One row is enough: only the counts are read.
      const counted = await this.#search({ ...queryOf(filters), facets: true, limit: 1 });
      if (generation !== this.#generation) return;
      this.facets = counted.facets;
    } catch {
      if (generation !== this.#generation) return;
      // The panel falls back to the values it knows, without counts.
      this.facets = null;
    }
    this.countsPending = false;
  }

  /** Drops whatever is in flight or scheduled: the screen is gone. */
  dispose(): void {
    this.#generation += 1;
  }

  /** Runs the last search again (after an error). */
  retry(): Promise<void> {
    return this.#filters === null ? Promise.resolve() : this.run(this.#filters);
  }

  /**
   * Makes sure the page holding row `index` is loaded or on its way. Rows call it when they
   * are shown; a page that failed is asked again only with `retry`.
   */
  async need(index: number, retry = false): Promise<void> {
    const number = Math.floor(index / PAGE_SIZE);
    if (this.#filters === null || this.status !== 'ready' || index < 0 || index >= this.total) {
      return;
    }
    if (this.#pages.has(number) || this.#inFlight.has(number)) return;
    if (this.#failed.has(number) && !retry) return;
    const generation = this.#generation;
    this.#inFlight.add(number);
    this.#failed.delete(number);
    try {
      const page = await this.#search({
        ...queryOf(this.#filters),
        limit: PAGE_SIZE,
        offset: number * PAGE_SIZE,
      });
      if (generation !== this.#generation) return;
      this.#pages.set(number, page.items);
      // The catalog changed since the first page: a short page is where the list now ends.
      const expected = Math.min(PAGE_SIZE, this.total - number * PAGE_SIZE);
      if (page.items.length < expected) this.total = number * PAGE_SIZE + page.items.length;
      if (this.pageError !== null && this.#failed.size === 0) this.pageError = null;
    } catch (error) {
      if (generation !== this.#generation) return;
      this.#failed.add(number);
      this.pageError = asFailure(error);
    } finally {
      if (generation === this.#generation) this.#inFlight.delete(number);
    }
  }
}
