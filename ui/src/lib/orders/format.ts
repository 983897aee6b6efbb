/**
 * Orders and payments in words: statuses, what was bought, how it was paid. Amounts are the
 * core's decimal strings, formatted and never computed.
 */
import type { Account, Order, OrderStatus, PaymentChoice, StatusCount } from '../api';
import { billingLabel, formatDuration, formatMoney } from '../catalog/format';
import { formatWhole } from '../util/numbers';

const STATUS_LABELS: Record<OrderStatus, string> = {
  pending_payment: 'Pending payment',
  paid: 'Paid',
  processing: 'Processing',
  completed: 'Completed',
  cancelled: 'Cancelled',
};

/** "Pending payment", "Processing"… as My Orders shows a status. */
export function statusLabel(status: OrderStatus): string {
  return STATUS_LABELS[status];
}

const NO_ORDERS: Record<OrderStatus, string> = {
  pending_payment: 'No orders pending payment',
  paid: 'No paid orders',
  processing: 'No processing orders',
  completed: 'No completed orders',
  cancelled: 'No cancelled orders',
};

/** "No cancelled orders": the empty state of a status filter that holds none. */
export function noOrdersWords(status: OrderStatus | null): string {
  return status === null ? 'No orders' : NO_ORDERS[status];
}

/**
 * "10,015 orders: 12 processing, 9,900 completed, 103 cancelled": every order and the statuses
 * that hold some, in the order of an order's life.
 */
export function ordersSummary(all: number, statuses: StatusCount[]): string {
  const head = `${formatWhole(all)} order${all === 1 ? '' : 's'}`;
  const parts = statuses
    .filter(({ count }) => count > 0)
    .map(({ status, count }) => `${formatWhole(count)} ${statusLabel(status).toLowerCase()}`);
  return parts.length === 0 ? head : `${head}: ${parts.join(', ')}`;
}

/** "Team · Yearly/Monthly · 3 months · 25 users", with "2 × " in front of a quantity. */
export function orderWords(order: Order): string {
  const words = [
    order.edition_name,
    billingLabel(order.billing),
    formatDuration(order.duration, order.period),
  ];
  if (order.users !== null) words.push(`${order.users} user${order.users === 1 ? '' : 's'}`);
  const text = words.join(' · ');
  return order.quantity > 1 ? `${order.quantity} × ${text}` : text;
}

/** "$49.00", or "$147.00 (for reference only)" for a reseller customer's order. */
export function amountWords(order: Order): string {
  const amount = formatMoney(order.amount);
  return order.reference_only ? `${amount} (for reference only)` : amount;
}

/** A payment method the buyer can pick at checkout. */
export interface PaymentOption {
  key: string;
  choice: PaymentChoice;
  label: string;
}

/**
 * The payment methods the account offers (R-BUY-1): the prepaid balance; or each card on
 * file and credit where enabled; nothing for a reseller customer, who pays its reseller.
 */
export function paymentOptions(account: Account): PaymentOption[] {
  switch (account.kind) {
    case 'direct_prepaid':
      return [
        {
          key: 'balance',
          choice: { method: 'balance' },
          label: `Prepaid balance (${formatMoney(account.balance ?? '0')} available)`,
        },
      ];
    case 'direct_postpaid': {
      const cards: PaymentOption[] = account.cards.map((card) => ({
        key: `card:${card.id}`,
        choice: { method: 'card', card_id: card.id },
        label: card.masked,
      }));
      const credit = account.credit;
      if (credit?.enabled) {
        cards.push({
          key: 'credit',
          choice: { method: 'credit' },
          label: `Credit (${formatMoney(credit.available)} available)`,
        });
      }
      return cards;
    }
    case 'reseller_customer':
      return [];
  }
}
