/**
 * The app's routes and their hash URLs, as pure functions.
 *
 * Everything a screen needs to be reopened (the search text and filters, the product id)
 * lives in the URL, so that back and forward and a reload restore it. This module only
 * parses and builds; it must never touch `window` (see `router.svelte.ts` for that).
 */
import type { BillingMode, BillingPeriod, DeliveryMethod } from '../api';

export interface SearchFilters {
  /** Free text; empty means the whole catalog. */
  q: string;
  category: string | null;
  sub_category: string | null;
  delivery: DeliveryMethod | null;
  billing: BillingMode | null;
}

/**
 * A specification to preselect on a product page (from My Favorites' Buy). Each part is
 * optional: whatever the URL does not name, or names wrongly, is left to the page.
 */
export interface ProductSelection {
  edition: string | null;
  billing: BillingMode | null;
  period: BillingPeriod | null;
  /** How many periods, at least 1. */
  duration: number | null;
  /** How many users, at least 1, for per-user plans. */
  users: number | null;
}

export type Route =
  | { name: 'home' }
  | { name: 'search'; filters: SearchFilters }
  /** `selection` is present only when the URL names some of the specification. */
  | { name: 'product'; id: string; selection?: ProductSelection }
  | { name: 'my_favorites' }
  | { name: 'my_requirements' }
  /** `q` is the search that found nothing, kept with the requirement. */
  | { name: 'new_requirement'; q: string }
  | { name: 'not_found'; path: string };

export const DELIVERY_METHODS: readonly DeliveryMethod[] = [
  'image',
  'saas',
  'license',
  'professional_service',
  'hardware',
  'content_service',
  'consulting_service',
  'cloud_host',
];

export const BILLING_MODES: readonly BillingMode[] = ['pay_per_use', 'yearly_monthly'];

export const BILLING_PERIODS: readonly BillingPeriod[] = ['hour', 'month', 'year'];

export const EMPTY_SELECTION: Readonly<ProductSelection> = {
  edition: null,
  billing: null,
  period: null,
  duration: null,
  users: null,
};

export const EMPTY_FILTERS: Readonly<SearchFilters> = {
  q: '',
  category: null,
  sub_category: null,
  delivery: null,
  billing: null,
};

function oneOf<T extends string>(allowed: readonly T[], value: string | null): T | null {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : null;
}

function nonEmpty(value: string | null): string | null {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}

/** Filters from a query string; unknown keys and values are dropped, never guessed. */
export function parseFilters(params: URLSearchParams): SearchFilters {
  const category = nonEmpty(params.get('category'));
  return {
    q: params.get('q')?.trim() ?? '',
    category,
    // A sub-category only means something inside its category.
    sub_category: category === null ? null : nonEmpty(params.get('sub_category')),
    delivery: oneOf(DELIVERY_METHODS, params.get('delivery')),
    billing: oneOf(BILLING_MODES, params.get('billing')),
  };
}

/** A whole number of at least 1 written plainly ("3", not "3.0", "+3" or "1e2"), or null. */
function positiveInteger(value: string | null): number | null {
  if (value === null || !/^\d{1,9}$/.test(value.trim())) return null;
  const number = Number(value.trim());
  return number >= 1 ? number : null;
}

/** A product page's preselected specification from a query string, or null if it names none. */
export function parseSelection(params: URLSearchParams): ProductSelection | null {
  const selection: ProductSelection = {
    edition: nonEmpty(params.get('edition')),
    billing: oneOf(BILLING_MODES, params.get('billing')),
    period: oneOf(BILLING_PERIODS, params.get('period')),
    duration: positiveInteger(params.get('duration')),
    users: positiveInteger(params.get('users')),
  };
  return Object.values(selection).some((value) => value !== null) ? selection : null;
}

/** The query string of a selection, without empty entries, in a stable order. */
export function selectionQuery(selection: Partial<ProductSelection>): string {
  const params = new URLSearchParams();
  const edition = selection.edition?.trim() ?? '';
  if (edition !== '') params.set('edition', edition);
  if (selection.billing != null) params.set('billing', selection.billing);
  if (selection.period != null) params.set('period', selection.period);
  if (selection.duration != null) params.set('duration', String(selection.duration));
  if (selection.users != null) params.set('users', String(selection.users));
  return params.toString();
}

/** Parses `location.hash` (with or without the leading `#`). */
export function parseHash(hash: string): Route {
  const raw = hash.startsWith('#') ? hash.slice(1) : hash;
  const queryAt = raw.indexOf('?');
  const path = queryAt === -1 ? raw : raw.slice(0, queryAt);
  const query = queryAt === -1 ? '' : raw.slice(queryAt + 1);
  const segments = path.split('/').filter((segment) => segment !== '');

  if (segments.length === 0) return { name: 'home' };
  if (segments.length === 1 && segments[0] === 'search') {
    return { name: 'search', filters: parseFilters(new URLSearchParams(query)) };
  }
  if (segments.length === 2 && segments[0] === 'products') {
    try {
      const id = decodeURIComponent(segments[1] ?? '');
      if (id !== '') {
        const selection = parseSelection(new URLSearchParams(query));
        return selection === null ? { name: 'product', id } : { name: 'product', id, selection };
      }
    } catch {
      // A malformed escape: fall through to not found.
    }
  }
  if (segments.length === 2 && segments[0] === 'my') {
    if (segments[1] === 'favorites') return { name: 'my_favorites' };
    if (segments[1] === 'requirements') return { name: 'my_requirements' };
  }
  if (segments.length === 2 && segments[0] === 'requirements' && segments[1] === 'new') {
    return { name: 'new_requirement', q: new URLSearchParams(query).get('q')?.trim() ?? '' };
  }
  return { name: 'not_found', path: path === '' ? '/' : path };
}

/** The query string of some filters, without empty entries, in a stable order. */
export function filtersQuery(filters: SearchFilters): string {
  const params = new URLSearchParams();
  const q = filters.q.trim();
  if (q !== '') params.set('q', q);
  if (filters.category !== null) {
    params.set('category', filters.category);
    if (filters.sub_category !== null) params.set('sub_category', filters.sub_category);
  }
  if (filters.delivery !== null) params.set('delivery', filters.delivery);
  if (filters.billing !== null) params.set('billing', filters.billing);
  return params.toString();
}

/** Builds the hash URL (`#/...`) of a route. */
export function buildHash(route: Route): string {
  switch (route.name) {
    case 'home':
      return '#/';
    case 'search': {
      const query = filtersQuery(route.filters);
      return query === '' ? '#/search' : `#/search?${query}`;
    }
    case 'product': {
      const path = `#/products/${encodeURIComponent(route.id)}`;
      const query = route.selection === undefined ? '' : selectionQuery(route.selection);
      return query === '' ? path : `${path}?${query}`;
    }
    case 'my_favorites':
      return '#/my/favorites';
    case 'my_requirements':
      return '#/my/requirements';
    case 'new_requirement': {
      const q = route.q.trim();
      return q === ''
        ? '#/requirements/new'
        : `#/requirements/new?${new URLSearchParams({ q }).toString()}`;
    }
    case 'not_found':
      return `#${route.path.startsWith('/') ? route.path : `/${route.path}`}`;
  }
}

/** Shorthand for the hash of a search with some filters set. */
export function searchHref(filters: Partial<SearchFilters> = {}): string {
  return buildHash({ name: 'search', filters: { ...EMPTY_FILTERS, ...filters } });
}

/**
 * Shorthand for the hash of a product page, optionally with a specification to preselect
 * (`#/products/<id>?edition=…&billing=…&period=…&duration=…&users=…`).
 */
export function productHref(id: string, selection?: Partial<ProductSelection>): string {
  if (selection === undefined) return buildHash({ name: 'product', id });
  return buildHash({ name: 'product', id, selection: { ...EMPTY_SELECTION, ...selection } });
}

/** Shorthand for the hash of the requirement form, after a search for `q` found nothing. */
export function newRequirementHref(q = ''): string {
  return buildHash({ name: 'new_requirement', q });
}

/** True when any filter other than the text is set. */
export function hasFilters(filters: SearchFilters): boolean {
  return (
    filters.category !== null ||
    filters.sub_category !== null ||
    filters.delivery !== null ||
    filters.billing !== null
  );
}
