/**
 * A list shown a page at a time whose page lives in the screen's address (`?offset=20`): My
 * Orders, Purchased Apps, Unsubscriptions, the hourly bills, and Messages and the orders Seller
 * Center and Operations oversee, which also keep a filter there (`?status=completed&offset=20`,
 * `?unread=1`). The
 * screen stays mounted between pages and filters, so that the pager and the filter keep their
 * focus: the page follows the address, Previous, Next and a filter write it, and an address
 * past the end (an old link, rows gone since) opens the last page.
 *
 * Made while a screen initialises: its effects belong to the screen.
 */
import { untrack } from 'svelte';
import type { Page, PageRequest } from '../api';
import type { Route } from '../router/route';
import { router } from '../router/router.svelte';
import { lastPageOffset, PAGE_SIZE } from './paging';
import { Resource } from './resource.svelte';

/** Where a list stands: its filter (`null` for a list without one) and its page's first row. */
interface Place<F> {
  filter: F;
  offset: number;
}

export class PagedList<P extends Page<unknown>, F = null> {
  /** The page on screen, with its loading and error states. */
  readonly pages: Resource<P>;
  /** The page asked of the backend; `null` until the address's is read. */
  #asked = $state.raw<Place<F> | null>(null);
  readonly #route: (offset: number, filter: F) => Route;
  readonly #filter: () => F;

  /**
   * `load` asks the backend for a page, `route` is the screen's address at a page, `offset`
   * reads the page the address names (the screen's prop), and `filter`, for a list that has
   * one, the filter it names; filters are told apart with `===`.
   */
  constructor(
    load: (page: PageRequest, filter: F) => Promise<P>,
    route: (offset: number, filter: F) => Route,
    offset: () => number,
    // A list without a filter is the default `F = null`, for which this is the only value.
    filter: () => F = () => null as F,
  ) {
    this.#route = route;
    this.#filter = filter;
    this.pages = new Resource(() => {
      const asked = this.#asked ?? { filter: this.#filter(), offset: 0 };
      return load({ offset: asked.offset, limit: PAGE_SIZE }, asked.filter);
    });

    // The address's page and filter, on opening and on back or forward; those `go` and
    // `choose` write come back here too, and are not asked for twice.
    $effect(() => {
      const next = { filter: filter(), offset: offset() };
      untrack(() => this.#show(next));
    });

    $effect(() => {
      const data = this.pages.data;
      if (data === undefined || data.items.length > 0 || data.offset === 0) return;
      untrack(() => this.go(lastPageOffset(data.total, data.limit), true));
    });
  }

  /** The filter asked for: the one chosen, even while its first page is on its way. */
  get filter(): F {
    // Not `??`: a `null` filter chosen must not give way to the address's.
    return this.#asked === null ? this.#filter() : this.#asked.filter;
  }

  #show(next: Place<F>) {
    const asked = this.#asked;
    if (asked !== null && next.filter === asked.filter && next.offset === asked.offset) return;
    this.#asked = next;
    void this.pages.load();
  }

  /** Shows the page from `next` and writes it to the address; `replace` keeps corrections out of history. */
  go(next: number, replace = false) {
    this.#open({ filter: this.filter, offset: next }, replace);
  }

  /** Shows the first page of `filter` and writes it to the address. */
  choose(filter: F) {
    this.#open({ filter, offset: 0 }, false);
  }

  #open(place: Place<F>, replace: boolean) {
    this.#show(place);
    router().navigate(this.#route(place.offset, place.filter), { replace });
  }
}
