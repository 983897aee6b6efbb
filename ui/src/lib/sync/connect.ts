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

// A host on this computer, where plain HTTP carries nothing across a network.
function onThisComputer(address: string): boolean {
  let host: string;
  try {
    host = new URL(address).hostname;
  } catch {
    return false;
  }
  return /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/i.test(host);
}

/** The fields that are wrong, each with what to do about it; empty when all are right. */
export function checkConnection(form: ConnectForm): Partial<Record<ConnectField, string>> {
  const errors: Partial<Record<ConnectField, string>> = {};
  const address = form.address.trim();
  if (!/^https?:\/\/[^\s/]+/i.test(address)) {
    errors.address =
      'Type the address the operations manager gave, like https://192.168.1.20:8765.';
  } else if (/^http:/i.test(address) && !onThisComputer(address)) {
    // The device's token would cross the network in the clear: the core refuses it too.
    errors.address = 'Beyond this computer the marketplace is reached over https://.';
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
