// A seller's payout account: its IBAN (with an optional BIC) for SEPA credit transfers, or its
// Stripe connected account. IBANs are checked with ibantools (country format and ISO 7064
// check digits) and shown masked: only the country, the check digits and the last four
// characters, so that a log line or an answer never carries a whole account number.

import { electronicFormatIBAN, isSEPACountry, validateBIC, validateIBAN } from 'ibantools';
import type { FieldProblem } from '@app/core/kernel';

const CONNECTED_ACCOUNT = /^acct_[A-Za-z0-9]{6,64}$/;

/** The IBAN in its electronic form (no spaces, upper case), or the problem with it. */
export function checkIban(raw: string, field = 'iban'): { iban: string } | { problem: FieldProblem } {
  const iban = electronicFormatIBAN(raw ?? '') ?? '';
  const result = validateIBAN(iban);
  if (!result.valid) {
    return { problem: { field, message: 'is not a valid IBAN (its country format or its check digits are wrong): copy it from the bank\'s account details (RIB)' } };
  }
  if (!isSEPACountry(iban.slice(0, 2))) {
    return { problem: { field, message: `is an IBAN of ${iban.slice(0, 2)}, outside the SEPA area: payouts are SEPA credit transfers, give an account in a SEPA country` } };
  }
  return { iban };
}

/** The BIC in upper case, or the problem with it; null when none is given (SEPA does not require it). */
export function checkBic(raw: string | null | undefined, field = 'bic'): { bic: string | null } | { problem: FieldProblem } {
  if (raw == null || raw.trim() === '') return { bic: null };
  const bic = raw.replace(/\s+/g, '').toUpperCase();
  if (!validateBIC(bic).valid) return { problem: { field, message: 'is not a valid BIC (8 or 11 characters: bank, country, location, branch), or leave it out' } };
  return { bic };
}

export function isConnectedAccountId(id: string): boolean {
  return CONNECTED_ACCOUNT.test(id);
}

/** FR76 **** **** 0189: the country, the check digits and the last four characters. */
export function maskIban(iban: string): string {
  const e = electronicFormatIBAN(iban) ?? iban;
  if (e.length < 8) return '****';
  return `${e.slice(0, 4)} **** **** ${e.slice(-4)}`;
}
