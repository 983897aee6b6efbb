/**
 * The Connect screen's form, checked before anything is sent: the core checks again, but a
 * typo in the address or the code is better shown beside its field.
 */
export interface ConnectForm {
  address: string;
  code: string;
  name: string;
  fingerprint: string;
}

export type ConnectField = keyof ConnectForm;

// Three groups of four letters or digits, as the operations manager reads it out.
const CODE = /^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/;
// SHA-256 in hex, with or without the colons between pairs.
const FINGERPRINT = /^([0-9A-F]{2}:){31}[0-9A-F]{2}$|^[0-9A-F]{64}$/;

/** The fields that are wrong, each with what to do about it; empty when all are right. */
export function checkConnection(form: ConnectForm): Partial<Record<ConnectField, string>> {
  const errors: Partial<Record<ConnectField, string>> = {};
  const address = form.address.trim();
  if (!/^https?:\/\/[^\s/]+/i.test(address)) {
    errors.address = 'Type the address the operations manager gave, like http://192.168.1.20:8765.';
  }
  if (!CODE.test(form.code.trim().toUpperCase())) {
    errors.code = 'The code is three groups of four letters or digits, like K7QM-2XHP-9TRA.';
  }
  if (form.name.trim() === '') {
    errors.name = 'Name this laptop, so that the marketplace can tell it apart.';
  }
  if (/^https:/i.test(address) && !FINGERPRINT.test(form.fingerprint.trim().toUpperCase())) {
    errors.fingerprint =
      'A secure address needs the certificate fingerprint given with the code (64 hexadecimal digits).';
  }
  return errors;
}
