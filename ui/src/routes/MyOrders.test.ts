import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Order, PageRequest } from '../lib/api';
import { crmOrder, crmOrderDetail, fakeShop, inTimeZone } from '../lib/testing/fixtures';
import { mockBackend, type IpcCall } from '../lib/testing/ipc';
import { pageOf } from '../lib/testing/page';
import MyOrders from './MyOrders.svelte';
import OrderPage from './Order.svelte';

afterEach(() => {
  clearMocks();
  window.location.hash = '';
});

const cancelled: Order = {
  ...crmOrder,
  id: 2,
  status: 'cancelled',
  payment: 'Visa •••• 0002',
  failure: 'the card was declined by its issuer',
};
const forReference: Order = { ...crmOrder, id: 3, status: 'processing', reference_only: true };

/** A shop whose buyer has `rows` as orders, newest first. */
function ordering(rows: Order[]) {
  const shop = fakeShop();
  return (command: string, args: Record<string, unknown>) =>
    command === 'orders_list'
      ? pageOf(rows, args.page as PageRequest | undefined)
      : shop(command, args);
}

/** `count` orders, newest (the highest id) first. */
const many = (count: number): Order[] =>
  Array.from({ length: count }, (_, index) => ({ ...crmOrder, id: count - index }));

/** The pages My Orders asked the backend for, in order. */
const asked = (calls: IpcCall[]) =>
  calls.filter((call) => call.command === 'orders_list').map((call) => call.args.page);
const orderIds = () =>
  screen
    .queryAllByTestId('order-row')
    .map((row) => Number(within(row).getByRole('link').textContent?.replace('#', '')));
const words = (testid: string) =>
  screen.getByTestId(testid).textContent?.replace(/\s+/g, ' ').trim();

describe('My Orders', () => {
  it('lists the orders with their status and amount, newest first', async () => {
    const calls = mockBackend(ordering([forReference, cancelled, crmOrder]));
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
    expect(asked(calls)).toEqual([{ offset: 0, limit: 20 }]);
  });

  it('R-MT-4: dates each order by the day it was placed in the buyer’s time zone', async () => {
    // 20:00 UTC on 8 March is 05:00 on 9 March in Tokyo, 15:00 on 8 March in New York.
    const late: Order = { ...crmOrder, created_at: '2026-03-08T20:00:00Z' };
    for (const [zone, day] of [
      ['Asia/Tokyo', '9 Mar 2026'],
      ['America/New_York', '8 Mar 2026'],
    ] as const) {
      mockBackend(inTimeZone(zone, ordering([late])));
      const { unmount } = render(MyOrders);
      const row = (await screen.findAllByTestId('order-row'))[0]!;
      await waitFor(() => expect(row.textContent).toContain(day));
      unmount();
      clearMocks();
    }
  });

  it('shows the loading state first', () => {
    mockBackend(() => new Promise(() => undefined));
    render(MyOrders);
    expect(screen.getByTestId('loading').textContent).toContain('Loading your orders');
  });

  it('has an empty state', async () => {
    mockBackend(fakeShop());
    render(MyOrders);
    expect((await screen.findByTestId('empty-state')).textContent).toContain('No orders yet');
    expect(screen.queryByTestId('orders-pager')).toBeNull();
  });

  it('has an error state whose Retry asks again', async () => {
    let fail = true;
    const answer = ordering([crmOrder]);
    const calls = mockBackend((command, args) => {
      if (fail && command === 'orders_list') {
        throw { code: 'storage', message: 'the data file could not be read' };
      }
      return answer(command, args);
    });
    render(MyOrders, { props: { offset: 0 } });
    expect((await screen.findByTestId('error-message')).textContent).toBe(
      'the data file could not be read',
    );
    fail = false;
    await fireEvent.click(screen.getByTestId('retry'));
    await waitFor(() => expect(orderIds()).toEqual([1]));
    expect(asked(calls)).toEqual([
      { offset: 0, limit: 20 },
      { offset: 0, limit: 20 },
    ]);
  });
});

describe('My Orders pages', () => {
  it('moves a page at a time, saying which orders are shown', async () => {
    const calls = mockBackend(ordering(many(45)));
    render(MyOrders, { props: { offset: 0 } });
    await waitFor(() => expect(orderIds()).toHaveLength(20));
    const previous = () => screen.getByTestId('orders-previous') as HTMLButtonElement;
    const next = () => screen.getByTestId('orders-next') as HTMLButtonElement;
    expect(orderIds()[0]).toBe(45);
    expect(words('orders-range')).toBe('1–20 of 45');
    expect(screen.getByRole('navigation', { name: 'Orders pages' })).toBe(
      screen.getByTestId('orders-pager'),
    );
    expect(previous().disabled).toBe(true);
    expect(next().disabled).toBe(false);

    await fireEvent.click(next());
    await waitFor(() => expect(words('orders-range')).toBe('21–40 of 45'));
    expect(asked(calls).at(-1)).toEqual({ offset: 20, limit: 20 });
    expect(orderIds()[0]).toBe(25);
    expect(window.location.hash).toBe('#/billing/orders?offset=20');

    await fireEvent.click(next());
    await waitFor(() => expect(words('orders-range')).toBe('41–45 of 45'));
    expect(orderIds()).toEqual([5, 4, 3, 2, 1]);
    expect(next().disabled).toBe(true);
    expect(window.location.hash).toBe('#/billing/orders?offset=40');

    await fireEvent.click(previous());
    await waitFor(() => expect(words('orders-range')).toBe('21–40 of 45'));
    await fireEvent.click(previous());
    await waitFor(() => expect(words('orders-range')).toBe('1–20 of 45'));
    // The first page's address has no offset.
    expect(window.location.hash).toBe('#/billing/orders');
    expect(asked(calls).map((page) => (page as PageRequest).offset)).toEqual([0, 20, 40, 20, 0]);
  });

  it('asks for the page the address names, once, whether opened there or moved to', async () => {
    const calls = mockBackend(ordering(many(45)));
    const { rerender } = render(MyOrders, { props: { offset: 20 } });
    await waitFor(() => expect(words('orders-range')).toBe('21–40 of 45'));
    expect(asked(calls)).toEqual([{ offset: 20, limit: 20 }]);

    // Back to the first page from the browser: the screen stays, its offset changes.
    await rerender({ offset: 0 });
    await waitFor(() => expect(words('orders-range')).toBe('1–20 of 45'));
    expect(asked(calls)).toEqual([
      { offset: 20, limit: 20 },
      { offset: 0, limit: 20 },
    ]);

    // Next writes the address, which comes back as the offset: no second question.
    await fireEvent.click(screen.getByTestId('orders-next'));
    await rerender({ offset: 20 });
    await waitFor(() => expect(words('orders-range')).toBe('21–40 of 45'));
    expect(asked(calls)).toHaveLength(3);
  });

  it('has no pager when one page holds them all', async () => {
    mockBackend(ordering(many(20)));
    render(MyOrders);
    await waitFor(() => expect(orderIds()).toHaveLength(20));
    expect(screen.queryByTestId('orders-pager')).toBeNull();
    expect(screen.queryByTestId('orders-range')).toBeNull();
  });

  it('opens the last page for an offset past the end', async () => {
    const calls = mockBackend(ordering(many(25)));
    render(MyOrders, { props: { offset: 60 } });
    await waitFor(() => expect(orderIds()).toEqual([5, 4, 3, 2, 1]));
    expect(asked(calls).map((page) => (page as PageRequest).offset)).toEqual([60, 20]);
    expect(words('orders-range')).toBe('21–25 of 25');
    expect(window.location.hash).toBe('#/billing/orders?offset=20');
    expect(screen.queryByTestId('empty-state')).toBeNull();
  });

  it('opens the empty first page for an offset when there are no orders at all', async () => {
    const calls = mockBackend(ordering([]));
    render(MyOrders, { props: { offset: 40 } });
    expect((await screen.findByTestId('empty-state')).textContent).toContain('No orders yet');
    expect(asked(calls).map((page) => (page as PageRequest).offset)).toEqual([40, 0]);
    expect(window.location.hash).toBe('#/billing/orders');
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

  it('R-MT-4: shows the day and the history’s times in the buyer’s time zone', async () => {
    // Placed and paid at 20:00 UTC on 8 March: 05:00 on 9 March in Tokyo.
    const at = '2026-03-08T20:00:00Z';
    const detail = {
      ...crmOrderDetail,
      order: { ...crmOrder, created_at: at },
      events: crmOrderDetail.events.map((event) => ({ ...event, at })),
    };
    const shop = fakeShop();
    mockBackend(
      inTimeZone('Asia/Tokyo', (command, args) =>
        command === 'order_show' ? detail : shop(command, args),
      ),
    );
    render(OrderPage, { props: { id: 1 } });
    await waitFor(() => expect(words('order-placed')).toBe('9 Mar 2026'));
    expect(words('order-history')).toContain('Pending payment 2026-03-09 05:00 Order placed');
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

describe('a page pressed for at the foot of a long one', () => {
  afterEach(() => vi.restoreAllMocks());

  /** Shows My Orders' first page with the list's top at `top`, and presses Next. */
  async function next(top: number) {
    mockBackend(ordering(many(45)));
    const scrolled = vi.spyOn(window, 'scrollBy').mockImplementation(() => {});
    render(MyOrders);
    await screen.findByTestId('orders-table');
    vi.spyOn(Element.prototype, 'getBoundingClientRect').mockReturnValue(
      new DOMRect(0, top, 800, 1200),
    );
    screen.getByTestId('orders-next').focus();
    await fireEvent.click(screen.getByTestId('orders-next'));
    await waitFor(() => expect(words('orders-range')).toBe('21–40 of 45'));
    return scrolled;
  }

  it('brings the new rows back into view, 16 px under the top', async () => {
    const scrolled = await next(-600);
    await waitFor(() => expect(scrolled).toHaveBeenCalledWith({ top: -616 }));
    expect(scrolled).toHaveBeenCalledTimes(1);
    // Focus stays on the button pressed, for the next press.
    expect(document.activeElement).toBe(screen.getByTestId('orders-next'));
  });

  it('leaves the window where it is when the rows are in view', async () => {
    const scrolled = await next(120);
    await screen.findByText(/21–40 of 45/);
    expect(scrolled).not.toHaveBeenCalled();
  });
});
