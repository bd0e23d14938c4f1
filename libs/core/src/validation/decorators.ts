import { registerDecorator, ValidationOptions } from 'class-validator';
import { isIsoDate } from '../kernel';
import { isIsoCountry, isValidSiren, isValidSiret } from './identifiers';

function simple(name: string, test: (v: string) => boolean, message: string) {
  return (options?: ValidationOptions) => (object: object, propertyName: string) =>
    registerDecorator({
      name,
      target: object.constructor,
      propertyName,
      options: { message: `${propertyName} ${message}`, ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && test(value) },
    });
}

export const IsSiret = simple('isSiret', isValidSiret, 'must be a valid 14-digit SIRET (Luhn checksum failed or wrong length)');
export const IsSiren = simple('isSiren', isValidSiren, 'must be a valid 9-digit SIREN (Luhn checksum failed or wrong length)');
export const ISO_DATE_PROBLEM = 'must be a calendar day that exists, written YYYY-MM-DD (e.g. 2027-03-01)';
/** A calendar day that exists, written YYYY-MM-DD (2020-02-30 and 2021-02-29 are refused). */
export const IsIsoDate = simple('isIsoDate', isIsoDate, ISO_DATE_PROBLEM);
export const IsIsoCountry = simple('isIsoCountry', isIsoCountry, 'must be an ISO 3166-1 alpha-2 country code in capitals, e.g. FR');
