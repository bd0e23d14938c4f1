// Where a party is, as VAT sees it.

/** EU member states (ISO codes; Greece is GR here, EL in VAT numbers). */
export const EU_MEMBER_STATES: ReadonlySet<string> = new Set([
  'AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE',
  'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE',
]);

/** The French VAT territory: a buyer there is a domestic buyer (BAR B2B, French directory). */
export const FRENCH_VAT_TERRITORY: ReadonlySet<string> = new Set(['FR', 'MC']);
