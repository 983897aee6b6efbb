/**
 * The requirement form's fields, the checks the form makes before sending, and which field a
 * refusal from the core is about.
 *
 * The core is the judge of every rule (lengths, phone, email); the form only catches what is
 * plainly missing, so that a person is not sent round the backend for an empty field.
 */
import type { RequirementForm } from '../api';

export type RequirementField = 'requirement' | 'company' | 'contact' | 'phone' | 'email';

export const FIELDS: readonly { field: RequirementField; label: string }[] = [
  { field: 'requirement', label: 'Requirement' },
  { field: 'company', label: 'Company' },
  { field: 'contact', label: 'Contact name' },
  { field: 'phone', label: 'Phone' },
  { field: 'email', label: 'Email' },
];

/** How the core names each field at the start of a refusal ("the phone number must …"). */
const CORE_NAMES: readonly [string, RequirementField][] = [
  ['the requirement', 'requirement'],
  ['the company', 'company'],
  ['the contact name', 'contact'],
  ['the phone number', 'phone'],
  ['the email address', 'email'],
];

export type FieldErrors = Partial<Record<RequirementField, string>>;

/** The fields left empty, each with what to do. */
export function missingFields(form: RequirementForm): FieldErrors {
  const errors: FieldErrors = {};
  for (const { field, label } of FIELDS) {
    if (form[field].trim() === '') errors[field] = `${label} is required.`;
  }
  return errors;
}

/** The field a core refusal names, or null when it is about no one field. */
export function fieldOfMessage(message: string): RequirementField | null {
  const lower = message.trim().toLowerCase();
  for (const [name, field] of CORE_NAMES) {
    if (lower.startsWith(name)) return field;
  }
  return null;
}
