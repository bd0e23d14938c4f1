import { Inject } from '@nestjs/common';
import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Actor, APP_CONFIG, AppConfig, CurrentActor, decodeCursor, ForbiddenError, LoaderContext, Role, Roles, toConnection, UuidPipe } from '@app/core';
import { IdentityLoaders, OrganizationModel, toOrganizationModel } from '@app/identity';
import { BillingParties } from './billing-parties';
import { BillingRunService } from './billing-run.service';
import { BillingLoaders } from './billing.loaders';
import { toBillingSettingsModel, toBillModel, toInvoiceModel } from './billing.mappers';
import {
  BillConnection, BillingSettingsModel, BillModel, InvoiceConnection, InvoiceDispatchEventModel, InvoiceDocumentType, InvoiceLineModel, InvoiceModel,
  MonthlyBillingRunModel,
} from './billing.models';
import { BillingService } from './billing.service';
import { BillingSettingsInput, BillsArgs, InvoicesArgs, IssueCreditNoteInput } from './dto/billing.inputs';

const ID_ARG = { type: () => ID };

@Resolver(() => InvoiceModel)
export class InvoiceResolver {
  constructor(
    private readonly billing: BillingService,
    private readonly loaders: BillingLoaders,
    private readonly identity: IdentityLoaders,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Query(() => InvoiceConnection, { description: 'Invoices and credit notes of the caller\'s organisation, as seller or buyer (FINANCE and ADMIN members), newest first' })
  async invoices(@CurrentActor() actor: Actor, @Args() args: InvoicesArgs) {
    const offset = decodeCursor(args.after);
    const f = args.filter ?? {};
    const { rows, total } = await this.billing.invoices(actor, {
      ...f, typeCode: f.documentType ? (f.documentType === InvoiceDocumentType.CREDIT_NOTE ? '381' : '380') : null,
    }, offset, args.first ?? 20);
    return toConnection(rows.map((r) => toInvoiceModel(r, this.config.publicBaseUrl)), total, offset);
  }

  @Query(() => InvoiceModel, { description: 'An invoice or credit note of the caller\'s organisation; NOT_FOUND for anyone else' })
  async invoice(@CurrentActor() actor: Actor, @Args('id', ID_ARG, UuidPipe) id: string) {
    return toInvoiceModel(await this.billing.readableInvoice(actor, id), this.config.publicBaseUrl);
  }

  @Roles(Role.FINANCE, Role.ADMIN)
  @Mutation(() => InvoiceModel, { description: 'The seller (or the platform in its name): a credit note against an invoice, the listed lines or all of it, numbered in the seller\'s series' })
  async issueCreditNote(@CurrentActor() actor: Actor, @Args('input') input: IssueCreditNoteInput) {
    return toInvoiceModel(await this.billing.issueCreditNote(actor, input), this.config.publicBaseUrl);
  }

  @ResolveField(() => OrganizationModel)
  async seller(@Parent() i: InvoiceModel, @Context() ctx: LoaderContext) {
    return toOrganizationModel(await this.identity.organization(ctx, i.sellerId));
  }

  @ResolveField(() => OrganizationModel)
  async buyer(@Parent() i: InvoiceModel, @Context() ctx: LoaderContext) {
    return toOrganizationModel(await this.identity.organization(ctx, i.buyerId));
  }

  @ResolveField(() => BillModel)
  async bill(@Parent() i: InvoiceModel, @Context() ctx: LoaderContext) {
    return toBillModel((await this.loaders.bill(ctx, i.billId))!);
  }

  @ResolveField(() => InvoiceModel, { nullable: true, description: 'The invoice a credit note corrects (BT-25)' })
  async creditedInvoice(@Parent() i: InvoiceModel, @Context() ctx: LoaderContext) {
    const found = i.precedingInvoiceId ? await this.loaders.invoice(ctx, i.precedingInvoiceId) : undefined;
    return found ? toInvoiceModel(found, this.config.publicBaseUrl) : null;
  }

  @ResolveField(() => [InvoiceModel], { description: 'The credit notes issued against this invoice' })
  async creditNotes(@Parent() i: InvoiceModel, @Context() ctx: LoaderContext) {
    return (await this.loaders.creditNotes(ctx, i.id)).map((c) => toInvoiceModel(c, this.config.publicBaseUrl));
  }

  @ResolveField(() => [InvoiceLineModel])
  async lines(@Parent() i: InvoiceModel, @Context() ctx: LoaderContext) {
    return (await this.loaders.document(ctx, i.id)).lines.map((l) => ({ ...l, description: l.description ?? null }));
  }

  @ResolveField(() => [InvoiceDispatchEventModel], { description: 'The lifecycle statuses reported by the PA or Chorus Pro, in order' })
  async dispatchEvents(@Parent() i: InvoiceModel, @Context() ctx: LoaderContext) {
    return this.loaders.dispatchEvents(ctx, i.id);
  }
}

@Resolver(() => BillModel)
export class BillResolver {
  constructor(
    private readonly billing: BillingService,
    private readonly runs: BillingRunService,
    private readonly parties: BillingParties,
    private readonly loaders: BillingLoaders,
    private readonly identity: IdentityLoaders,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Query(() => BillConnection, { description: 'Bills the caller\'s organisation is party to: as buyer, as a seller, or as the network offering the data' })
  async bills(@CurrentActor() actor: Actor, @Args() args: BillsArgs) {
    const offset = decodeCursor(args.after);
    const { rows, total } = await this.billing.bills(actor, args.filter ?? {}, offset, args.first ?? 20);
    return toConnection(rows.map(toBillModel), total, offset);
  }

  @Query(() => BillModel, { description: 'A bill of the caller\'s organisation; NOT_FOUND for anyone else' })
  async bill(@CurrentActor() actor: Actor, @Args('id', ID_ARG, UuidPipe) id: string) {
    return toBillModel(await this.billing.readableBill(actor, id));
  }

  @Roles(Role.FINANCE, Role.ADMIN)
  @Mutation(() => BillModel, { description: 'The platform or the network: cancels a bill as a whole, by a credit note for each of its invoices' })
  async cancelBill(@CurrentActor() actor: Actor, @Args('id', ID_ARG, UuidPipe) id: string, @Args('reason') reason: string) {
    return toBillModel(await this.billing.cancelBill(actor, id, reason));
  }

  @Roles(Role.FINANCE, Role.ADMIN)
  @Mutation(() => MonthlyBillingRunModel, { description: 'The platform operator: invoices a finished month\'s usage now (default the previous month), as the worker does on the 1st; safe to repeat' })
  async runMonthlyBilling(@CurrentActor() actor: Actor, @Args('month', { type: () => String, nullable: true }) month?: string) {
    if (actor.organizationKind !== 'PLATFORM') throw new ForbiddenError('Only the platform operator runs the monthly billing');
    const done = await this.runs.runMonth(month ?? null);
    return { ...done, issuedBillIds: done.issued, lateUsageBillIds: done.lateUsage, failures: done.failed.map((f) => `${f.agreementId}: ${f.reason}`) };
  }

  @Query(() => BillingSettingsModel, { description: 'Your organisation\'s billing settings (electronic address, VAT regime, Chorus Pro references)' })
  @Roles(Role.FINANCE, Role.ADMIN)
  async billingSettings(@CurrentActor() actor: Actor) {
    return toBillingSettingsModel((await this.parties.settingsOf([actor.organizationId])).get(actor.organizationId)!);
  }

  @Roles(Role.FINANCE, Role.ADMIN)
  @Mutation(() => BillingSettingsModel, { description: 'Sets your organisation\'s billing settings; invoices issued from now on use them' })
  async updateBillingSettings(@CurrentActor() actor: Actor, @Args('input') input: BillingSettingsInput) {
    return toBillingSettingsModel(await this.parties.update(actor.organizationId, input));
  }

  @ResolveField(() => OrganizationModel)
  async buyer(@Parent() b: BillModel, @Context() ctx: LoaderContext) {
    return toOrganizationModel(await this.identity.organization(ctx, b.buyerId));
  }

  @ResolveField(() => OrganizationModel, { description: 'The organisation offering the data (the network, or the single producer)' })
  async network(@Parent() b: BillModel, @Context() ctx: LoaderContext) {
    return toOrganizationModel(await this.identity.organization(ctx, b.networkId));
  }

  @ResolveField(() => [InvoiceModel], { description: 'Its invoices and credit notes; a seller sees only its own' })
  async invoices(@CurrentActor() actor: Actor, @Parent() b: BillModel, @Context() ctx: LoaderContext) {
    const all = await this.loaders.invoicesOfBill(ctx, b.id);
    const whole = actor.organizationKind === 'PLATFORM' || actor.organizationId === b.buyerId || actor.organizationId === b.networkId;
    return all.filter((i) => whole || i.sellerId === actor.organizationId).map((i) => toInvoiceModel(i, this.config.publicBaseUrl));
  }
}
