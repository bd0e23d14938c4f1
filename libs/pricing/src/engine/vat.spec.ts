import { VAT_MENTION_OUT_OF_SCOPE, VAT_MENTION_REVERSE_CHARGE } from './messages';
import { vatMentionFor, vatRegimeFor } from './vat';

describe('VAT regime', () => {
  it.each([
    [{ category: 'PHARMA', country: 'FR', vatNumber: 'FR83404833048' }, 'FR_STANDARD'],
    [{ category: 'PHARMA', country: 'MC' }, 'FR_STANDARD'],
    [{ category: 'PHARMA', country: 'DE', vatNumber: 'DE123456789' }, 'REVERSE_CHARGE_EU'],
    [{ category: 'ACADEMIC', country: 'BE', vatNumber: null }, 'FR_STANDARD'],
    [{ category: 'ACADEMIC', country: 'BE', vatNumber: '  ' }, 'FR_STANDARD'],
    [{ category: 'PHARMA', country: 'CH', vatNumber: 'CHE-123.456.789' }, 'OUT_OF_SCOPE_NON_EU'],
    [{ category: 'STARTUP', country: 'US' }, 'OUT_OF_SCOPE_NON_EU'],
    [{ category: 'PHARMA', country: 'GB', vatNumber: 'GB123456789' }, 'OUT_OF_SCOPE_NON_EU'],
  ] as const)('%j -> %s', (buyer, regime) => {
    expect(vatRegimeFor(buyer)).toBe(regime);
  });

  it('gives the legal mentions', () => {
    expect(vatMentionFor('REVERSE_CHARGE_EU')).toBe(VAT_MENTION_REVERSE_CHARGE);
    expect(VAT_MENTION_REVERSE_CHARGE).toBe('Autoliquidation – article 283-2 du CGI / article 196 de la directive 2006/112/CE');
    expect(vatMentionFor('OUT_OF_SCOPE_NON_EU')).toBe(VAT_MENTION_OUT_OF_SCOPE);
    expect(VAT_MENTION_OUT_OF_SCOPE).toContain('259 B du CGI');
    expect(vatMentionFor('FR_STANDARD')).toBeNull();
  });
});
