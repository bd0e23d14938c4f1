// Locale formatting of variable values (money and dates: @app/core/kernel's formatters).
import type { Locale } from './types';

export function formatBoolean(value: boolean, locale: Locale): string {
  return locale === 'fr' ? (value ? 'oui' : 'non') : value ? 'yes' : 'no';
}
