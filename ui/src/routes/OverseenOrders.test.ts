/**
 * The orders Seller Center and Operations oversee: the same list on both screens, 20 a page,
 * filtered by status, with the status and the page in the address.
 */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { clearMocks } from '@tauri-apps/api/mocks';
import type { Component } from 'svelte';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import App from '../App.svelte';
import type { ActingAs, Order, OrdersPage, OrdersQuery, OrderStatus } from '../lib/api';
import { actingAs } from '../lib/roles/acting.svelte';
import { actingAsBuyer, crmOrder, fakeShop, ordersPageOf } from '../lib/testing/fixtures';
import { mockBackend, type IpcCall } from '../lib/testing/ipc';
import { loadAllScreens } from '../lib/testing/screens';
import { stubViewport } from '../lib/testing/viewport';
import Operations from './Operations.svelte';
import SellerCenter from './SellerCenter.svelte';

interface Overseer {
  title: string;
  component: Component<{ status?: OrderStatus; offset?: number }>;
  command: 'orders_received' | 'orders_all';
  /** The screen's address without a query. */
  path: string;
  acting: ActingAs;
  /** What its empty state says when there are no orders at all. */
  none: string;
  /** What else the screen loads, once however the orders are filtered and paged. */
  beside: string[];
}

const overseers: Overseer[] = [
  {
    title: 'Seller Center',
    component: SellerCenter,
    command: 'orders_received',
    path: '#/seller',
    acting: { ...actingAsBuyer, role: 'seller' },
    none: 'Orders buyers place for your products are listed here with their status.',
    beside: [],
  },
  {
    title: 'Operations',
    component: Operations,
    command: 'orders_all',
    path: '#/operations',
    acting: { ...actingAsBuyer, role: 'operations_manager' },
    none: 'Orders buyers place are listed here.',
    beside: ['appeals_list', 'sync_devices'],
  },
];

/** Orders of each status, newest (the highest id) first, in the order given. */
function ordersOf(counts: Partial<Record<OrderStatus, number>>): Order[] {
  const statuses = Object.entries(counts).flatMap(([status, count]) =>
    Array.from({ length: count }, () => status as OrderStatus),
  );
  return statuses.map((status, index) => ({ ...crmOrder, id: statuses.length - index, status }));
}

/** 45 orders: ids 45 to 34 processing, 33 to 4 completed, 3 to 1 cancelled. */
const mixed = ordersOf({ processing: 12, completed: 30, cancelled: 3 });

const numbers = (from: number, to: number) =>
  Array.from({ length: from - to + 1 }, (_, index) => from - index);

const orderIds = () =>
  screen
    .queryAllByTestId('order-row')
    .map((row) => Number(within(row).getAllByRole('cell')[0]!.textContent.replace('#', '')));
const words = (testid: string) =>
  screen.getByTestId(testid).textContent.replace(/\s+/g, ' ').trim();
const pressed = (status: string) =>
  screen.getByTestId(`orders-status-${status}`).getAttribute('aria-pressed');
const filter = (status: string) => screen.getByTestId(`orders-status-${status}`);
/** The orders' own section: Operations has empty and loading states of its own beside it. */
const orders = () => within(screen.getByTestId('orders-section'));

afterEach(() => {
  actingAs.current = null;
  clearMocks();
  window.location.hash = '';
});

describe.each(overseers)('$title orders', (overseer) => {
  const { component, command, path } = overseer;

  /** The backend of the role, whose orders are `rows` unless `answer` says otherwise. */
  function backend(rows: Order[], answer?: (query: OrdersQuery) => unknown) {
    const shop = fakeShop();
    return mockBackend((name, args) => {
      if (name === 'role_show') return overseer.acting;
      if (name === command) {
        const query = args.query as OrdersQuery;
        return answer ? answer(query) : ordersPageOf(rows, query);
      }
      if (name === 'appeals_list' || name === 'sync_devices') return [];
      return shop(name, args);
    });
  }

  /** The queries the screen sent for its orders, in order. */
  const asked = (calls: IpcCall[]) =>
    calls.filter((call) => call.command === command).map((call) => call.args);
  const queries = (calls: IpcCall[]) =>
    asked(calls).map((args) => (args as { query: OrdersQuery }).query);

  beforeEach(() => {
    actingAs.current = overseer.acting;
  });

  it('shows the first 20, newest first, with every status and its count', async () => {
    const calls = backend(mixed);
    render(component);
    await waitFor(() => expect(orderIds()).toEqual(numbers(45, 26)));
    expect(words('orders-range')).toBe('1–20 of 45');
    expect(
      ['all', 'pending_payment', 'paid', 'processing', 'completed', 'cancelled'].map((status) =>
        words(`orders-status-${status}`),
      ),
    ).toEqual([
      'All 45',
      'Pending payment 0',
      'Paid 0',
      'Processing 12',
      'Completed 30',
      'Cancelled 3',
    ]);
    expect(screen.getByRole('group', { name: 'Show orders' })).toBe(
      screen.getByTestId('orders-status-filter'),
    );
    expect(pressed('all')).toBe('true');
    expect(pressed('completed')).toBe('false');
    expect(asked(calls)).toEqual([{ query: { status: null, offset: 0, limit: 20 } }]);
  });

  it('writes the counts as the app writes numbers', async () => {
    const answer: OrdersPage = {
      items: [crmOrder],
      total: 4003,
      offset: 0,
      limit: 20,
      all: 4003,
      statuses: [
        { status: 'pending_payment', count: 0 },
        { status: 'paid', count: 0 },
        { status: 'processing', count: 12 },
        { status: 'completed', count: 3900 },
        { status: 'cancelled', count: 91 },
      ],
    };
    backend([], () => answer);
    render(component);
    await screen.findByTestId('order-row');
    expect(words('orders-status-all')).toBe('All 4,003');
    expect(screen.getByTestId('orders-status-count-completed').textContent).toBe('3,900');
    expect(screen.getByTestId('orders-status-count-pending_payment').textContent).toBe('0');
    expect(words('orders-range')).toBe('1–1 of 4,003');
  });

  it('shows the loading state first', () => {
    backend([], () => new Promise(() => undefined));
    render(component);
    expect(orders().getByTestId('loading').textContent).toContain('Loading the orders');
  });

  it('moves a page at a time and writes the page to the address', async () => {
    const calls = backend(mixed);
    render(component);
    await waitFor(() => expect(orderIds()).toHaveLength(20));
    const next = () => screen.getByTestId('orders-next') as HTMLButtonElement;
    const previous = () => screen.getByTestId('orders-previous') as HTMLButtonElement;
    expect(screen.getByRole('navigation', { name: 'Orders pages' })).toBe(
      screen.getByTestId('orders-pager'),
    );
    expect(previous().disabled).toBe(true);

    await fireEvent.click(next());
    await waitFor(() => expect(words('orders-range')).toBe('21–40 of 45'));
    expect(orderIds()).toEqual(numbers(25, 6));
    expect(window.location.hash).toBe(`${path}?offset=20`);

    await fireEvent.click(next());
    await waitFor(() => expect(words('orders-range')).toBe('41–45 of 45'));
    expect(orderIds()).toEqual([5, 4, 3, 2, 1]);
    expect(next().disabled).toBe(true);
    expect(window.location.hash).toBe(`${path}?offset=40`);

    await fireEvent.click(previous());
    await waitFor(() => expect(words('orders-range')).toBe('21–40 of 45'));
    await fireEvent.click(previous());
    await waitFor(() => expect(words('orders-range')).toBe('1–20 of 45'));
    expect(window.location.hash).toBe(path);
    expect(queries(calls).map((query) => query.offset)).toEqual([0, 20, 40, 20, 0]);
  });

  it('narrows to a status from its first page, and pages through it', async () => {
    const calls = backend(mixed);
    render(component, { props: { offset: 20 } });
    await waitFor(() => expect(words('orders-range')).toBe('21–40 of 45'));

    await fireEvent.click(filter('completed'));
    await waitFor(() => expect(orderIds()).toEqual(numbers(33, 14)));
    expect(queries(calls).at(-1)).toEqual({ status: 'completed', offset: 0, limit: 20 });
    expect(words('orders-range')).toBe('1–20 of 30');
    expect(pressed('completed')).toBe('true');
    expect(pressed('all')).toBe('false');
    // The counts are of every order, whatever the filter.
    expect(words('orders-status-all')).toBe('All 45');
    expect(words('orders-status-cancelled')).toBe('Cancelled 3');
    expect(window.location.hash).toBe(`${path}?status=completed`);

    await fireEvent.click(screen.getByTestId('orders-next'));
    await waitFor(() => expect(words('orders-range')).toBe('21–30 of 30'));
    expect(orderIds()).toEqual(numbers(13, 4));
    expect(queries(calls).at(-1)).toEqual({ status: 'completed', offset: 20, limit: 20 });
    expect(window.location.hash).toBe(`${path}?status=completed&offset=20`);

    filter('cancelled').focus();
    await fireEvent.click(filter('cancelled'));
    await waitFor(() => expect(orderIds()).toEqual([3, 2, 1]));
    expect(queries(calls).at(-1)).toEqual({ status: 'cancelled', offset: 0, limit: 20 });
    expect(screen.queryByTestId('orders-pager')).toBeNull();
    expect(window.location.hash).toBe(`${path}?status=cancelled`);
    // Focus stays on the filter pressed.
    expect(document.activeElement).toBe(filter('cancelled'));

    await fireEvent.click(filter('all'));
    await waitFor(() => expect(orderIds()).toEqual(numbers(45, 26)));
    expect(queries(calls).at(-1)).toEqual({ status: null, offset: 0, limit: 20 });
    expect(pressed('all')).toBe('true');
    expect(window.location.hash).toBe(path);
  });

  it('opens on the status and page of its address, and follows it back and forward', async () => {
    const calls = backend(mixed);
    const { rerender } = render(component, { props: { status: 'completed', offset: 20 } });
    await waitFor(() => expect(orderIds()).toEqual(numbers(13, 4)));
    expect(words('orders-range')).toBe('21–30 of 30');
    expect(pressed('completed')).toBe('true');
    expect(queries(calls)).toEqual([{ status: 'completed', offset: 20, limit: 20 }]);

    // Back to every order from the browser: the screen stays, its status and page change.
    await rerender({ status: undefined, offset: 0 });
    await waitFor(() => expect(orderIds()).toEqual(numbers(45, 26)));
    expect(pressed('all')).toBe('true');
    expect(queries(calls).at(-1)).toEqual({ status: null, offset: 0, limit: 20 });

    // A filter writes the address, which comes back as the props: no second question.
    await fireEvent.click(filter('processing'));
    await rerender({ status: 'processing', offset: 0 });
    await waitFor(() => expect(orderIds()).toEqual(numbers(45, 34)));
    expect(queries(calls)).toHaveLength(3);
  });

  it('opens the last page of the status for an address past its end', async () => {
    const calls = backend(mixed);
    render(component, { props: { status: 'completed', offset: 80 } });
    await waitFor(() => expect(orderIds()).toEqual(numbers(13, 4)));
    expect(queries(calls)).toEqual([
      { status: 'completed', offset: 80, limit: 20 },
      { status: 'completed', offset: 20, limit: 20 },
    ]);
    expect(words('orders-range')).toBe('21–30 of 30');
    expect(window.location.hash).toBe(`${path}?status=completed&offset=20`);
    expect(orders().queryByTestId('empty-state')).toBeNull();
  });

  it('names a status that holds none, and shows every order again', async () => {
    const calls = backend(mixed);
    render(component);
    await waitFor(() => expect(orderIds()).toHaveLength(20));

    await fireEvent.click(filter('paid'));
    const empty = await orders().findByTestId('empty-state');
    expect(empty.textContent).toContain('No paid orders');
    expect(empty.textContent).not.toContain('No orders yet');
    expect(screen.queryByTestId('orders-table')).toBeNull();
    expect(screen.queryByTestId('orders-pager')).toBeNull();
    // The filters stay, to choose another.
    expect(pressed('paid')).toBe('true');
    expect(words('orders-status-all')).toBe('All 45');
    expect(window.location.hash).toBe(`${path}?status=paid`);

    await fireEvent.click(within(empty).getByRole('button', { name: 'Show all orders' }));
    await waitFor(() => expect(orderIds()).toEqual(numbers(45, 26)));
    expect(queries(calls).at(-1)).toEqual({ status: null, offset: 0, limit: 20 });
    expect(pressed('all')).toBe('true');
    expect(window.location.hash).toBe(path);
    // The button went with the empty state: focus moves to the filter it chose.
    expect(document.activeElement).toBe(filter('all'));
  });

  it('names an empty status opened from the address', async () => {
    backend(ordersOf({ completed: 2, cancelled: 1 }));
    render(component, { props: { status: 'pending_payment', offset: 40 } });
    expect((await orders().findByTestId('empty-state')).textContent).toContain(
      'No orders pending payment',
    );
    expect(words('orders-status-pending_payment')).toBe('Pending payment 0');
    expect(window.location.hash).toBe(`${path}?status=pending_payment`);
  });

  it('keeps the empty state of no orders at all, whatever the status asked', async () => {
    backend([]);
    render(component, { props: { status: 'cancelled' } });
    const empty = await orders().findByTestId('empty-state');
    expect(empty.textContent).toContain('No orders yet');
    expect(empty.textContent).toContain(overseer.none);
    expect(screen.queryByTestId('orders-status-filter')).toBeNull();
    expect(screen.queryByTestId('orders-pager')).toBeNull();
  });

  it('has an error state whose Retry asks again for the same orders', async () => {
    let fail = true;
    const calls = backend([], (query) => {
      if (fail) throw { code: 'storage', message: 'the data file could not be read' };
      return ordersPageOf(mixed, query);
    });
    render(component, { props: { status: 'cancelled' } });
    const failed = await screen.findByTestId('error-state');
    expect(failed.textContent).toContain('The orders could not be loaded');
    expect(screen.getByTestId('error-message').textContent).toBe('the data file could not be read');
    fail = false;
    await fireEvent.click(screen.getByTestId('retry'));
    await waitFor(() => expect(orderIds()).toEqual([3, 2, 1]));
    expect(asked(calls)).toEqual([
      { query: { status: 'cancelled', offset: 0, limit: 20 } },
      { query: { status: 'cancelled', offset: 0, limit: 20 } },
    ]);
  });
});

describe.each(overseers)('$title in the app', (overseer) => {
  const { command, path } = overseer;
  let restoreViewport: () => void;

  beforeAll(loadAllScreens, 60_000);

  beforeEach(() => {
    restoreViewport = stubViewport();
  });

  afterEach(() => {
    restoreViewport();
  });

  function goTo(hash: string) {
    window.location.hash = hash;
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  }

  it('restores the status and page on back and forward, without opening the screen again', async () => {
    const shop = fakeShop();
    const calls = mockBackend((name, args) => {
      if (name === 'role_show') return overseer.acting;
      if (name === command) return ordersPageOf(mixed, args.query as OrdersQuery);
      if (name === 'appeals_list' || name === 'sync_devices') return [];
      return shop(name, args);
    });
    goTo(`${path}?status=completed&offset=20`);
    render(App);
    await waitFor(() => expect(orderIds()).toEqual(numbers(13, 4)));
    expect(pressed('completed')).toBe('true');

    await fireEvent.click(filter('cancelled'));
    await waitFor(() => expect(orderIds()).toEqual([3, 2, 1]));
    expect(window.location.hash).toBe(`${path}?status=cancelled`);

    // What back does: the previous address, and its hashchange.
    goTo(`${path}?status=completed&offset=20`);
    await waitFor(() => expect(orderIds()).toEqual(numbers(13, 4)));
    expect(pressed('completed')).toBe('true');
    expect(words('orders-range')).toBe('21–30 of 30');

    // A bad status or page in the address opens every order from the first page.
    goTo(`${path}?status=refunded&offset=-1`);
    await waitFor(() => expect(orderIds()).toEqual(numbers(45, 26)));
    expect(pressed('all')).toBe('true');

    const orderQueries = calls
      .filter((call) => call.command === command)
      .map((call) => (call.args as { query: OrdersQuery }).query);
    expect(orderQueries).toEqual([
      { status: 'completed', offset: 20, limit: 20 },
      { status: 'cancelled', offset: 0, limit: 20 },
      { status: 'completed', offset: 20, limit: 20 },
      { status: null, offset: 0, limit: 20 },
    ]);
    // The screen stayed mounted throughout: what else it shows was loaded once.
    for (const other of overseer.beside) {
      expect(calls.filter((call) => call.command === other)).toHaveLength(1);
    }
  });
});
