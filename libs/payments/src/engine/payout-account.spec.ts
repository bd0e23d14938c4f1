import { checkBic, checkIban, isConnectedAccountId, maskIban } from './payout-account';

describe('payout accounts', () => {
  it('accepts a valid IBAN in any spacing and gives its electronic form', () => {
    expect(checkIban('fr76 3000 6000 0112 3456 7890 189')).toEqual({ iban: 'FR7630006000011234567890189' });
    expect(checkIban('DE89 3704 0044 0532 0130 00')).toEqual({ iban: 'DE89370400440532013000' });
  });

  it('refuses wrong check digits, a wrong length and an IBAN outside SEPA', () => {
    expect(checkIban('FR7630006000011234567890188')).toMatchObject({ problem: { field: 'iban', message: expect.stringMatching(/check digits/) } });
    expect(checkIban('FR76300060000112345678901')).toHaveProperty('problem');
    expect(checkIban('not an iban')).toHaveProperty('problem');
    expect(checkIban('BR1800360305000010009795493C1')).toMatchObject({ problem: { message: expect.stringMatching(/outside the SEPA area/) } });
  });

  it('checks the BIC when given', () => {
    expect(checkBic(null)).toEqual({ bic: null });
    expect(checkBic(' agrifrpp ')).toEqual({ bic: 'AGRIFRPP' });
    expect(checkBic('COBADEFFXXX')).toEqual({ bic: 'COBADEFFXXX' });
    expect(checkBic('AGRI')).toHaveProperty('problem');
  });

  it('masks an IBAN to its country, check digits and last four characters', () => {
    expect(maskIban('FR7630006000011234567890189')).toBe('FR76 **** **** 0189');
    expect(maskIban('FR7630006000011234567890189')).not.toContain('30006');
  });

  it('recognises a connected account id', () => {
    expect(isConnectedAccountId('acct_1Nv0FGQ9RKHgCVdK')).toBe(true);
    expect(isConnectedAccountId('cus_1Nv0FGQ9RKHgCVdK')).toBe(false);
  });
});
