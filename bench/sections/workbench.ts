import { BatchWriteCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDbReminderJobStore } from '#functions/jobs/reminder-job.repository';
import { runReminders } from '#functions/jobs/reminders.use-case';
import type { LambdaHandler } from '#local/gateway';
import { LOCAL_MAIL_FROM } from '#local/stack';
import { sentMail } from '#local/ses-local';
import { seededRandom, ulidGenerator } from '#shared/core/clock';
import { createDocumentClient, documentClient } from '#shared/db/client';
import { rateLimitedMailer } from '#shared/mail/rate-limited-mailer';
import type { Mailer } from '#shared/mail/mailer';
import { sesMailer } from '#shared/mail/ses-mailer';
import { preferencesEntity } from '#shared/notifications/notification.entity';
import { reminderEntity } from '#shared/reminders/reminder.entity';
import type { BenchStack, CapturedInvocation } from '../lib/bench-stack';
import { crmClients, dataOf } from '../lib/crm-client';
import { DynamoDbRequestCounter } from '../lib/dynamodb-request-counter';
import { table } from '../lib/markdown';
import { ms, ratio, summarize, type Summary } from '../lib/stats';
import { interleavedSamples, readSeries } from '../lib/timing';
import { runBenchSection, type SectionRunOptions } from '../lib/section-run';

/**
 * Issue 18's last two figures, on the local stack in one run:
 * - `GET /v1/workbench`: the DynamoDB requests one answer takes (counted at the SDK) and its p50 through the gateway
 *   and in-process (the gateway's event replayed into the handler) against a raw GetItem, interleaved;
 * - the reminder job's e-mail: sends per second through the rate-limited mailer (shared/mail/rate-limited-mailer.ts)
 *   into aws-ses-v2-local at the configured rate, and every mail in the local mailbox exactly once.
 */
export const WORKBENCH_MARKERS = { start: '<!-- bench:workbench:start -->', end: '<!-- bench:workbench:end -->' } as const;
const USER = 'am1';
const TASKS = 40;
/** Mail runs: the configured rate (SES's default production quota, 14/s) and unpaced, to show the ceiling. */
const MAIL_RUNS = [
  { perSecond: 14, mails: 70 },
  { perSecond: 1000, mails: 200 },
] as const;

interface LatencyFigures {
  readonly samples: number;
  readonly requests: Readonly<Record<string, number>>;
  readonly gateway: Summary;
  readonly handler: Summary;
  readonly raw: Summary;
  readonly sections: string;
}

interface MailFigures {
  readonly perSecond: number;
  readonly mails: number;
  readonly mailed: number;
  readonly inMailbox: number;
  readonly duplicates: number;
  readonly seconds: number;
  readonly measuredPerSecond: number;
  readonly busiestSecond: number;
}

/** The user's workbench filled: tasks due earlier and later today, so both sections have entries. */
const arrangeWorkbench = async (stack: BenchStack): Promise<void> => {
  const crm = crmClients(stack.apiUrl, stack.tokens)(USER);
  const now = Date.now();
  for (let index = 0; index < TASKS; index += 1) {
    const dueAt = new Date(now + (index % 2 === 0 ? -1 : 1) * (index + 1) * 60_000).toISOString();
    await dataOf(crm.POST('/v1/tasks', { body: { title: `Bench task ${index}`, dueAt, priority: 'normal' } }), 201, 'create a task');
  }
};

export const measureWorkbench = async (stack: BenchStack, samples: number): Promise<LatencyFigures> => {
  await arrangeWorkbench(stack);
  const url = `${stack.apiUrl}/v1/workbench`;
  const headers = { authorization: `Bearer ${stack.tokens[USER]!}` };
  const handler: LambdaHandler = await stack.handlerOf('workbench');
  const captured: Promise<CapturedInvocation> = stack.captureNext('GET /v1/workbench');
  const first = await fetch(url, { headers });
  const body = (await first.json()) as { tasks: { overdue: unknown[]; today: unknown[] } };
  const invocation = await captured;
  const rawClient = createDocumentClient({ region: stack.info.region, endpoint: stack.info.dynamodbEndpoint });
  // The raw read: a user-sized item the workbench itself reads (the unread counter is absent for a new user, so a task).
  const { Items } = await rawClient.send(
    new QueryCommand({ TableName: stack.info.tableName, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': `TASK#ASSIGNEE#${USER}` }, Limit: 1 }),
  );
  const key = { pk: Items![0]!['pk'], sk: Items![0]!['sk'] };
  const series = readSeries({
    url,
    headers,
    handler,
    invocation,
    raw: async () => {
      const { Item } = await rawClient.send(new GetCommand({ TableName: stack.info.tableName, Key: key, ConsistentRead: true }));
      if (!Item) throw new Error('raw GetItem found nothing');
    },
  });

  const times = await interleavedSamples(series, samples);
  // Counted last, so the counting middleware is not in the timed samples.
  const counter = new DynamoDbRequestCounter();
  counter.attach(documentClient(), { returnConsumedCapacity: false });
  counter.reset();
  await series.handler();
  rawClient.destroy();
  return {
    samples,
    requests: counter.snapshot().commands,
    gateway: summarize(times.gateway),
    handler: summarize(times.handler),
    raw: summarize(times.raw),
    sections: `${body.tasks.overdue.length} overdue + ${body.tasks.today.length} today's tasks`,
  };
};

/** A mailer that notes when each send started: the rate is what SES sees. */
const recording = (inner: Mailer, at: number[]): Mailer => ({
  async send(mail) {
    at.push(performance.now());
    return inner.send(mail);
  },
});

export const measureMail = async (stack: BenchStack): Promise<MailFigures[]> => {
  const { tableName, region, dynamodbEndpoint, sesEndpoint } = stack.info;
  if (!sesEndpoint) throw new Error('the workbench bench needs aws-ses-v2-local (startBenchStack({ ses: true }))');
  const client = createDocumentClient({ region, endpoint: dynamodbEndpoint });
  const ids = ulidGenerator(seededRandom(1819));
  const figures: MailFigures[] = [];
  for (const [round, run] of MAIL_RUNS.entries()) {
    const now = new Date(Date.UTC(2029, 5, 1 + round, 9, 0, 30));
    const since = new Date(now.getTime() - 60_000);
    const recipients = Array.from({ length: 10 }, (_, index) => `bench-mail-${round}-${index}`);
    const items = [
      ...recipients.map((userId) => preferencesEntity.toItem({ userId, emailEnabled: true, version: 1 })),
      ...Array.from({ length: run.mails }, (_, index) =>
        reminderEntity.toItem({
          remindAt: new Date(since.getTime() + Math.floor((index * 59_000) / run.mails)).toISOString(),
          kind: 'task', sourceId: `mail-${round}-${index}`, recipientId: recipients[index % recipients.length]!, title: `Bench mail ${index}`,
          dueAt: now.toISOString(), path: `/v1/tasks/mail-${round}-${index}`,
        }),
      ),
    ];
    for (let index = 0; index < items.length; index += 25) {
      let pending = items.slice(index, index + 25).map((Item) => ({ PutRequest: { Item } }));
      while (pending.length > 0) {
        const result = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
        pending = (result.UnprocessedItems?.[tableName] ?? []) as typeof pending;
      }
    }
    const before = (await sentMail(sesEndpoint)).length;
    const at: number[] = [];
    const mailer = rateLimitedMailer(recording(sesMailer({ region, endpoint: sesEndpoint, from: LOCAL_MAIL_FROM }), at), { perSecond: run.perSecond });
    const outcome = await runReminders(
      {
        store: new DynamoDbReminderJobStore(client, tableName),
        directory: { recipient: async (userId) => ({ email: `${userId}@example.com`, name: userId, enabled: true }) },
        mailer,
        clock: { now: () => now },
        ids,
        settings: { firstRunLookbackMinutes: 15, overlapSeconds: 60, maxRemindersPerRun: 10_000, maxMailsPerRun: run.mails, deliveryConcurrency: 16 },
      },
      { since: since.toISOString() },
    );
    const mailbox = (await sentMail(sesEndpoint)).slice(before).filter((mail) => mail.destination.to.some((to) => to.startsWith(`bench-mail-${round}-`)));
    const subjects = mailbox.map((mail) => `${mail.destination.to.join()}|${mail.body.text ?? mail.subject}`);
    const seconds = (at.at(-1)! - at[0]!) / 1000;
    // The most sends that started within any one second (a sliding window over the start times).
    let busiest = 0;
    for (let start = 0, end = 0; end < at.length; end += 1) {
      while (at[end]! - at[start]! >= 1000) start += 1;
      busiest = Math.max(busiest, end - start + 1);
    }
    figures.push({
      perSecond: run.perSecond, mails: run.mails, mailed: outcome.mailed, inMailbox: mailbox.length,
      duplicates: subjects.length - new Set(subjects).size, seconds, measuredPerSecond: (at.length - 1) / seconds, busiestSecond: busiest,
    });
  }
  client.destroy();
  return figures;
};

export const renderWorkbenchSection = (latency: LatencyFigures, mail: readonly MailFigures[], provenance: string): string => {
  const total = Object.values(latency.requests).reduce((sum, count) => sum + count, 0);
  const requests = Object.entries(latency.requests).map(([command, count]) => `${command} ${count}`).join(', ');
  return [
    '## Workbench requests and latency, reminder e-mail rate (issue 18)',
    '',
    provenance,
    '',
    `\`GET /v1/workbench\` for ${USER} (${latency.sections} on it; the other sections empty, read all the same): **${total} DynamoDB requests** per answer (${requests}), all issued at once. p50 over ${latency.samples} samples of each series, interleaved round by round, against a consistent GetItem of one of the user's tasks on the same DynamoDB Local:`,
    '',
    table(
      ['series', 'p50', 'p99', 'p50 ÷ raw GetItem'],
      [
        ['through the local gateway (HTTP + JWT)', ms(latency.gateway.p50), ms(latency.gateway.p99), ratio(latency.gateway.p50, latency.raw.p50)],
        ['handler in-process (the gateway\'s event replayed)', ms(latency.handler.p50), ms(latency.handler.p99), ratio(latency.handler.p50, latency.raw.p50)],
        ['raw GetItem', ms(latency.raw.p50), ms(latency.raw.p99), '1.00×'],
      ],
    ),
    '',
    'The workbench is 7 requests in parallel, so its floor is the slowest of them (a Query of up to 201 items), not one GetItem; the ratio says what the fan-out costs over the cheapest read.',
    '',
    'Reminder e-mail: one run of the reminder job (functions/jobs/reminders.use-case.ts, its DynamoDB store) delivering N due reminders to 10 recipients with e-mail on, then sending the mail through `rateLimitedMailer(sesMailer(…))` into aws-ses-v2-local. The rate is measured from the start times of the sends (what SES sees); "busiest second" is the most sends that started within any one second.',
    '',
    table(
      ['configured rate', 'mails due', 'sent', 'in the local mailbox', 'duplicates', 'send time', 'measured rate', 'busiest second'],
      mail.map((figure) => [
        `${figure.perSecond}/s`, figure.mails, figure.mailed, figure.inMailbox, figure.duplicates, `${figure.seconds.toFixed(2)} s`,
        `${figure.measuredPerSecond.toFixed(1)}/s`, figure.busiestSecond,
      ]),
    ),
    '',
    `Sends run 16 at a time behind the mailer's token bucket (burst 1). At the configured rate the busiest second held ${mail[0]?.busiestSecond ?? '?'} sends (limit ${mail[0]?.perSecond ?? '?'}); the measured rate falls short of the configured one by the timers' lateness on the machine (each token is waited for with a timer, and a late timer's time is not made up, which is what keeps every second within the quota). Unpaced, the same run shows the ceiling of one run against the local endpoint on this machine.`,
  ].join('\n');
};

/** `BENCH_ONLY=workbench npm run bench`: the emulators (SES too) and this section only, in its own block of docs/benchmarks.md. */
export const runWorkbenchBench = (options: SectionRunOptions & { samples: number }): Promise<void> =>
  runBenchSection(
    {
      file: 'bench/sections/workbench.ts',
      markers: WORKBENCH_MARKERS,
      ses: true,
      load: true,
      measure: async (stack, log) => {
        const latency = await measureWorkbench(stack, options.samples);
        log(`bench: workbench p50 ${ms(latency.handler.p50)} in-process, ${ms(latency.gateway.p50)} gateway, raw ${ms(latency.raw.p50)}`);
        const mail = await measureMail(stack);
        for (const figure of mail) log(`bench: mail at ${figure.perSecond}/s → ${figure.measuredPerSecond.toFixed(1)}/s, ${figure.inMailbox} in the mailbox`);
        return { latency, mail };
      },
      render: ({ latency, mail }, provenance) => renderWorkbenchSection(latency, mail, provenance),
    },
    options,
  );
