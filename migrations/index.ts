import { Foundation1732300000000 } from './1732300000000-foundation';

/** Every migration, in order: listed explicitly so that ts-node, jest and the build agree. */
export const MIGRATIONS = [Foundation1732300000000];
