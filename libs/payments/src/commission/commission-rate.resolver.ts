import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import DataLoader from 'dataloader';
import { Actor, CurrentActor, LoaderContext, NotFoundError, perRequest, Role, Roles, UuidPipe } from '@app/core';
import { AgreementModel } from '@app/contracting';
import { CommissionRateService, type AgreementCommission } from './commission-rate.service';
import { AgreementCommissionModel, CommissionBasisEnum, CommissionInvoiceRunModel, SetAgreementCommissionRateInput } from './commission.models';
import { CommissionInvoicingService } from './commission-invoicing.service';

const toModel = (c: AgreementCommission): AgreementCommissionModel => ({ ...c, basis: c.basis as CommissionBasisEnum });

@Resolver(() => AgreementModel)
export class AgreementCommissionResolver {
  constructor(private readonly rates: CommissionRateService) {}

  @ResolveField(() => AgreementCommissionModel, { description: "The platform's commission on the sellers' shares: frozen at sealing, from the producer's kind or set for this contract" })
  async commission(@Parent() a: AgreementModel, @Context() ctx: LoaderContext): Promise<AgreementCommissionModel> {
    const found = await perRequest<string, AgreementCommission | undefined>(ctx, 'payments.agreementCommission', () =>
      new DataLoader(async (ids) => {
        const rows = await this.rates.ofAgreements(ids);
        return ids.map((id) => rows.get(id));
      })).load(a.id);
    if (!found) throw new NotFoundError('Agreement', a.id);
    return toModel(found);
  }
}

@Resolver(() => AgreementCommissionModel)
export class CommissionRateResolver {
  constructor(private readonly rates: CommissionRateService, private readonly invoicing: CommissionInvoicingService) {}

  @Roles(Role.FINANCE)
  @Mutation(() => CommissionInvoiceRunModel, {
    description: "The platform's FINANCE member: issues a finished month's commission invoices now (default the previous month), one per seller, as the worker does on the 1st; safe to repeat",
  })
  async issueCommissionInvoices(@CurrentActor() actor: Actor, @Args('month', { type: () => String, nullable: true, description: 'YYYY-MM (Paris)' }) month?: string) {
    const done = await this.invoicing.runMonthFor(actor, month ?? null);
    return { ...done, issuedInvoiceIds: done.issued, carriedSellerIds: done.carried, failures: done.failed };
  }

  @Roles(Role.ADMIN, Role.FINANCE)
  @Query(() => AgreementCommissionModel, { description: "The platform operator: an agreement's commission, by id (its parties read it on Agreement.commission)" })
  async agreementCommission(@CurrentActor() actor: Actor, @Args('agreementId', { type: () => ID }, UuidPipe) agreementId: string) {
    const found = actor.organizationKind === 'PLATFORM' ? (await this.rates.ofAgreements([agreementId])).get(agreementId) : undefined;
    if (!found) throw new NotFoundError('Agreement', agreementId);
    return toModel(found);
  }

  @Roles(Role.ADMIN, Role.FINANCE)
  @Mutation(() => AgreementCommissionModel, {
    description: "The platform operator (ADMIN or FINANCE): sets a contract's commission rate before its agreement is sealed, or with rateBp null goes back to the default of the producer's kind; sealing freezes it",
  })
  async setAgreementCommissionRate(@CurrentActor() actor: Actor, @Args('input') input: SetAgreementCommissionRateInput) {
    return toModel(await this.rates.setContractRate(actor, input.agreementId, input.rateBp ?? null));
  }
}
