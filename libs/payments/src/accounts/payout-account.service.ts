import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, BadInputError, ForbiddenError, NotFoundError, type FieldProblem } from '@app/core';
import { IdentityService, isProducerKind } from '@app/identity';
import { checkBic, checkIban, maskIban, type PayoutDestination } from '../engine';
import { PayoutAccountEntity } from '../payments.entities';
import { PaymentsReason } from '../payments.errors';
import { PaymentProviderError, StripeGateway } from '../stripe/stripe.gateway';
import type { RegisterPayoutAccountInput } from './payout-account.models';

export interface PayoutAccountView {
  organizationId: string;
  holderName: string;
  ibanMasked: string | null;
  bic: string | null;
  stripeAccountId: string | null;
  preferredMethod: 'STRIPE_TRANSFER' | 'SEPA_CREDIT_TRANSFER';
  updatedAt: Date;
}

export function toPayoutAccountView(a: PayoutAccountEntity): PayoutAccountView {
  return {
    organizationId: a.organizationId, holderName: a.holderName, ibanMasked: a.iban ? maskIban(a.iban) : null, bic: a.bic,
    stripeAccountId: a.stripeAccountId, preferredMethod: a.stripeAccountId ? 'STRIPE_TRANSFER' : 'SEPA_CREDIT_TRANSFER', updatedAt: a.updatedAt,
  };
}

/** Sellers' payout accounts: registered by their FINANCE members, read by them and by the platform. */
@Injectable()
export class PayoutAccountService {
  private readonly logger = new Logger(PayoutAccountService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly identity: IdentityService,
    private readonly stripe: StripeGateway,
  ) {}

  async register(actor: Actor, input: RegisterPayoutAccountInput): Promise<PayoutAccountView> {
    if (!isProducerKind(actor.organizationKind)) {
      throw new ForbiddenError('Only producers (sellers) are paid out: a payout account belongs to a hospital, warehouse, registry, cohort or network');
    }
    const problems: FieldProblem[] = [];
    let iban: string | null = null;
    let bic: string | null = null;
    if (input.iban != null && input.iban.trim() !== '') {
      const r = checkIban(input.iban);
      if ('problem' in r) problems.push(r.problem);
      else iban = r.iban;
    }
    const b = checkBic(input.bic ?? null);
    if ('problem' in b) problems.push(b.problem);
    else bic = b.bic;
    if (bic && !iban && !problems.some((p) => p.field === 'iban')) problems.push({ field: 'bic', message: 'goes with an IBAN: give the IBAN of this bank account too' });
    const stripeAccountId = input.stripeAccountId?.trim() || null;
    if (!iban && !stripeAccountId && !problems.some((p) => p.field === 'iban')) problems.push({ field: 'iban', message: 'give an IBAN or a Stripe connected account (stripeAccountId)' });
    if (problems.length) throw new BadInputError(problems);
    if (stripeAccountId) {
      if (!this.stripe.enabled) {
        throw new PaymentProviderError('Stripe is off on this platform: register an IBAN, payouts are SEPA credit transfers', PaymentsReason.STRIPE_DISABLED);
      }
      const account = await this.stripe.connectedAccount(stripeAccountId);
      if (!account) throw BadInputError.field('stripeAccountId', `${stripeAccountId} is not a connected account of the platform: connect it first (Stripe Connect onboarding)`);
    }
    const saved = await this.db.transaction(async (m) => {
      await m.query(
        `INSERT INTO payout_accounts (organization_id, holder_name, iban, bic, stripe_account_id, updated_at, updated_by)
         VALUES ($1, $2, $3, $4, $5, now(), $6)
         ON CONFLICT (organization_id) DO UPDATE SET holder_name = EXCLUDED.holder_name, iban = EXCLUDED.iban, bic = EXCLUDED.bic,
           stripe_account_id = EXCLUDED.stripe_account_id, updated_at = now(), updated_by = EXCLUDED.updated_by`,
        [actor.organizationId, input.holderName.trim(), iban, bic, stripeAccountId, actor.userId],
      );
      return m.findOneByOrFail(PayoutAccountEntity, { organizationId: actor.organizationId });
    });
    this.logger.log(`payout account of ${actor.organizationId} set: ${saved.iban ? maskIban(saved.iban) : 'no IBAN'}${saved.stripeAccountId ? `, ${saved.stripeAccountId}` : ''}`);
    return toPayoutAccountView(saved);
  }

  /** The payout account of the caller's organisation, or of any for the platform; null when none is registered. */
  async get(actor: Actor, organizationId: string | null): Promise<PayoutAccountView | null> {
    const id = organizationId ?? actor.organizationId;
    if (id !== actor.organizationId) {
      if (actor.organizationKind !== 'PLATFORM' || (await this.identity.organizationsByIds([id])).length === 0) throw new NotFoundError('Organization', id);
    }
    const found = await this.db.manager.findOneBy(PayoutAccountEntity, { organizationId: id });
    return found ? toPayoutAccountView(found) : null;
  }

  /** Where each of `sellerIds` is paid (with the whole IBAN), for the payout run. */
  async destinations(m: EntityManager, sellerIds: readonly string[]): Promise<Map<string, PayoutDestination>> {
    if (sellerIds.length === 0) return new Map();
    const rows = await m.createQueryBuilder(PayoutAccountEntity, 'a').where('a.organization_id = ANY(:ids)', { ids: [...sellerIds] }).getMany();
    return new Map(rows.map((r) => [r.organizationId, { sellerId: r.organizationId, name: r.holderName, stripeAccountId: r.stripeAccountId, iban: r.iban, bic: r.bic }]));
  }
}
