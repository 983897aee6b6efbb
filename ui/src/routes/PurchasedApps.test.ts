import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import type { PageRequest, PurchasedApp as App } from '../lib/api';
import PasswordField from '../lib/apps/PasswordField.svelte';
import { crmApp, crmPassword, fakeShop } from '../lib/testing/fixtures';
import { mockBackend, type IpcCall } from '../lib/testing/ipc';
import { pageOf } from '../lib/testing/page';
import PurchasedApp from './PurchasedApp.svelte';
import PurchasedApps from './PurchasedApps.svelte';

afterEach(() => {
  clearMocks();
  window.location.hash = '';
});

/** A shop whose buyer has `rows` as purchased apps, newest first. */
function owning(rows: App[]) {
  const shop = fakeShop();
  return (command: string, args: Record<string, unknown>) =>
    command === 'apps_list'
      ? pageOf(rows, args.page as PageRequest | undefined)
      : shop(command, args);
}

/** `count` apps, the newest (the highest order id) first. */
const many = (count: number): App[] =>
  Array.from({ length: count }, (_, index) => ({
    ...crmApp,
    order_id: count - index,
    product_name: `Orbit CRM ${count - index}`,
  }));

/** The pages Purchased Apps asked the backend for, in order. */
const asked = (calls: IpcCall[]) =>
  calls.filter((call) => call.command === 'apps_list').map((call) => call.args.page);
const appNames = () =>
  screen.queryAllByTestId('app-row').map((row) => within(row).getByRole('heading').textContent);
const words = (testid: string) =>
  screen.getByTestId(testid).textContent?.replace(/\s+/g, ' ').trim();

describe('Purchased Apps', () => {
  it('lists the apps ready to use, with a link to their Resource Details', async () => {
    const calls = mockBackend(fakeShop());
    render(PurchasedApps);
    const rows = within(await screen.findByTestId('apps-list')).getAllByTestId('app-row');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.textContent).toContain('Orbit CRM');
    expect(rows[0]!.textContent).toContain('Team edition · SaaS · Orbit Software');
    expect(within(rows[0]!).getAllByRole('link')[0]!.getAttribute('href')).toBe('#/my/apps/1');
    expect(asked(calls)).toEqual([{ offset: 0, limit: 20 }]);
    expect(screen.queryByTestId('apps-pager')).toBeNull();
  });

  it('shows the loading state first', () => {
    mockBackend(() => new Promise(() => undefined));
    render(PurchasedApps);
    expect(screen.getByTestId('loading').textContent).toContain('Loading your apps');
  });

  it('has an empty state that explains supervised products', async () => {
    mockBackend(owning([]));
    render(PurchasedApps);
    const empty = await screen.findByTestId('empty-state');
    expect(empty.textContent).toContain('No apps yet');
    expect(empty.textContent).toContain('once their supervision is complete');
    expect(screen.queryByTestId('apps-pager')).toBeNull();
  });

  it('has an error state whose Retry asks again', async () => {
    let fail = true;
    const answer = owning(many(3));
    const calls = mockBackend((command, args) => {
      if (fail && command === 'apps_list') {
        throw { code: 'storage', message: 'the data file could not be read' };
      }
      return answer(command, args);
    });
    render(PurchasedApps, { props: { offset: 0 } });
    expect((await screen.findByTestId('error-message')).textContent).toBe(
      'the data file could not be read',
    );
    fail = false;
    await fireEvent.click(screen.getByTestId('retry'));
    await waitFor(() => expect(appNames()).toEqual(['Orbit CRM 3', 'Orbit CRM 2', 'Orbit CRM 1']));
    expect(asked(calls)).toHaveLength(2);
  });
});

describe('Purchased Apps pages', () => {
  it('moves a page at a time, saying which apps are shown', async () => {
    const calls = mockBackend(owning(many(45)));
    render(PurchasedApps, { props: { offset: 0 } });
    await waitFor(() => expect(appNames()).toHaveLength(20));
    const previous = () => screen.getByTestId('apps-previous') as HTMLButtonElement;
    const next = () => screen.getByTestId('apps-next') as HTMLButtonElement;
    expect(appNames()[0]).toBe('Orbit CRM 45');
    expect(words('apps-range')).toBe('1–20 of 45');
    expect(screen.getByRole('navigation', { name: 'Apps pages' })).toBe(
      screen.getByTestId('apps-pager'),
    );
    expect(previous().disabled).toBe(true);

    await fireEvent.click(next());
    await waitFor(() => expect(words('apps-range')).toBe('21–40 of 45'));
    expect(asked(calls).at(-1)).toEqual({ offset: 20, limit: 20 });
    expect(appNames()[0]).toBe('Orbit CRM 25');
    expect(window.location.hash).toBe('#/my/apps?offset=20');

    await fireEvent.click(next());
    await waitFor(() => expect(words('apps-range')).toBe('41–45 of 45'));
    expect(appNames()).toHaveLength(5);
    expect(next().disabled).toBe(true);

    await fireEvent.click(previous());
    await waitFor(() => expect(words('apps-range')).toBe('21–40 of 45'));
    await fireEvent.click(previous());
    await waitFor(() => expect(words('apps-range')).toBe('1–20 of 45'));
    expect(window.location.hash).toBe('#/my/apps');
    expect(asked(calls).map((page) => (page as PageRequest).offset)).toEqual([0, 20, 40, 20, 0]);
  });

  it('asks again when the address names another page', async () => {
    const calls = mockBackend(owning(many(45)));
    const { rerender } = render(PurchasedApps, { props: { offset: 40 } });
    await waitFor(() => expect(words('apps-range')).toBe('41–45 of 45'));
    await rerender({ offset: 20 });
    await waitFor(() => expect(words('apps-range')).toBe('21–40 of 45'));
    expect(asked(calls)).toEqual([
      { offset: 40, limit: 20 },
      { offset: 20, limit: 20 },
    ]);
  });

  it('has no pager when one page holds them all', async () => {
    mockBackend(owning(many(20)));
    render(PurchasedApps);
    await waitFor(() => expect(appNames()).toHaveLength(20));
    expect(screen.queryByTestId('apps-pager')).toBeNull();
  });

  it('opens the last page for an offset past the end', async () => {
    const calls = mockBackend(owning(many(21)));
    render(PurchasedApps, { props: { offset: 100 } });
    await waitFor(() => expect(appNames()).toEqual(['Orbit CRM 1']));
    expect(asked(calls).map((page) => (page as PageRequest).offset)).toEqual([100, 20]);
    expect(words('apps-range')).toBe('21–21 of 21');
    expect(window.location.hash).toBe('#/my/apps?offset=20');
  });
});

describe('Resource Details', () => {
  it('R-USE: shows the SaaS account and hides the password until the eye is clicked', async () => {
    const calls = mockBackend(fakeShop());
    render(PurchasedApp, { props: { orderId: 1 } });
    const access = await screen.findByTestId('saas-access');
    expect(within(access).getByTestId('saas-user').textContent).toBe('it@acme-retail.example');
    expect(access.textContent).toContain('https://orbit-crm.apps.koogallery.example/manage/t1');
    expect(access.textContent).toContain('https://t1.orbit-crm.apps.koogallery.example/');
    expect(document.body.textContent).not.toContain(crmPassword);
    expect(calls.some((c) => c.command === 'app_reveal_password')).toBe(false);

    await fireEvent.click(screen.getByTestId('password-eye'));
    await waitFor(() => expect(screen.getByTestId('password-value').textContent).toBe(crmPassword));
    expect(calls.filter((c) => c.command === 'app_reveal_password')).toEqual([
      { command: 'app_reveal_password', args: { orderId: 1 } },
    ]);

    await fireEvent.click(screen.getByTestId('password-eye'));
    expect(document.body.textContent).not.toContain(crmPassword);
    expect(screen.getByTestId('seller-contact').textContent).toContain('support@orbit.example');
  });

  it('says when the order has no app yet', async () => {
    mockBackend(fakeShop());
    render(PurchasedApp, { props: { orderId: 5 } });
    expect((await screen.findByTestId('empty-state')).textContent).toContain(
      'Not in Purchased Apps',
    );
  });
});

describe('the password field', () => {
  it('copies the password on demand without showing it', async () => {
    const copied: string[] = [];
    render(PasswordField, {
      props: {
        reveal: () => Promise.resolve('s3cret'),
        copy: (text: string) => {
          copied.push(text);
          return Promise.resolve();
        },
      },
    });
    await fireEvent.click(screen.getByTestId('password-copy'));
    await waitFor(() => expect(copied).toEqual(['s3cret']));
    expect(screen.getByTestId('password-value').textContent).not.toContain('s3cret');
    expect(screen.getByTestId('password-message').textContent).toBe('Copied to the clipboard.');
  });

  it('shows why the password could not be revealed', async () => {
    render(PasswordField, {
      props: { reveal: () => Promise.reject(new Error('the key file is missing')) },
    });
    await fireEvent.click(screen.getByTestId('password-eye'));
    expect((await screen.findByTestId('password-message')).textContent).toBe(
      'the key file is missing',
    );
  });
});
