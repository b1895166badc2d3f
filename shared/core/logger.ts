import { Logger } from '@aws-lambda-powertools/logger';

/**
 * One structured JSON logger per function, created at cold start. What may be logged: route, status,
 * error codes, ids and timings. Never request bodies, tokens, names, phones or emails.
 */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'crm' });
