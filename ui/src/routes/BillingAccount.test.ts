import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import { kiosk } from '../lib/demo/kiosk.svelte';
import {
  fakeShop,
  postpaidAccount,
  prepaidAccount,
  resellerAccount,
} from '../lib/testing/fixtures';
import { mockBackend } from '../lib/testing/ipc';
import BillingAccount from './BillingAccount.svelte';

afterEach(() => {
  clearMocks();
  kiosk.on = false;
});

describe('Billing Center > Account', () => {
  it('R-BUY-1: tops up a prepaid balance and shows the balance the core returns', async () => {
    const calls = mockBackend(fakeShop(prepaidAccount));
    render(BillingAccount);
    expect((await screen.findByTestId('balance')).textContent).toBe('$2,000.00');
    expect(screen.getByTestId('account-kind').textContent).toBe('Direct prepaid');

    await fireEvent.input(screen.getByTestId('top-up-amount'), { target: { value: '150.50' } });
    await fireEvent.click(screen.getByTestId('top-up'));
    await waitFor(() => expect(screen.getByTestId('balance').textContent).toBe('$2,150.50'));
    expect(screen.getByTestId('account-done').textContent).toContain('$2,150.50');
    expect(calls.filter((c) => c.command === 'account_top_up')).toEqual([
      { command: 'account_top_up', args: { amount: '150.50' } },
    ]);
    expect((screen.getByTestId('top-up-amount') as HTMLInputElement).value).toBe('');
  });

  it('shows why a top-up was refused and keeps the balance and the amount typed', async () => {
    mockBackend(fakeShop(prepaidAccount));
    render(BillingAccount);
    await screen.findByTestId('balance');
    await fireEvent.input(screen.getByTestId('top-up-amount'), { target: { value: '0.001' } });
    await fireEvent.click(screen.getByTestId('top-up'));
    expect((await screen.findByTestId('top-up-error')).textContent).toBe(
      'Amount: must be a positive amount with at most two decimals.',
    );
    expect(screen.getByTestId('balance').textContent).toBe('$2,000.00');
    expect((screen.getByTestId('top-up-amount') as HTMLInputElement).value).toBe('0.001');
  });

  it('R-BUY-1: lists masked cards, adds one, and refuses a bad number with its reason', async () => {
    mockBackend(fakeShop(postpaidAccount));
    render(BillingAccount);
    const cards = await screen.findByTestId('cards');
    expect(
      within(cards)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['Visa •••• 4242', 'Visa •••• 0002']);

    await fireEvent.input(screen.getByTestId('card-number'), { target: { value: '4242' } });
    await fireEvent.click(screen.getByTestId('add-card'));
    expect((await screen.findByTestId('card-error')).textContent).toBe(
      'Card number: must be 12 to 19 digits.',
    );

    await fireEvent.input(screen.getByTestId('card-number'), {
      target: { value: '5555 5555 5555 4444' },
    });
    await fireEvent.click(screen.getByTestId('add-card'));
    await waitFor(() =>
      expect(within(screen.getByTestId('cards')).getAllByRole('listitem')).toHaveLength(3),
    );
    expect(screen.getByTestId('account-done').textContent).toBe('Added Mastercard •••• 4444.');
    expect(screen.queryByTestId('card-error')).toBeNull();
    expect(document.body.textContent).not.toContain('5555 5555 5555 4444');
  });

  it('on a kiosk, lists the cards on file and offers no way to add one', async () => {
    kiosk.on = true;
    mockBackend(fakeShop(postpaidAccount));
    render(BillingAccount);
    const cards = await screen.findByTestId('cards');
    expect(within(cards).getAllByRole('listitem')).toHaveLength(2);
    expect(screen.queryByTestId('card-number')).toBeNull();
    expect(screen.queryByTestId('add-card')).toBeNull();
    expect(screen.queryByLabelText('Add a card')).toBeNull();
    expect(document.body.textContent).not.toContain('Test cards');
  });

  it('without a card, invites adding one outside a kiosk and only says so on one', async () => {
    mockBackend(fakeShop({ ...postpaidAccount, cards: [] }));
    const { unmount } = render(BillingAccount);
    expect((await screen.findByTestId('no-cards')).textContent.trim()).toBe(
      'No card on file yet: add one to pay by card.',
    );
    expect(screen.getByTestId('add-card')).toBeTruthy();
    unmount();

    kiosk.on = true;
    render(BillingAccount);
    expect((await screen.findByTestId('no-cards')).textContent.trim()).toBe('No card on file.');
    expect(screen.queryByTestId('add-card')).toBeNull();
  });

  it('R-BUY-1: credit is enabled on request', async () => {
    mockBackend(
      fakeShop({
        ...postpaidAccount,
        credit: { enabled: false, limit: '0.00', used: '0.00', available: '0.00' },
      }),
    );
    render(BillingAccount);
    await fireEvent.click(await screen.findByTestId('request-credit'));
    await waitFor(() =>
      expect(screen.getByTestId('credit-available').textContent).toBe('$5,000.00'),
    );
    expect(screen.queryByTestId('request-credit')).toBeNull();
  });

  it('R-AFT-3: a postpaid account can ask for credit by a ticket', async () => {
    mockBackend(fakeShop(postpaidAccount));
    render(BillingAccount);
    expect((await screen.findByTestId('credit-ticket')).getAttribute('href')).toBe(
      '#/billing/tickets/new?category=credit',
    );
  });

  it('R-MT-3: shows the time zone, saves another one and says so', async () => {
    const calls = mockBackend(fakeShop(prepaidAccount));
    render(BillingAccount);
    const select = (await screen.findByTestId('time-zone')) as HTMLSelectElement;
    expect(select.value).toBe('America/New_York');
    const save = screen.getByTestId('save-time-zone') as HTMLButtonElement;
    expect(save.disabled).toBe(true);

    await fireEvent.change(select, { target: { value: 'Asia/Tokyo' } });
    expect(save.disabled).toBe(false);
    await fireEvent.click(save);
    await waitFor(() =>
      expect(screen.getByTestId('account-done').textContent).toContain(
        'Time zone saved: Asia/Tokyo',
      ),
    );
    expect(calls.filter((c) => c.command === 'account_set_time_zone')).toEqual([
      { command: 'account_set_time_zone', args: { zone: 'Asia/Tokyo' } },
    ]);
    expect((screen.getByTestId('time-zone') as HTMLSelectElement).value).toBe('Asia/Tokyo');
    expect((screen.getByTestId('save-time-zone') as HTMLButtonElement).disabled).toBe(true);
  });

  it('shows why a time zone was refused and keeps the one chosen', async () => {
    mockBackend((command, args) => {
      if (command === 'account_set_time_zone') {
        throw {
          code: 'invalid_input',
          message: 'time zone: "Europe/Berlin" is not a known time zone',
        };
      }
      return fakeShop(prepaidAccount)(command, args);
    });
    render(BillingAccount);
    const select = (await screen.findByTestId('time-zone')) as HTMLSelectElement;
    await fireEvent.change(select, { target: { value: 'Europe/Berlin' } });
    await fireEvent.click(screen.getByTestId('save-time-zone'));
    expect((await screen.findByTestId('time-zone-error')).textContent).toBe(
      'Time zone: "Europe/Berlin" is not a known time zone.',
    );
    expect((screen.getByTestId('time-zone') as HTMLSelectElement).value).toBe('Europe/Berlin');
    expect(screen.queryByTestId('account-done')).toBeNull();
  });

  it('tells a reseller customer that nothing is charged here', async () => {
    mockBackend(fakeShop(resellerAccount));
    render(BillingAccount);
    const note = (await screen.findByTestId('reseller-note')).textContent;
    expect(note.replace(/\s+/g, ' ')).toContain('for reference only');
    expect(screen.queryByTestId('top-up')).toBeNull();
    expect(screen.queryByTestId('add-card')).toBeNull();
    expect(screen.queryByTestId('credit-ticket')).toBeNull();
  });
});
