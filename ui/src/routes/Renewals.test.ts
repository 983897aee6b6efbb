import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import { formatInstant } from '../lib/util/time';
import {
  active,
  cancelled,
  fakeRenewals,
  inGrace,
  inRetention,
  released,
} from '../lib/renewals/fixtures';
import { mockBackend } from '../lib/testing/ipc';
import Renewals from './Renewals.svelte';

afterEach(() => {
  clearMocks();
});

const NEW_YORK = 'America/New_York';
const row = (id: number) => screen.getByTestId(`subscription-row-${id}`);

describe('Billing Center > Renewals', () => {
  it('lists every subscription with its state, expiry in the buyer’s zone, days left and automatic renewal', async () => {
    mockBackend(fakeRenewals([active, inGrace, inRetention, released, cancelled]));
    render(Renewals);
    await screen.findByTestId('subscription-row-1');
    const cell = (id: number, testid: string) => within(row(id)).getByTestId(testid).textContent;

    expect([1, 2, 3, 4, 5].map((id) => cell(id, 'subscription-state'))).toEqual([
      'Active',
      'Grace — usable',
      'Retention — frozen',
      'Released',
      'Cancelled',
    ]);
    expect([1, 2, 3, 4].map((id) => cell(id, 'subscription-days-left'))).toEqual([
      '12 days left',
      'expired 3 days ago',
      'expired 20 days ago',
      'expired 40 days ago',
    ]);
    // The account's zone arrives after the list: expiries end at 23:59 there (R-MT-4).
    await expect
      .poll(() => cell(1, 'subscription-expiry'))
      .toBe(formatInstant(active.expires_at, NEW_YORK));
    expect(cell(1, 'subscription-expiry')).toBe('2026-04-08 23:59');
    expect(cell(1, 'subscription-auto-renew')).toBe('On · next charge 2026-04-01 03:00');
    expect(cell(2, 'subscription-auto-renew')).toBe('Off');

    const link = within(row(2)).getByRole('link', { name: 'Vault Backup License' });
    expect(link.getAttribute('href')).toBe('#/billing/renewals/2');
    expect(within(row(2)).getByRole('link', { name: 'Order #5' }).getAttribute('href')).toBe(
      '#/billing/orders/5',
    );
  });

  it('says "expires today" on the last day', async () => {
    mockBackend(fakeRenewals([{ ...active, days_left: 0 }]));
    render(Renewals);
    expect(
      within(await screen.findByTestId('subscription-row-1')).getByTestId('subscription-days-left')
        .textContent,
    ).toBe('expires today');
  });

  it('shows the loading state first', () => {
    mockBackend(() => new Promise(() => undefined));
    render(Renewals);
    expect(screen.getByTestId('loading')).toBeTruthy();
  });

  it('has an empty state', async () => {
    mockBackend(fakeRenewals([]));
    render(Renewals);
    expect((await screen.findByTestId('empty-state')).textContent).toContain(
      'No subscriptions yet: yearly/monthly purchases appear here',
    );
  });

  it('has an error state whose Retry asks again', async () => {
    let fail = true;
    const answer = fakeRenewals([active]);
    mockBackend((command, args) => {
      if (fail && command === 'subscriptions_list') {
        throw { code: 'storage', message: 'the data file could not be read' };
      }
      return answer(command, args);
    });
    render(Renewals);
    expect((await screen.findByTestId('error-message')).textContent).toBe(
      'the data file could not be read',
    );
    fail = false;
    await fireEvent.click(screen.getByTestId('retry'));
    expect(await screen.findByTestId('subscription-row-1')).toBeTruthy();
  });
});
