import { Inject } from '@nestjs/common';
import { Args, Context, ID, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import DataLoader from 'dataloader';
import { Actor, APP_CONFIG, AppConfig, CurrentActor, decodeCursor, LoaderContext, perRequest, Role, Roles, toConnection, UuidPipe } from '@app/core';
import { IdentityLoaders, OrganizationModel, toOrganizationModel } from '@app/identity';
import { InvoiceLineModel } from '../billing.models';
import type { Invoice } from '../engine';
import { CommissionInvoiceService, type CommissionInvoiceItemRow, type CommissionInvoiceRow } from './commission-invoice.service';
import { CommissionInvoiceConnection, CommissionInvoiceItemModel, CommissionInvoiceModel, CommissionInvoicesArgs } from './commission-invoice.models';

export function toCommissionInvoiceModel(r: CommissionInvoiceRow, baseUrl: string): CommissionInvoiceModel {
  return {
    id: r.id, number: r.number, month: r.month, issueDate: r.issueDate, dueDate: r.dueDate, currency: r.currency, vatCategory: r.vatCategory,
    netCents: r.netCents, vatCents: r.vatCents, totalCents: r.totalCents, customerId: r.customerId,
    pdfUrl: `${baseUrl}/commission-invoices/${r.id}.pdf`, xmlUrl: `${baseUrl}/commission-invoices/${r.id}.xml`,
  };
}

@Resolver(() => CommissionInvoiceModel)
export class CommissionInvoiceResolver {
  constructor(
    private readonly invoices: CommissionInvoiceService,
    private readonly identity: IdentityLoaders,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Roles(Role.FINANCE, Role.ADMIN)
  @Query(() => CommissionInvoiceConnection, { description: "The platform's commission invoices to your organisation (a seller's FINANCE and ADMIN members; the platform's see them all), newest first" })
  async commissionInvoices(@CurrentActor() actor: Actor, @Args() args: CommissionInvoicesArgs) {
    const offset = decodeCursor(args.after);
    const { rows, total } = await this.invoices.list(actor, args.filter ?? {}, offset, args.first ?? 20);
    return toConnection(rows.map((r) => toCommissionInvoiceModel(r, this.config.publicBaseUrl)), total, offset);
  }

  @Roles(Role.FINANCE, Role.ADMIN)
  @Query(() => CommissionInvoiceModel, { description: 'A commission invoice of your organisation; NOT_FOUND for anyone else' })
  async commissionInvoice(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }, UuidPipe) id: string) {
    return toCommissionInvoiceModel(await this.invoices.readable(actor, id), this.config.publicBaseUrl);
  }

  @ResolveField(() => OrganizationModel, { description: 'The seller invoiced' })
  async customer(@Parent() i: CommissionInvoiceModel, @Context() ctx: LoaderContext) {
    return toOrganizationModel(await this.identity.organization(ctx, i.customerId));
  }

  @ResolveField(() => [CommissionInvoiceItemModel], { description: "What it invoiced of each of the seller's invoices" })
  async items(@Parent() i: CommissionInvoiceModel, @Context() ctx: LoaderContext) {
    return perRequest<string, CommissionInvoiceItemRow[]>(ctx, 'billing.commissionItems', () => new DataLoader(async (ids) => {
      const rows = await this.invoices.itemsOf(ids);
      return ids.map((id) => rows.filter((r) => r.commissionInvoiceId === id));
    })).load(i.id);
  }

  @ResolveField(() => [InvoiceLineModel], { description: 'Its lines as the document says them (allowances are in items)' })
  async lines(@Parent() i: CommissionInvoiceModel, @Context() ctx: LoaderContext) {
    const doc = await perRequest<string, Invoice>(ctx, 'billing.commissionDocument', () => new DataLoader(async (ids) => {
      const docs = await this.invoices.documentsOf(ids);
      return ids.map((id) => docs.get(id)!);
    })).load(i.id);
    return doc.lines.map((l) => ({ ...l, description: l.description ?? null }));
  }
}
