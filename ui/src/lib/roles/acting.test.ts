import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import App from '../../App.svelte';
import { placeOrder } from '../api';
import { fakeShop, postpaidAccount } from '../testing/fixtures';
import { mockBackend } from '../testing/ipc';
import { stubViewport } from '../testing/viewport';
import { landingAfterSwitch } from './acting.svelte';
import { loadAllScreens } from '../testing/screens';

beforeAll(loadAllScreens, 60_000);

function goTo(hash: string) {
  window.location.hash = hash;
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}

let restoreViewport: () => void;

beforeEach(() => {
  restoreViewport = stubViewport();
  goTo('#/');
});

afterEach(() => {
  clearMocks();
  restoreViewport();
});

describe('where a switch of role leads', () => {
  it.each([
    ['seller', { name: 'my_orders', offset: 0 }, { name: 'seller_center' }],
    ['operations_manager', { name: 'home' }, { name: 'operations' }],
    ['buyer', { name: 'seller_center' }, { name: 'home' }],
    ['buyer', { name: 'operations' }, { name: 'home' }],
    ['buyer', { name: 'my_orders', offset: 20 }, null],
  ] as const)('a %s switching on %o goes to %o', (role, from, to) => {
    expect(landingAfterSwitch(role, from)).toEqual(to);
  });
});

async function openSwitcher() {
  await waitFor(() => expect(screen.getByTestId('acting-as').hasAttribute('disabled')).toBe(false));
  await fireEvent.click(screen.getByTestId('acting-as'));
  return screen.getByTestId('acting-as-menu');
}

/** Operations chosen in the switcher's menu where the keyboard is on it (Enter). */
async function chooseOperationsFromTheKeyboard() {
  mockBackend(fakeShop());
  render(App);
  const menu = await openSwitcher();
  const operations = within(menu).getByTestId('act-as-operations');
  operations.focus();
  await fireEvent.click(operations);
}

describe('the role switcher', () => {
  it('switches buyer account, then to a seller and to operations, with their own screens', async () => {
    const calls = mockBackend(fakeShop());
    render(App);
    await waitFor(() =>
      expect(screen.getByTestId('acting-as').textContent).toContain(
        'Acme Retail (prepaid) · Buyer',
      ),
    );
    expect(screen.getByRole('navigation', { name: 'My KooGallery' })).toBeTruthy();

    goTo('#/billing/account');
    await screen.findByTestId('balance');
    let menu = await openSwitcher();
    const postpaid = within(menu)
      .getAllByTestId('act-as-buyer')
      .find((b) => b.dataset.value === postpaidAccount.id)!;
    await fireEvent.click(postpaid);
    // The same screen, loaded afresh for the other account.
    await screen.findByTestId('cards');
    expect(screen.getByTestId('acting-as').textContent).toContain(
      'Borealis Logistics (postpaid) · Buyer',
    );
    expect(window.location.hash).toBe('#/billing/account');

    menu = await openSwitcher();
    await fireEvent.click(within(menu).getAllByTestId('act-as-seller')[0]!);
    await waitFor(() => expect(window.location.hash).toBe('#/seller'));
    expect((await screen.findByRole('heading', { level: 1 })).textContent).toBe(
      'Seller Center: Orbit Software',
    );
    expect(screen.getByRole('navigation', { name: 'Seller Center' })).toBeTruthy();
    expect(screen.queryByRole('navigation', { name: 'My KooGallery' })).toBeNull();

    menu = await openSwitcher();
    await fireEvent.click(within(menu).getByTestId('act-as-operations'));
    await waitFor(() => expect(window.location.hash).toBe('#/operations'));
    expect(calls.filter((c) => c.command === 'role_switch').map((c) => c.args.choice)).toEqual([
      { role: 'buyer', account_id: 'borealis-postpaid' },
      { role: 'seller', seller_id: 'orbit-soft' },
      { role: 'operations_manager' },
    ]);
  });

  it('closes the menu on Escape, the keyboard back on the button', async () => {
    mockBackend(fakeShop());
    render(App);
    const menu = await openSwitcher();
    within(menu).getByTestId('act-as-operations').focus();
    await fireEvent.keyDown(window, { key: 'Escape' });
    expect(screen.queryByTestId('acting-as-menu')).toBeNull();
    expect(document.activeElement).toBe(screen.getByTestId('acting-as'));
  });

  it('gives the keyboard back to its button once a role chosen from the menu is on', async () => {
    await chooseOperationsFromTheKeyboard();
    await waitFor(() => expect(window.location.hash).toBe('#/operations'));
    const button = screen.getByTestId('acting-as');
    await waitFor(() => expect(document.activeElement).toBe(button));
    expect(button.textContent).toContain('Operations manager');
  });

  it('leaves the keyboard alone when something took it during the switch', async () => {
    await chooseOperationsFromTheKeyboard();
    // Something else puts the keyboard on a link, which the new role's screen then replaces.
    const link = document.createElement('a');
    link.href = '#/operations';
    document.body.append(link);
    link.focus();
    link.remove();
    await waitFor(() => expect(window.location.hash).toBe('#/operations'));
    await waitFor(() =>
      expect(screen.getByTestId('acting-as').textContent).toContain('Operations manager'),
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(document.activeElement).toBe(document.body);
  });

  it('leaves the keyboard where it is when Escape closes the menu from elsewhere', async () => {
    mockBackend(fakeShop());
    render(App);
    await openSwitcher();
    const search = screen.getByTestId('search-input');
    search.focus();
    await fireEvent.keyDown(window, { key: 'Escape' });
    expect(screen.queryByTestId('acting-as-menu')).toBeNull();
    expect(document.activeElement).toBe(search);
  });

  it('shows a seller screen opened in the buyer role as refused, with the reason', async () => {
    mockBackend(fakeShop());
    goTo('#/seller');
    render(App);
    expect((await screen.findByTestId('error-message')).textContent).toContain('only a seller');
  });
});

describe('Seller Center and Operations', () => {
  it('show the orders received, and every order, with the buyer', async () => {
    mockBackend(fakeShop());
    await placeOrder({
      configuration: {
        product_id: 'orbit-crm',
        edition: 'team',
        billing: 'yearly_monthly',
        period: 'month',
        duration: 3,
        users: 25,
        quantity: 1,
      },
      accept_terms: true,
      authorize_seller: true,
      payment: null,
      idempotency_key: 'k-1',
    });
    render(App);
    let menu = await openSwitcher();
    await fireEvent.click(within(menu).getAllByTestId('act-as-seller')[0]!);
    const buyers = async () =>
      (await screen.findAllByTestId('order-buyer')).map((td) => td.textContent);
    expect(await buyers()).toEqual(['Acme Retail (prepaid)']);
    expect(screen.getByTestId('seller-products').textContent).toContain('3 products');

    menu = await openSwitcher();
    await fireEvent.click(within(menu).getByTestId('act-as-operations'));
    await waitFor(() =>
      expect(screen.getByTestId('order-counts').textContent).toBe('1 order: 1 completed'),
    );
    expect(await buyers()).toEqual(['Acme Retail (prepaid)']);
  });
});
