import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiError } from '../lib/api';
import { fakeBuyer } from '../lib/testing/fixtures';
import { deferred, mockBackend } from '../lib/testing/ipc';
import MyFavorites from './MyFavorites.svelte';

afterEach(() => {
  clearMocks();
  window.location.hash = '';
});

const rows = () => within(screen.getByTestId('favorites-list')).getAllByTestId('favorite-row');

describe('MyFavorites', () => {
  it('lists each saved product with its seller and specification in words, newest first', async () => {
    mockBackend(fakeBuyer());
    render(MyFavorites);
    expect(screen.getByTestId('loading')).toBeTruthy();

    await screen.findByTestId('favorites-list');
    const [crm, mysql] = rows();
    expect(crm!.textContent).toContain('Orbit CRM');
    expect(crm!.textContent).toContain('Orbit Software');
    expect(within(crm!).getByTestId('favorite-spec').textContent).toBe(
      'Team · Yearly/Monthly · 3 months · 25 users',
    );
    expect(within(mysql!).getByTestId('favorite-spec').textContent).toBe(
      'Standard · Pay-per-use · 48 hours',
    );
    expect(crm!.querySelector('img')?.getAttribute('src')).toContain('/products/orbit-crm/logo');
  });

  it('links Buy to the product page with the saved specification', async () => {
    mockBackend(fakeBuyer());
    render(MyFavorites);
    await screen.findByTestId('favorites-list');
    const [crm, mysql] = rows();
    expect(within(crm!).getByTestId('favorite-buy').getAttribute('href')).toBe(
      '#/products/orbit-crm?edition=team&billing=yearly_monthly&period=month&duration=3&users=25',
    );
    expect(within(mysql!).getByTestId('favorite-buy').getAttribute('href')).toBe(
      '#/products/mysql-ha-image?edition=standard&billing=pay_per_use&period=hour&duration=48',
    );
  });

  it('removes a product from the list', async () => {
    const calls = mockBackend(fakeBuyer());
    render(MyFavorites);
    await screen.findByTestId('favorites-list');
    await fireEvent.click(within(rows()[0]!).getByTestId('favorite-remove'));
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(rows()[0]!.textContent).toContain('MySQL 8 High Availability');
    expect(calls.filter((c) => c.command === 'favorite_remove')).toEqual([
      { command: 'favorite_remove', args: { productId: 'orbit-crm' } },
    ]);
  });

  it('says so when a removal fails, and shows the list as it is now', async () => {
    const buyer = fakeBuyer();
    mockBackend((command, args) => {
      if (command === 'favorite_remove') {
        throw {
          code: 'not_found',
          message: 'the product "orbit-crm" in My Favorites was not found',
        } satisfies ApiError;
      }
      return buyer(command, args);
    });
    render(MyFavorites);
    await screen.findByTestId('favorites-list');
    await fireEvent.click(within(rows()[0]!).getByTestId('favorite-remove'));
    expect((await screen.findByTestId('favorite-remove-error')).textContent).toBe(
      'The product "orbit-crm" in My Favorites was not found.',
    );
    await waitFor(() => expect(rows()).toHaveLength(2));
  });

  it('disables Remove while the removal is on its way, so a double click removes once', async () => {
    const answer = deferred<null>();
    const buyer = fakeBuyer();
    const calls = mockBackend((command, args) =>
      command === 'favorite_remove' ? answer.promise : buyer(command, args),
    );
    render(MyFavorites);
    await screen.findByTestId('favorites-list');
    const button = within(rows()[0]!).getByTestId('favorite-remove') as HTMLButtonElement;
    await fireEvent.click(button);
    await fireEvent.click(button);
    expect(button.disabled).toBe(true);
    answer.resolve(null);
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(calls.filter((c) => c.command === 'favorite_remove')).toHaveLength(1);
  });

  it('shows the empty state when nothing is saved', async () => {
    mockBackend(fakeBuyer({ favorites: [] }));
    render(MyFavorites);
    const empty = await screen.findByTestId('empty-state');
    expect(empty.textContent).toContain('No saved products yet');
    expect(empty.textContent).toContain(
      'Use Save to List on a product page to keep a product with the configuration you chose.',
    );
    expect(screen.queryByTestId('favorites-list')).toBeNull();
  });

  it('shows the error state and retries', async () => {
    let fail = true;
    const buyer = fakeBuyer();
    mockBackend((command, args) => {
      if (command === 'favorites_list' && fail) {
        throw { code: 'storage', message: 'the data file could not be read' } satisfies ApiError;
      }
      return buyer(command, args);
    });
    render(MyFavorites);
    expect((await screen.findByTestId('error-message')).textContent).toBe(
      'the data file could not be read',
    );
    fail = false;
    await fireEvent.click(screen.getByTestId('retry'));
    await screen.findByTestId('favorites-list');
  });
});
