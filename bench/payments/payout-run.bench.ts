// Payout run benchmark: one run over BENCH_BILLS (10,000) bills paid in full, each shared by two
// hospitals: one paid by Stripe Connect transfer (through the real SDK, to a local fake Stripe
// over HTTP), the other by a line of the run's pain.001 file. Reports the run's time, payouts
// and ledger entries per second. The bills and payments are written in bulk first (that setup
// is not timed). Run: npm run bench:payments.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { BillPaymentsService, PayoutRunService } from '@app/payments';
import { FakeStripe } from '../../libs/payments/src/testing/fake-stripe';
import { signUpOrganization } from '../../test/helpers/factories';
import { platformAdminToken, startTestApp } from '../../test/helpers/test-app';
import { freshBenchDatabase, runBench } from '../support';

const BILLS = Number(process.env.BENCH_BILLS ?? 10_000);
const CHUNK = 1000;

async function main() {
  const db = await freshBenchDatabase('marketplace_bench_payouts');
  const fake = new FakeStripe();
  const port = await fake.start();
  process.env.E2E_DATABASE_URL = db.url;
  const t = await startTestApp({ STRIPE_SECRET_KEY: 'sk_test_bench', STRIPE_API_URL: `http://127.0.0.1:${port}`, PLATFORM_IBAN: 'FR7630006000011234567890189', PLATFORM_BIC: 'AGRIFRPP' });
  try {
    await platformAdminToken(t);
    const buyer = await signUpOrganization(t, 'PHARMA');
    const connected = await signUpOrganization(t, 'HOSPITAL');
    const sepa = await signUpOrganization(t, 'HOSPITAL');
    const account = fake.addConnectedAccount();
    await t.db.query(`INSERT INTO payout_accounts (organization_id, holder_name, stripe_account_id) VALUES ($1, 'CHU connecté', $2)`, [connected.organizationId, account]);
    await t.db.query(`INSERT INTO payout_accounts (organization_id, holder_name, iban) VALUES ($1, 'Centre hospitalier public', 'FR7610107001011234567890129')`, [sepa.organizationId]);
    await t.app.get(BillPaymentsService).platformOrganizationId();

    const setup = performance.now();
    for (let from = 0; from < BILLS; from += CHUNK) {
      const n = Math.min(CHUNK, BILLS - from);
      const ids = Array.from({ length: n }, () => randomUUID());
      const payments = ids.map(() => randomUUID());
      const charges = ids.map(() => `ch_${randomUUID().replace(/-/g, '')}`);
      const numbers = ids.map((_, i) => `BENCH-${String(from + i).padStart(6, '0')}`);
      await t.db.transaction(async (m) => {
        await m.query(
          `INSERT INTO payable_bills (bill_id, number, agreement_id, buyer_id, currency, total_cents, paid_cents, commission_bp, status, settling_payment_id, issued_at, paid_at)
           SELECT id, nb, gen_random_uuid(), $3, 'EUR', 24000, 24000, 1000, 'PAID', pay, now(), now() FROM unnest($1::uuid[], $2::text[], $4::uuid[]) AS x(id, nb, pay)`,
          [ids, numbers, buyer.organizationId, payments]);
        await m.query(
          `INSERT INTO payable_bill_sellers (bill_id, seller_id, position, invoice_id, invoice_number, net_cents, vat_cents, commission_net_cents, commission_vat_cents,
             remaining_net_cents, remaining_vat_cents, remaining_commission_net_cents, remaining_commission_vat_cents)
           SELECT id, s.seller, s.pos, gen_random_uuid(), nb || '-' || s.pos, 10000, 2000, 1000, 200, 10000, 2000, 1000, 200
             FROM unnest($1::uuid[], $2::text[]) AS x(id, nb), (VALUES ($3::uuid, 1), ($4::uuid, 2)) AS s(seller, pos)`,
          [ids, numbers, connected.organizationId, sepa.organizationId]);
        await m.query(
          `INSERT INTO payments (id, bill_id, method, amount_cents, applied_cents, stripe_payment_intent_id, stripe_charge_id, received_on, received_at)
           SELECT pay, id, 'STRIPE', 24000, 24000, 'pi_' || replace(pay::text, '-', ''), ch, current_date, now() FROM unnest($1::uuid[], $2::uuid[], $3::text[]) AS x(id, pay, ch)`,
          [ids, payments, charges]);
      });
      charges.forEach((id) => fake.charges.set(id, { id, object: 'charge', amount: 24_000, currency: 'eur' }));
    }
    const setupS = (performance.now() - setup) / 1000;

    const [{ before }] = await t.db.query(`SELECT count(*)::int AS before FROM ledger_entries`);
    const started = performance.now();
    const result = await t.app.get(PayoutRunService).run();
    const seconds = (performance.now() - started) / 1000;
    const [{ after }] = await t.db.query(`SELECT count(*)::int AS after FROM ledger_entries`);
    const entries = after - before;
    const transfers = fake.transferCreations().size;
    if (transfers !== BILLS || result.sepaLines !== BILLS || entries !== 2 * BILLS) {
      throw new Error(`expected ${BILLS} transfers, ${BILLS} SEPA lines and ${2 * BILLS} entries; got ${transfers}, ${result.sepaLines}, ${entries}`);
    }
    const [{ bytes }] = await t.db.query(`SELECT length(xml) AS bytes FROM sepa_files WHERE id = $1`, [result.sepaFileId]);
    console.log(`setup (bulk SQL, not timed): ${BILLS} bills, ${(setupS).toFixed(1)} s`);
    console.log(`payout run over ${BILLS.toLocaleString('en')} settled bills: ${seconds.toFixed(1)} s`);
    console.log(`  ${transfers.toLocaleString('en')} Stripe transfers (the SDK over HTTP to the local fake, 4 at a time) and ${result.sepaLines.toLocaleString('en')} SEPA lines (one pain.001 file, ${(bytes / 1e6).toFixed(1)} MB)`);
    console.log(`  ${entries.toLocaleString('en')} ledger entries: ${(entries / seconds).toFixed(0)} entries/s, ${((transfers + result.sepaLines) / seconds).toFixed(0)} payouts/s`);
    const again = performance.now();
    const second = await t.app.get(PayoutRunService).run();
    console.log(`second run (nothing left to pay): ${second.transfers + second.sepaLines} payouts in ${((performance.now() - again) / 1000).toFixed(2)} s`);
  } finally {
    await t.close();
    await fake.stop();
    await db.stop();
  }
}

runBench(main);
