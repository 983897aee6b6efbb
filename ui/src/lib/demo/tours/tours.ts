/**
 * The stand's guided tours: five stories told on the demo store as it is after a reset
 * (`src-tauri/core/src/demo/`: its products, the three buyer accounts, and the supervised
 * orders left in every state). Each tour starts from that first state and ends on a screen
 * that shows its result.
 *
 * Steps point at elements by their `data-tour` attribute (see `at`), never by their text, so
 * that rewording a button does not break a tour; `tours.test.ts` checks that every name a tour
 * uses exists in a screen and every route it opens is one the app knows.
 */
import { at, type SampleFile, type Tour } from './types';

const DONE = '[data-testid="action-done"]';

/** A one-page PDF the seller "attaches" as proof: the core checks the %PDF- header. */
const LICENSE_CERTIFICATE: SampleFile = {
  name: 'license-certificate.pdf',
  type: 'application/pdf',
  text: '%PDF-1.4\n% Dolphin Data Systems: license certificate, 8 cores, 1 year\n%%EOF\n',
};

const buySaas: Tour = {
  id: 'buy-saas',
  title: 'Buy a SaaS product',
  summary: 'Buy Headless CMS as Acme Retail and reveal the initial password it came with.',
  steps: [
    {
      route: '#/products/headless-cms-saas',
      target: at('continue-to-submit'),
      line: 'Headless CMS is sold as SaaS. The edition and plan are picked here: Continue to Submit.',
      act: 'click',
      until: at('accept-terms'),
    },
    {
      target: at('accept-terms'),
      line: 'No order goes through without the Terms and Conditions: tick them.',
      act: 'click',
    },
    {
      target: at('pay-now'),
      line: 'Pay Now leads to the payment method.',
      act: 'click',
      until: at('confirm'),
    },
    {
      target: at('confirm'),
      line: 'Acme Retail pays from its prepaid balance. Confirm.',
      act: 'click',
      until: at('open-app'),
    },
    {
      target: at('open-app'),
      line: 'Paid, and delivered at once: the application waits in Purchased Apps.',
      act: 'click',
      until: at('reveal-password'),
    },
    {
      target: at('reveal-password'),
      line: 'The initial password stays hidden until asked for. Reveal it with the eye.',
      act: 'click',
      until: at('password', 'shown'),
    },
    {
      target: at('saas-access'),
      line: 'User name, initial password and both addresses: all Acme needs to log in.',
    },
  ],
};

const provisionImage: Tour = {
  id: 'provision-image',
  title: 'Quick-provision an image',
  summary: 'Run WordPress on a new server in one screen, agencies agreed on the way.',
  steps: [
    {
      route: '#/products/wordpress-image',
      target: at('quick-provisioning'),
      line: 'WordPress comes as an image that runs on a server (ECS). Quick provisioning takes one screen.',
      act: 'click',
      until: at('ecs-password'),
    },
    {
      target: at('ecs-password'),
      line: 'The server’s login password: type one, or let the tour type Kg-Stand-2026!',
      act: { fill: 'Kg-Stand-2026!' },
    },
    {
      target: at('ecs-password-confirm'),
      line: 'The same password again, to confirm it.',
      act: { fill: 'Kg-Stand-2026!' },
    },
    {
      target: at('accept-agreements'),
      line: 'Agree to the image’s terms and the ECS Service Agreement.',
      act: 'click',
    },
    {
      target: at('quickly-enable'),
      line: 'Quickly Enable: the server, its network and the image in one go.',
      act: 'click',
      until: at('agency-agree'),
    },
    {
      target: at('agency-agree'),
      line: 'The first time, KooGallery asks to act in the account; each policy is listed. Agree.',
      act: 'click',
      until: at('new-instance'),
    },
    {
      target: at('new-instance'),
      line: 'The new server runs in the ECS Console, WordPress on it, billed by the hour.',
    },
  ],
};

const deliverLicense: Tour = {
  id: 'deliver-license',
  title: 'A license delivered and accepted',
  summary: 'Be the seller and deliver a database license, then the buyer who accepts it.',
  steps: [
    {
      route: '#/',
      target: at('role-switcher'),
      line: 'The demo acts as any buyer, seller or the operations manager. Open the role switcher.',
      act: 'click',
      until: at('act-as-seller', 'dolphin-data'),
    },
    {
      target: at('act-as-seller', 'dolphin-data'),
      line: 'Be Dolphin Data Systems, who sold Acme Retail a database license.',
      act: 'click',
      until: at('nav-seller-console'),
    },
    {
      target: at('nav-seller-console'),
      line: 'The Seller Console lists the orders waiting on this seller.',
      act: 'click',
      until: at('open-flow', 'database-license'),
    },
    {
      target: at('open-flow', 'database-license'),
      line: 'Acme’s 8-core license was paid two days ago and waits to be deployed. Open it.',
      act: 'click',
      until: at('step', 'deliver'),
    },
    {
      target: at('step', 'deliver'),
      line: 'Deliver: the license goes to the buyer with its proof.',
      act: 'click',
      until: at('deliver-proof'),
    },
    {
      target: at('deliver-proof'),
      line: 'Attach the proof: Next attaches a sample license certificate.',
      act: { attach: LICENSE_CERTIFICATE },
    },
    {
      target: at('deliver-remark'),
      line: 'A remark for the buyer.',
      act: { fill: 'License key and installer attached; valid for 8 cores.' },
    },
    {
      target: at('deliver-submit'),
      line: 'Deliver. The flow now waits for the buyer’s acceptance.',
      act: 'click',
      until: DONE,
    },
    {
      target: at('role-switcher'),
      line: 'Now be the buyer: open the role switcher again.',
      act: 'click',
      until: at('act-as-buyer', 'acme-prepaid'),
    },
    {
      target: at('act-as-buyer', 'acme-prepaid'),
      line: 'Acme Retail sees the same flow, with the delivery and its proof.',
      act: 'click',
      until: at('step', 'accept_delivery'),
    },
    {
      target: at('step', 'accept_delivery'),
      line: 'The license works: accept the delivery.',
      act: 'click',
      until: at('confirm-accept'),
    },
    {
      target: at('confirm-accept'),
      line: 'Accepting ends the right to unsubscribe. Confirm.',
      act: 'click',
      until: DONE,
    },
    {
      target: at('flow-summary'),
      line: 'Accepted: the license’s year runs from today and the order completes in 3 hours.',
    },
  ],
};

const graceRenewal: Tour = {
  id: 'grace-renewal',
  title: 'Grace period and auto-renewal',
  summary: 'Buy a month of a SaaS, let it expire with the time machine, then renew it by itself.',
  steps: [
    {
      route: '#/products/server-monitoring-saas',
      target: at('continue-to-submit'),
      line: 'Server Monitoring, by the month. Buy one month: Continue to Submit.',
      act: 'click',
      until: at('accept-terms'),
    },
    {
      target: at('accept-terms'),
      line: 'Agree to the Terms and Conditions.',
      act: 'click',
    },
    {
      target: at('pay-now'),
      line: 'Pay Now.',
      act: 'click',
      until: at('confirm'),
    },
    {
      target: at('confirm'),
      line: 'Confirm: the month starts today.',
      act: 'click',
      until: at('open-app'),
    },
    {
      route: '#/billing/renewals',
      target: at('open-subscription', 'server-monitoring-saas'),
      line: 'Billing Center › Renewals lists every subscription and its expiry. Open the new one.',
      act: 'click',
      until: at('subscription-state'),
    },
    {
      target: at('time-machine'),
      line: 'The time machine moves the demo’s clock. Open it.',
      act: 'click',
      until: at('travel', 'month'),
    },
    {
      target: at('travel', 'month'),
      line: 'A month later, on the last day of the term…',
      act: 'click',
      until: at('moves', '1'),
    },
    {
      target: at('travel', 'five_days'),
      line: '…and five days more: the term is over.',
      act: 'click',
      until: at('moves', '2'),
    },
    {
      target: at('fired'),
      line: 'Every timer that fired is listed with its rule: the expiry started the grace period.',
    },
    {
      target: at('time-machine-close'),
      line: 'Close the time machine.',
      act: 'click',
    },
    {
      target: at('subscription-state'),
      line: 'Expired, still usable for 15 days: the grace period (R-REN-1).',
    },
    {
      target: at('auto-renew-toggle'),
      line: 'Switch automatic renewal on.',
      act: 'click',
    },
    {
      target: at('auto-renew-save'),
      line: 'Save. Its charge time has passed, so it charges at once (R-REN-5).',
      act: 'click',
      until: at('auto-renew-result'),
    },
    {
      target: at('auto-renew-result'),
      line: 'Renewed from the old expiry, not from today (R-REN-2): the next month is paid.',
    },
  ],
};

const settleAppeal: Tour = {
  id: 'settle-appeal',
  title: 'An appeal settled',
  summary: 'As the operations manager, settle a buyer’s appeal against a silent seller.',
  steps: [
    {
      route: '#/',
      target: at('role-switcher'),
      line: 'Appeals are settled by the marketplace’s operations manager. Open the role switcher.',
      act: 'click',
      until: at('act-as-operations'),
    },
    {
      target: at('act-as-operations'),
      line: 'Act as the operations manager.',
      act: 'click',
      until: at('nav-appeals'),
    },
    {
      target: at('nav-appeals'),
      line: 'Appeals lists the open cases.',
      act: 'click',
      until: at('open-appeal', 'api-gateway-license'),
    },
    {
      target: at('open-appeal', 'api-gateway-license'),
      line: 'Borealis appealed: its API gateway license never came and the seller went silent.',
      act: 'click',
      until: at('step', 'settle_for_buyer'),
    },
    {
      target: at('step', 'settle_for_buyer'),
      line: 'While the appeal is open, the flow is frozen for both sides. Rule for the buyer.',
      act: 'click',
      until: at('settle-decision'),
    },
    {
      target: at('settle-decision'),
      line: 'Write the decision and its reasons: they join the flow’s records.',
      act: {
        fill: 'No license and no answer from the seller for 9 days: cancelled and refunded in full.',
      },
    },
    {
      target: at('settle-submit'),
      line: 'Settle the appeal.',
      act: 'click',
      until: DONE,
    },
    {
      target: at('flow-summary'),
      line: 'Settled for the buyer: the order is cancelled and Borealis refunded in full.',
    },
  ],
};

/** The tours, in the order the Tours list and the attract screen use. */
export const TOURS: readonly Tour[] = [
  buySaas,
  provisionImage,
  deliverLicense,
  graceRenewal,
  settleAppeal,
];

export function tourById(id: string): Tour | undefined {
  return TOURS.find((tour) => tour.id === id);
}
