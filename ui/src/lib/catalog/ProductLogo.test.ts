import { fireEvent, render } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import ProductLogo from './ProductLogo.svelte';

describe('ProductLogo', () => {
  it('shows the logo from the store', () => {
    const { container } = render(ProductLogo, { id: 'orbit-crm', name: 'Orbit CRM' });
    expect(container.querySelector('img')?.getAttribute('src')).toContain(
      '/products/orbit-crm/logo',
    );
    expect(container.textContent?.trim()).toBe('');
  });

  it('asks for the logo at the size it is drawn: 64 pixels, 128 on a screen of two pixels a point', () => {
    for (const size of ['sm', 'md'] as const) {
      const { container } = render(ProductLogo, { id: 'orbit-crm', name: 'Orbit CRM', size });
      const image = container.querySelector('img')!;
      expect(image.getAttribute('src')).toMatch(/\/products\/orbit-crm\/logo\/small$/);
      expect(image.getAttribute('srcset')).toMatch(/\/products\/orbit-crm\/logo 2x$/);
    }
    const large = render(ProductLogo, { id: 'orbit-crm', name: 'Orbit CRM', size: 'lg' });
    const image = large.container.querySelector('img')!;
    expect(image.getAttribute('src')).toMatch(/\/products\/orbit-crm\/logo$/);
    expect(image.hasAttribute('srcset')).toBe(false);
  });

  it('loads a logo when scrolled to, unless it is one of the first screen', () => {
    const later = render(ProductLogo, { id: 'orbit-crm', name: 'Orbit CRM' });
    const lazy = later.container.querySelector('img')!;
    expect([lazy.getAttribute('loading'), lazy.getAttribute('decoding')]).toEqual([
      'lazy',
      'async',
    ]);

    const first = render(ProductLogo, { id: 'orbit-crm', name: 'Orbit CRM', eager: true });
    const eager = first.container.querySelector('img')!;
    expect([eager.getAttribute('loading'), eager.getAttribute('decoding')]).toEqual([null, 'sync']);
    expect(eager.getAttribute('src')).toContain('/products/orbit-crm/logo');
  });

  it('shows the initials of a product known to have no logo, and asks for no picture', () => {
    const { container } = render(ProductLogo, {
      id: 'generated-7',
      name: 'Nimbus Backup Vault',
      hasLogo: false,
    });
    expect(container.querySelector('img')).toBeNull();
    expect(container.textContent?.trim()).toBe('NB');
  });

  it('falls back to the initials when the logo fails to load, for that product only', async () => {
    const { container, rerender } = render(ProductLogo, { id: 'orbit-crm', name: 'Orbit CRM' });
    await fireEvent.error(container.querySelector('img')!);
    expect(container.querySelector('img')).toBeNull();
    expect(container.textContent?.trim()).toBe('OC');

    // A list row reused for another product tries that product's logo.
    await rerender({ id: 'mysql-ha-image', name: 'MySQL 8 High Availability' });
    expect(container.querySelector('img')?.getAttribute('src')).toContain(
      '/products/mysql-ha-image/logo',
    );
  });

  it('lets go of its picture when it leaves the screen, eager or not', () => {
    for (const eager of [false, true]) {
      const { container, unmount } = render(ProductLogo, { id: 'orbit-crm', name: 'O', eager });
      const image = container.querySelector('img')!;
      expect(image.getAttribute('src')).toContain('/products/orbit-crm/logo');
      unmount();
      expect(image.hasAttribute('src')).toBe(false);
      expect(image.hasAttribute('srcset')).toBe(false);
    }
  });

  it('keeps its picture while a list row is reused for another product', async () => {
    const { container, rerender } = render(ProductLogo, { id: 'orbit-crm', name: 'Orbit CRM' });
    const image = container.querySelector('img')!;
    await rerender({ id: 'mysql-ha-image', name: 'MySQL 8 High Availability' });
    expect(container.querySelector('img')).toBe(image);
    expect(image.getAttribute('src')).toContain('/products/mysql-ha-image/logo');
  });
});
