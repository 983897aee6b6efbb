/**
 * The current route as reactive state, kept in step with `location.hash`.
 *
 * The URL is the single source of truth: links are plain `<a href="#/...">`, `hashchange`
 * (back, forward, links) updates the state, and `navigate` writes the URL. Replacing
 * navigation (typing in the search bar) uses `history.replaceState`, which fires no
 * `hashchange`, so the state is updated here directly.
 */
import { buildHash, parseHash, type Route } from './route';

class Router {
  #hash = $state('');
  #lastSearch = $state<string | null>(null);
  // Plain state, not $derived: the router outlives the component that first asks for it,
  // and a derived created inside a component stops updating once that component is gone.
  #current = $state.raw<Route>({ name: 'home' });
  readonly #win: Window;

  constructor(win: Window) {
    this.#win = win;
    this.#set(win.location.hash);
    win.addEventListener('hashchange', () => this.#set(win.location.hash));
  }

  #set(hash: string) {
    const route = parseHash(hash);
    const normalised = buildHash(route);
    if (normalised === this.#hash) return;
    this.#hash = normalised;
    this.#current = route;
    if (route.name === 'search') this.#lastSearch = normalised;
  }

  /** The route the app shows. */
  get current(): Route {
    return this.#current;
  }

  /** The hash of the current route, normalised (`#/` for home). */
  get hash(): string {
    return this.#hash;
  }

  /** The most recent search page, for "back to results" links. */
  get lastSearch(): string | null {
    return this.#lastSearch;
  }

  /**
   * Goes to a route. `replace` rewrites the current history entry instead of adding one
   * (used while typing, so that back does not replay every keystroke).
   */
  navigate(route: Route, options: { replace?: boolean } = {}) {
    const hash = buildHash(route);
    if (options.replace) {
      this.#win.history.replaceState(this.#win.history.state, '', hash);
    } else if (hash !== this.#win.location.hash) {
      this.#win.location.hash = hash;
    }
    this.#set(hash);
  }
}

let instance: Router | undefined;

/** The app's router, created on first use for the current window. */
export function router(): Router {
  instance ??= new Router(window);
  return instance;
}

export type { Router };
