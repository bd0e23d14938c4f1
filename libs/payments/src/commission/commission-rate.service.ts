// The commission rate of an agreement: the default of the producer's kind (COMMISSION_RATES),
// or a rate the platform operator agreed for this contract before it was sealed; frozen into
// commission_rates when the agreement is sealed (payments.freeze-commission), never changed after.
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, APP_CONFIG, AppConfig, AuditService, BadInputError, ConflictError, ForbiddenError, NotFoundError } from '@app/core';
import { commissionRateFor, commissionRates } from '../engine';
import { CommissionReason } from './commission.errors';

export const MAX_COMMISSION_BP = 5000;

export type CommissionBasis = 'OFFERING_KIND' | 'CONTRACT';

/** An agreement's commission as its parties see it: frozen at sealing, or what sealing would freeze now. */
export interface AgreementCommission {
  agreementId: string;
  rateBp: number;
  basis: CommissionBasis;
  frozen: boolean;
  frozenAt: Date | null;
  /** The default of the producer's kind, for comparison. */
  defaultRateBp: number;
}

@Injectable()
export class CommissionRateService {
  private readonly rates: Record<string, number>;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly audit: AuditService,
  ) {
    this.rates = commissionRates(config.payments.commissionRates);
  }

  /** Serialises setting and freezing one agreement's rate: a rate set while the agreement is sealed is either frozen with it or refused. */
  private async lock(m: EntityManager, agreementId: string): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`commission-rate:${agreementId}`]);
  }

  /** Freezes the agreement's rate (first call wins): the contract's rate if the operator set one, else the default of the producer's kind. */
  async freeze(m: EntityManager, agreementId: string, producerKind: string | null): Promise<number> {
    await this.lock(m, agreementId);
    const [agreed] = await m.query(`SELECT rate_bp FROM contract_commission_rates WHERE agreement_id = $1`, [agreementId]);
    await m.query(
      `INSERT INTO commission_rates (agreement_id, rate_bp, basis, offering_kind) VALUES ($1, $2, $3, $4) ON CONFLICT (agreement_id) DO NOTHING`,
      [agreementId, agreed ? agreed.rate_bp : commissionRateFor(producerKind, this.rates), agreed ? 'CONTRACT' : 'OFFERING_KIND', producerKind],
    );
    const [{ rate }] = await m.query(`SELECT rate_bp AS rate FROM commission_rates WHERE agreement_id = $1`, [agreementId]);
    return rate;
  }

  /** The commission of agreements (unknown ids are left out), in one query. */
  async ofAgreements(ids: readonly string[], m: EntityManager = this.db.manager): Promise<Map<string, AgreementCommission>> {
    if (!ids.length) return new Map();
    const rows: { id: string; kind: string | null; frozen_bp: number | null; basis: CommissionBasis | null; frozen_at: Date | null; contract_bp: number | null }[] = await m.query(
      `SELECT a.id, o.kind, c.rate_bp AS frozen_bp, c.basis, c.frozen_at, x.rate_bp AS contract_bp
         FROM agreements a
         JOIN access_requests r ON r.id = a.request_id
         LEFT JOIN organizations o ON o.id = r.producer_id
         LEFT JOIN commission_rates c ON c.agreement_id = a.id
         LEFT JOIN contract_commission_rates x ON x.agreement_id = a.id
        WHERE a.id = ANY($1::uuid[])`, [ids]);
    return new Map(rows.map((r) => {
      const defaultRateBp = commissionRateFor(r.kind, this.rates);
      const view: AgreementCommission = r.frozen_bp !== null
        ? { agreementId: r.id, rateBp: r.frozen_bp, basis: r.basis!, frozen: true, frozenAt: r.frozen_at, defaultRateBp }
        : { agreementId: r.id, rateBp: r.contract_bp ?? defaultRateBp, basis: r.contract_bp !== null ? 'CONTRACT' : 'OFFERING_KIND', frozen: false, frozenAt: null, defaultRateBp };
      return [r.id, view];
    }));
  }

  /**
   * The platform operator sets (or, with null, clears) the commission rate of one contract
   * before its agreement is sealed; sealing freezes it like the default of the kind.
   */
  async setContractRate(actor: Actor, agreementId: string, rateBp: number | null): Promise<AgreementCommission> {
    if (actor.organizationKind !== 'PLATFORM') {
      throw new ForbiddenError("The commission is the platform's: only the platform operator's ADMIN or FINANCE members set a contract's rate");
    }
    if (rateBp !== null && (!Number.isSafeInteger(rateBp) || rateBp < 0 || rateBp > MAX_COMMISSION_BP)) {
      throw BadInputError.field('rateBp', `must be a whole number of basis points from 0 to ${MAX_COMMISSION_BP} (${MAX_COMMISSION_BP} = 50 %), or null for the default of the producer's kind`);
    }
    await this.db.transaction(async (m) => {
      await this.lock(m, agreementId);
      const [a] = await m.query(`SELECT number, status, sealed_at FROM agreements WHERE id = $1`, [agreementId]);
      if (!a) throw new NotFoundError('Agreement', agreementId);
      const [frozen] = await m.query(`SELECT rate_bp FROM commission_rates WHERE agreement_id = $1`, [agreementId]);
      if (!a.sealed_at && !frozen && a.status !== 'ISSUED') {
        throw new ConflictError(`Agreement ${a.number} is ${a.status} without having been sealed: it will never bind, there is no commission to set`, { agreementId })
          .because(CommissionReason.COMMISSION_FROZEN);
      }
      if (a.sealed_at || frozen) {
        const rate = frozen ? `${frozen.rate_bp} bp` : 'the rate in force at sealing';
        throw new ConflictError(`Agreement ${a.number} is sealed: its commission is frozen at ${rate} and no longer changes; a contract's rate is set before both parties sign`, { agreementId })
          .because(CommissionReason.COMMISSION_FROZEN);
      }
      if (rateBp === null) await m.query(`DELETE FROM contract_commission_rates WHERE agreement_id = $1`, [agreementId]);
      else {
        await m.query(
          `INSERT INTO contract_commission_rates (agreement_id, rate_bp, set_by, set_at) VALUES ($1, $2, $3, now())
           ON CONFLICT (agreement_id) DO UPDATE SET rate_bp = EXCLUDED.rate_bp, set_by = EXCLUDED.set_by, set_at = now()`,
          [agreementId, rateBp, actor.userId ?? null],
        );
      }
      await this.audit.record(m, actor, 'agreement.commission_rate_set', 'Agreement', agreementId, { number: a.number, rateBp });
    });
    return (await this.ofAgreements([agreementId])).get(agreementId)!;
  }
}
