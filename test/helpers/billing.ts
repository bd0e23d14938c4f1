// What the billing specs share: the bills query, Paris months before the current one, a secure
// environment's key and its usage reports, and the VAT of an invoice as BILLING.md decides it.
import { addMonths, parisDay } from '@app/core';
import { gqlOk } from './market';
import type { TestApp } from './test-app';

/** A bill with its invoices and their lines, as the billing specs check them. */
export const BILLS = `query($f: BillFilterInput) { bills(filter: $f, first: 50) { totalCount edges { node {
  id number kind agreementNumber periodStart periodEnd usageMonth supplement netCents vatCents totalCents status
  buyer { id } network { id }
  invoices { id number documentType netCents vatCents totalCents seller { id name } lines { id code amountCents vatCategory vatRateBp } pdfUrl xmlUrl }
} } } }`;

/** The Paris calendar month `n` months before the current one (YYYY-MM) and an instant in its middle, from the kernel calendar. */
export function monthsAgo(n: number): { month: string; mid: string } {
  const month = addMonths(`${parisDay(new Date()).slice(0, 7)}-01`, -n).slice(0, 7);
  return { month, mid: `${month}-15T12:00:00.000Z` };
}

/** Moves a sealed agreement's start to the first day of the Paris month `monthsBack` months ago (the API concludes from today on). */
export async function startedMonthsAgo(t: TestApp, agreementId: string, monthsBack: number): Promise<void> {
  await t.db.query(`UPDATE agreements SET starts_on = $2 WHERE id = $1`, [agreementId, `${monthsAgo(monthsBack).month}-01`]);
}

/** A new API key of the organisation signed in with `token`, with these roles (a secure environment's: PUBLISHER). */
export async function apiKeyOf(t: TestApp, token: string, roles: string[]): Promise<string> {
  return (await gqlOk(t, `mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }`, { i: { name: 'secure environment', roles } }, token)).createApiKey.secret;
}

/** Usage events posted as JSON to POST /usage-events with an API key. */
export function postUsage(t: TestApp, events: unknown[], key: string) {
  return t.http.post('/usage-events').set('content-type', 'application/json').set('authorization', `Bearer ${key}`).send(JSON.stringify(events));
}

/** `base` x `rateBp` / 10,000 rounded half-up to the cent (base >= 0). */
function percentHalfUp(base: number, rateBp: number): number {
  const scaled = BigInt(base) * BigInt(rateBp);
  return Number(scaled / 10_000n + (scaled % 10_000n >= 5_000n ? 1n : 0n));
}

/** The VAT of one invoice as BILLING.md decides it: per category and rate on the sum of its rounded lines, half-up. */
export function vatOfInvoice(lines: { amountCents: number; vatCategory: string; vatRateBp: number }[]): number {
  const bases = new Map<string, { rateBp: number; baseCents: number }>();
  for (const l of lines.filter((x) => x.vatCategory === 'S')) {
    const key = String(l.vatRateBp);
    bases.set(key, { rateBp: l.vatRateBp, baseCents: (bases.get(key)?.baseCents ?? 0) + l.amountCents });
  }
  return [...bases.values()].reduce((s, b) => s + percentHalfUp(b.baseCents, b.rateBp), 0);
}
