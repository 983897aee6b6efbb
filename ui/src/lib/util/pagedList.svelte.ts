/**
 * A list shown a page at a time whose page lives in the screen's address (`?offset=20`): My
 * Orders, Purchased Apps, Unsubscriptions, the hourly bills. The screen stays mounted between
 * pages, so that the pager keeps its focus: the page follows the address, Previous and Next
 * write it, and an address past the end (an old link, rows gone since) opens the last page.
 *
 * Made while a screen initialises: its effects belong to the screen.
 */
import { untrack } from 'svelte';
import type { Page, PageRequest } from '../api';
import type { Route } from '../router/route';
import { router } from '../router/router.svelte';
import { lastPageOffset, PAGE_SIZE } from './paging';
import { Resource } from './resource.svelte';

export class PagedList<T> {
  /** The page on screen, with its loading and error states. */
  readonly pages: Resource<Page<T>>;
  /** The page asked of the backend; `null` until the address's is read. */
  #asked: number | null = null;
  readonly #route: (offset: number) => Route;

  /**
   * `load` asks the backend for a page, `route` is the screen's address at a page, and `offset`
   * reads the page the address names (the screen's prop).
   */
  constructor(
    load: (page: PageRequest) => Promise<Page<T>>,
    route: (offset: number) => Route,
    offset: () => number,
  ) {
    this.#route = route;
    this.pages = new Resource(() => load({ offset: this.#asked ?? 0, limit: PAGE_SIZE }));

    // The address's page, on opening and on back or forward; the page `go` writes comes back
    // here too, and is not asked for twice.
    $effect(() => {
      const next = offset();
      untrack(() => this.#show(next));
    });

    $effect(() => {
      const data = this.pages.data;
      if (data === undefined || data.items.length > 0 || data.offset === 0) return;
      untrack(() => this.go(lastPageOffset(data.total, data.limit), true));
    });
  }

  #show(next: number) {
    if (next === this.#asked) return;
    this.#asked = next;
    void this.pages.load();
  }

  /** Shows the page from `next` and writes it to the address; `replace` keeps corrections out of history. */
  go(next: number, replace = false) {
    this.#show(next);
    router().navigate(this.#route(next), { replace });
  }
}
