/**
 * Which orders Seller Center and Operations show (those of one status or all, a page) and its
 * query string, `#/seller?status=completed&offset=20`, so that back, forward and coming back
 * from an order find the same rows. Read without guessing: a status the backend does not know,
 * or an offset not written plainly, is dropped for its default, so that an edited or stale
 * address still opens the screen.
 */
import type { OrderStatus } from '../api';
import { oneOf } from '../router/query';
import { offsetValue } from '../util/paging';

/** The statuses in the order of an order's life, as the backend counts them. */
export const ORDER_STATUSES: readonly OrderStatus[] = [
  'pending_payment',
  'paid',
  'processing',
  'completed',
  'cancelled',
];

/** What the address says; each part is absent when it is the default (every status, page one). */
export interface OrdersView {
  status?: OrderStatus;
  offset?: number;
}

export function parseOrdersView(params: URLSearchParams): OrdersView {
  const view: OrdersView = {};
  const status = oneOf(ORDER_STATUSES, params.get('status'));
  if (status !== null) view.status = status;
  const offset = offsetValue(params.get('offset'));
  if (offset > 0) view.offset = offset;
  return view;
}

/** The query string of a view, defaults left out, in a stable order ("" for the default view). */
export function ordersViewQuery(view: OrdersView): string {
  const params = new URLSearchParams();
  if (view.status !== undefined) params.set('status', view.status);
  const offset = view.offset ?? 0;
  if (offset > 0) params.set('offset', String(offset));
  return params.toString();
}
