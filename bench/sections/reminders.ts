import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbReminderJobStore } from '#functions/jobs/reminder-job.repository';
import { runReminders, type ReminderRun } from '#functions/jobs/reminders.use-case';
import { seededRandom, ulidGenerator } from '#shared/core/clock';
import { createDocumentClient } from '#shared/db/client';
import { preferencesEntity } from '#shared/notifications/notification.entity';
import type { Reminder } from '#shared/reminders/reminder';
import { reminderEntity } from '#shared/reminders/reminder.entity';
import type { BenchStack } from '../lib/bench-stack';
import { DynamoDbRequestCounter } from '../lib/dynamodb-request-counter';
import { table } from '../lib/markdown';
import { runBenchSection, type SectionRunOptions } from '../lib/section-run';

/**
 * The reminder job (issue 18): its DynamoDB requests and time with 10 and 10,000 reminders due among many scheduled
 * later. The job's own store (functions/jobs/reminder-job.repository.ts) on DynamoDB Local, its clock pinned at the
 * due minute, a run every minute's window (2½ minutes with the overlap); recipients with e-mail off (the mail step is
 * SES's, measured apart). The requests must follow the reminders due, not the reminders scheduled.
 */

export const REMINDER_MARKERS = { start: '<!-- bench:reminders:start -->', end: '<!-- bench:reminders:end -->' } as const;
const DUE_COUNTS = [10, 10_000] as const;
const SCHEDULED_DEFAULT = 100_000;
const RECIPIENTS = 100;
/** Deliveries in flight at once (the job's REMINDER_DELIVERY_CONCURRENCY default). */
const CONCURRENCY = Number(process.env['BENCH_REMINDERS_CONCURRENCY'] ?? 16);

export interface ReminderFigures {
  readonly due: number;
  readonly scheduled: number;
  readonly seconds: number;
  readonly concurrency: number;
  readonly run: ReminderRun;
  readonly requests: Readonly<Record<string, number>>;
}

const reminderAt = (remindAt: string, sourceId: string, recipient: number): Reminder => ({
  remindAt, kind: 'task', sourceId, recipientId: `bench-r${recipient}`, title: `Bench ${sourceId}`, dueAt: remindAt, path: `/v1/tasks/${sourceId}`,
});

const putAll = async (client: DynamoDBDocumentClient, tableName: string, items: readonly Record<string, unknown>[]): Promise<void> => {
  const batches: Record<string, unknown>[][] = [];
  for (let index = 0; index < items.length; index += 25) batches.push(items.slice(index, index + 25) as Record<string, unknown>[]);
  // A few batches in flight at once; unprocessed items are sent again.
  const lanes = 8;
  await Promise.all(
    Array.from({ length: lanes }, async (_, lane) => {
      for (let index = lane; index < batches.length; index += lanes) {
        let pending = batches[index]!.map((Item) => ({ PutRequest: { Item } }));
        while (pending.length > 0) {
          const result = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
          pending = (result.UnprocessedItems?.[tableName] ?? []) as typeof pending;
        }
      }
    }),
  );
};

export const measureReminders = async (stack: BenchStack, options: { scheduled: number; log: (line: string) => void }): Promise<ReminderFigures[]> => {
  const { tableName, region, dynamodbEndpoint } = stack.info;
  const client = createDocumentClient({ region, endpoint: dynamodbEndpoint });
  const ids = ulidGenerator(seededRandom(1818));
  // Later reminders: one a minute from 2030 on (a minute bucket each, as a year of reminders would spread).
  const later = Array.from({ length: options.scheduled }, (_, index) =>
    reminderEntity.toItem(reminderAt(new Date(Date.UTC(2030, 0, 1) + index * 60_000).toISOString(), `later-${index}`, index % RECIPIENTS)),
  );
  options.log(`bench: writing ${options.scheduled.toLocaleString('en')} scheduled reminders…`);
  await putAll(client, tableName, [
    ...later,
    ...Array.from({ length: RECIPIENTS }, (_, index) => preferencesEntity.toItem({ userId: `bench-r${index}`, emailEnabled: false, version: 1 })),
  ]);
  const counter = new DynamoDbRequestCounter();
  counter.attach(client, { returnConsumedCapacity: false });
  const figures: ReminderFigures[] = [];
  for (const [round, due] of DUE_COUNTS.entries()) {
    // The due ones in the 2½ minutes before `now`, each round in a day of its own.
    const now = new Date(Date.UTC(2029, 0, 1 + round, 9, 0, 30));
    const since = new Date(now.getTime() - 150_000);
    const dueItems = Array.from({ length: due }, (_, index) =>
      reminderEntity.toItem(reminderAt(new Date(since.getTime() + Math.floor((index * 149_000) / due)).toISOString(), `due-${round}-${index}`, index % RECIPIENTS)),
    );
    await putAll(client, tableName, dueItems);
    const deps = {
      store: new DynamoDbReminderJobStore(client, tableName),
      directory: { recipient: async () => undefined },
      mailer: { send: async () => ({ kind: 'refused' as const, reason: 'bench: no mail' }) },
      clock: { now: () => now },
      ids,
      settings: { firstRunLookbackMinutes: 15, overlapSeconds: 60, maxRemindersPerRun: 100_000, maxMailsPerRun: 10, deliveryConcurrency: CONCURRENCY },
    };
    counter.reset();
    const begin = performance.now();
    const run = await runReminders(deps, { since: since.toISOString() });
    const seconds = (performance.now() - begin) / 1000;
    figures.push({ due, scheduled: options.scheduled, seconds, concurrency: CONCURRENCY, run, requests: counter.snapshot().commands });
    options.log(`bench: ${due} due → ${run.delivered} delivered in ${seconds.toFixed(1)} s`);
  }
  client.destroy();
  return figures;
};

const requestsOf = (requests: Readonly<Record<string, number>>): string =>
  Object.entries(requests)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([command, count]) => `${command} ${count.toLocaleString('en')}`)
    .join(', ');

export const renderReminderSection = (figures: readonly ReminderFigures[], provenance: string): string =>
  [
    '## Reminder job: requests and time with 10 / 10,000 due (issue 18)',
    '',
    provenance,
    '',
    `One run of the reminder job (functions/jobs/reminders.use-case.ts with its DynamoDB store) over a 2½-minute window holding N due reminders, beside ${figures[0]?.scheduled.toLocaleString('en') ?? '?'} reminders scheduled later (one per minute from 2030). Deliveries run ${figures[0]?.concurrency ?? '?'} at a time (REMINDER_DELIVERY_CONCURRENCY), one recipient's one after another (they share its unread count); ${RECIPIENTS} recipients with e-mail off, so the mail step is one empty index Query. Requests counted at the SDK. Expected: 3 bucket Queries + 1 mail Query + 1 preferences GetItem per recipient seen + 1 TransactWriteItems per due reminder — the scheduled ones are never read. Before parallel delivery (one at a time, 10 recipients, 2026-12-06): 10,000 due took 160.36 s (62 reminders/s).`,
    '',
    table(
      ['due', 'scheduled later', 'at a time', 'delivered', 'buckets', 'DynamoDB requests', 'requests per due reminder', 'job time', 'reminders/s'],
      figures.map((figure) => {
        const total = Object.values(figure.requests).reduce((sum, count) => sum + count, 0);
        return [
          figure.due.toLocaleString('en'),
          figure.scheduled.toLocaleString('en'),
          figure.concurrency,
          figure.run.delivered.toLocaleString('en'),
          figure.run.buckets,
          requestsOf(figure.requests),
          (total / figure.due).toFixed(2),
          `${figure.seconds.toFixed(2)} s`,
          (figure.run.delivered / figure.seconds).toFixed(0),
        ];
      }),
    ),
    '',
    (figures[0]?.scheduled ?? 0) >= 1_000_000
      ? 'E-mails per second against SES\'s send rate and the workbench\'s p50 ÷ GetItem are measured apart (BENCH_ONLY=workbench).'
      : 'Not measured here: 1,000,000 scheduled (set BENCH_REMINDERS_SCHEDULED=1000000; the Queries read only the window\'s buckets, so the count does not enter the requests), e-mails per second against SES\'s send rate, the workbench\'s p50 ÷ GetItem.',
  ].join('\n');

/** `BENCH_ONLY=reminders npm run bench`: the emulators and this section only, in its own block of docs/benchmarks.md. */
export const runReminderBench = (options: SectionRunOptions): Promise<void> =>
  runBenchSection(
    {
      file: 'bench/sections/reminders.ts',
      markers: REMINDER_MARKERS,
      settings: ['BENCH_REMINDERS_SCHEDULED'],
      measure: (stack, log) => {
        const scheduled = process.env['BENCH_REMINDERS_SCHEDULED'] ? Number(process.env['BENCH_REMINDERS_SCHEDULED']) : SCHEDULED_DEFAULT;
        return measureReminders(stack, { scheduled, log });
      },
      render: renderReminderSection,
    },
    options,
  );
