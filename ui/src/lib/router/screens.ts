/**
 * Every screen but the home, loaded the first time it is opened.
 *
 * The app starts on the home; the code and styles of the thirty other screens, three quarters
 * of the whole, would otherwise be read and compiled before the first screen could be drawn
 * (`docs/decisions.md`, Start-up and memory of the window). Each loads in a few milliseconds
 * from the app's own files, and stays loaded.
 */
import type { Component } from 'svelte';
import type { Route } from './route';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each screen has its own props
type Loader = () => Promise<{ default: Component<any> }>;

export const screens = {
  search: () => import('../../routes/Search.svelte'),
  product: () => import('../../routes/Product.svelte'),
  seller: () => import('../../routes/Seller.svelte'),
  my_favorites: () => import('../../routes/MyFavorites.svelte'),
  my_requirements: () => import('../../routes/MyRequirements.svelte'),
  checkout: () => import('../../routes/Checkout.svelte'),
  my_orders: () => import('../../routes/MyOrders.svelte'),
  billing_account: () => import('../../routes/BillingAccount.svelte'),
  seller_center: () => import('../../routes/SellerCenter.svelte'),
  operations: () => import('../../routes/Operations.svelte'),
  order: () => import('../../routes/Order.svelte'),
  purchased_apps: () => import('../../routes/PurchasedApps.svelte'),
  purchased_app: () => import('../../routes/PurchasedApp.svelte'),
  image_provision: () => import('../../routes/ProvisionImage.svelte'),
  ecs_console: () => import('../../routes/EcsConsole.svelte'),
  bills: () => import('../../routes/Bills.svelte'),
  renewals: () => import('../../routes/Renewals.svelte'),
  subscription: () => import('../../routes/Subscription.svelte'),
  agencies: () => import('../../routes/Agencies.svelte'),
  new_requirement: () => import('../../routes/NewRequirement.svelte'),
  supervision: () => import('../../routes/Supervision.svelte'),
  service_flow: () => import('../../routes/ServiceFlow.svelte'),
  my_unsubscriptions: () => import('../../routes/MyUnsubscriptions.svelte'),
  seller_console: () => import('../../routes/SellerConsole.svelte'),
  appeals: () => import('../../routes/Appeals.svelte'),
  messages: () => import('../../routes/Messages.svelte'),
  invoices: () => import('../../routes/Invoices.svelte'),
  invoice: () => import('../../routes/Invoice.svelte'),
  tickets: () => import('../../routes/Tickets.svelte'),
  new_ticket: () => import('../../routes/NewTicket.svelte'),
  ticket: () => import('../../routes/Ticket.svelte'),
  after_sales: () => import('../../routes/AfterSales.svelte'),
  connect: () => import('../../routes/Connect.svelte'),
  sync: () => import('../../routes/Sync.svelte'),
} satisfies Partial<Record<Route['name'], Loader>>;

/** Loads the screen of `name` ahead of opening it: the first screen, when it is not the home. */
export function preloadScreen(name: Route['name']): Promise<unknown> {
  const load: Loader | undefined = (screens as Partial<Record<Route['name'], Loader>>)[name];
  return load ? load() : Promise.resolve();
}
