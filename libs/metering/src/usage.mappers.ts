import { toPriceModel } from '@app/pricing';
import { AgreementUsageModel } from './usage.models';
import { UsageStatement } from './usage.service';

export function toAgreementUsageModel(s: UsageStatement): AgreementUsageModel {
  return {
    agreementId: s.terms.agreementId,
    agreementNumber: s.terms.number,
    month: s.month,
    from: s.from,
    to: s.to,
    open: s.open,
    meters: s.meters,
    amount: s.amount && toPriceModel(s.amount),
  };
}
