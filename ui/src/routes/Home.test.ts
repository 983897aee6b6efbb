import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import { emptyHome, home } from '../lib/testing/fixtures';
import { mockBackend } from '../lib/testing/ipc';
import Home from './Home.svelte';

afterEach(() => {
  clearMocks();
  window.location.hash = '';
});

describe('Home', () => {
  it('shows a loading state, then the popular applications as cards', async () => {
    mockBackend();
    render(Home);
    expect(screen.getByTestId('loading')).toBeTruthy();

    const popular = await screen.findByTestId('popular-apps');
    const cards = within(popular).getAllByTestId('product-card');
    expect(cards).toHaveLength(home.popular.length);

    const first = cards[0]!;
    expect(within(first).getByTestId('product-card-name').textContent).toBe(
      'MySQL 8 High Availability',
    );
    expect(first.textContent).toContain('DataForge Systems');
    expect(first.textContent).toContain('Image');
    expect(first.textContent).toContain('From $0.12 / hour');
    expect(popular.textContent).toContain('From $8.00 / user / month');
    expect(popular.textContent).toContain('Price on request');
    expect(within(first).getByRole('link').getAttribute('href')).toBe('#/products/mysql-ha-image');
    expect(screen.queryByTestId('loading')).toBeNull();
    // The logos are part of the first screen: drawn with it, not when scrolled to.
    const logos = [...popular.querySelectorAll('img')];
    expect(logos.length).toBeGreaterThan(0);
    expect(logos.every((logo) => logo.getAttribute('loading') !== 'lazy')).toBe(true);
  });

  it('shows the category menu with links to filtered searches', async () => {
    mockBackend();
    render(Home);
    const menu = await screen.findByTestId('category-menu');
    expect(within(menu).getAllByRole('heading')).toHaveLength(4);
    expect(screen.getByTestId('category-infrastructure').getAttribute('href')).toBe(
      '#/search?category=infrastructure',
    );
    expect(screen.getByTestId('category-crm').getAttribute('href')).toBe(
      '#/search?category=business&sub_category=crm',
    );
  });

  it('says how many products the catalog has', async () => {
    mockBackend();
    render(Home);
    expect((await screen.findByTestId('product-count')).textContent).toContain('8 products');
  });

  it('opens the search page from the search bar', async () => {
    mockBackend();
    render(Home);
    const input = screen.getByTestId('search-input') as HTMLInputElement;
    await fireEvent.input(input, { target: { value: ' mysql ha ' } });
    await fireEvent.click(screen.getByTestId('search-submit'));
    expect(window.location.hash).toBe('#/search?q=mysql+ha');
  });

  it('shows an empty state for an empty catalog', async () => {
    mockBackend(() => emptyHome);
    render(Home);
    expect((await screen.findByTestId('empty-state')).textContent).toContain('No applications yet');
  });

  it('shows the error message, and Retry asks again', async () => {
    let attempts = 0;
    const calls = mockBackend(() => {
      attempts += 1;
      if (attempts === 1) {
        throw { code: 'storage', message: 'The catalog database could not be opened.' };
      }
      return home;
    });
    render(Home);
    const error = await screen.findByTestId('error-state');
    expect(error.textContent).toContain('The catalog database could not be opened.');

    await fireEvent.click(within(error).getByRole('button', { name: 'Retry' }));
    await screen.findByTestId('popular-apps');
    expect(calls.filter((call) => call.command === 'catalog_home')).toHaveLength(2);
    expect(screen.queryByTestId('error-state')).toBeNull();
  });
});
