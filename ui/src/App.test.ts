import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { clearMocks } from '@tauri-apps/api/mocks';
import { tick } from 'svelte';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import App from './App.svelte';
import { router } from './lib/router/router.svelte';
import type { RenewalsQuery, SearchQuery, SearchResults } from './lib/api';
import { active, fakeRenewals, inGrace, released } from './lib/renewals/fixtures';
import { fakeBuyer, fakeCatalog, products, searchIn } from './lib/testing/fixtures';
import { deferred, mockBackend } from './lib/testing/ipc';
import { stubViewport } from './lib/testing/viewport';
import { loadAllScreens } from './lib/testing/screens';

beforeAll(loadAllScreens, 60_000);

function goTo(hash: string) {
  window.location.hash = hash;
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}

let restoreViewport: () => void;

beforeEach(() => {
  restoreViewport = stubViewport();
  goTo('#/');
});

afterEach(() => {
  clearMocks();
  restoreViewport();
});

const names = () =>
  within(screen.getByTestId('search-results'))
    .getAllByTestId('product-card-name')
    .map((name) => name.textContent);

describe('App', () => {
  it('shows the screen of the current route and follows links', async () => {
    mockBackend();
    render(App);
    await screen.findByTestId('popular-apps');

    goTo('#/search?delivery=license');
    await waitFor(() => expect(names()).toEqual(['VaultKeeper Backup Server']));

    goTo('#/products/vaultkeeper-backup');
    expect((await screen.findByTestId('product-name')).textContent).toBe(
      'VaultKeeper Backup Server',
    );
    expect(screen.getByTestId('back-link').getAttribute('href')).toBe('#/search?delivery=license');

    goTo('#/no/such/page');
    expect((await screen.findByTestId('empty-state')).textContent).toContain('Page not found');
  });

  it('refreshes the results as the person types, keeping the filters in the URL', async () => {
    mockBackend();
    goTo('#/search?category=infrastructure');
    render(App);
    await waitFor(() =>
      expect(names()).toEqual(['MySQL 8 High Availability', 'VaultKeeper Backup Server']),
    );

    const input = screen.getByTestId('search-input') as HTMLInputElement;
    await fireEvent.input(input, { target: { value: 'vault' } });
    // The input keeps what was typed while the results follow.
    expect(input.value).toBe('vault');
    await waitFor(() => expect(names()).toEqual(['VaultKeeper Backup Server']));
    expect(window.location.hash).toBe('#/search?q=vault&category=infrastructure');
    expect(input.value).toBe('vault');
    // The keystroke was timed to the paint of its results.
    await waitFor(() =>
      expect(window.__kgSearchTimings).toContainEqual(
        expect.objectContaining({ text: 'vault', ms: expect.any(Number) }),
      ),
    );
    delete window.__kgSearchTimings;
  });

  it('changes nothing on screen but the typed text until the answer comes', async () => {
    const catalog = fakeCatalog();
    const slow = deferred<unknown>();
    mockBackend((command, args) => {
      const query = (args as { query?: SearchQuery } | undefined)?.query;
      return query?.text === 'vault' ? slow.promise : catalog(command, args);
    });
    goTo('#/search?category=infrastructure');
    render(App);
    await waitFor(() => expect(names()).toHaveLength(2));
    const summary = screen.getByTestId('results-summary').textContent;

    await fireEvent.input(screen.getByTestId('search-input'), { target: { value: 'vault' } });
    await tick();
    // The heading and the list still describe the results on screen, not yet dimmed.
    expect(screen.getByTestId('results-summary').textContent).toBe(summary);
    expect(names()).toHaveLength(2);
    expect(screen.getByTestId('search-results').classList.contains('stale')).toBe(false);

    slow.resolve(
      catalog('catalog_search', { query: { text: 'vault', category: 'infrastructure' } }),
    );
    await waitFor(() => expect(names()).toEqual(['VaultKeeper Backup Server']));
    expect(screen.getByTestId('results-summary').textContent).toBe('1 result for “vault”');
  });

  it('keeps the text typed when a filter is clicked before the panel has caught up', async () => {
    mockBackend();
    goTo('#/search?category=infrastructure');
    render(App);
    await waitFor(() => expect(names()).toHaveLength(2));
    const input = screen.getByTestId('search-input') as HTMLInputElement;
    await fireEvent.input(input, { target: { value: 'vault' } });
    await waitFor(() => expect(names()).toEqual(['VaultKeeper Backup Server']));
    // Straight after typing, before the counts of "vault" have come back.
    await fireEvent.click(within(screen.getByTestId('filter-panel')).getByText('License'));
    await waitFor(() =>
      expect(window.location.hash).toBe(
        '#/search?q=vault&category=infrastructure&delivery=license',
      ),
    );
    expect(names()).toEqual(['VaultKeeper Backup Server']);
  });

  it('searches on every keystroke at once, and not again for a space', async () => {
    const calls = mockBackend();
    goTo('#/search');
    render(App);
    await waitFor(() => expect(names().length).toBeGreaterThan(0));
    const searchedFor = () =>
      calls
        .filter((call) => call.command === 'catalog_search')
        .map((call) => (call.args as { query: SearchQuery }).query)
        .filter((query) => query.facets !== true)
        .map((query) => query.text);

    const input = screen.getByTestId('search-input') as HTMLInputElement;
    for (const text of ['v', 'va', 'vau', 'vau ']) {
      await fireEvent.input(input, { target: { value: text } });
    }
    // No pause in typing was waited for: each keystroke asked at once.
    expect(searchedFor()).toEqual([null, 'v', 'va', 'vau']);
    await waitFor(() => expect(names()).toEqual(['VaultKeeper Backup Server']));
    expect(searchedFor()).toEqual([null, 'v', 'va', 'vau']);
    delete window.__kgSearchTimings;
  });

  it('shows the newest results even when an older search answers last', async () => {
    const slow = deferred<SearchResults>();
    const catalog = fakeCatalog();
    mockBackend((command, args) => {
      const query = (args as { query?: SearchQuery }).query;
      if (command === 'catalog_search' && query?.text === 'orbit') return slow.promise;
      return catalog(command, args);
    });
    goTo('#/search?q=orbit');
    render(App);
    await screen.findByTestId('loading');

    const input = screen.getByTestId('search-input') as HTMLInputElement;
    await fireEvent.input(input, { target: { value: 'orbit crm' } });
    await waitFor(() => expect(names()).toEqual(['Orbit CRM']));

    slow.resolve(
      searchIn(products, {
        text: 'orbit',
        category: null,
        sub_category: null,
        delivery: null,
        billing: null,
        limit: 50,
        offset: 0,
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(names()).toEqual(['Orbit CRM']);
  });

  it('restores the filters and the order when going back and forward', async () => {
    mockBackend();
    goTo('#/search?seller=orbit-soft&supervised=false&min_price=10&sort=price_desc');
    render(App);
    await waitFor(() => expect(names()).toEqual(['Insight Dashboards']));
    expect((screen.getByTestId('sort') as HTMLSelectElement).value).toBe('price_desc');
    expect((screen.getByTestId('price-min') as HTMLInputElement).value).toBe('10');

    goTo('#/search?q=crm');
    await waitFor(() => expect(names()).toEqual(['Orbit CRM']));
    expect((screen.getByTestId('price-min') as HTMLInputElement).value).toBe('');
    expect(screen.queryAllByTestId('active-filter')).toEqual([]);

    // Back: the browser puts the previous hash back and fires hashchange.
    goTo('#/search?seller=orbit-soft&supervised=false&min_price=10&sort=price_desc');
    await waitFor(() => expect(names()).toEqual(['Insight Dashboards']));
    expect(screen.getAllByTestId('active-filter').map((chip) => chip.textContent?.trim())).toEqual([
      'Orbit Software×',
      'Not supervised×',
      'From $10.00 / month×',
    ]);
    expect((screen.getByTestId('sort') as HTMLSelectElement).value).toBe('price_desc');
    expect((screen.getByTestId('price-min') as HTMLInputElement).value).toBe('10');
  });
});

describe('My KooGallery', () => {
  it('opens My Favorites and My Requirements from the top bar, and the form from its URL', async () => {
    mockBackend(fakeBuyer());
    render(App);
    await screen.findByTestId('popular-apps');
    const nav = () => screen.getByRole('navigation', { name: 'My KooGallery' });
    expect(within(nav()).getByText('My Favorites').getAttribute('href')).toBe('#/my/favorites');
    expect(within(nav()).getByText('My Requirements').getAttribute('href')).toBe(
      '#/my/requirements',
    );

    goTo('#/my/favorites');
    await screen.findByTestId('favorites-list');
    expect(within(nav()).getByText('My Favorites').getAttribute('aria-current')).toBe('page');

    goTo('#/my/requirements');
    expect((await screen.findByTestId('empty-state')).textContent).toContain('No requirements');

    goTo('#/requirements/new?q=fhir');
    expect((await screen.findByTestId('requirement-search')).textContent).toContain('“fhir”');
  });

  it('keeps the specification of a Buy link in the product route', async () => {
    mockBackend(fakeBuyer());
    render(App);
    goTo('#/my/favorites');
    await screen.findByTestId('favorites-list');
    goTo(screen.getAllByTestId('favorite-buy')[0]!.getAttribute('href')!);
    expect((await screen.findByTestId('product-name')).textContent).toBe('Orbit CRM');
    expect(router().current).toEqual({
      name: 'product',
      id: 'orbit-crm',
      spec: {
        edition: 'team',
        billing: 'yearly_monthly',
        period: 'month',
        duration: 3,
        users: 25,
      },
    });
  });
});

describe('Billing Center > Renewals', () => {
  it('keeps its tab, search and page in the URL, to come back to from a subscription', async () => {
    const renewals = fakeRenewals([active, inGrace, released]);
    const shop = fakeCatalog();
    const calls = mockBackend((command, args) =>
      command.startsWith('subscription') || command === 'account_show'
        ? renewals(command, args)
        : shop(command, args),
    );
    const asked = () =>
      calls
        .filter((call) => call.command === 'subscriptions_renewals')
        .map((call) => (call.args as { query: RenewalsQuery }).query);
    // An offset that is not a number is read as the first page.
    goTo('#/billing/renewals?tab=manual&product=vault&offset=two');
    render(App);
    const row = await screen.findByTestId('subscription-row-2');
    expect(asked()).toEqual([{ tab: 'manual', product: 'vault', offset: 0, limit: 20 }]);
    const tab = (name: string) => screen.getByTestId(`renewals-tab-${name}`);
    expect(tab('manual').getAttribute('aria-pressed')).toBe('true');

    await fireEvent.click(tab('grace'));
    await waitFor(() =>
      expect(window.location.hash).toBe('#/billing/renewals?tab=grace&product=vault'),
    );
    await waitFor(() => expect(asked()).toHaveLength(2));
    expect(asked()[1]).toEqual({ tab: 'grace', product: 'vault', offset: 0, limit: 20 });

    goTo(within(row).getByRole('link', { name: 'Vault Backup License' }).getAttribute('href')!);
    await screen.findByTestId('subscription-state');

    // Back: the browser puts the previous hash back and fires hashchange.
    goTo('#/billing/renewals?tab=grace&product=vault');
    await screen.findByTestId('subscription-row-2');
    expect(asked()[2]).toEqual({ tab: 'grace', product: 'vault', offset: 0, limit: 20 });
    expect((screen.getByTestId('renewals-search') as HTMLInputElement).value).toBe('vault');
    expect(tab('grace').getAttribute('aria-pressed')).toBe('true');
  });
});
