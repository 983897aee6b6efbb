import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiError, RenewRequest } from '../lib/api';
import { formatInstant } from '../lib/util/time';
import {
  active,
  activeTimeline,
  cancelled,
  fakeRenewals,
  inGrace,
  manualRenewal,
  released,
} from '../lib/renewals/fixtures';
import { deferred, mockBackend, type IpcCall } from '../lib/testing/ipc';
import Subscription from './Subscription.svelte';

afterEach(() => {
  clearMocks();
});

const NEW_YORK = 'America/New_York';
const local = (at: string) => formatInstant(at, NEW_YORK);
const byId = (testid: string) => screen.getByTestId(testid);
const text = (testid: string) => byId(testid).textContent.replace(/\s+/g, ' ').trim();

const quotes = (calls: IpcCall[]) =>
  calls.filter((c) => c.command === 'subscription_renewal_quote').map((c) => c.args);
const renewals = (calls: IpcCall[]) =>
  calls
    .filter((c) => c.command === 'subscription_renew')
    .map((c) => c.args.request as RenewRequest);

function open(id: number) {
  render(Subscription, { props: { id } });
}

/** Waits until the account's zone is applied, so that times read as the buyer's. */
async function loaded() {
  await waitFor(() => expect(text('subscription-expiry')).toBe(local(active.expires_at)));
}

describe('a subscription’s page', () => {
  it('shows its details and the timeline in order, each with its local time and rule', async () => {
    mockBackend(
      fakeRenewals([active], {
        timelines: { 1: activeTimeline },
        renewals: { 1: [manualRenewal] },
      }),
    );
    open(1);
    await screen.findByTestId('timeline');
    await loaded();
    expect(text('subscription-state')).toBe('Active');
    expect(text('subscription-expiry')).toBe('2026-04-08 23:59');
    expect(screen.getByText(/SaaS · Team · 25 users · Monthly/)).toBeTruthy();
    const events = within(byId('timeline')).getAllByTestId('timeline-event');
    expect(events.map((e) => e.textContent.replace(/\s+/g, ' ').trim())).toEqual(
      activeTimeline.map((e) => `${local(e.at)} ${e.what} ${e.rule}`),
    );
    expect(events[0]!.textContent).toContain('2026-04-01 03:00');
    expect(within(byId('renewals')).getByTestId('renewal-11').textContent).toContain('Paid');
  });

  it('R-REN-2: asks the quote for the chosen period and duration and shows it', async () => {
    const calls = mockBackend(fakeRenewals([active]));
    open(1);
    await waitFor(() => expect(text('renew-quote-amount')).toBe('$600.00'));
    expect(quotes(calls)[0]).toEqual({ id: 1, period: 'month', duration: 1 });
    expect(screen.queryByTestId('renew-from-original')).toBeNull();

    await fireEvent.change(byId('renew-duration'), { target: { value: '3' } });
    await waitFor(() => expect(text('renew-quote-amount')).toBe('$1,800.00'));
    await fireEvent.change(byId('renew-period'), { target: { value: 'year' } });
    await waitFor(() => expect(text('renew-quote-amount')).toBe('$18,000.00'));
    await fireEvent.change(byId('renew-duration'), { target: { value: '5' } });
    await waitFor(() => expect(text('renew-quote-amount')).toBe('$30,000.00'));
    expect(quotes(calls).slice(1)).toEqual([
      { id: 1, period: 'month', duration: 3 },
      { id: 1, period: 'year', duration: 3 },
      { id: 1, period: 'year', duration: 5 },
    ]);
    expect(
      Array.from((byId('renew-duration') as HTMLSelectElement).options, (o) => o.value),
    ).toEqual(['1', '2', '3', '4', '5']);
    await loaded();
    expect(text('renew-quote-to')).toBe(local('2031-04-09T03:59:59Z'));
  });

  it('R-REN-2: in grace, says the renewal is counted from the original expiry', async () => {
    mockBackend(fakeRenewals([inGrace]));
    open(2);
    expect((await screen.findByTestId('renew-from-original')).textContent).toContain(
      'counted from the original expiry',
    );
    expect(text('subscription-state')).toBe('Grace — usable');
    expect(text('subscription-days-left')).toBe('expired 3 days ago');
  });

  it('pays with one key however often Pay is clicked, and again with it after a failure', async () => {
    const fake = fakeRenewals([active]);
    const first = deferred<unknown>();
    let attempts = 0;
    const calls = mockBackend((command, args) => {
      if (command !== 'subscription_renew') return fake(command, args);
      attempts += 1;
      return attempts === 1 ? first.promise : fake(command, args);
    });
    open(1);
    await waitFor(() => expect(text('renew-quote-amount')).toBe('$600.00'));
    const pay = byId('renew-pay') as HTMLButtonElement;
    await fireEvent.click(pay);
    await waitFor(() => expect(pay.textContent).toBe('Paying…'));
    expect(pay.disabled).toBe(true);
    await fireEvent.click(pay);
    expect(renewals(calls)).toHaveLength(1);

    first.reject({
      code: 'insufficient_balance',
      message: 'the prepaid balance of $20.00 does not cover $600.00',
    } satisfies ApiError);
    expect((await screen.findByTestId('renew-error')).textContent).toBe(
      'The prepaid balance of $20.00 does not cover $600.00.',
    );
    expect(screen.queryByTestId('renew-done')).toBeNull();

    await fireEvent.click(pay);
    const done = await screen.findByTestId('renew-done');
    await loaded();
    expect(done.textContent).toContain('1 month for $600.00');
    expect(done.textContent).toContain(local('2026-05-09T03:59:59Z'));
    expect(screen.queryByTestId('renew-error')).toBeNull();
    const keys = renewals(calls).map((r) => r.idempotency_key);
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    expect(renewals(calls)[1]).toEqual({
      subscription_id: 1,
      period: 'month',
      duration: 1,
      idempotency_key: keys[0],
    });
    // The page shows the subscription as it now stands.
    await waitFor(() => expect(text('subscription-expiry')).toBe(local('2026-05-09T03:59:59Z')));
  });

  it('makes a new key for the next renewal once one is paid', async () => {
    const calls = mockBackend(fakeRenewals([active]));
    open(1);
    await waitFor(() => expect(text('renew-quote-amount')).toBe('$600.00'));
    await fireEvent.click(byId('renew-pay'));
    await screen.findByTestId('renew-done');
    await waitFor(() => expect((byId('renew-pay') as HTMLButtonElement).disabled).toBe(false));
    await fireEvent.click(byId('renew-pay'));
    await waitFor(() => expect(renewals(calls)).toHaveLength(2));
    const [a, b] = renewals(calls).map((r) => r.idempotency_key);
    expect(b).not.toBe(a);
  });

  it('shows the core’s message when a quote is refused', async () => {
    mockBackend((command, args) => {
      if (command === 'subscription_renewal_quote') {
        throw {
          code: 'invalid_input',
          message: 'Orbit CRM is no longer sold by the month; it cannot be renewed',
        } satisfies ApiError;
      }
      return fakeRenewals([active])(command, args);
    });
    open(1);
    expect((await screen.findByTestId('renew-quote-error')).textContent.trim()).toBe(
      'Orbit CRM is no longer sold by the month; it cannot be renewed.',
    );
    expect((byId('renew-pay') as HTMLButtonElement).disabled).toBe(true);
  });

  it('R-REN-3: automatic renewal sends the choice and shows the next charge', async () => {
    const calls = mockBackend(fakeRenewals([{ ...inGrace, state: 'active', days_left: 40 }]));
    open(2);
    const toggle = (await screen.findByTestId('auto-renew-toggle')) as HTMLInputElement;
    expect(toggle.checked).toBe(false);
    expect((byId('auto-renew-period') as HTMLSelectElement).disabled).toBe(true);
    await fireEvent.click(toggle);
    await fireEvent.change(byId('auto-renew-period'), { target: { value: 'month' } });
    await fireEvent.input(byId('auto-renew-date'), { target: { value: '2026-04-20' } });
    await fireEvent.click(byId('auto-renew-save'));
    await screen.findByTestId('auto-renew-next');
    await waitFor(() =>
      expect(text('auto-renew-next')).toBe(
        `Automatic renewal is on: the next charge is at ${local('2026-04-20T07:00:00Z')}.`,
      ),
    );
    expect(calls.filter((c) => c.command === 'subscription_auto_renew').map((c) => c.args)).toEqual(
      [{ id: 2, choice: { enabled: true, period: 'month', date: '2026-04-20' } }],
    );
    expect(screen.queryByTestId('auto-renew-charged')).toBeNull();

    await fireEvent.click(toggle);
    await fireEvent.click(byId('auto-renew-save'));
    await waitFor(() => expect(text('auto-renew-next')).toBe('Automatic renewal is off.'));
    expect(calls.filter((c) => c.command === 'subscription_auto_renew').at(-1)!.args).toEqual({
      id: 2,
      choice: { enabled: false, period: null, date: null },
    });
  });

  it('R-REN-5: switched on within 7 days of expiry, shows the renewal charged at once', async () => {
    mockBackend(
      fakeRenewals([{ ...active, auto_renew: false, next_auto_renewal: null, days_left: 5 }]),
    );
    open(1);
    await fireEvent.click(await screen.findByTestId('auto-renew-toggle'));
    await fireEvent.click(byId('auto-renew-save'));
    const charged = await screen.findByTestId('auto-renew-charged');
    await waitFor(() => expect(text('subscription-expiry')).toBe(local('2026-05-09T03:59:59Z')));
    expect(charged.textContent).toContain('Charged at once: 1 month for $600.00');
    expect(charged.textContent).toContain(local('2026-05-09T03:59:59Z'));
    expect(within(byId('renewals')).getByTestId('renewal-30').textContent).toContain('Automatic');
  });

  it('shows the core’s message when automatic renewal is refused', async () => {
    mockBackend((command, args) => {
      if (command === 'subscription_auto_renew') {
        throw {
          code: 'invalid_input',
          message: 'renewal date: choose a date from 2026-03-28 to the expiry, 2026-04-08',
        } satisfies ApiError;
      }
      return fakeRenewals([active])(command, args);
    });
    open(1);
    await fireEvent.input(await screen.findByTestId('auto-renew-date'), {
      target: { value: '2026-06-01' },
    });
    await fireEvent.click(byId('auto-renew-save'));
    expect((await screen.findByTestId('auto-renew-error')).textContent).toBe(
      'Renewal date: choose a date from 2026-03-28 to the expiry, 2026-04-08.',
    );
  });

  it.each([
    [released, 'Released', 'its resources were deleted'],
    [cancelled, 'Cancelled', 'cancelled'],
  ])('a $state subscription shows no forms, and why', async (subscription, label, why) => {
    const calls = mockBackend(fakeRenewals([subscription]));
    open(subscription.id);
    expect((await screen.findByTestId('subscription-closed')).textContent).toContain(why);
    expect(text('subscription-state')).toBe(label);
    for (const testid of ['renew-pay', 'renew-period', 'auto-renew-toggle', 'auto-renew-save']) {
      expect(screen.queryByTestId(testid)).toBeNull();
    }
    expect(quotes(calls)).toHaveLength(0);
  });

  it('says when the subscription is not the account’s', async () => {
    mockBackend(fakeRenewals([active]));
    open(9);
    expect((await screen.findByTestId('empty-state')).textContent).toContain(
      'Subscription not found',
    );
  });

  it('has an error state whose Retry asks again', async () => {
    let fail = true;
    const answer = fakeRenewals([active]);
    mockBackend((command, args) => {
      if (fail && command === 'subscription_show') {
        throw { code: 'storage', message: 'the data file could not be read' };
      }
      return answer(command, args);
    });
    open(1);
    expect((await screen.findByTestId('error-message')).textContent).toBe(
      'the data file could not be read',
    );
    fail = false;
    await fireEvent.click(byId('retry'));
    expect(await screen.findByTestId('renew-pay')).toBeTruthy();
  });
});
