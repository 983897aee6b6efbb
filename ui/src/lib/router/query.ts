/**
 * The query strings of the search screen and of a product page: what each may say, read
 * without guessing (unknown keys and values are dropped) and written in a stable order. Pure
 * functions, like the routes that carry them (`route.ts`).
 */
import type { BillingMode, BillingPeriod, DeliveryMethod, SortOrder } from '../api';

export interface SearchFilters extends SearchRefinements {
  /** Free text; empty means the whole catalog. */
  q: string;
  category: string | null;
  sub_category: string | null;
  delivery: DeliveryMethod | null;
  billing: BillingMode | null;
}

/** The narrower filters and the order of the search screen (see `parseRefinements`). */
export interface SearchRefinements {
  /** A seller's id. */
  seller: string | null;
  /** Service supervision: only products that involve it (true) or that do not (false). */
  supervised: boolean | null;
  /** For images: the operating system, as the product states it (`os` in the URL). */
  operating_system: string | null;
  /** Bounds on the monthly price: decimal strings with at most two decimals ("10", "9.50"). */
  min_price: string | null;
  max_price: string | null;
  /** Null: the default order (relevance with text, popularity without). */
  sort: SortOrder | null;
}

/**
 * A configuration to preselect on a product page (`#/products/<id>?edition=…&billing=…`),
 * as My Favorites' "Buy" opens it. Each part is null when the URL does not set it.
 */
export interface ProductSpec {
  edition: string | null;
  billing: BillingMode | null;
  period: BillingPeriod | null;
  duration: number | null;
  users: number | null;
}

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

export const SORT_ORDERS: readonly SortOrder[] = [
  'relevance',
  'popularity',
  'price_asc',
  'price_desc',
  'newest',
];

export const EMPTY_REFINEMENTS: Readonly<SearchRefinements> = {
  seller: null,
  supervised: null,
  operating_system: null,
  min_price: null,
  max_price: null,
  sort: null,
};
export const BILLING_PERIODS: readonly BillingPeriod[] = ['hour', 'month', 'year'];

export const EMPTY_FILTERS: Readonly<SearchFilters> = {
  q: '',
  category: null,
  sub_category: null,
  delivery: null,
  billing: null,
  ...EMPTY_REFINEMENTS,
};

export function oneOf<T extends string>(allowed: readonly T[], value: string | null): T | null {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : null;
}

export function nonEmpty(value: string | null): string | null {
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
    ...parseRefinements(params),
  };
}

/** A price bound as the URL and the price inputs accept it: a non-negative decimal, ≤ 2 decimals. */
const PRICE = /^\d+(?:\.\d{1,2})?$/;

/** True for "0", "10", "9.5", "9.50"; false for "-1", "1.234", "1e3", "", " 1". */
export function isPriceBound(value: string): boolean {
  return PRICE.test(value);
}

function priceBound(value: string | null): string | null {
  const trimmed = nonEmpty(value);
  return trimmed !== null && isPriceBound(trimmed) ? trimmed : null;
}

function flag(value: string | null): boolean | null {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return null;
}

/** Seller, supervision, operating system, price range and sort from a query string. */
export function parseRefinements(params: URLSearchParams): SearchRefinements {
  return {
    seller: nonEmpty(params.get('seller')),
    supervised: flag(params.get('supervised')),
    operating_system: nonEmpty(params.get('os')),
    min_price: priceBound(params.get('min_price')),
    max_price: priceBound(params.get('max_price')),
    sort: oneOf(SORT_ORDERS, params.get('sort')),
  };
}

/** Writes the refinements that are set into `params`, in a stable order. */
export function writeRefinements(params: URLSearchParams, refinements: SearchRefinements): void {
  if (refinements.seller !== null) params.set('seller', refinements.seller);
  if (refinements.supervised !== null) params.set('supervised', String(refinements.supervised));
  if (refinements.operating_system !== null) params.set('os', refinements.operating_system);
  if (refinements.min_price !== null) params.set('min_price', refinements.min_price);
  if (refinements.max_price !== null) params.set('max_price', refinements.max_price);
  if (refinements.sort !== null) params.set('sort', refinements.sort);
}

/** True when a refinement that narrows the results is set (the sort order does not). */
export function hasRefinements(refinements: SearchRefinements): boolean {
  return (
    refinements.seller !== null ||
    refinements.supervised !== null ||
    refinements.operating_system !== null ||
    refinements.min_price !== null ||
    refinements.max_price !== null
  );
}

/** True when any filter other than the text is set. */
export function hasFilters(filters: SearchFilters): boolean {
  return (
    filters.category !== null ||
    filters.sub_category !== null ||
    filters.delivery !== null ||
    filters.billing !== null ||
    hasRefinements(filters)
  );
}

/** A whole number from 1 up, written plainly ("3", not "3.0" or "+3"); anything else is null. */
export function positiveInteger(value: string | null): number | null {
  const text = value?.trim() ?? '';
  if (!/^[1-9]\d{0,8}$/.test(text)) return null;
  return Number(text);
}

/**
 * The configuration a product page's query string preselects. Unknown values are dropped,
 * never guessed; whether an edition offers them is the configurator's to check.
 */
export function parseProductSpec(params: URLSearchParams): ProductSpec {
  return {
    edition: nonEmpty(params.get('edition')),
    billing: oneOf(BILLING_MODES, params.get('billing')),
    period: oneOf(BILLING_PERIODS, params.get('period')),
    duration: positiveInteger(params.get('duration')),
    users: positiveInteger(params.get('users')),
  };
}

export function productSpecQuery(spec: ProductSpec): string {
  const params = new URLSearchParams();
  for (const key of ['edition', 'billing', 'period', 'duration', 'users'] as const) {
    const value = spec[key];
    if (value !== null) params.set(key, String(value));
  }
  return params.toString();
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
  writeRefinements(params, filters);
  return params.toString();
}

export const EMPTY_SPEC: Readonly<ProductSpec> = {
  edition: null,
  billing: null,
  period: null,
  duration: null,
  users: null,
};
