import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import { kiosk } from '../lib/demo/kiosk.svelte';
import { crmDetail, fakeCatalog } from '../lib/testing/fixtures';
import { mockBackend } from '../lib/testing/ipc';
import Product from './Product.svelte';

afterEach(() => {
  clearMocks();
  kiosk.on = false;
  window.location.hash = '';
});

describe('Product', () => {
  it('shows the product with its seller, badges and support range', async () => {
    mockBackend();
    render(Product, { props: { id: 'orbit-crm' } });
    expect(screen.getByTestId('loading')).toBeTruthy();

    expect((await screen.findByTestId('product-name')).textContent).toBe('Orbit CRM');
    expect(screen.getByTestId('product-seller').textContent).toBe('Orbit Software');
    // R-AFT-2: the seller's page, with its support hours and products, is a click away.
    expect(screen.getByTestId('product-seller').getAttribute('href')).toBe('#/sellers/orbit-soft');
    expect(screen.getByTestId('seller-page-link').getAttribute('href')).toBe(
      '#/sellers/orbit-soft',
    );
    expect(screen.getByTestId('product-delivery').textContent).toBe('SaaS');
    expect(screen.getByTestId('supervision-badge').textContent).toBe('Service supervision');

    const breadcrumb = screen.getByRole('navigation', { name: 'Breadcrumb' });
    expect(breadcrumb.textContent).toContain('Business software');
    expect(within(breadcrumb).getByText('CRM').getAttribute('href')).toBe(
      '#/search?category=business&sub_category=crm',
    );

    const support = screen.getByTestId('support-range');
    expect(support.textContent).toContain('support@orbit.example');
    expect(support.textContent).toContain('+1 415 555 0199');
    expect(support.textContent).toContain('Monday to Friday');

    const guide = screen.getByTestId('user-guide');
    expect(guide.textContent).toContain('orbit-crm-user-guide.pdf');
    expect(guide.textContent).toContain('2.4 MB');
    expect(within(guide).getByRole('button', { name: 'Download PDF' })).toBeTruthy();
  });

  it('saves the user guide to Downloads and says where', async () => {
    const calls = mockBackend();
    render(Product, { props: { id: 'orbit-crm' } });
    const guide = await screen.findByTestId('user-guide');
    await fireEvent.click(within(guide).getByRole('button', { name: 'Download PDF' }));
    expect((await within(guide).findByTestId('user-guide-saved')).textContent?.trim()).toBe(
      'Saved to /home/dana/Downloads/orbit-crm-user-guide.pdf',
    );
    expect(calls.filter((call) => call.command === 'product_guide_save')).toEqual([
      { command: 'product_guide_save', args: { id: 'orbit-crm' } },
    ]);
  });

  it('says why the user guide could not be saved, and lets the person try again', async () => {
    const catalog = fakeCatalog();
    let refusals = 1;
    mockBackend((command, args) => {
      if (command === 'product_guide_save' && refusals-- > 0) {
        throw {
          code: 'storage',
          message: 'cannot write /home/dana/Downloads/orbit-crm-user-guide.pdf: disk full',
        };
      }
      return catalog(command, args);
    });
    render(Product, { props: { id: 'orbit-crm' } });
    const guide = await screen.findByTestId('user-guide');
    const button = within(guide).getByRole('button', { name: 'Download PDF' });
    await fireEvent.click(button);
    const error = await within(guide).findByRole('alert');
    expect(error.textContent).toContain('could not be saved');
    expect(error.textContent).toContain('disk full');
    await fireEvent.click(button);
    await within(guide).findByTestId('user-guide-saved');
    expect(within(guide).queryByRole('alert')).toBeNull();
  });

  it('on a kiosk, names the user guide and its size without offering to save it', async () => {
    kiosk.on = true;
    const calls = mockBackend();
    render(Product, { props: { id: 'orbit-crm' } });
    const guide = await screen.findByTestId('user-guide');
    expect(within(guide).getByTestId('user-guide-file').textContent).toBe(
      'orbit-crm-user-guide.pdf',
    );
    expect(guide.textContent).toContain('2.4 MB');
    expect(within(guide).queryByRole('button', { name: 'Download PDF' })).toBeNull();
    expect(within(guide).queryByTestId('user-guide-download')).toBeNull();
    expect(calls.some((call) => call.command === 'product_guide_save')).toBe(false);
  });

  it('says when the seller published no user guide, with nothing to download', async () => {
    mockBackend();
    render(Product, { props: { id: 'vaultkeeper-backup' } });
    const guide = await screen.findByTestId('user-guide');
    expect(guide.textContent).toContain('has not published a user guide');
    expect(within(guide).queryByRole('button')).toBeNull();
  });

  it('shows the description as plain-text paragraphs', async () => {
    mockBackend();
    render(Product, { props: { id: 'orbit-crm' } });
    const description = await screen.findByTestId('description');
    const paragraphs = description.querySelectorAll('p');
    expect(paragraphs).toHaveLength(3);
    expect(paragraphs[2]?.textContent).toBe('<b>Markup in a description is shown as text.</b>');
    expect(description.querySelector('b')).toBeNull();
  });

  it('shows each edition with its plans, and tier tables for tiered and volume pricing', async () => {
    mockBackend();
    render(Product, { props: { id: 'orbit-crm' } });
    const editions = await screen.findByTestId('editions');
    const [team, business] = within(editions).getAllByTestId('edition');
    expect(crmDetail.editions).toHaveLength(2);

    expect(team?.textContent).toContain('Team');
    expect(team?.textContent).toContain('Up to 50 users, 10 GB storage');
    expect(team?.textContent).toContain('$8.00 / user / month');
    expect(team?.textContent).toContain('$960.00 / year');
    expect(within(team!).queryByTestId('tier-table')).toBeNull();

    const [tiered, volume] = within(business!).getAllByTestId('tier-table');
    const rows = (table: HTMLElement) =>
      [...table.querySelectorAll('tbody tr')].map((row) =>
        [...row.children].map((cell) => cell.textContent?.trim()).join(': '),
      );
    expect(rows(tiered!)).toEqual([
      '1–10 users: $12.00',
      '11–50 users: $10.00',
      '51+ users: $8.00',
    ]);
    expect(rows(volume!)).toEqual(['1–100 users: $110.00', '101+ users: $90.00']);
    const models = within(business!)
      .getAllByTestId('pricing-model')
      .map((m) => m.textContent?.trim());
    expect(models).toEqual([
      "Tiered: each tier's users pay that tier's price",
      'Volume: all users pay the price of the tier the total falls in',
    ]);
  });

  it('shows the operating system of an image', async () => {
    mockBackend();
    render(Product, { props: { id: 'mysql-ha-image' } });
    expect((await screen.findByTestId('operating-system')).textContent).toBe(
      'Ubuntu 22.04 LTS 64-bit',
    );
    expect(screen.getByTestId('editions').textContent).toContain('$0.12 / hour');
    expect(screen.queryByTestId('supervision-badge')).toBeNull();
  });

  it('opens a screenshot in an overlay that closes with Escape or the close button', async () => {
    mockBackend();
    render(Product, { props: { id: 'orbit-crm' } });
    const thumbs = await screen.findAllByTestId('screenshot-thumb');
    expect(thumbs).toHaveLength(3);

    await fireEvent.click(thumbs[1]!);
    const overlay = screen.getByTestId('screenshot-overlay');
    const full = within(overlay).getByRole('img') as HTMLImageElement;
    expect(full.getAttribute('src')).toBe('media://localhost/products/orbit-crm/screenshots/2');
    expect(document.activeElement).toBe(screen.getByTestId('overlay-close'));

    await fireEvent.keyDown(window, { key: 'Escape' });
    expect(screen.queryByTestId('screenshot-overlay')).toBeNull();
    // The full-size picture, 4 MB decoded, is let go of with its overlay.
    expect(full.hasAttribute('src')).toBe(false);

    await fireEvent.click(thumbs[0]!);
    await fireEvent.click(screen.getByTestId('overlay-close'));
    expect(screen.queryByTestId('screenshot-overlay')).toBeNull();
  });

  it('says "Product not found" for an unknown id, with a link home', async () => {
    mockBackend();
    render(Product, { props: { id: 'no-such-product' } });
    const empty = await screen.findByTestId('empty-state');
    expect(empty.textContent).toContain('Product not found');
    expect(within(empty).getByRole('link').getAttribute('href')).toBe('#/');
    expect(screen.queryByTestId('error-state')).toBeNull();
  });

  it('shows other errors with Retry', async () => {
    let attempts = 0;
    const catalog = fakeCatalog();
    const calls = mockBackend((command, args) => {
      attempts += 1;
      if (attempts === 1) throw { code: 'storage', message: 'The catalog database is busy.' };
      return catalog(command, args);
    });
    render(Product, { props: { id: 'orbit-crm' } });
    const error = await screen.findByTestId('error-state');
    expect(error.textContent).toContain('The catalog database is busy.');
    await fireEvent.click(within(error).getByRole('button', { name: 'Retry' }));
    expect((await screen.findByTestId('product-name')).textContent).toBe('Orbit CRM');
    expect(calls.filter((call) => call.command === 'product_show')).toHaveLength(2);
  });
});
