/**
 * The one builder of UpdateExpressions: placeholder names and values for every attribute, so that user-chosen
 * field values never reach the expression text and reserved words never matter. Every write that updates an item
 * describes its change as an UpdatePlan; no hand-written `SET …` strings.
 *
 * An attribute written with dots (`lastValue.amount`) is a document path: each segment gets its own placeholder.
 * Our attribute names never contain a dot themselves.
 */
export interface UpdatePlan {
  set?: Record<string, unknown>;
  /** `attr = if_not_exists(attr, value)`: written only when the attribute is missing (a first-use stamp). */
  setIfMissing?: Record<string, unknown>;
  /** `target = source` copies, evaluated against the item before the update. */
  copy?: Record<string, string>;
  /** `attr = attr + n` (n may be negative): the attribute must exist. */
  increment?: Record<string, number>;
  /** DynamoDB `ADD`: a number added to (or a set merged into) the attribute, created when missing. */
  add?: Record<string, unknown>;
  /** DynamoDB `DELETE`: elements removed from a set attribute. */
  delete?: Record<string, unknown>;
  remove?: readonly string[];
}

export interface BuiltExpression {
  UpdateExpression: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues: Record<string, unknown>;
}

export const buildUpdateExpression = (plan: UpdatePlan, prefix = 'u'): BuiltExpression => {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const placeholders = new Map<string, string>();
  const nameOf = (attribute: string): string =>
    attribute
      .split('.')
      .map((segment) => {
        const known = placeholders.get(segment);
        if (known) return known;
        const placeholder = `#${prefix}${placeholders.size}`;
        placeholders.set(segment, placeholder);
        names[placeholder] = segment;
        return placeholder;
      })
      .join('.');
  const valueOf = (value: unknown): string => {
    const placeholder = `:${prefix}${Object.keys(values).length}`;
    values[placeholder] = value;
    return placeholder;
  };
  const sets = [
    ...Object.entries(plan.set ?? {}).map(([attribute, value]) => `${nameOf(attribute)} = ${valueOf(value)}`),
    ...Object.entries(plan.setIfMissing ?? {}).map(([attribute, value]) => {
      const name = nameOf(attribute);
      return `${name} = if_not_exists(${name}, ${valueOf(value)})`;
    }),
    ...Object.entries(plan.copy ?? {}).map(([target, source]) => `${nameOf(target)} = ${nameOf(source)}`),
    ...Object.entries(plan.increment ?? {}).map(([attribute, by]) => {
      const name = nameOf(attribute);
      return `${name} = ${name} + ${valueOf(by)}`;
    }),
  ];
  const adds = Object.entries(plan.add ?? {}).map(([attribute, value]) => `${nameOf(attribute)} ${valueOf(value)}`);
  const deletes = Object.entries(plan.delete ?? {}).map(([attribute, value]) => `${nameOf(attribute)} ${valueOf(value)}`);
  const removes = (plan.remove ?? []).map(nameOf);
  const clauses = [
    sets.length > 0 ? `SET ${sets.join(', ')}` : '',
    adds.length > 0 ? `ADD ${adds.join(', ')}` : '',
    deletes.length > 0 ? `DELETE ${deletes.join(', ')}` : '',
    removes.length > 0 ? `REMOVE ${removes.join(', ')}` : '',
  ].filter(Boolean);
  return { UpdateExpression: clauses.join(' '), ExpressionAttributeNames: names, ExpressionAttributeValues: values };
};

/** Whether a plan changes anything (an empty one is a ConditionCheck, not an Update). */
export const changesSomething = (plan: UpdatePlan): boolean =>
  [plan.set, plan.setIfMissing, plan.copy, plan.increment, plan.add, plan.delete].some((part) => Object.keys(part ?? {}).length > 0) ||
  (plan.remove?.length ?? 0) > 0;

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
 * An unconditional `Update` element (aggregates, counters): the plan, and no values entry when the plan has none
 * (DynamoDB refuses an empty ExpressionAttributeValues).
 */
export const plainUpdate = (tableName: string, key: Record<string, string>, plan: UpdatePlan, prefix = 'u') => {
  const expression = buildUpdateExpression(plan, prefix);
  return {
    Update: {
      TableName: tableName,
      Key: key,
      UpdateExpression: expression.UpdateExpression,
      ExpressionAttributeNames: expression.ExpressionAttributeNames,
      ...(Object.keys(expression.ExpressionAttributeValues).length > 0 ? { ExpressionAttributeValues: expression.ExpressionAttributeValues } : {}),
    },
  };
};

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
