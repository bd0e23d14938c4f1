import { Foundation1732300000000 } from './1732300000000-foundation';
import { Licensing1732300001000 } from './1732300001000-licensing';
import { Pricing1732300002000 } from './1732300002000-pricing';
import { Contracting1732300003000 } from './1732300003000-contracting';
import { EventReceipts1732403000000 } from './1732403000000-event-receipts';
import { SearchWindowIndexes1732406000000 } from './1732406000000-search-window-indexes';
import { ContributorConsent1732408000000 } from './1732408000000-contributor-consent';
import { UsageEvents1732408001000 } from './1732408001000-usage-events';
import { Ledger1732410000000 } from './1732410000000-ledger';
import { AccountSecurity1732412000000 } from './1732412000000-account-security';
import { Invoicing1732413000000 } from './1732413000000-invoicing';
import { PayoutAccounts1732414000000 } from './1732414000000-payout-accounts';
import { Payments1732414001000 } from './1732414001000-payments';
import { PayoutsPending1732414002000 } from './1732414002000-payouts-pending';
import { SepaFileExecuted1732414003000 } from './1732414003000-sepa-file-executed';
import { ContractCommissionRates1732415000000 } from './1732415000000-contract-commission-rates';
import { CommissionInvoices1732415001000 } from './1732415001000-commission-invoices';
import { CreditNotesNetting1732416000000 } from './1732416000000-credit-notes-netting';
import { OrganizationRefusal1732417000000 } from './1732417000000-organization-refusal';
import { WithdrawalBills1732418000000 } from './1732418000000-withdrawal-bills';
import { LateUsageBills1732419000000 } from './1732419000000-late-usage-bills';

/** Every migration, in order: listed explicitly so that ts-node, jest and the build agree. */
export const MIGRATIONS = [
  Foundation1732300000000, Licensing1732300001000, Pricing1732300002000, Contracting1732300003000, EventReceipts1732403000000,
  SearchWindowIndexes1732406000000, ContributorConsent1732408000000, UsageEvents1732408001000, Ledger1732410000000,
  AccountSecurity1732412000000, PayoutAccounts1732414000000, Payments1732414001000, PayoutsPending1732414002000, SepaFileExecuted1732414003000,
  ContractCommissionRates1732415000000, CommissionInvoices1732415001000,
  CreditNotesNetting1732416000000,
  OrganizationRefusal1732417000000,
  WithdrawalBills1732418000000,
  LateUsageBills1732419000000,
  // Invoicing (1732413000000) sits between AccountSecurity and PayoutAccounts: TypeORM runs them by timestamp.
  Invoicing1732413000000,
];
