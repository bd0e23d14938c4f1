import { isIsoCountry, isValidSiren, isValidSiret } from './identifiers';

describe('French identifiers and countries', () => {
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

  it('knows ISO country codes', () => {
    expect(isIsoCountry('FR')).toBe(true);
    expect(isIsoCountry('XX')).toBe(false);
  });
});
