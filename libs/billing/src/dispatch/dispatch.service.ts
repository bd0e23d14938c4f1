import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { BillingParties, type DispatchChannel } from '../billing-parties';
import { BillingService } from '../billing.service';
import { InvoiceDispatcher, LIFECYCLE_STATUSES, LifecycleStatus } from './invoice-dispatch';

/**
 * Which adapter takes an issued invoice: Chorus Pro when the buyer receives through it (its
 * billing settings say CHORUS_PRO), else the seller's PA when the seller chose one. With no
 * adapter configured for that channel, invoices are available for download only.
 */
@Injectable()
export class InvoiceDispatch {
  private readonly adapters = new Map<DispatchChannel, InvoiceDispatcher>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly billing: BillingService,
    private readonly parties: BillingParties,
  ) {}

  /** Configures the adapter of a channel (at start, from the deployment's settings; tests use LocalPlatformFake). */
  use(adapter: InvoiceDispatcher): void {
    this.adapters.set(adapter.channel, adapter);
  }

  /** Hands each invoice of a bill to its channel, once; returns how many were deposited. */
  async dispatchBill(billId: string, m: EntityManager = this.db.manager): Promise<number> {
    if (this.adapters.size === 0) return 0;
    let deposited = 0;
    for (const invoice of await this.billing.invoicesOfBill(billId, m)) {
      if (invoice.dispatchStatus !== null) continue;
      const settings = await this.parties.settingsOf([invoice.buyerId, invoice.sellerId], m);
      const channel: DispatchChannel | null = settings.get(invoice.buyerId)!.dispatchChannel === 'CHORUS_PRO' ? 'CHORUS_PRO' : settings.get(invoice.sellerId)!.dispatchChannel;
      const adapter = channel && this.adapters.get(channel);
      if (!adapter) continue;
      const [{ xml }] = await m.query(`SELECT xml FROM invoices WHERE id = $1`, [invoice.id]);
      const { externalId, status } = await adapter.submit({
        invoiceId: invoice.id, invoice: await this.billing.documentOf(invoice.id, m), xml, pdf: await this.billing.renderedPdf(invoice.id, m),
      });
      await this.record(m, invoice.id, adapter.channel, externalId, [status]);
      deposited++;
    }
    return deposited;
  }

  /** Asks each adapter what it reported since for the invoices it holds, and records the new statuses. */
  async pollStatuses(m: EntityManager = this.db.manager): Promise<number> {
    const held: { invoice_id: string; channel: DispatchChannel; external_id: string }[] = await m.query(
      `SELECT DISTINCT ON (invoice_id) invoice_id, channel, external_id FROM invoice_dispatch_events WHERE external_id IS NOT NULL ORDER BY invoice_id, id`);
    let recorded = 0;
    for (const h of held) {
      const adapter = this.adapters.get(h.channel);
      if (adapter) recorded += await this.record(m, h.invoice_id, h.channel, h.external_id, await adapter.statuses(h.external_id));
    }
    return recorded;
  }

  /** Records statuses (those already recorded are skipped) and the invoice's latest one. */
  private async record(m: EntityManager, invoiceId: string, channel: DispatchChannel, externalId: string, statuses: LifecycleStatus[]): Promise<number> {
    let added = 0;
    for (const s of statuses) {
      const rows = await m.query(
        `INSERT INTO invoice_dispatch_events (invoice_id, channel, status_code, status_label, external_id, detail, reported_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (invoice_id, status_code, reported_at) DO NOTHING RETURNING id`,
        [invoiceId, channel, s.code, LIFECYCLE_STATUSES[s.code] ?? s.code, externalId, s.detail ?? null, s.at],
      );
      added += rows.length;
    }
    if (added) {
      await m.query(
        `UPDATE invoices i SET dispatch_status = e.status_code || ' ' || e.status_label, dispatch_updated_at = e.reported_at
           FROM (SELECT status_code, status_label, reported_at FROM invoice_dispatch_events WHERE invoice_id = $1 ORDER BY reported_at DESC, id DESC LIMIT 1) e
          WHERE i.id = $1`,
        [invoiceId],
      );
    }
    return added;
  }
}
