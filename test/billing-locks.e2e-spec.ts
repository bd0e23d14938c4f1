// Credits and cancellations lock the invoice and the bill they change, but must not wait for
// (or deadlock with) transactions that only refer to those rows: the worker inserting the
// PDFs of a bill takes KEY SHARE locks on its invoices through the foreign key, for as long
// as it renders. FOR UPDATE conflicted with those; under a burst of credit notes the worker's
// rendering and a cancellation deadlocked and the client got a retryable CONFLICT.
import { Client } from 'pg';
import { NetworkMarket, buyerOrganization, networkMarket, sealedAgreement } from './helpers/network-market';
import { OrgSession } from './helpers/factories';
import { startTestApp, TestApp } from './helpers/test-app';
import { startTestWorker, TestWorker } from './helpers/test-worker';

jest.setTimeout(180_000);

const BILL = `query($f: BillFilterInput) { bills(filter: $f, first: 5) { edges { node { id status invoices { id seller { id } lines { id amountCents } } } } } }`;
const ISSUE = `mutation($i: IssueCreditNoteInput!) { issueCreditNote(input: $i) { id netCents creditedInvoice { status } } }`;
const CANCEL = `mutation($id: ID!) { cancelBill(id: $id, reason: "Facturé à tort") { status invoices { documentType status } } }`;

describe('credit notes and cancellations beside the rows that refer to an invoice', () => {
  let t: TestApp;
  let worker: TestWorker;
  let market: NetworkMarket;
  let pharma: OrgSession;
  let holder: Client;
  const run = Date.now().toString(36);

  const gqlOk = async (query: string, variables: Record<string, unknown>, token: string) => {
    const res = await t.gql(query, variables, token);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data;
  };

  beforeAll(async () => {
    t = await startTestApp();
    worker = await startTestWorker();
    market = await networkMarket(t, run, [['CHU Verrou Nord', 60], ['CHU Verrou Sud', 40]]);
    pharma = await buyerOrganization(t, `Laboratoires Verrous ${run}`);
    holder = new Client({ connectionString: process.env.E2E_DATABASE_URL });
    await holder.connect();
  });
  afterAll(async () => {
    await holder?.query('ROLLBACK').catch(() => undefined);
    await holder?.end();
    await worker?.stop();
    await t?.close();
  });

  it('are not held up by a transaction that refers to the invoice and to the bill, as a PDF insert does', async () => {
    const a = await sealedAgreement(t, market, pharma, { purpose: 'SCIENTIFIC_RESEARCH', patients: 20000 });
    await worker.settled();
    const [bill] = (await gqlOk(BILL, { f: { agreementId: a.id } }, pharma.token)).bills.edges.map((e: any) => e.node);
    const [first, second] = bill.invoices;
    const seller = market.hospitals.find((h) => h.organizationId === first.seller.id)!;

    // What the foreign key of an insert referring to them takes, held open as a long render does.
    // Were the credit to wait for it, the database's lock timeout would answer CONFLICT.
    await holder.query('BEGIN');
    await holder.query(`SELECT 1 FROM invoices WHERE id = ANY($1) FOR KEY SHARE`, [[first.id, second.id]]);
    await holder.query(`SELECT 1 FROM bills WHERE id = $1 FOR KEY SHARE`, [bill.id]);

    const note = (await gqlOk(ISSUE, { i: { invoiceId: first.id, lines: [{ lineId: first.lines[0].id, amountCents: 100 }], reason: 'Geste commercial' } }, seller.token)).issueCreditNote;
    expect(note).toMatchObject({ netCents: 100, creditedInvoice: { status: 'PARTIALLY_CREDITED' } });
    const cancelled = (await gqlOk(CANCEL, { id: bill.id }, market.network.token)).cancelBill;
    expect(cancelled.status).toBe('CANCELLED');
    expect(cancelled.invoices.filter((i: any) => i.documentType === 'INVOICE').map((i: any) => i.status)).toEqual(['CREDITED', 'CREDITED']);
    await holder.query('COMMIT');

    // A second cancellation still waits its turn and is refused with the reason.
    const again = await t.gql(CANCEL, { id: bill.id }, market.network.token);
    expect(again.errors![0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'BILL_CANCELLED' });
  });
});
