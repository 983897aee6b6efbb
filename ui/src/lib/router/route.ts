/**
 * The app's routes and their hash URLs, as pure functions.
 *
 * Everything a screen needs to be reopened (the search text and filters, the product id)
 * lives in the URL, so that back and forward and a reload restore it. This module only
 * parses and builds; it must never touch `window` (see `router.svelte.ts` for that).
 */
import type { BillingMode, DeliveryMethod } from '../api';

export interface SearchFilters {
  /** Free text; empty means the whole catalog. */
  q: string;
  category: string | null;
  sub_category: string | null;
  delivery: DeliveryMethod | null;
  billing: BillingMode | null;
}

export type Route =
  | { name: 'home' }
  | { name: 'search'; filters: SearchFilters }
  | { name: 'product'; id: string }
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
      if (id !== '') return { name: 'product', id };
    } catch {
      // A malformed escape: fall through to not found.
    }
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
    case 'product':
      return `#/products/${encodeURIComponent(route.id)}`;
    case 'not_found':
      return `#${route.path.startsWith('/') ? route.path : `/${route.path}`}`;
  }
}

/** Shorthand for the hash of a search with some filters set. */
export function searchHref(filters: Partial<SearchFilters> = {}): string {
  return buildHash({ name: 'search', filters: { ...EMPTY_FILTERS, ...filters } });
}

/** Shorthand for the hash of a product page. */
export function productHref(id: string): string {
  return buildHash({ name: 'product', id });
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
