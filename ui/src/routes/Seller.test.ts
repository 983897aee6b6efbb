import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiError, SellerPage } from '../lib/api';
import { crmDetail, crmSaas, manyProducts } from '../lib/testing/fixtures';
import { mockBackend } from '../lib/testing/ipc';
import Seller from './Seller.svelte';

afterEach(() => {
  clearMocks();
  window.location.hash = '';
});

const orbit: SellerPage = {
  seller: crmDetail.seller,
  support_hours: 'Monday to Friday, 09:00–18:00 (UTC−8)',
  product_count: 1,
  products: [crmSaas],
};

function backend(page: SellerPage | ApiError) {
  return mockBackend((command, args) => {
    if (command !== 'seller_show') throw new Error(`unexpected command ${command}`);
    if ('code' in page) throw page;
    expect(args).toEqual({ id: page.seller.id });
    return page;
  });
}

describe('Seller (R-AFT-2)', () => {
  it('gives the seller’s contact, its support hours and its products', async () => {
    backend(orbit);
    render(Seller, { props: { id: 'orbit-soft' } });
    expect(screen.getByTestId('loading')).toBeTruthy();

    expect((await screen.findByTestId('seller-name')).textContent).toBe('Orbit Software');
    expect(screen.getByTestId('seller-product-count').textContent?.trim()).toBe(
      '1 product in the catalog',
    );
    const contact = screen.getByTestId('seller-contact');
    expect(contact.textContent).toContain('sales@orbit.example');
    expect(contact.textContent).toContain('+1 415 555 0100');
    expect(contact.textContent).toContain('https://orbit.example');
    expect(screen.getByTestId('seller-support-hours').textContent).toBe(orbit.support_hours);
    expect(screen.getByTestId('seller-ticket').getAttribute('href')).toBe(
      '#/billing/tickets/new?category=seller_unreachable',
    );

    const products = screen.getByTestId('seller-products');
    expect(within(products).getByRole('heading', { level: 2 }).textContent?.trim()).toBe(
      'Products',
    );
    expect(within(products).getAllByTestId('product-card')).toHaveLength(1);
    expect(within(products).getByTestId('product-card-name').getAttribute('href')).toBe(
      '#/products/orbit-crm',
    );
    expect(screen.queryByTestId('seller-all-products')).toBeNull();
  });

  it('shows the most bought of many products and links to all of them', async () => {
    const shown = manyProducts(24).map((p) => ({ ...p, seller_id: 'orbit-soft' }));
    backend({ ...orbit, product_count: 1234, products: shown });
    render(Seller, { props: { id: 'orbit-soft' } });

    const products = await screen.findByTestId('seller-products');
    expect(within(products).getByRole('heading', { level: 2 }).textContent?.trim()).toBe(
      'Most bought',
    );
    expect(within(products).getAllByTestId('product-card')).toHaveLength(24);
    const all = screen.getByTestId('seller-all-products');
    expect(all.textContent).toBe('See all 1,234 products');
    expect(all.getAttribute('href')).toBe('#/search?seller=orbit-soft');
  });

  it('says so when the seller has nothing in the catalog, and when it has no website', async () => {
    backend({
      ...orbit,
      seller: { ...orbit.seller, website: null },
      product_count: 0,
      products: [],
    });
    render(Seller, { props: { id: 'orbit-soft' } });
    const products = await screen.findByTestId('seller-products');
    expect(products.textContent).toContain('nothing in the catalog');
    expect(screen.getByTestId('seller-contact').textContent).not.toContain('Website');
  });

  it('says a seller it does not know is not found', async () => {
    backend({ code: 'not_found', message: 'the seller "nobody" was not found' });
    render(Seller, { props: { id: 'nobody' } });
    expect((await screen.findByText('Seller not found')).textContent).toBe('Seller not found');
  });

  it('offers to try again when the seller could not be loaded, and loads it then', async () => {
    let failures = 1;
    const calls = mockBackend(() => {
      if (failures-- > 0) throw { code: 'internal', message: 'the store is busy' };
      return orbit;
    });
    render(Seller, { props: { id: 'orbit-soft' } });
    expect(await screen.findByText('The seller could not be loaded')).toBeTruthy();
    await fireEvent.click(screen.getByTestId('retry'));
    expect((await screen.findByTestId('seller-name')).textContent).toBe('Orbit Software');
    expect(calls.map((c) => c.command)).toEqual(['seller_show', 'seller_show']);
  });
});
