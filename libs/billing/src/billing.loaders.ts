import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { LoaderContext, perRequest } from '@app/core';
import type { BillEntity, InvoiceDispatchEventEntity, InvoiceEntity } from './billing.entities';
import { BillingService } from './billing.service';
import type { Invoice } from './engine';

function grouped<T>(ids: readonly string[], rows: T[], key: (r: T) => string | null): T[][] {
  const map = new Map<string, T[]>(ids.map((id) => [id, []]));
  for (const r of rows) map.get(key(r) ?? '')?.push(r);
  return ids.map((id) => map.get(id)!);
}

/** Nested fields of bills and invoices, one query per field and request. */
@Injectable()
export class BillingLoaders {
  constructor(private readonly billing: BillingService) {}

  invoicesOfBill(ctx: LoaderContext, billId: string): Promise<InvoiceEntity[]> {
    return perRequest<string, InvoiceEntity[]>(ctx, 'billing.invoicesOfBill', () =>
      new DataLoader(async (ids) => grouped(ids, await this.billing.invoicesOfBills(ids), (r) => r.billId))).load(billId);
  }

  bill(ctx: LoaderContext, billId: string): Promise<BillEntity | undefined> {
    return perRequest<string, BillEntity | undefined>(ctx, 'billing.bill', () =>
      new DataLoader(async (ids) => {
        const rows = await this.billing.billsByIds(ids);
        return ids.map((id) => rows.find((r) => r.id === id));
      })).load(billId);
  }

  invoice(ctx: LoaderContext, invoiceId: string): Promise<InvoiceEntity | undefined> {
    return perRequest<string, InvoiceEntity | undefined>(ctx, 'billing.invoice', () =>
      new DataLoader(async (ids) => {
        const rows = await this.billing.invoicesByIds(ids);
        return ids.map((id) => rows.find((r) => r.id === id));
      })).load(invoiceId);
  }

  creditNotes(ctx: LoaderContext, invoiceId: string): Promise<InvoiceEntity[]> {
    return perRequest<string, InvoiceEntity[]>(ctx, 'billing.creditNotes', () =>
      new DataLoader(async (ids) => grouped(ids, await this.billing.creditNotesOf(ids), (r) => r.precedingInvoiceId))).load(invoiceId);
  }

  document(ctx: LoaderContext, invoiceId: string): Promise<Invoice> {
    return perRequest<string, Invoice>(ctx, 'billing.document', () =>
      new DataLoader(async (ids) => {
        const docs = await this.billing.documentsOf(ids);
        return ids.map((id) => docs.get(id) ?? new Error(`missing invoice ${id}`));
      })).load(invoiceId);
  }

  dispatchEvents(ctx: LoaderContext, invoiceId: string): Promise<InvoiceDispatchEventEntity[]> {
    return perRequest<string, InvoiceDispatchEventEntity[]>(ctx, 'billing.dispatchEvents', () =>
      new DataLoader(async (ids) => grouped(ids, await this.billing.dispatchEventsOf(ids), (r) => r.invoiceId))).load(invoiceId);
  }
}
