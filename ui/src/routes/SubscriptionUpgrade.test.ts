import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiError, UpgradeRequest } from '../lib/api';
import { active, cancelled, inGrace, inRetention } from '../lib/renewals/fixtures';
import { fakeUpgrades, fewerUsers, upgradeQuote } from '../lib/renewals/upgradeFixtures';
import { deferred, mockBackend, type IpcCall } from '../lib/testing/ipc';
import Subscription from './Subscription.svelte';

afterEach(() => {
  clearMocks();
});

const byId = (testid: string) => screen.getByTestId(testid);
const text = (testid: string) => byId(testid).textContent.replace(/\s+/g, ' ').trim();

const quotes = (calls: IpcCall[]) =>
  calls.filter((c) => c.command === 'subscription_upgrade_quote').map((c) => c.args);
const payments = (calls: IpcCall[]) =>
  calls
    .filter((c) => c.command === 'subscription_upgrade')
    .map((c) => c.args.request as UpgradeRequest);

/** Opens the page and waits until the product's editions are offered. */
async function open(id = 1) {
  render(Subscription, { props: { id } });
  await screen.findByTestId('upgrade');
  await waitFor(() =>
    expect(
      Array.from((byId('upgrade-edition') as HTMLSelectElement).options, (o) => o.value),
    ).toEqual(['team', 'business']),
  );
}

describe('Upgrade Specification', () => {
  it('offers only the editions after the current one, and users from the current count', async () => {
    const calls = mockBackend(fakeUpgrades([active]));
    await open();
    expect(text('upgrade-edition')).toBe('Team (current)Business');
    const users = byId('upgrade-users') as HTMLInputElement;
    expect(users.value).toBe('25');
    expect(users.min).toBe('25');
    expect((byId('upgrade-pay') as HTMLButtonElement).disabled).toBe(true);
    expect(quotes(calls)).toEqual([]);
    expect(calls.find((c) => c.command === 'product_show')?.args).toEqual({ id: 'orbit-crm' });
  });

  it('R-UP-1, R-UP-4: asks the quote for the chosen edition and users and shows each line', async () => {
    const calls = mockBackend(fakeUpgrades([active]));
    await open();
    await fireEvent.change(byId('upgrade-edition'), { target: { value: 'business' } });
    await waitFor(() =>
      expect(text('upgrade-total')).toBe(`$${upgradeQuote('business', 25).total}`),
    );
    await fireEvent.input(byId('upgrade-users'), { target: { value: '30' } });
    const expected = upgradeQuote('business', 30);
    await waitFor(() => expect(text('upgrade-total')).toBe(`$${expected.total}`));
    expect(quotes(calls)).toEqual([
      { id: 1, edition: 'business', users: null },
      { id: 1, edition: 'business', users: 30 },
    ]);
    const lines = within(byId('upgrade-quote')).getAllByTestId('upgrade-line');
    expect(lines).toHaveLength(expected.lines.length);
    expected.lines.forEach((line, index) => {
      const row = lines[index]!;
      expect(within(row).getByTestId('upgrade-rule').textContent).toBe(line.rule);
      expect(within(row).getByTestId('upgrade-arithmetic').textContent).toBe(line.arithmetic);
      expect(row.textContent).toContain(line.label);
    });
    expect(lines[2]!.textContent).toContain('\u2212$122.58');
    expect(text('upgrade-days')).toBe('19 of 31 days left in the term.');
  });

  it('pays with one key however often Pay upgrade is clicked, and again with it after a failure', async () => {
    const fake = fakeUpgrades([active]);
    const first = deferred<unknown>();
    let attempts = 0;
    const calls = mockBackend((command, args) => {
      if (command !== 'subscription_upgrade') return fake(command, args);
      attempts += 1;
      return attempts === 1 ? first.promise : fake(command, args);
    });
    await open();
    await fireEvent.input(byId('upgrade-users'), { target: { value: '30' } });
    await waitFor(() => expect(text('upgrade-total')).toBe('$24.52'));
    const pay = byId('upgrade-pay') as HTMLButtonElement;
    await fireEvent.click(pay);
    await waitFor(() => expect(pay.textContent).toBe('Paying…'));
    expect(pay.disabled).toBe(true);
    await fireEvent.click(pay);
    expect(payments(calls)).toHaveLength(1);

    first.reject({
      code: 'insufficient_balance',
      message: 'the prepaid balance of $20.00 does not cover $24.52',
    } satisfies ApiError);
    expect((await screen.findByTestId('upgrade-error')).textContent).toBe(
      'The prepaid balance of $20.00 does not cover $24.52.',
    );
    await fireEvent.click(pay);
    const done = await screen.findByTestId('upgrade-done');
    expect(done.textContent).toContain('Team, 30 users');
    expect(done.textContent).toContain('Charged $24.52');
    const sent = payments(calls);
    expect(sent).toHaveLength(2);
    expect(sent[1]!.idempotency_key).toBe(sent[0]!.idempotency_key);
    expect(sent[1]).toEqual({
      subscription_id: 1,
      edition: null,
      users: 30,
      idempotency_key: sent[0]!.idempotency_key,
    });
    // The page shows the new specification.
    await waitFor(() => expect(document.body.textContent).toContain('Team · 30 users'));
  });

  it('R-UP-5: shows the refusal of fewer users inline and does not pay', async () => {
    const calls = mockBackend(fakeUpgrades([active]));
    await open();
    await fireEvent.input(byId('upgrade-users'), { target: { value: '20' } });
    expect((await screen.findByTestId('upgrade-error')).textContent).toBe(
      'Fewer users: only as part of a renewal, from 30 days before expiry (R-UP-5).',
    );
    expect(fewerUsers).toContain('only as part of a renewal, from 30 days before expiry');
    expect(screen.queryByTestId('upgrade-quote')).toBeNull();
    const pay = byId('upgrade-pay') as HTMLButtonElement;
    expect(pay.disabled).toBe(true);
    await fireEvent.click(pay);
    expect(payments(calls)).toEqual([]);
  });

  it('is offered in grace', async () => {
    mockBackend(fakeUpgrades([inGrace]));
    render(Subscription, { props: { id: 2 } });
    expect(await screen.findByTestId('upgrade')).toBeTruthy();
  });

  it('is not offered once cancelled', async () => {
    mockBackend(fakeUpgrades([cancelled]));
    render(Subscription, { props: { id: 5 } });
    await screen.findByTestId('subscription-closed');
    expect(screen.queryByTestId('upgrade')).toBeNull();
  });

  it('is not offered in retention', async () => {
    mockBackend(fakeUpgrades([inRetention]));
    render(Subscription, { props: { id: 3 } });
    await screen.findByTestId('renew');
    expect(screen.queryByTestId('upgrade')).toBeNull();
  });
});
