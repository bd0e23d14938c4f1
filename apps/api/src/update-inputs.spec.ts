import * as fs from 'node:fs';
import * as path from 'node:path';
import { GraphQLInputObjectType, GraphQLNamedType, buildSchema, getNamedType, isInputObjectType } from 'graphql';

// An edit changes only the fields given: no input of an edit may carry a default value,
// which GraphQL would apply to every field left out (and the edit would overwrite it).
describe('inputs of edits', () => {
  const schema = buildSchema(fs.readFileSync(path.resolve(__dirname, '../../../schema.gql'), 'utf8'));
  const edits = Object.values(schema.getMutationType()!.getFields()).filter((f) => /^(update|edit|patch|change|set)[A-Z]/.test(f.name));

  /** Every input object type an argument of the field reaches, nested ones included. */
  function inputsOf(roots: GraphQLNamedType[]): GraphQLInputObjectType[] {
    const seen = new Map<string, GraphQLInputObjectType>();
    const stack = roots.filter(isInputObjectType);
    while (stack.length) {
      const t = stack.pop()!;
      if (seen.has(t.name)) continue;
      seen.set(t.name, t);
      for (const f of Object.values(t.getFields())) {
        const inner = getNamedType(f.type);
        if (isInputObjectType(inner)) stack.push(inner);
      }
    }
    return [...seen.values()];
  }

  it('are found', () => {
    expect(edits.map((f) => f.name)).toEqual(expect.arrayContaining(['updateOffering', 'updateOrganization', 'editLicenceClause', 'updateMemberRoles']));
  });

  it('carry no default value on any field', () => {
    const defaults = edits.flatMap((edit) => [
      ...edit.args.filter((a) => a.defaultValue !== undefined).map((a) => `${edit.name}(${a.name})`),
      ...inputsOf(edit.args.map((a) => getNamedType(a.type))).flatMap((t) =>
        Object.values(t.getFields()).filter((f) => f.defaultValue !== undefined).map((f) => `${edit.name}: ${t.name}.${f.name}`)),
    ]);
    expect(defaults).toEqual([]);
  });
});
