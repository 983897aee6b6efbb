import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import type { CheckoutRequest } from '../lib/api';
import { kiosk } from '../lib/demo/kiosk.svelte';
import {
  fakeShop,
  postpaidAccount,
  prepaidAccount,
  resellerAccount,
} from '../lib/testing/fixtures';
import { deferred, mockBackend } from '../lib/testing/ipc';
import Checkout from './Checkout.svelte';

afterEach(() => {
  clearMocks();
  kiosk.on = false;
  window.location.hash = '';
});

const spec = {
  edition: 'team',
  billing: 'yearly_monthly',
  period: 'month',
  duration: 3,
  users: 25,
} as const;

function open() {
  render(Checkout, { props: { id: 'orbit-crm', spec } });
}

async function tickAndPay() {
  await fireEvent.click(await screen.findByTestId('accept-terms'));
  await fireEvent.click(screen.getByTestId('authorize-seller'));
  await fireEvent.click(screen.getByTestId('pay-now'));
}

const placed = (calls: { command: string; args: Record<string, unknown> }[]) =>
  calls.filter((c) => c.command === 'order_place').map((c) => c.args.request as CheckoutRequest);

describe('Checkout', () => {
  it('shows the order details and the itemised price from the core', async () => {
    mockBackend(fakeShop());
    open();
    const details = await screen.findByTestId('order-details');
    expect(details.textContent).toContain('Orbit CRM');
    expect(details.textContent).toContain('Team');
    expect(details.textContent).toContain('3 months');
    expect((await screen.findByTestId('quote-total')).textContent).toBe('$600.00');
  });

  it('R-BUY-3, R-BUY-4: Pay Now waits for the terms and the seller authorization, with the contact shown', async () => {
    mockBackend(fakeShop());
    open();
    await screen.findByTestId('quote-total');
    const payNow = screen.getByTestId('pay-now') as HTMLButtonElement;
    expect(payNow.disabled).toBe(true);
    expect(screen.getByTestId('account-contact').textContent).toBe(
      'mobile +1 202 555 0101, email it@acme-retail.example, IAM user name acme-admin',
    );
    await fireEvent.click(screen.getByTestId('accept-terms'));
    expect(payNow.disabled).toBe(true);
    await fireEvent.click(screen.getByTestId('authorize-seller'));
    expect(payNow.disabled).toBe(false);
  });

  it('R-BUY-3: pays once with one idempotency key however often Confirm is clicked', async () => {
    const answer = deferred<unknown>();
    const shop = fakeShop();
    const calls = mockBackend((command, args) =>
      command === 'order_place'
        ? answer.promise.then(() => shop(command, args))
        : shop(command, args),
    );
    open();
    await tickAndPay();
    const options = within(screen.getByTestId('payment-step')).getAllByTestId('payment-option');
    expect(options.map((o) => o.textContent?.trim())).toEqual([
      'Prepaid balance ($2,000.00 available)',
    ]);
    const confirm = screen.getByTestId('confirm') as HTMLButtonElement;
    await fireEvent.click(confirm);
    await fireEvent.click(confirm);
    expect(confirm.disabled).toBe(true);
    expect(confirm.textContent).toBe('Paying…');
    answer.resolve(null);
    await waitFor(() => expect(window.location.hash).toBe('#/billing/orders/1'));
    const requests = placed(calls);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      accept_terms: true,
      authorize_seller: true,
      payment: { method: 'balance' },
      configuration: { product_id: 'orbit-crm', edition: 'team', quantity: 1, users: 25 },
    });
    expect(requests[0]!.idempotency_key).toMatch(/^checkout-/);
  });

  it('R-BUY-6: a declined card shows the error, and another card is a new checkout', async () => {
    const calls = mockBackend(fakeShop(postpaidAccount));
    open();
    await tickAndPay();
    const options = screen.getAllByTestId('payment-option');
    expect(options.map((o) => o.textContent?.trim())).toEqual([
      'Visa •••• 4242',
      'Visa •••• 0002',
      'Credit ($5,000.00 available)',
    ]);
    await fireEvent.click(within(options[1]!).getByRole('radio'));
    await fireEvent.click(screen.getByTestId('confirm'));
    const error = await screen.findByTestId('checkout-error');
    expect(error.textContent).toContain('The card was declined by its issuer');
    expect(within(error).getByRole('link').getAttribute('href')).toBe('#/billing/orders');

    await fireEvent.click(within(options[0]!).getByRole('radio'));
    await fireEvent.click(screen.getByTestId('confirm'));
    await waitFor(() => expect(window.location.hash).toBe('#/billing/orders/1'));
    const [declined, paid] = placed(calls);
    expect(declined!.payment).toEqual({ method: 'card', card_id: 2 });
    expect(paid!.payment).toEqual({ method: 'card', card_id: 1 });
    expect(paid!.idempotency_key).not.toBe(declined!.idempotency_key);
  });

  it('without a card or credit, sends to Billing Center for a card, or for credit on a kiosk', async () => {
    const bare = {
      ...postpaidAccount,
      cards: [],
      credit: { enabled: false, limit: '0.00', used: '0.00', available: '0.00' },
    };
    mockBackend(fakeShop(bare));
    const { unmount } = render(Checkout, { props: { id: 'orbit-crm', spec } });
    await tickAndPay();
    let missing = screen.getByTestId('no-payment-method');
    expect(within(missing).getByRole('link').textContent).toBe('Add a card in Billing Center');
    unmount();

    kiosk.on = true;
    render(Checkout, { props: { id: 'orbit-crm', spec } });
    await tickAndPay();
    missing = screen.getByTestId('no-payment-method');
    expect(missing.textContent).not.toContain('card in');
    const link = within(missing).getByRole('link');
    expect(link.textContent).toBe('Ask for credit in Billing Center');
    expect(link.getAttribute('href')).toBe('#/billing/account');
  });

  it('R-BUY-1: a reseller customer skips the payment method and the amount is for reference only', async () => {
    const calls = mockBackend(fakeShop(resellerAccount));
    open();
    expect((await screen.findByTestId('reference-only')).textContent).toContain(
      'For reference only',
    );
    await tickAndPay();
    expect(screen.queryAllByTestId('payment-option')).toHaveLength(0);
    await fireEvent.click(screen.getByTestId('confirm'));
    await waitFor(() => expect(placed(calls)).toHaveLength(1));
    expect(placed(calls)[0]!.payment).toBeNull();
  });

  it('asks the core again for the price when the quantity changes', async () => {
    const calls = mockBackend(fakeShop(prepaidAccount));
    open();
    await screen.findByTestId('quote-total');
    await fireEvent.input(screen.getByTestId('quantity-input'), { target: { value: '2' } });
    await waitFor(() =>
      expect(
        calls.filter((c) => c.command === 'product_quote').map((c) => c.args.request),
      ).toContainEqual(expect.objectContaining({ quantity: 2 })),
    );
  });

  it('says what to do when the URL has no configuration', () => {
    mockBackend(fakeShop());
    render(Checkout, {
      props: {
        id: 'orbit-crm',
        spec: { edition: null, billing: null, period: null, duration: null, users: null },
      },
    });
    expect(screen.getByTestId('empty-state').textContent).toContain('No configuration to buy');
  });
});
