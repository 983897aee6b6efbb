/**
 * Orders and payments in words: statuses, what was bought, how it was paid. Amounts are the
 * core's decimal strings, formatted and never computed.
 */
import type { Account, Order, OrderStatus, PaymentChoice } from '../api';
import { billingLabel, formatDuration, formatMoney } from '../catalog/format';

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
