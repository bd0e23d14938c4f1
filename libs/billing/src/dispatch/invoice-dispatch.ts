// Handing issued invoices to the e-invoicing network. The product is not an approved platform
// (plateforme agréée, PA): it hands each Factur-X to the seller's PA, or to Chorus Pro for a
// public buyer, through an adapter, and records the lifecycle statuses reported back.
import type { DispatchChannel } from '../billing-parties';
import type { Invoice } from '../engine';

/** The lifecycle statuses of the French e-invoicing reform (cycle de vie), as a PA reports them. */
export const LIFECYCLE_STATUSES: Readonly<Record<string, string>> = {
  '200': 'Déposée',
  '201': 'Émise par la plateforme',
  '202': 'Reçue par la plateforme',
  '203': 'Mise à disposition',
  '204': 'Prise en charge',
  '205': 'Approuvée',
  '206': 'Approuvée partiellement',
  '207': 'En litige',
  '208': 'Suspendue',
  '209': 'Complétée',
  '210': 'Refusée',
  '211': 'Paiement transmis',
  '212': 'Encaissée',
  '213': 'Rejetée',
};

export interface LifecycleStatus {
  code: string;
  at: Date;
  detail?: string | null;
}

/** What an adapter receives: the issued document, its XML and its PDF (the XML embedded). */
export interface DispatchedDocument {
  invoiceId: string;
  invoice: Invoice;
  xml: string;
  pdf: Buffer;
}

/**
 * An adapter to a PA or to Chorus Pro. `submit` deposits the Factur-X and answers the id the
 * platform gave it and its first status (200 Déposée, or 213 Rejetée with the reason);
 * `statuses` answers what it reported since, for the invoices it holds.
 */
export interface InvoiceDispatcher {
  readonly channel: DispatchChannel;
  submit(doc: DispatchedDocument): Promise<{ externalId: string; status: LifecycleStatus }>;
  statuses(externalId: string): Promise<LifecycleStatus[]>;
}

/**
 * A local stand-in for a PA or Chorus Pro, used in tests and the demo: it keeps what it was
 * given and reports the statuses it is told to, as a real platform would over its API.
 */
export class LocalPlatformFake implements InvoiceDispatcher {
  readonly received = new Map<string, { doc: DispatchedDocument; statuses: LifecycleStatus[] }>();
  private seq = 0;

  constructor(readonly channel: DispatchChannel, private readonly now: () => Date = () => new Date()) {}

  async submit(doc: DispatchedDocument): Promise<{ externalId: string; status: LifecycleStatus }> {
    const externalId = `${this.channel}-${String(++this.seq).padStart(8, '0')}`;
    const pub = doc.invoice.buyer.publicSector;
    const missing = pub && ((pub.serviceCodeRequired && !pub.serviceCode) || (pub.commitmentNumberRequired && !pub.commitmentNumber));
    const status = missing
      ? { code: '213', at: this.now(), detail: 'Code service (BT-10) ou numéro d’engagement (BT-13) manquant' }
      : { code: '200', at: this.now(), detail: null };
    this.received.set(externalId, { doc, statuses: [status] });
    return { externalId, status };
  }

  async statuses(externalId: string): Promise<LifecycleStatus[]> {
    return this.received.get(externalId)?.statuses ?? [];
  }

  /** What the buyer's side does next (202 Reçue … 212 Encaissée). */
  report(externalId: string, code: string, detail: string | null = null): void {
    const held = this.received.get(externalId);
    if (!held) throw new Error(`${externalId} was never deposited here`);
    if (!LIFECYCLE_STATUSES[code]) throw new Error(`unknown lifecycle status ${code}`);
    held.statuses.push({ code, at: this.now(), detail });
  }
}
