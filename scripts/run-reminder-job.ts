/**
 * `npm run job:reminders`: runs the reminder job (every minute in AWS) once against the local stack
 * (scripts/local-job.ts). Due reminders become notifications (`GET /v1/notifications`) and, for users who want them,
 * mail in aws-ses-v2-local (its URL is printed by `npm start` and after the run).
 *
 *   npm run job:reminders                                   the window since the last run (first run: 15 minutes)
 *   npm run job:reminders -- --since 2026-12-06T08:00:00Z   re-read a window (the checkpoint stays where it is)
 *   npm run job:reminders -- --endpoints path/to/endpoints.json
 */
import { runLocalJob } from './local-job';

runLocalJob({
  service: 'crm-reminders',
  options: ['since'],
  check: ({ since }, endpoints) => {
    if (since !== undefined && Number.isNaN(Date.parse(since))) throw new Error(`--since ${since}: not an instant (e.g. 2026-12-06T08:00:00Z)`);
    if (!endpoints.sesEndpoint || !endpoints.userPoolId || !endpoints.cognitoEndpoint) throw new Error('The local stack has no aws-ses-v2-local endpoint: restart it with `npm start`.');
  },
  environment: (endpoints) => ({
    USER_POOL_ID: endpoints.userPoolId ?? '',
    COGNITO_ENDPOINT: endpoints.cognitoEndpoint ?? '',
    SES_ENDPOINT: endpoints.sesEndpoint ?? '',
    MAIL_FROM: 'crm-reminders@example.com',
  }),
  run: async ({ since }) => (await import('#functions/jobs/reminders.handler')).handler(since ? { since } : {}),
  footer: (endpoints) => `Mail: ${endpoints.sesEndpoint}`,
});
