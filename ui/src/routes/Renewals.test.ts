import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import type { RenewalsPage, RenewalsQuery, Subscription } from '../lib/api';
import { formatInstant } from '../lib/util/time';
import {
  active,
  cancelled,
  fakeRenewals,
  inGrace,
  inRetention,
  released,
} from '../lib/renewals/fixtures';
import { parseRenewalsView, type RenewalsView } from '../lib/renewals/renewalsQuery';
import { mockBackend, type IpcCall } from '../lib/testing/ipc';
import Renewals from './Renewals.svelte';

afterEach(() => {
  clearMocks();
  window.location.hash = '';
});

const open = (view?: Partial<RenewalsView>) =>
  render(Renewals, view === undefined ? {} : { props: { view: { ...DEFAULT, ...view } } });
const DEFAULT: RenewalsView = { tab: 'all', product: '', offset: 0 };

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
    // How it was bought, not one term's length: a term bought or renewed for months is longer.
    expect(row(1).textContent).toMatch(/SaaS · Team ·\s+Monthly · Order #7/);
    expect(row(2).textContent).toMatch(/License · Standard ·\s+Yearly · Order #5/);
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
      if (fail && command === 'subscriptions_renewals') {
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

/** What Renewals asked the backend, in order. */
const asked = (calls: IpcCall[]) =>
  calls
    .filter((call) => call.command === 'subscriptions_renewals')
    .map((call) => (call.args as { query: RenewalsQuery }).query);
const lastAsked = (calls: IpcCall[]) => asked(calls).at(-1);
const rowIds = () =>
  screen
    .queryAllByTestId(/^subscription-row-/)
    .map((tr) => Number(tr.dataset.testid?.replace('subscription-row-', '')));
const words = (testid: string) =>
  screen.getByTestId(testid).textContent?.replace(/\s+/g, ' ').trim();
const pressed = (tab: string) =>
  screen.getByTestId(`renewals-tab-${tab}`).getAttribute('aria-pressed');
const searchBox = () => screen.getByTestId('renewals-search') as HTMLInputElement;

/** `count` monthly subscriptions renewed by hand, expiring together, ids from 100. */
const many = (count: number): Subscription[] =>
  Array.from({ length: count }, (_, index) => ({
    ...inGrace,
    id: 100 + index,
    order_id: 100 + index,
    product_name: `Backup Plan ${index + 1}`,
    state: 'active',
    days_left: 90,
  }));

describe('Renewals tabs', () => {
  it('shows every tab with the count the backend gives', async () => {
    const answer: RenewalsPage = {
      items: [active],
      total: 1234,
      offset: 0,
      limit: 20,
      tabs: [
        { tab: 'all', count: 1234 },
        { tab: 'expiring', count: 2 },
        { tab: 'grace', count: 1 },
        { tab: 'retention', count: 0 },
        { tab: 'auto_renew', count: 1 },
        { tab: 'manual', count: 1100 },
        { tab: 'ended', count: 133 },
      ],
    };
    mockBackend((command) => (command === 'subscriptions_renewals' ? answer : null));
    open();
    await screen.findByTestId('subscription-row-1');
    expect(
      ['all', 'expiring', 'grace', 'retention', 'auto_renew', 'manual', 'ended'].map((tab) =>
        words(`renewals-tab-${tab}`),
      ),
    ).toEqual([
      'All 1,234',
      'Expiring in 30 days 2',
      'In grace 1',
      'Frozen 0',
      'Auto-renewal on 1',
      'Renewed by hand 1,100',
      'Ended 133',
    ]);
    expect(screen.getByTestId('renewals-tab-count-manual').textContent).toBe('1,100');
    expect(screen.getByRole('group', { name: 'Show subscriptions' })).toBeTruthy();
    expect(pressed('all')).toBe('true');
    expect(pressed('grace')).toBe('false');
  });

  it('asks for the chosen tab from its first page and shows its rows', async () => {
    const calls = mockBackend(
      fakeRenewals([active, inGrace, inRetention, released, cancelled, ...many(25)]),
    );
    open({ offset: 20 });
    await screen.findByTestId('subscription-row-124');
    expect(words('renewals-tab-manual')).toBe('Renewed by hand 27');

    await fireEvent.click(screen.getByTestId('renewals-tab-ended'));
    await waitFor(() => expect(rowIds()).toEqual([4, 5]));
    expect(lastAsked(calls)).toEqual({ tab: 'ended', product: null, offset: 0, limit: 20 });
    expect(pressed('ended')).toBe('true');
    expect(pressed('all')).toBe('false');
    expect(window.location.hash).toBe('#/billing/renewals?tab=ended');

    await fireEvent.click(screen.getByTestId('renewals-tab-grace'));
    await waitFor(() => expect(rowIds()).toEqual([2]));
    expect(lastAsked(calls)).toEqual({ tab: 'grace', product: null, offset: 0, limit: 20 });
  });
});

describe('Renewals search', () => {
  it('asks once the typing pauses, trimmed, from the first page', async () => {
    const calls = mockBackend(fakeRenewals([active, inGrace, cancelled, ...many(25)]));
    open({ offset: 20 });
    await screen.findByTestId('subscription-row-124');
    expect(screen.getByLabelText('Find a product')).toBe(searchBox());
    const before = asked(calls).length;

    await fireEvent.input(searchBox(), { target: { value: '  CRM ' } });
    // Not on the keystroke: a word is one question.
    expect(asked(calls)).toHaveLength(before);
    expect(searchBox().value).toBe('  CRM ');
    await waitFor(() =>
      expect(lastAsked(calls)).toEqual({ tab: 'all', product: 'CRM', offset: 0, limit: 20 }),
    );
    await waitFor(() => expect(rowIds()).toEqual([1, 5]));
    expect(asked(calls)).toHaveLength(before + 1);
    expect(words('renewals-tab-all')).toBe('All 2');
    expect(words('renewals-tab-ended')).toBe('Ended 1');
    expect(screen.queryByTestId('renewals-pager')).toBeNull();
    expect(window.location.hash).toBe('#/billing/renewals?product=CRM');
    // What was typed stays as typed.
    expect(searchBox().value).toBe('  CRM ');

    // Another space changes nothing worth asking.
    await fireEvent.input(searchBox(), { target: { value: '  CRM  ' } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(asked(calls)).toHaveLength(before + 1);
  });

  it('takes the text still waiting for its pause along with a tab', async () => {
    const calls = mockBackend(fakeRenewals([active, inGrace, cancelled]));
    open();
    await screen.findByTestId('subscription-row-1');
    await fireEvent.input(searchBox(), { target: { value: 'vault' } });
    await fireEvent.click(screen.getByTestId('renewals-tab-manual'));
    await waitFor(() => expect(rowIds()).toEqual([2]));
    expect(lastAsked(calls)).toEqual({ tab: 'manual', product: 'vault', offset: 0, limit: 20 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(lastAsked(calls)).toEqual({ tab: 'manual', product: 'vault', offset: 0, limit: 20 });
    expect(window.location.hash).toBe('#/billing/renewals?tab=manual&product=vault');
  });

  it('asks at once on Enter', async () => {
    const calls = mockBackend(fakeRenewals([active, inGrace]));
    open();
    await screen.findByTestId('subscription-row-1');
    await fireEvent.input(searchBox(), { target: { value: 'orbit' } });
    await fireEvent.keyDown(searchBox(), { key: 'Enter' });
    expect(lastAsked(calls)).toEqual({ tab: 'all', product: 'orbit', offset: 0, limit: 20 });
    await waitFor(() => expect(rowIds()).toEqual([1]));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(asked(calls)).toHaveLength(2);
  });
});

describe('Renewals pages', () => {
  it('moves a page at a time, saying which rows are shown', async () => {
    const calls = mockBackend(fakeRenewals(many(45)));
    open();
    await screen.findByTestId('subscription-row-100');
    const previous = () => screen.getByTestId('renewals-previous') as HTMLButtonElement;
    const next = () => screen.getByTestId('renewals-next') as HTMLButtonElement;
    expect(rowIds()).toHaveLength(20);
    expect(words('renewals-range')).toBe('1–20 of 45');
    expect(previous().disabled).toBe(true);
    expect(next().disabled).toBe(false);

    await fireEvent.click(next());
    await waitFor(() => expect(words('renewals-range')).toBe('21–40 of 45'));
    expect(lastAsked(calls)).toEqual({ tab: 'all', product: null, offset: 20, limit: 20 });
    expect(rowIds()[0]).toBe(120);
    expect(previous().disabled).toBe(false);
    expect(window.location.hash).toBe('#/billing/renewals?offset=20');

    await fireEvent.click(next());
    await waitFor(() => expect(words('renewals-range')).toBe('41–45 of 45'));
    expect(rowIds()).toEqual([140, 141, 142, 143, 144]);
    expect(next().disabled).toBe(true);
    // Next went off under the focus: it moves to Previous rather than to the page's top.
    expect(document.activeElement).toBe(previous());

    await fireEvent.click(previous());
    await waitFor(() => expect(words('renewals-range')).toBe('21–40 of 45'));
    expect(lastAsked(calls)).toEqual({ tab: 'all', product: null, offset: 20, limit: 20 });
  });

  it('has no pager when one page holds them all', async () => {
    mockBackend(fakeRenewals(many(20)));
    open();
    await screen.findByTestId('subscription-row-119');
    expect(screen.queryByTestId('renewals-pager')).toBeNull();
    expect(screen.queryByTestId('renewals-range')).toBeNull();
  });

  it('opens the last page for an offset past the end', async () => {
    const calls = mockBackend(fakeRenewals(many(25)));
    open({ offset: 60 });
    await waitFor(() => expect(rowIds()).toEqual([120, 121, 122, 123, 124]));
    expect(asked(calls).map((query) => query.offset)).toEqual([60, 20]);
    expect(words('renewals-range')).toBe('21–25 of 25');
    expect(window.location.hash).toBe('#/billing/renewals?offset=20');
  });
});

describe('Renewals empty tabs and the URL', () => {
  it('names the empty tab and offers every subscription', async () => {
    const calls = mockBackend(fakeRenewals([active, released]));
    open();
    await screen.findByTestId('subscription-row-1');
    await fireEvent.click(screen.getByTestId('renewals-tab-grace'));
    const empty = await screen.findByTestId('empty-state');
    expect(empty.textContent).toContain('No subscriptions in “In grace”.');
    expect(empty.textContent).not.toContain('No subscriptions yet');
    // The tabs stay, to choose another.
    expect(words('renewals-tab-all')).toBe('All 2');

    await fireEvent.click(within(empty).getByRole('button', { name: 'Show all subscriptions' }));
    await waitFor(() => expect(rowIds()).toEqual([1, 4]));
    expect(lastAsked(calls)).toEqual({ tab: 'all', product: null, offset: 0, limit: 20 });
    expect(pressed('all')).toBe('true');
  });

  it('names the text that found nothing, and clears it to show all', async () => {
    mockBackend(fakeRenewals([active, inGrace]));
    open({ tab: 'grace', product: 'zzz' });
    const empty = await screen.findByTestId('empty-state');
    expect(empty.textContent).toContain('No subscriptions in “In grace” match “zzz”.');
    expect(searchBox().value).toBe('zzz');

    await fireEvent.click(screen.getByTestId('renewals-show-all'));
    await waitFor(() => expect(rowIds()).toEqual([2, 1]));
    expect(searchBox().value).toBe('');
    expect(document.activeElement).toBe(searchBox());
    expect(window.location.hash).toBe('#/billing/renewals');
  });

  it('opens on the tab, text and page of its URL', async () => {
    const calls = mockBackend(fakeRenewals([active, inGrace, inRetention, released]));
    open({ tab: 'manual', product: 'vault', offset: 0 });
    await waitFor(() => expect(rowIds()).toEqual([2]));
    expect(asked(calls)).toEqual([{ tab: 'manual', product: 'vault', offset: 0, limit: 20 }]);
    expect(searchBox().value).toBe('vault');
    expect(pressed('manual')).toBe('true');
  });

  it('falls back to every subscription from the first page for values it does not know', async () => {
    const calls = mockBackend(fakeRenewals([active, inGrace]));
    open(parseRenewalsView(new URLSearchParams('tab=lapsed&offset=-20&product=%20%20')));
    await waitFor(() => expect(rowIds()).toEqual([2, 1]));
    expect(asked(calls)).toEqual([{ tab: 'all', product: null, offset: 0, limit: 20 }]);
    expect(pressed('all')).toBe('true');
  });
});
