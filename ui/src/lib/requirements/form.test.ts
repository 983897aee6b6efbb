import { describe, expect, it } from 'vitest';
import { requirementForm } from '../testing/fixtures';
import { fieldOfMessage, missingFields } from './form';

describe('missingFields', () => {
  it('asks for every empty or blank field and nothing else', () => {
    expect(missingFields(requirementForm)).toEqual({});
    expect(
      missingFields({ ...requirementForm, company: '  ', email: '', search_text: '' }),
    ).toEqual({
      company: 'Company is required.',
      email: 'Email is required.',
    });
  });
});

describe('fieldOfMessage', () => {
  it.each([
    ['the requirement must be 10 to 2000 characters long (it has 4)', 'requirement'],
    ['the company is required', 'company'],
    ['the contact name must be 1 to 80 characters long (it has 81)', 'contact'],
    ['the phone number must have at least 6 digits', 'phone'],
    ['the email address "x" is not an address like name@company.com', 'email'],
    ['the search text is longer than 200 characters', null],
    ['the buyer account "acme-prepaid" was not found', null],
  ] as const)('%s', (message, field) => {
    expect(fieldOfMessage(message)).toBe(field);
  });
});
