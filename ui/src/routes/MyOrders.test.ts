import { render, screen, within } from '@testing-library/svelte';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import type { Order } from '../lib/api';
import { crmOrder, crmOrderDetail, fakeShop } from '../lib/testing/fixtures';
import { mockBackend } from '../lib/testing/ipc';
import MyOrders from './MyOrders.svelte';
import OrderPage from './Order.svelte';

afterEach(() => {
  clearMocks();
});

const cancelled: Order = {
  ...crmOrder,
  id: 2,
  status: 'cancelled',
  payment: 'Visa •••• 0002',
  failure: 'the card was declined by its issuer',
};
const forReference: Order = { ...crmOrder, id: 3, status: 'processing', reference_only: true };

describe('My Orders', () => {
  it('lists every order with its status and amount, newest first', async () => {
    const shop = fakeShop();
    mockBackend((command, args) =>
      command === 'orders_list' ? [forReference, cancelled, crmOrder] : shop(command, args),
    );
    render(MyOrders);
    const rows = within(await screen.findByTestId('orders-table')).getAllByTestId('order-row');
    expect(rows.map((r) => within(r).getByTestId('order-status').textContent)).toEqual([
      'Processing',
      'Cancelled',
      'Completed',
    ]);
    expect(rows[0]!.textContent).toContain('$600.00 (for reference only)');
    expect(rows[2]!.textContent).toContain('Team · Yearly/Monthly · 3 months · 25 users');
    expect(within(rows[1]!).getByRole('link').getAttribute('href')).toBe('#/billing/orders/2');
  });

  it('has an empty state', async () => {
    mockBackend(fakeShop());
    render(MyOrders);
    expect((await screen.findByTestId('empty-state')).textContent).toContain('No orders yet');
  });

  it('has an error state', async () => {
    mockBackend(() => {
      throw { code: 'storage', message: 'the data file could not be read' };
    });
    render(MyOrders);
    expect((await screen.findByTestId('error-message')).textContent).toBe(
      'the data file could not be read',
    );
  });
});

describe('an order page', () => {
  it('shows the payment, its ledger lines and the history', async () => {
    const shop = fakeShop();
    mockBackend((command, args) =>
      command === 'order_show' ? crmOrderDetail : shop(command, args),
    );
    render(OrderPage, { props: { id: 1 } });
    expect((await screen.findByTestId('order-amount')).textContent).toBe('$600.00');
    const ledger = screen.getByTestId('ledger-lines');
    expect(ledger.textContent).toContain('buyer_balance:acme-prepaid');
    expect(ledger.textContent).toContain('−$600.00');
    expect(screen.getByTestId('order-history').textContent).toContain('Pending payment');
    expect(screen.getByTestId('open-app').getAttribute('href')).toBe('#/my/apps/1');
  });

  it('shows why a cancelled order was cancelled, and that nothing was charged', async () => {
    const shop = fakeShop();
    mockBackend((command, args) =>
      command === 'order_show'
        ? { ...crmOrderDetail, order: cancelled, ledger: [] }
        : shop(command, args),
    );
    render(OrderPage, { props: { id: 2 } });
    expect((await screen.findByTestId('order-failure')).textContent).toBe(
      'The card was declined by its issuer.',
    );
    expect(screen.getByTestId('no-ledger').textContent).toBe('Nothing was charged for this order.');
    expect(screen.queryByTestId('open-app')).toBeNull();
  });

  it('says when the order is not this account’s', async () => {
    mockBackend(fakeShop());
    render(OrderPage, { props: { id: 42 } });
    expect((await screen.findByTestId('empty-state')).textContent).toContain('Order not found');
  });
});
