/**
 * The app's routes and their hash URLs, as pure functions.
 *
 * Everything a screen needs to be reopened (the search text and filters, the product id)
 * lives in the URL, so that back and forward and a reload restore it. This module only
 * parses and builds; it must never touch `window` (see `router.svelte.ts` for that).
 */
import type { OrderStatus, TicketCategory } from '../api';
import { inboxViewQuery, parseInboxView } from '../messages/inboxView';
import { ordersViewQuery, parseOrdersView } from '../orders/ordersView';
import { parseRenewalsView, renewalsViewQuery, type RenewalsView } from '../renewals/renewalsQuery';
import { offsetQuery, offsetValue } from '../util/paging';
import {
  EMPTY_FILTERS,
  EMPTY_SPEC,
  filtersQuery,
  oneOf,
  parseFilters,
  parseProductSpec,
  positiveInteger,
  productSpecQuery,
  type ProductSpec,
  type SearchFilters,
} from './query';

export {
  BILLING_MODES,
  BILLING_PERIODS,
  DELIVERY_METHODS,
  EMPTY_FILTERS,
  EMPTY_REFINEMENTS,
  EMPTY_SPEC,
  SORT_ORDERS,
  filtersQuery,
  hasFilters,
  hasRefinements,
  isPriceBound,
  parseFilters,
  parseProductSpec,
  parseRefinements,
  writeRefinements,
} from './query';
export type { ProductSpec, SearchFilters, SearchRefinements } from './query';

export type Route =
  | { name: 'home' }
  | { name: 'search'; filters: SearchFilters }
  /** `spec` is present only when the URL preselects something. */
  | { name: 'product'; id: string; spec?: ProductSpec }
  /** A seller's page: its contact, its support hours and its products (R-AFT-2). */
  | { name: 'seller'; id: string }
  | { name: 'my_favorites' }
  | { name: 'my_requirements' }
  /** Continue to Submit: the order details of a configuration of a product. */
  | { name: 'checkout'; id: string; spec: ProductSpec }
  /** Billing Center > My Orders, and one order. */
  | { name: 'my_orders'; offset: number }
  /** Billing Center > Account: balance and top-up, cards on file, credit. */
  | { name: 'billing_account' }
  /**
   * The seller role's home, and the operations manager's: orders of one status (every status
   * when absent), the page from `offset` (the first when absent).
   */
  | { name: 'seller_center'; status?: OrderStatus; offset?: number }
  | { name: 'operations'; status?: OrderStatus; offset?: number }
  | { name: 'order'; id: number }
  /** My KooGallery > Purchased Apps, and one app (named by the order that bought it). */
  | { name: 'purchased_apps'; offset: number }
  | { name: 'purchased_app'; orderId: number }
  /** Provisioning an image with its ECS: the quick page or the customized wizard. */
  | { name: 'image_provision'; mode: 'quick' | 'custom'; id: string; spec: ProductSpec }
  /** The ECS console; `highlight` is an instance just made. */
  | { name: 'ecs_console'; highlight: number | null; offset: number }
  /** Billing Center > Bills: hourly charges of pay-per-use images. */
  | { name: 'bills'; offset: number }
  /** Billing Center > Renewals (R-REN) with its tab, search and page, and one subscription's page. */
  | { name: 'renewals'; view: RenewalsView }
  | { name: 'subscription'; id: number }
  /** The agencies the buyer granted (R-AGY). */
  | { name: 'agencies' }
  /** `q` is the search that found nothing, kept with the requirement. */
  | { name: 'new_requirement'; q: string }
  /** My KooGallery > Service Supervision: the buyer's flows, with search criteria. */
  | { name: 'supervision' }
  /** One service flow (named by its order), for whichever role the app acts as. */
  | { name: 'service_flow'; orderId: number }
  /** My KooGallery > Unsubscriptions (R-UNS). */
  | { name: 'my_unsubscriptions'; offset: number }
  /** Seller Console tabs beside Orders (`seller_center`). */
  | { name: 'seller_console'; tab: SellerTab }
  /** Operations > Appeals: open appeals, the oldest first. */
  | { name: 'appeals' }
  /**
   * The messages of whom the app acts as (R-AFT-4): the unread only when `unread`, the page
   * from `offset` (the first when absent).
   */
  | { name: 'messages'; unread?: boolean; offset?: number }
  /** Billing Center > Invoices (R-AFT-1): the list and the request form, and one invoice. */
  | { name: 'invoices' }
  | { name: 'invoice'; id: number }
  /** Service tickets (R-AFT-3): the list, the form (prefilled from the query), and one ticket. */
  | { name: 'tickets' }
  | { name: 'new_ticket'; prefill: TicketPrefill }
  | { name: 'ticket'; id: number }
  /** Operations > Invoices & Tickets: invoices to issue and tickets to answer. */
  | { name: 'after_sales' }
  /** Making this app a seller's copy of a marketplace, with an enrolment code (R-SYNC-1). */
  | { name: 'connect' }
  /** On a seller's copy: what waits to sync, the conflicts, and Sync now (R-SYNC-2 to 4). */
  | { name: 'sync' }
  | { name: 'not_found'; path: string };

/** What a link to the ticket form fills in (`?category=…&order=…&invoice=…`). */
export interface TicketPrefill {
  category: TicketCategory | null;
  order: number | null;
  invoice: number | null;
}

export const TICKET_CATEGORY_VALUES: readonly TicketCategory[] = [
  'invoice',
  'seller_unreachable',
  'credit',
  'other',
];

/** The Seller Console's tabs besides Orders: flows waiting on the seller, unsubscriptions to
 * review, and the seller's appeals. */
export type SellerTab = 'queue' | 'unsubscriptions' | 'appeals';
export const SELLER_TABS: readonly SellerTab[] = ['queue', 'unsubscriptions', 'appeals'];

/** Parses `location.hash` (with or without the leading `#`). */
/** The page of a list a query string asks for (`offset=20`); the first for anything else. */
function pageOffset(query: string): number {
  return offsetValue(new URLSearchParams(query).get('offset'));
}

/** A list's address at the page from `offset`. */
function withOffset(path: string, offset: number): string {
  return withQuery(path, offsetQuery(offset));
}

function withQuery(path: string, query: string): string {
  return query === '' ? path : `${path}?${query}`;
}

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
  if (segments.length === 2 && segments[0] === 'sellers') {
    try {
      const id = decodeURIComponent(segments[1] ?? '');
      if (id !== '') return { name: 'seller', id };
    } catch {
      // A malformed escape: fall through to not found.
    }
  }
  if (segments.length === 2 && segments[0] === 'products') {
    try {
      const id = decodeURIComponent(segments[1] ?? '');
      if (id !== '') {
        const spec = parseProductSpec(new URLSearchParams(query));
        return productSpecQuery(spec) === ''
          ? { name: 'product', id }
          : { name: 'product', id, spec };
      }
    } catch {
      // A malformed escape: fall through to not found.
    }
  }
  if (segments.length === 2 && segments[0] === 'my') {
    if (segments[1] === 'favorites') return { name: 'my_favorites' };
    if (segments[1] === 'requirements') return { name: 'my_requirements' };
    if (segments[1] === 'apps') return { name: 'purchased_apps', offset: pageOffset(query) };
    if (segments[1] === 'supervision') return { name: 'supervision' };
    if (segments[1] === 'unsubscriptions') {
      return { name: 'my_unsubscriptions', offset: pageOffset(query) };
    }
  }
  if (segments.length === 2 && segments[0] === 'supervision') {
    const orderId = positiveInteger(segments[1] ?? null);
    if (orderId !== null) return { name: 'service_flow', orderId };
  }
  if (segments.length === 2 && segments[0] === 'seller') {
    const tab = oneOf(SELLER_TABS, segments[1] ?? null);
    if (tab !== null) return { name: 'seller_console', tab };
  }
  if (segments.length === 2 && segments[0] === 'operations' && segments[1] === 'appeals') {
    return { name: 'appeals' };
  }
  if (segments.length === 1 && segments[0] === 'messages') {
    return { name: 'messages', ...parseInboxView(new URLSearchParams(query)) };
  }
  if (segments.length === 1 && segments[0] === 'connect') return { name: 'connect' };
  if (segments.length === 1 && segments[0] === 'sync') return { name: 'sync' };
  if (segments.length === 2 && segments[0] === 'operations' && segments[1] === 'after-sales') {
    return { name: 'after_sales' };
  }
  if (segments[0] === 'billing' && (segments[1] === 'invoices' || segments[1] === 'tickets')) {
    const route = afterSalesRoute(segments[1], segments.slice(2), new URLSearchParams(query));
    if (route !== null) return route;
  }
  if (segments.length === 3 && segments[0] === 'my' && segments[1] === 'apps') {
    const orderId = positiveInteger(segments[2] ?? null);
    if (orderId !== null) return { name: 'purchased_app', orderId };
  }
  if (segments.length === 2 && segments[0] === 'billing' && segments[1] === 'orders') {
    return { name: 'my_orders', offset: pageOffset(query) };
  }
  if (segments.length === 2 && segments[0] === 'billing' && segments[1] === 'account') {
    return { name: 'billing_account' };
  }
  if (segments.length === 1 && segments[0] === 'seller') {
    return { name: 'seller_center', ...parseOrdersView(new URLSearchParams(query)) };
  }
  if (segments.length === 1 && segments[0] === 'operations') {
    return { name: 'operations', ...parseOrdersView(new URLSearchParams(query)) };
  }
  if (segments.length === 3 && segments[0] === 'billing' && segments[1] === 'orders') {
    const id = positiveInteger(segments[2] ?? null);
    if (id !== null) return { name: 'order', id };
  }
  if (segments.length === 2 && segments[0] === 'checkout') {
    try {
      const id = decodeURIComponent(segments[1] ?? '');
      if (id !== '') {
        return { name: 'checkout', id, spec: parseProductSpec(new URLSearchParams(query)) };
      }
    } catch {
      // A malformed escape: fall through to not found.
    }
  }
  if (
    segments.length === 3 &&
    segments[0] === 'images' &&
    (segments[2] === 'quick' || segments[2] === 'custom')
  ) {
    try {
      const id = decodeURIComponent(segments[1] ?? '');
      if (id !== '') {
        const spec = parseProductSpec(new URLSearchParams(query));
        return { name: 'image_provision', mode: segments[2], id, spec };
      }
    } catch {
      // A malformed escape: fall through to not found.
    }
  }
  if (segments.length === 1 && segments[0] === 'ecs') {
    return {
      name: 'ecs_console',
      highlight: positiveInteger(new URLSearchParams(query).get('highlight')),
      offset: pageOffset(query),
    };
  }
  if (segments.length === 2 && segments[0] === 'billing' && segments[1] === 'bills') {
    return { name: 'bills', offset: pageOffset(query) };
  }
  if (segments.length === 2 && segments[0] === 'billing' && segments[1] === 'renewals') {
    return { name: 'renewals', view: parseRenewalsView(new URLSearchParams(query)) };
  }
  if (segments.length === 3 && segments[0] === 'billing' && segments[1] === 'renewals') {
    const id = positiveInteger(segments[2] ?? null);
    if (id !== null) return { name: 'subscription', id };
  }
  if (segments.length === 1 && segments[0] === 'agencies') return { name: 'agencies' };
  if (segments.length === 2 && segments[0] === 'requirements' && segments[1] === 'new') {
    return { name: 'new_requirement', q: new URLSearchParams(query).get('q')?.trim() ?? '' };
  }
  return { name: 'not_found', path: path === '' ? '/' : path };
}

/** Billing Center's invoice and ticket pages, from the segments after `billing/<area>`. */
function afterSalesRoute(
  area: 'invoices' | 'tickets',
  rest: string[],
  params: URLSearchParams,
): Route | null {
  if (rest.length === 0) return { name: area };
  if (rest.length !== 1) return null;
  if (area === 'tickets' && rest[0] === 'new') {
    return {
      name: 'new_ticket',
      prefill: {
        category: oneOf(TICKET_CATEGORY_VALUES, params.get('category')),
        order: positiveInteger(params.get('order')),
        invoice: positiveInteger(params.get('invoice')),
      },
    };
  }
  const id = positiveInteger(rest[0] ?? null);
  if (id === null) return null;
  return area === 'invoices' ? { name: 'invoice', id } : { name: 'ticket', id };
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
      const query = route.spec === undefined ? '' : productSpecQuery(route.spec);
      return query === '' ? path : `${path}?${query}`;
    }
    case 'my_favorites':
      return '#/my/favorites';
    case 'my_requirements':
      return '#/my/requirements';
    case 'checkout': {
      const path = `#/checkout/${encodeURIComponent(route.id)}`;
      const query = productSpecQuery(route.spec);
      return query === '' ? path : `${path}?${query}`;
    }
    case 'my_orders':
      return withOffset('#/billing/orders', route.offset);
    case 'order':
      return `#/billing/orders/${route.id}`;
    case 'billing_account':
      return '#/billing/account';
    case 'seller':
      return `#/sellers/${encodeURIComponent(route.id)}`;
    case 'seller_center':
      return withQuery('#/seller', ordersViewQuery(route));
    case 'operations':
      return withQuery('#/operations', ordersViewQuery(route));
    case 'purchased_apps':
      return withOffset('#/my/apps', route.offset);
    case 'purchased_app':
      return `#/my/apps/${route.orderId}`;
    case 'image_provision': {
      const path = `#/images/${encodeURIComponent(route.id)}/${route.mode}`;
      const query = productSpecQuery(route.spec);
      return query === '' ? path : `${path}?${query}`;
    }
    case 'ecs_console': {
      const params = new URLSearchParams();
      if (route.highlight !== null) params.set('highlight', String(route.highlight));
      if (route.offset > 0) params.set('offset', String(route.offset));
      const query = params.toString();
      return query === '' ? '#/ecs' : `#/ecs?${query}`;
    }
    case 'bills':
      return withOffset('#/billing/bills', route.offset);
    case 'renewals': {
      const query = renewalsViewQuery(route.view);
      return query === '' ? '#/billing/renewals' : `#/billing/renewals?${query}`;
    }
    case 'subscription':
      return `#/billing/renewals/${route.id}`;
    case 'agencies':
      return '#/agencies';
    case 'new_requirement': {
      const q = route.q.trim();
      return q === ''
        ? '#/requirements/new'
        : `#/requirements/new?${new URLSearchParams({ q }).toString()}`;
    }
    case 'supervision':
      return '#/my/supervision';
    case 'service_flow':
      return `#/supervision/${route.orderId}`;
    case 'my_unsubscriptions':
      return withOffset('#/my/unsubscriptions', route.offset);
    case 'seller_console':
      return `#/seller/${route.tab}`;
    case 'appeals':
      return '#/operations/appeals';
    case 'messages':
      return withQuery('#/messages', inboxViewQuery(route));
    case 'invoices':
      return '#/billing/invoices';
    case 'invoice':
      return `#/billing/invoices/${route.id}`;
    case 'tickets':
      return '#/billing/tickets';
    case 'new_ticket': {
      const params = new URLSearchParams();
      if (route.prefill.category !== null) params.set('category', route.prefill.category);
      if (route.prefill.order !== null) params.set('order', String(route.prefill.order));
      if (route.prefill.invoice !== null) params.set('invoice', String(route.prefill.invoice));
      const query = params.toString();
      return query === '' ? '#/billing/tickets/new' : `#/billing/tickets/new?${query}`;
    }
    case 'ticket':
      return `#/billing/tickets/${route.id}`;
    case 'after_sales':
      return '#/operations/after-sales';
    case 'connect':
      return '#/connect';
    case 'sync':
      return '#/sync';
    case 'not_found':
      return `#${route.path.startsWith('/') ? route.path : `/${route.path}`}`;
  }
}

/** Shorthand for the hash of a search with some filters set. */
export function searchHref(filters: Partial<SearchFilters> = {}): string {
  return buildHash({ name: 'search', filters: { ...EMPTY_FILTERS, ...filters } });
}

export function sellerHref(id: string): string {
  return buildHash({ name: 'seller', id });
}

/**
 * Shorthand for the hash of a product page, optionally with a configuration to preselect
 * (`#/products/<id>?edition=…&billing=…&period=…&duration=…&users=…`), as My Favorites' Buy
 * opens it.
 */
export function productHref(id: string, spec?: Partial<ProductSpec>): string {
  if (spec === undefined) return buildHash({ name: 'product', id });
  return buildHash({ name: 'product', id, spec: { ...EMPTY_SPEC, ...spec } });
}

/** Shorthand for the checkout of a configuration of a product (Continue to Submit). */
export function checkoutHref(id: string, spec: Partial<ProductSpec>): string {
  return buildHash({ name: 'checkout', id, spec: { ...EMPTY_SPEC, ...spec } });
}

/** Shorthand for quick or customized provisioning of an image with a configuration. */
export function provisionHref(
  id: string,
  mode: 'quick' | 'custom',
  spec: Partial<ProductSpec> = {},
): string {
  return buildHash({ name: 'image_provision', mode, id, spec: { ...EMPTY_SPEC, ...spec } });
}

/** Shorthand for the ECS console, with an instance highlighted. */
export function ecsConsoleHref(highlight: number | null = null): string {
  return buildHash({ name: 'ecs_console', highlight, offset: 0 });
}

/** Shorthand for the hash of an order's page. */
export function orderHref(id: number): string {
  return buildHash({ name: 'order', id });
}

/** Shorthand for the hash of a subscription's page in Billing Center > Renewals. */
export function subscriptionHref(id: number): string {
  return buildHash({ name: 'subscription', id });
}

/** Shorthand for the hash of a purchased app's Resource Details. */
export function purchasedAppHref(orderId: number): string {
  return buildHash({ name: 'purchased_app', orderId });
}

/** Shorthand for the hash of the requirement form, after a search for `q` found nothing. */
export function newRequirementHref(q = ''): string {
  return buildHash({ name: 'new_requirement', q });
}

/** Shorthand for the ticket form, with what to fill in. */
export function newTicketHref(prefill: Partial<TicketPrefill> = {}): string {
  return buildHash({
    name: 'new_ticket',
    prefill: { category: null, order: null, invoice: null, ...prefill },
  });
}
