import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { BadInputError } from '../errors/domain-error';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** IDs are UUIDs: a malformed one is the client's error, not a database error. */
@Injectable()
export class UuidPipe implements PipeTransform<string | null | undefined> {
  transform(value: string | null | undefined, metadata: ArgumentMetadata) {
    if (value === null || value === undefined) return value;
    if (!UUID.test(value)) throw BadInputError.field(metadata.data ?? 'id', `"${value.slice(0, 60)}" is not an ID issued by this API (a UUID)`);
    return value.toLowerCase();
  }
}
