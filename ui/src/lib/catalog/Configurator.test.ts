import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import App from '../../App.svelte';
import Product from '../../routes/Product.svelte';
import type { Quote, QuoteRequest } from '../api';
import { fakeCatalog } from '../testing/fixtures';
import { deferred, mockBackend, type IpcCall } from '../testing/ipc';
import { loadAllScreens } from '../testing/screens';

beforeAll(loadAllScreens, 60_000);

function goTo(hash: string) {
  window.location.hash = hash;
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}

afterEach(() => {
  clearMocks();
  window.location.hash = '';
});

const quoteRequests = (calls: IpcCall[]) =>
  calls
    .filter((call) => call.command === 'product_quote')
    .map((call) => call.args.request as QuoteRequest);

const lastRequest = (calls: IpcCall[]) => quoteRequests(calls).at(-1);

const total = () => screen.getByTestId('quote-total').textContent;

function option(testId: string, name: string): HTMLInputElement {
  const label = screen.getAllByTestId(testId).find((l) => l.textContent?.includes(name));
  if (label === undefined) throw new Error(`no ${testId} named ${name}`);
  return within(label).getByRole('radio') as HTMLInputElement;
}

const labels = (testId: string) =>
  screen.queryAllByTestId(testId).map((label) => label.textContent?.trim());

async function setUsers(value: string) {
  await fireEvent.input(screen.getByTestId('users-input'), { target: { value } });
}

function quote(totalAmount: string): Quote {
  return {
    lines: [{ label: 'Business edition', amount: totalAmount }],
    total: totalAmount,
    per: 'for 1 month',
    note: null,
  };
}

describe('Configurator', () => {
  it('preselects the configuration the URL names and prices it', async () => {
    const calls = mockBackend();
    goTo(
      '#/products/orbit-crm?edition=business&billing=yearly_monthly&period=month&duration=3&users=25',
    );
    render(App);

    await waitFor(() => expect(total()).toBe('$900.00'));
    expect(option('edition-option', 'Business').checked).toBe(true);
    expect(option('edition-option', 'Team').checked).toBe(false);
    expect(option('period-option', 'Monthly').checked).toBe(true);
    expect((screen.getByTestId('duration-select') as HTMLSelectElement).value).toBe('3');
    expect((screen.getByTestId('users-input') as HTMLInputElement).value).toBe('25');
    expect(quoteRequests(calls)).toEqual([
      {
        product_id: 'orbit-crm',
        edition: 'business',
        billing: 'yearly_monthly',
        period: 'month',
        duration: 3,
        users: 25,
        quantity: null,
      },
    ]);
  });

  it('applies a new URL for the product already shown', async () => {
    const calls = mockBackend();
    goTo('#/products/orbit-crm');
    render(App);
    await waitFor(() => expect(total()).toBe('$8.00'));

    goTo('#/products/orbit-crm?edition=business&users=10');
    await waitFor(() => expect(total()).toBe('$120.00'));
    expect(option('edition-option', 'Business').checked).toBe(true);
    expect(lastRequest(calls)).toMatchObject({ edition: 'business', users: 10, duration: 1 });
    expect(calls.filter((call) => call.command === 'product_show')).toHaveLength(1);
  });

  it('falls back to the defaults for what the URL names that the product does not offer', async () => {
    const calls = mockBackend();
    render(Product, {
      props: {
        id: 'mysql-ha-image',
        spec: { edition: 'gold', billing: null, period: 'year', duration: 99, users: 5 },
      },
    });
    await waitFor(() => expect(total()).toBe('$59.00'));
    expect(lastRequest(calls)).toMatchObject({
      edition: 'standard',
      billing: 'yearly_monthly',
      period: 'month',
      duration: 1,
      users: null,
    });
  });

  it('shows each edition with its specification and updates the price live when it changes', async () => {
    const calls = mockBackend();
    render(Product, { props: { id: 'orbit-crm' } });

    await waitFor(() => expect(total()).toBe('$8.00'));
    expect(labels('edition-option')).toEqual([
      'Team Up to 50 users, 10 GB storage',
      'Business Unlimited users, 100 GB storage, sandbox',
    ]);
    expect(option('edition-option', 'Team').checked).toBe(true);
    expect(labels('billing-option')).toEqual(['Yearly/Monthly']);
    expect(labels('period-option')).toEqual(['Monthly', 'Yearly']);

    await fireEvent.click(option('edition-option', 'Business'));
    await waitFor(() => expect(total()).toBe('$12.00'));
    expect(lastRequest(calls)).toMatchObject({ edition: 'business', users: 1 });
    expect(within(screen.getByTestId('quote-lines')).getByText('$12.00')).toBeTruthy();
    expect(quoteRequests(calls)).toHaveLength(2);
  });

  it('asks for users only for per-user plans', async () => {
    const calls = mockBackend();
    render(Product, { props: { id: 'orbit-crm' } });
    await waitFor(() => expect(total()).toBe('$8.00'));
    expect(screen.getByTestId('users-input')).toBeTruthy();

    await setUsers('40');
    await waitFor(() => expect(total()).toBe('$320.00'));
    expect(lastRequest(calls)).toMatchObject({ edition: 'team', period: 'month', users: 40 });

    // The Team edition's yearly plan is one price for the edition.
    await fireEvent.click(option('period-option', 'Yearly'));
    await waitFor(() => expect(total()).toBe('$960.00'));
    expect(screen.queryByTestId('users-input')).toBeNull();
    expect(lastRequest(calls)).toMatchObject({ period: 'year', users: null });
    const durations = [...(screen.getByTestId('duration-select') as HTMLSelectElement).options];
    expect(durations.map((o) => o.textContent)).toEqual([
      '1 year',
      '2 years',
      '3 years',
      '4 years',
      '5 years',
    ]);
  });

  it('offers only the billing modes and periods of the edition', async () => {
    const calls = mockBackend();
    render(Product, { props: { id: 'mysql-ha-image' } });
    await waitFor(() => expect(total()).toBe('$59.00'));
    expect(labels('billing-option')).toEqual(['Yearly/Monthly', 'Pay-per-use']);
    expect(labels('period-option')).toEqual(['Monthly']);
    expect(screen.getAllByRole('option')).toHaveLength(36);

    await fireEvent.change(screen.getByTestId('duration-select'), { target: { value: '12' } });
    await waitFor(() => expect(total()).toBe('$708.00'));

    await fireEvent.click(option('billing-option', 'Pay-per-use'));
    await waitFor(() => expect(total()).toBe('$0.12'));
    expect(labels('period-option')).toEqual(['Hourly']);
    expect(screen.queryByTestId('duration-select')).toBeNull();
    expect(screen.queryByTestId('users-input')).toBeNull();
    expect(lastRequest(calls)).toMatchObject({
      billing: 'pay_per_use',
      period: 'hour',
      duration: 1,
      users: null,
    });
  });

  it("shows the backend's message inline for a configuration it refuses, and recovers", async () => {
    mockBackend();
    render(Product, { props: { id: 'orbit-crm' } });
    await waitFor(() => expect(total()).toBe('$8.00'));

    await setUsers('20000');
    const error = await screen.findByTestId('quote-error');
    expect(error.textContent).toBe('users: must be between 1 and 10000 (got 20000)');
    expect(screen.queryByTestId('quote-total')).toBeNull();
    expect((screen.getByTestId('save-to-list') as HTMLButtonElement).disabled).toBe(true);

    await setUsers('');
    await waitFor(() =>
      expect(screen.getByTestId('quote-error').textContent).toContain('give the number of users'),
    );

    await setUsers('20');
    await waitFor(() => expect(total()).toBe('$160.00'));
    expect(screen.queryByTestId('quote-error')).toBeNull();
  });

  it('asks once for quick typing, dims the old price while waiting, and keeps only the latest answer', async () => {
    const answers: ReturnType<typeof deferred<Quote>>[] = [];
    const catalog = fakeCatalog();
    const calls = mockBackend((command, args) => {
      if (command !== 'product_quote') return catalog(command, args);
      const answer = deferred<Quote>();
      answers.push(answer);
      return answer.promise;
    });
    render(Product, { props: { id: 'orbit-crm' } });
    await waitFor(() => expect(answers).toHaveLength(1));
    answers[0]!.resolve(quote('8.00'));
    await waitFor(() => expect(total()).toBe('$8.00'));

    await setUsers('4');
    await setUsers('45');
    await waitFor(() => expect(answers).toHaveLength(2));
    expect(lastRequest(calls)).toMatchObject({ users: 45 });
    expect(screen.getByTestId('quote-lines').parentElement?.classList).toContain('stale');
    expect(total()).toBe('$8.00');

    await setUsers('46');
    await waitFor(() => expect(answers).toHaveLength(3));
    answers[2]!.resolve(quote('368.00'));
    await waitFor(() => expect(total()).toBe('$368.00'));
    answers[1]!.resolve(quote('360.00'));
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(total()).toBe('$368.00');
    expect(screen.getByTestId('quote-lines').parentElement?.classList).not.toContain('stale');
    expect(quoteRequests(calls).map((request) => request.users)).toEqual([1, 45, 46]);
  });

  it('saves the configuration to My Favorites and links to them', async () => {
    const catalog = fakeCatalog();
    const calls = mockBackend((command, args) =>
      command === 'favorite_save' ? { id: 1 } : catalog(command, args),
    );
    render(Product, {
      props: {
        id: 'orbit-crm',
        spec: { edition: 'business', billing: null, period: null, duration: 3, users: 25 },
      },
    });
    await waitFor(() => expect(total()).toBe('$900.00'));

    await fireEvent.click(screen.getByTestId('save-to-list'));
    const saved = await screen.findByTestId('saved-message');
    expect(saved.textContent).toContain('Saved to My Favorites');
    expect(within(saved).getByRole('link').getAttribute('href')).toBe('#/my/favorites');
    expect(calls.filter((call) => call.command === 'favorite_save')).toEqual([
      {
        command: 'favorite_save',
        args: {
          productId: 'orbit-crm',
          spec: {
            edition: 'business',
            billing: 'yearly_monthly',
            period: 'month',
            duration: 3,
            users: 25,
          },
        },
      },
    ]);

    // Changing the configuration takes the confirmation away: it was for the old one.
    await setUsers('26');
    expect(screen.queryByTestId('saved-message')).toBeNull();
  });

  it('says why a configuration could not be saved', async () => {
    const catalog = fakeCatalog();
    mockBackend((command, args) => {
      if (command === 'favorite_save') {
        throw { code: 'storage', message: 'The data file is busy; try again.' };
      }
      return catalog(command, args);
    });
    render(Product, { props: { id: 'mysql-ha-image' } });
    await waitFor(() => expect(total()).toBe('$59.00'));
    await fireEvent.click(screen.getByTestId('save-to-list'));
    expect((await screen.findByTestId('save-error')).textContent).toBe(
      'The data file is busy; try again.',
    );
  });

  it('R-BUY-3: Continue to Submit opens the checkout with the configuration, except for images', async () => {
    mockBackend(fakeCatalog());
    render(Product, { props: { id: 'orbit-crm' } });
    await screen.findByTestId('quote-total');
    await setUsers('25');
    await waitFor(() =>
      expect(screen.getByTestId('continue-to-submit').getAttribute('href')).toBe(
        '#/checkout/orbit-crm?edition=team&billing=yearly_monthly&period=month&duration=1&users=25',
      ),
    );
    await setUsers('0');
    await waitFor(() =>
      expect(screen.getByTestId('continue-to-submit').getAttribute('aria-disabled')).toBe('true'),
    );
  });

  it('offers no checkout for an image, which is bought in the image wizard', async () => {
    mockBackend(fakeCatalog());
    render(Product, { props: { id: 'mysql-ha-image' } });
    await screen.findByTestId('quote-total');
    expect(screen.queryByTestId('continue-to-submit')).toBeNull();
  });
});
