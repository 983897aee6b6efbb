import { render, screen, waitFor } from '@testing-library/svelte';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import { active } from '../lib/renewals/fixtures';
import { fakeShop } from '../lib/testing/fixtures';
import { mockBackend } from '../lib/testing/ipc';
import PurchasedApp from './PurchasedApp.svelte';

afterEach(() => {
  clearMocks();
});

describe('Resource Details and the subscription', () => {
  it('links to Upgrade Specification on the subscription of the app’s order', async () => {
    const shop = fakeShop();
    const calls = mockBackend((command, args) =>
      command === 'subscriptions_of_orders'
        ? [{ ...active, id: 9, order_id: 1 }]
        : shop(command, args),
    );
    render(PurchasedApp, { props: { orderId: 1 } });
    const link = await screen.findByTestId('app-upgrade');
    expect(link.textContent).toBe('Upgrade Specification');
    expect(link.getAttribute('href')).toBe('#/billing/renewals/9');
    const lookups = calls.filter((c) => c.command === 'subscriptions_of_orders');
    expect(lookups.map((c) => c.args)).toEqual([{ orders: [1] }]);
  });

  it('has no link when the order has no subscription, and still shows the app', async () => {
    const shop = fakeShop();
    const calls = mockBackend((command, args) =>
      command === 'subscriptions_of_orders' ? [] : shop(command, args),
    );
    render(PurchasedApp, { props: { orderId: 1 } });
    await screen.findByTestId('saas-access');
    await waitFor(() =>
      expect(calls.some((c) => c.command === 'subscriptions_of_orders')).toBe(true),
    );
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(screen.queryByTestId('app-upgrade')).toBeNull();
  });

  it('still shows the app when the subscriptions cannot be read', async () => {
    const shop = fakeShop();
    mockBackend((command, args) => {
      if (command === 'subscriptions_of_orders') throw { code: 'storage', message: 'disk full' };
      return shop(command, args);
    });
    render(PurchasedApp, { props: { orderId: 1 } });
    await screen.findByTestId('saas-access');
    expect(screen.queryByTestId('app-upgrade')).toBeNull();
    expect(screen.queryByTestId('error-state')).toBeNull();
  });
});
