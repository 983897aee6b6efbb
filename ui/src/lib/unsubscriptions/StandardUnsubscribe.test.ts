import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import MyUnsubscriptions from '../../routes/MyUnsubscriptions.svelte';
import { mockBackend } from '../testing/ipc';
import { fakeStandard } from './standardFixtures';

afterEach(() => {
  clearMocks();
});

describe('standard unsubscription of a yearly/monthly image', () => {
  it('shows the breakdown, asks twice, then tells the refund and the resources released', async () => {
    const calls = mockBackend(fakeStandard());
    render(MyUnsubscriptions);
    await fireEvent.click(await screen.findByTestId('unsub-standard-quote-7'));
    const lines = await screen.findByTestId('unsub-standard-lines-7');
    expect(lines.textContent).toContain('69.00 × 100 h ÷ 758 h = 9.102902');
    expect(lines.textContent).toContain('Handling fee, 10% (monthly term)');
    expect(lines.textContent).toContain('−$9.10');
    expect(screen.getByTestId('unsub-standard-refund-7').textContent).toBe('$53.00');
    // No negotiated form for an image.
    expect(screen.queryByTestId('unsub-amount-7')).toBeNull();

    await fireEvent.click(screen.getByTestId('unsub-standard-start-7'));
    expect(screen.getByTestId('unsub-standard-confirm-text-7').textContent).toContain(
      'for a refund of $53.00 to the way you paid',
    );
    expect(calls.some((c) => c.command === 'unsubscribe_standard')).toBe(false);
    await fireEvent.click(screen.getByTestId('unsub-standard-confirm-7'));

    await waitFor(() =>
      expect(screen.getByTestId('unsub-sent-7').textContent).toContain(
        'Unsubscribed: $53.00 is refunded to the way you paid; 1 ECS instance and the image released.',
      ),
    );
    const sent = calls.find((c) => c.command === 'unsubscribe_standard');
    expect(sent?.args).toEqual({ orderId: 7, expectedRefund: '53.00' });
    await waitFor(() => expect(screen.getByTestId('unsub-possible-7').textContent).toBe('No'));
    expect(screen.getByTestId('unsub-note-7').textContent).toContain('53.00 refunded');
  });

  it('shows the new figures when the refund changed before the buyer confirmed', async () => {
    mockBackend(fakeStandard({ changed: true }));
    render(MyUnsubscriptions);
    await fireEvent.click(await screen.findByTestId('unsub-standard-quote-7'));
    await fireEvent.click(await screen.findByTestId('unsub-standard-start-7'));
    await fireEvent.click(screen.getByTestId('unsub-standard-confirm-7'));
    await waitFor(() =>
      expect(screen.getByTestId('unsub-standard-refund-7').textContent).toBe('$52.91'),
    );
    expect(screen.getByTestId('unsub-standard-error-7').textContent).toContain(
      'The refund is now 52.91',
    );
    expect(screen.getByTestId('unsub-standard-start-7')).toBeTruthy();
  });
});
