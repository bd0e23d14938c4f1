import { Type } from '@nestjs/common';
import { PartialType } from '@nestjs/graphql';
import { ValidationTypes, getMetadataStorage } from 'class-validator';

const REQUIRED = Symbol('fields the edited type requires');

/** Properties `classRef` validates and does not mark optional. */
function requiredProperties(classRef: Type<unknown>): string[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(classRef, '', false, false);
  const optional = new Set(metadata.filter((m) => m.type === ValidationTypes.CONDITIONAL_VALIDATION).map((m) => m.propertyName));
  return [...new Set(metadata.map((m) => m.propertyName))].filter((p) => !optional.has(p));
}

/**
 * The input of an edit of `classRef`: every field may be left out, and none has a default
 * value (GraphQL would give it to every field left out, and the edit would overwrite what is
 * stored with it). A field `classRef` requires may be left out, not set to null (nullFields).
 */
export function PatchType<T>(classRef: Type<T>): Type<Partial<T>> {
  const patch = PartialType(classRef, { omitDefaultValues: true });
  Object.defineProperty(patch, REQUIRED, { value: requiredProperties(classRef) });
  return patch as Type<Partial<T>>;
}

/** The fields an edit sets to null although the edited type requires them. */
export function nullFields(metatype: unknown, value: unknown): string[] {
  const required = (metatype as { [REQUIRED]?: string[] } | undefined)?.[REQUIRED];
  if (!required || value === null || typeof value !== 'object') return [];
  return required.filter((name) => (value as Record<string, unknown>)[name] === null);
}
