/**
 * Builds an UpdateExpression with placeholder names and values for every attribute, so that user-chosen
 * field values never reach the expression text and reserved words never matter.
 */
export interface UpdatePlan {
  set?: Record<string, unknown>;
  /** `target = source` copies, evaluated against the item before the update. */
  copy?: Record<string, string>;
  remove?: readonly string[];
  /** Numeric increments (`version = version + 1`). */
  increment?: Record<string, number>;
}

export interface BuiltExpression {
  UpdateExpression: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues: Record<string, unknown>;
}

export const buildUpdateExpression = (plan: UpdatePlan, prefix = 'u'): BuiltExpression => {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const nameOf = (attribute: string): string => {
    const placeholder = `#${prefix}${Object.keys(names).length}`;
    names[placeholder] = attribute;
    return placeholder;
  };
  const valueOf = (value: unknown): string => {
    const placeholder = `:${prefix}${Object.keys(values).length}`;
    values[placeholder] = value;
    return placeholder;
  };
  const sets = [
    ...Object.entries(plan.set ?? {}).map(([attribute, value]) => `${nameOf(attribute)} = ${valueOf(value)}`),
    ...Object.entries(plan.copy ?? {}).map(([target, source]) => `${nameOf(target)} = ${nameOf(source)}`),
    ...Object.entries(plan.increment ?? {}).map(([attribute, by]) => {
      const name = nameOf(attribute);
      return `${name} = ${name} + ${valueOf(by)}`;
    }),
  ];
  const removes = (plan.remove ?? []).map(nameOf);
  const clauses = [
    sets.length > 0 ? `SET ${sets.join(', ')}` : '',
    removes.length > 0 ? `REMOVE ${removes.join(', ')}` : '',
  ].filter(Boolean);
  return { UpdateExpression: clauses.join(' '), ExpressionAttributeNames: names, ExpressionAttributeValues: values };
};

/** A condition with its own placeholders (they must not clash with the plan's `#u0`/`:u0` ones). */
export interface WriteCondition {
  readonly ConditionExpression: string;
  readonly names?: Record<string, string>;
  readonly values?: Record<string, unknown>;
}

/**
 * The `Update` element of a TransactWriteItems call: a built expression under a condition. ALL_OLD on a failed
 * condition hands back the item the condition saw, so the caller tells 404 from 412 without another read.
 */
export const conditionalUpdate = (
  tableName: string,
  key: Record<string, string>,
  expression: BuiltExpression,
  condition: WriteCondition,
) => ({
  Update: {
    TableName: tableName,
    Key: key,
    UpdateExpression: expression.UpdateExpression,
    ConditionExpression: condition.ConditionExpression,
    ExpressionAttributeNames: { ...expression.ExpressionAttributeNames, ...condition.names },
    ExpressionAttributeValues: { ...expression.ExpressionAttributeValues, ...condition.values },
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
  },
});

/**
 * A PATCH's fields as SET / REMOVE: `null` clears a field (REMOVE), `undefined` leaves it alone, anything else is
 * SET. The starting point of every feature's update plan.
 */
export const fieldUpdatesOf = (changes: Readonly<Record<string, unknown>>): { set: Record<string, unknown>; remove: string[] } => {
  const set: Record<string, unknown> = {};
  const remove: string[] = [];
  for (const [field, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    if (value === null) remove.push(field);
    else set[field] = value;
  }
  return { set, remove };
};
