import { registerDecorator, ValidationOptions } from 'class-validator';
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
export const IsIsoCountry = simple('isIsoCountry', isIsoCountry, 'must be an ISO 3166-1 alpha-2 country code in capitals, e.g. FR');
