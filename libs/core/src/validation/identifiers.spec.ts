import { frenchVatNumber, isIsoCountry, isValidSiren, isValidSiret, vatNumberProblem } from './identifiers';

describe('French and EU identifiers', () => {
  it('accepts real SIREN/SIRET numbers and rejects a changed digit', () => {
    // AP-HP: SIREN 267500452, head office SIRET 26750045200011.
    expect(isValidSiren('267500452')).toBe(true);
    expect(isValidSiret('26750045200011')).toBe(true);
    expect(isValidSiret('26750045200012')).toBe(false);
    expect(isValidSiren('267500453')).toBe(false);
    expect(isValidSiret('2675004520001')).toBe(false);
    expect(isValidSiret('2675004520001A')).toBe(false);
  });

  it('handles La Poste SIRETs, which do not follow Luhn', () => {
    // La Poste's establishments: the sum of the digits is a multiple of 5 (3+5+6+1 = 15).
    expect(isValidSiret('35600000000010')).toBe(true);
    expect(isValidSiret('35600000000011')).toBe(false);
  });

  it('derives the French VAT key from the SIREN', () => {
    expect(frenchVatNumber('267500452')).toBe('FR' + String((12 + 3 * (267500452 % 97)) % 97).padStart(2, '0') + '267500452');
    expect(vatNumberProblem(frenchVatNumber('267500452'), 'FR')).toBeNull();
  });

  it('checks VAT number shapes per EU country', () => {
    expect(vatNumberProblem('DE123456789', 'DE')).toBeNull();
    expect(vatNumberProblem('DE12345678', 'DE')).toMatch(/well-formed DE/);
    expect(vatNumberProblem('FR12345', 'DE')).toMatch(/prefix DE/);
    expect(vatNumberProblem('EL123456789', 'GR')).toBeNull();
    expect(vatNumberProblem('CHE-123.456.789', 'CH')).toBeNull();
  });

  it('knows ISO country codes', () => {
    expect(isIsoCountry('FR')).toBe(true);
    expect(isIsoCountry('XX')).toBe(false);
  });
});
