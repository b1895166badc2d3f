import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** Commands whose input accepts `ReturnConsumedCapacity` (the DynamoDB API names, as the SDK reports them). */
const CAPACITY_COMMANDS = new Set([
  'GetItemCommand',
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'QueryCommand',
  'ScanCommand',
  'BatchGetItemCommand',
  'BatchWriteItemCommand',
  'TransactGetItemsCommand',
  'TransactWriteItemsCommand',
]);

export interface DynamoDbTally {
  /** SDK commands by DynamoDB API name (`GetItem`, `TransactWriteItems` …). */
  readonly commands: Readonly<Record<string, number>>;
  /** HTTP requests sent, retries included: equal to the command count unless the SDK retried. */
  readonly httpRequests: number;
  /** Sum of `ConsumedCapacity.CapacityUnits` over the responses; undefined when no response reported any. */
  readonly capacityUnits: number | undefined;
}

type ConsumedCapacity = { CapacityUnits?: number };

const capacityOf = (output: unknown): number | undefined => {
  const consumed = (output as { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] } | undefined)?.ConsumedCapacity;
  if (consumed === undefined) return undefined;
  const entries = Array.isArray(consumed) ? consumed : [consumed];
  return entries.reduce((sum, entry) => sum + (entry.CapacityUnits ?? 0), 0);
};

/**
 * Counts what a document client sends to DynamoDB, at the SDK level, so the figures are exactly what the
 * production repository code asks for. Two middlewares on the client's stack (the document client shares its
 * stack with the underlying DynamoDBClient):
 * - `initialize` runs once per `send()`: it names the command and — because production code never asks for it —
 *   adds `ReturnConsumedCapacity: TOTAL` to the request, then sums the capacity of the response;
 * - `deserialize` runs once per HTTP attempt (after the retry middleware), so retries would show up.
 */
export class DynamoDbRequestCounter {
  private commands = new Map<string, number>();
  private httpRequests = 0;
  private capacityUnits: number | undefined;

  attach(client: DynamoDBDocumentClient, options: { returnConsumedCapacity: boolean }): void {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const commandName = context.commandName ?? 'UnknownCommand';
        this.commands.set(commandName, (this.commands.get(commandName) ?? 0) + 1);
        const askCapacity = options.returnConsumedCapacity && CAPACITY_COMMANDS.has(commandName);
        // A copy: the caller's command object (which it may send again on a retry) stays untouched.
        const result = await next(askCapacity ? { ...args, input: { ...args.input, ReturnConsumedCapacity: 'TOTAL' } } : args);
        this.addCapacity(capacityOf(result.output));
        return result;
      },
      { step: 'initialize', name: 'benchCountCommands', override: true },
    );
    client.middlewareStack.add(
      (next) => async (args) => {
        this.httpRequests += 1;
        return next(args);
      },
      { step: 'deserialize', name: 'benchCountHttpRequests', override: true },
    );
  }

  reset(): void {
    this.commands = new Map();
    this.httpRequests = 0;
    this.capacityUnits = undefined;
  }

  snapshot(): DynamoDbTally {
    return {
      commands: Object.fromEntries(
        [...this.commands].map(([name, count]) => [name.replace(/Command$/, ''), count] as const),
      ),
      httpRequests: this.httpRequests,
      capacityUnits: this.capacityUnits,
    };
  }

  private addCapacity(units: number | undefined): void {
    if (units === undefined) return;
    this.capacityUnits = (this.capacityUnits ?? 0) + units;
  }
}
