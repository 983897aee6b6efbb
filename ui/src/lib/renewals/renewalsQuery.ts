/**
 * What Billing Center > Renewals shows (a tab, part of a product's name, a page) and its query
 * string, `#/billing/renewals?tab=grace&product=crm&offset=20`, so that leaving for a
 * subscription and coming back finds the same rows. Read without guessing: a value the backend
 * would refuse is dropped for its default, so an edited or stale URL still opens the screen.
 */
import type { RenewalsQuery, RenewalsTab } from '../api';
import { offsetValue, PAGE_SIZE } from '../util/paging';

export interface RenewalsView {
  tab: RenewalsTab;
  /** Part of the product's name, trimmed; empty for every product. */
  product: string;
  /** How many rows of the tab come before the page shown. */
  offset: number;
}

/** The tabs in the order the backend counts them and the screen shows them. */
export const RENEWALS_TABS: readonly RenewalsTab[] = [
  'all',
  'expiring',
  'grace',
  'retention',
  'auto_renew',
  'manual',
  'ended',
];

export { PAGE_SIZE };

/** The longest product text the backend searches for; a longer one is refused. */
export const MAX_PRODUCT_CHARS = 200;

export const DEFAULT_VIEW: Readonly<RenewalsView> = { tab: 'all', product: '', offset: 0 };

/** Text the backend accepts as a product search: trimmed, empty when too long to be searched. */
export function productText(value: string | null): string {
  const trimmed = value?.trim() ?? '';
  // Counted in code points, as the backend counts characters.
  return [...trimmed].length > MAX_PRODUCT_CHARS ? '' : trimmed;
}

export function parseRenewalsView(params: URLSearchParams): RenewalsView {
  const tab = params.get('tab');
  return {
    tab: RENEWALS_TABS.find((known) => known === tab) ?? 'all',
    product: productText(params.get('product')),
    offset: offsetValue(params.get('offset')),
  };
}

/** The query string of a view, defaults left out, in a stable order ("" for the default view). */
export function renewalsViewQuery(view: RenewalsView): string {
  const params = new URLSearchParams();
  if (view.tab !== 'all') params.set('tab', view.tab);
  const product = productText(view.product);
  if (product !== '') params.set('product', product);
  if (view.offset > 0) params.set('offset', String(view.offset));
  return params.toString();
}

/** What the backend is asked for a view. */
export function renewalsQuery(view: RenewalsView): RenewalsQuery {
  const product = productText(view.product);
  return {
    tab: view.tab,
    product: product === '' ? null : product,
    offset: view.offset,
    limit: PAGE_SIZE,
  };
}

export { lastPageOffset, nextOffset, previousOffset } from '../util/paging';
