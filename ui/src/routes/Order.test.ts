import { render, screen } from '@testing-library/svelte';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import type { OrderDetail } from '../lib/api';
import { crmOrder, crmOrderDetail } from '../lib/testing/fixtures';
import { mockBackend } from '../lib/testing/ipc';
import OrderPage from './Order.svelte';

afterEach(() => {
  clearMocks();
});

function showing(detail: OrderDetail) {
  mockBackend((command) => {
    if (command === 'order_show') return detail;
    throw { code: 'internal', message: `Unknown command ${command}` };
  });
}

describe('an order page', () => {
  it('links a supervised order to its service flow', async () => {
    showing({
      ...crmOrderDetail,
      order: { ...crmOrder, id: 8, supervised: true, status: 'processing' },
    });
    render(OrderPage, { props: { id: 8 } });
    const link = await screen.findByTestId('order-supervision');
    expect(link.textContent).toBe('Service Supervision');
    expect(link.getAttribute('href')).toBe('#/supervision/8');
    expect(screen.getByText('Waiting for service supervision to complete.')).toBeTruthy();
  });

  it('has no such link for an order without supervision', async () => {
    showing(crmOrderDetail);
    render(OrderPage, { props: { id: 1 } });
    await screen.findByTestId('open-app');
    expect(screen.queryByTestId('order-supervision')).toBeNull();
  });
});
