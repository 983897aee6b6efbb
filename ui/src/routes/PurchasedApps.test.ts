import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import PasswordField from '../lib/apps/PasswordField.svelte';
import { crmPassword, fakeShop } from '../lib/testing/fixtures';
import { mockBackend } from '../lib/testing/ipc';
import PurchasedApp from './PurchasedApp.svelte';
import PurchasedApps from './PurchasedApps.svelte';

afterEach(() => {
  clearMocks();
});

describe('Purchased Apps', () => {
  it('lists the apps ready to use, with a link to their Resource Details', async () => {
    mockBackend(fakeShop());
    render(PurchasedApps);
    const rows = within(await screen.findByTestId('apps-list')).getAllByTestId('app-row');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.textContent).toContain('Orbit CRM');
    expect(rows[0]!.textContent).toContain('Team edition · SaaS · Orbit Software');
    expect(within(rows[0]!).getAllByRole('link')[0]!.getAttribute('href')).toBe('#/my/apps/1');
  });

  it('has an empty state that explains supervised products', async () => {
    const shop = fakeShop();
    mockBackend((command, args) => (command === 'apps_list' ? [] : shop(command, args)));
    render(PurchasedApps);
    expect((await screen.findByTestId('empty-state')).textContent).toContain(
      'once their supervision is complete',
    );
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
