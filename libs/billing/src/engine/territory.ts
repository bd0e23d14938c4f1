// Where a party is, as VAT sees it.

import { EU_COUNTRIES } from '@app/core/kernel';

/** EU member states (ISO codes; Greece is GR here, EL in VAT numbers): the kernel's one list. */
export const EU_MEMBER_STATES: ReadonlySet<string> = EU_COUNTRIES;

/** The French VAT territory: a buyer there is a domestic buyer (BAR B2B, French directory). */
export const FRENCH_VAT_TERRITORY: ReadonlySet<string> = new Set(['FR', 'MC']);
