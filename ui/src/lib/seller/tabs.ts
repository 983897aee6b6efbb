/**
 * The Seller Console's tabs, in the order the strip shows them: Orders (`#/seller`, the
 * Seller Center's own list) and the ones beside it.
 */
import type { SellerTab } from '../router/route';

export type ConsoleTab = 'orders' | SellerTab;

export const SELLER_CONSOLE_TABS: readonly { tab: ConsoleTab; label: string }[] = [
  { tab: 'orders', label: 'Orders' },
  { tab: 'queue', label: 'Queue' },
  { tab: 'unsubscriptions', label: 'Unsubscriptions' },
  { tab: 'appeals', label: 'Appeals' },
];
