import { declineMessage, safeDeclineCode } from './decline';

describe('decline messages', () => {
  it('says why from the decline code, then the code, else in general terms, and always what to do', () => {
    expect(declineMessage('insufficient_funds', 'card_declined')).toBe(
      'The payment was declined: the card has insufficient funds. Pay with another card, by SEPA Debit or by bank transfer with the bill number as reference');
    expect(declineMessage(null, 'expired_card')).toMatch(/^The payment was declined: the card has expired\./);
    expect(declineMessage('something_new', 'card_declined')).toMatch(/^The payment was declined: the card issuer or bank refused it\./);
  });

  it('never repeats what it is given', () => {
    for (const code of ['req_123 secret', 'constructor', '__proto__', 'toString']) expect(declineMessage(code, code)).not.toContain(code);
  });

  it('keeps only code-shaped values', () => {
    expect(safeDeclineCode('generic_decline')).toBe('generic_decline');
    expect(safeDeclineCode('Your card <b>')).toBeNull();
    expect(safeDeclineCode(42)).toBeNull();
  });
});
