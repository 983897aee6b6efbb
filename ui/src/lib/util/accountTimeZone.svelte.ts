/**
 * The time zone of the account the app acts for, which every date a buyer reads is shown in
 * (R-MT-4). Undefined until the account has loaded, or if it cannot be: dates are then shown
 * in the computer's zone rather than not at all.
 */
import { loadAccount } from '../api';

export class AccountTimeZone {
  value = $state<string | undefined>(undefined);

  constructor() {
    void loadAccount()
      .then((account) => (this.value = account.time_zone))
      .catch(() => undefined);
  }
}
