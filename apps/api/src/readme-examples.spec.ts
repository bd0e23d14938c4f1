import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildSchema, parse, validate } from 'graphql';

// The README's GraphQL examples must stay valid against the committed schema.
describe('README GraphQL examples', () => {
  const root = path.resolve(__dirname, '../../..');
  const schema = buildSchema(fs.readFileSync(path.join(root, 'schema.gql'), 'utf8'));
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]);
  const operations = blocks.flatMap((b) =>
    b.split('\n').reduce<string[]>((ops, line) => {
      if (/^(query|mutation)\b/.test(line)) ops.push(line);
      else if (ops.length) ops[ops.length - 1] += `\n${line}`;
      return ops;
    }, []),
  );

  it('has examples', () => {
    expect(operations.length).toBeGreaterThan(8);
  });

  it.each(operations.map((op) => [op.split('\n')[0].slice(0, 60), op]))('%s', (_title, op) => {
    const source = (op as string).replace(/#.*$/gm, '').replace(/…/g, '00000000-0000-4000-8000-000000000000');
    expect(validate(schema, parse(source)).map((e) => e.message)).toEqual([]);
  });
});
