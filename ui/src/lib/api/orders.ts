/** Orders, checkout and Purchased Apps. */
import { commands } from './bindings';
import type {
  CheckoutRequest,
  Order,
  OrderDetail,
  OrdersPage,
  OrdersQuery,
  Page,
  PageRequest,
  PurchasedApp,
} from './bindings';
import { unwrap } from './call';

/**
 * Seller Center: a page of the orders the seller received, the newest first, of one status
 * (every status when `query.status` is absent), with each status's count. Throws `forbidden`
 * outside the seller role and `invalid_input` for a limit outside 1 to 100.
 */
export function loadOrdersReceived(query: OrdersQuery): Promise<OrdersPage> {
  return unwrap(() => commands.ordersReceived(query));
}

/**
 * Operations: a page of every order in the marketplace, as `loadOrdersReceived` pages them.
 * Throws `forbidden` outside the operations manager role.
 */
export function loadAllOrders(query: OrdersQuery): Promise<OrdersPage> {
  return unwrap(() => commands.ordersAll(query));
}

/**
 * Pay Now: places and pays a checkout. Submitting the same request again (same idempotency
 * key) returns the first order and charges nothing more; the same key with other contents
 * throws `conflict`. A declined payment throws `payment_declined` or `insufficient_balance`
 * and leaves the order cancelled.
 */
export function placeOrder(request: CheckoutRequest): Promise<OrderDetail> {
  return unwrap(() => commands.orderPlace(request));
}

/**
 * Billing Center > My Orders, the newest first, a page at a time (20 rows unless `page.limit`
 * says, 1 to 100). Throws `invalid_input` for a limit outside that.
 */
export function loadOrders(page: PageRequest): Promise<Page<Order>> {
  return unwrap(() => commands.ordersList(page));
}

/** One order with its itemised price, history and ledger lines. */
export function loadOrder(id: number): Promise<OrderDetail> {
  return unwrap(() => commands.orderShow(id));
}

/** My KooGallery > Purchased Apps, the newest first, a page at a time (as `loadOrders`). */
export function loadPurchasedApps(page: PageRequest): Promise<Page<PurchasedApp>> {
  return unwrap(() => commands.appsList(page));
}

/** One purchased app's Resource Details (without its password). */
export function loadPurchasedApp(orderId: number): Promise<PurchasedApp> {
  return unwrap(() => commands.appShow(orderId));
}

/** The SaaS initial password, asked for only when the person clicks to reveal or copy it. */
export function revealPassword(orderId: number): Promise<string> {
  return unwrap(() => commands.appRevealPassword(orderId));
}
