import { fireEvent, render, screen } from '@testing-library/svelte';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiError } from '../lib/api';
import { fakeBuyer, requirementForm } from '../lib/testing/fixtures';
import { deferred, mockBackend } from '../lib/testing/ipc';
import NewRequirement from './NewRequirement.svelte';

afterEach(() => {
  clearMocks();
});

async function fill(values: Partial<typeof requirementForm> = {}) {
  const form = { ...requirementForm, ...values };
  for (const [label, value] of [
    ['Requirement', form.requirement],
    ['Company', form.company],
    ['Contact name', form.contact],
    ['Phone', form.phone],
    ['Email', form.email],
  ] as const) {
    await fireEvent.input(screen.getByLabelText(label), { target: { value } });
  }
}

describe('NewRequirement', () => {
  it('sends the form with the search text and confirms with a link to My Requirements', async () => {
    const calls = mockBackend(fakeBuyer());
    render(NewRequirement, { props: { q: ' fhir ' } });
    expect(screen.getByTestId('requirement-form')).toBeTruthy();
    expect(screen.getByTestId('requirement-search').textContent).toContain('“fhir”');
    await fill();
    await fireEvent.click(screen.getByTestId('requirement-submit'));

    const sent = await screen.findByTestId('requirement-sent');
    expect(sent.textContent).toContain('dana@acme-retail.example');
    expect(sent.querySelector('a')?.getAttribute('href')).toBe('#/my/requirements');
    expect(calls.filter((c) => c.command === 'requirement_submit')).toEqual([
      {
        command: 'requirement_submit',
        args: { form: { ...requirementForm, search_text: 'fhir' } },
      },
    ]);
  });

  it('sends no search text when the form was opened without one', async () => {
    const calls = mockBackend(fakeBuyer());
    render(NewRequirement);
    expect(screen.queryByTestId('requirement-search')).toBeNull();
    await fill();
    await fireEvent.click(screen.getByTestId('requirement-submit'));
    await screen.findByTestId('requirement-sent');
    expect(calls.find((c) => c.command === 'requirement_submit')?.args).toEqual({
      form: { ...requirementForm, search_text: null },
    });
  });

  it('asks for empty fields without calling the backend', async () => {
    const calls = mockBackend(fakeBuyer());
    render(NewRequirement);
    await fill({ company: '   ', email: '' });
    await fireEvent.click(screen.getByTestId('requirement-submit'));
    expect(screen.getByTestId('requirement-error').textContent).toBe(
      'Fill in the fields marked below.',
    );
    expect(screen.getByTestId('field-error-company').textContent?.trim()).toBe(
      'Company is required.',
    );
    expect(screen.getByTestId('field-error-email').textContent?.trim()).toBe('Email is required.');
    expect(screen.getByLabelText('Company').getAttribute('aria-invalid')).toBe('true');
    expect(screen.queryByTestId('field-error-phone')).toBeNull();
    expect(calls.some((c) => c.command === 'requirement_submit')).toBe(false);
  });

  it('shows the refusal of the core beside the field it names, and keeps what was typed', async () => {
    mockBackend((command) => {
      if (command === 'requirement_submit') {
        throw {
          code: 'invalid_input',
          message: 'the phone number must have at least 6 digits',
        } satisfies ApiError;
      }
      return null;
    });
    render(NewRequirement);
    await fill({ phone: '(+1) 55' });
    await fireEvent.click(screen.getByTestId('requirement-submit'));
    expect((await screen.findByTestId('requirement-error')).textContent).toBe(
      'The phone number must have at least 6 digits.',
    );
    expect(screen.getByTestId('field-error-phone').textContent?.trim()).toBe(
      'The phone number must have at least 6 digits.',
    );
    expect((screen.getByLabelText('Phone') as HTMLInputElement).value).toBe('(+1) 55');
    expect(screen.queryByTestId('requirement-sent')).toBeNull();
  });

  it('shows a failure about no one field only at the top', async () => {
    mockBackend(() => {
      throw { code: 'storage', message: 'the data file could not be written' } satisfies ApiError;
    });
    render(NewRequirement);
    await fill();
    await fireEvent.click(screen.getByTestId('requirement-submit'));
    expect((await screen.findByTestId('requirement-error')).textContent).toBe(
      'The data file could not be written.',
    );
    expect(document.querySelector('[data-testid^="field-error-"]')).toBeNull();
  });

  it('sends once however often Send is clicked while sending', async () => {
    const answer = deferred<unknown>();
    const calls = mockBackend(() => answer.promise);
    render(NewRequirement);
    await fill();
    const button = screen.getByTestId('requirement-submit') as HTMLButtonElement;
    await fireEvent.click(button);
    await fireEvent.click(button);
    expect(button.disabled).toBe(true);
    answer.resolve({ ...requirementForm, id: 1, account_id: 'acme-prepaid', submitted_at: 'x' });
    await screen.findByTestId('requirement-sent');
    expect(calls).toHaveLength(1);
  });
});
