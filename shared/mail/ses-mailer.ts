import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { boundedSdkCalls } from '#shared/core/sdk-timeouts';
import type { Mailer, SendOutcome } from './mailer';

/**
 * Mail through Amazon SES v2 (locally aws-ses-v2-local). The SDK retries throttling and 5xx itself (standard mode,
 * `maxAttempts`); whatever SES still refuses comes back as `refused` with the error's name — its caller records it
 * as failed and never sends it again, so a mail is never sent twice. Addresses and contents are logged nowhere.
 */
export const sesMailer = (options: { region: string; endpoint?: string | undefined; from: string; configurationSet?: string | undefined; maxAttempts?: number }): Mailer => {
  const client = new SESv2Client({
    region: options.region,
    ...boundedSdkCalls(options.endpoint !== undefined),
    ...(options.maxAttempts !== undefined ? { maxAttempts: options.maxAttempts } : {}),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
  });
  return {
    async send(mail): Promise<SendOutcome> {
      try {
        const sent = await client.send(
          new SendEmailCommand({
            FromEmailAddress: options.from,
            Destination: { ToAddresses: [mail.to] },
            ...(options.configurationSet ? { ConfigurationSetName: options.configurationSet } : {}),
            ...(mail.tags && mail.tags.length > 0 ? { EmailTags: mail.tags.map((tag) => ({ Name: tag.name, Value: tag.value })) } : {}),
            Content: {
              Simple: {
                Subject: { Data: mail.subject, Charset: 'UTF-8' },
                Body: { Text: { Data: mail.text, Charset: 'UTF-8' }, Html: { Data: mail.html, Charset: 'UTF-8' } },
                ...(mail.headers && mail.headers.length > 0 ? { Headers: mail.headers.map((header) => ({ Name: header.name, Value: header.value })) } : {}),
              },
            },
          }),
        );
        return { kind: 'sent', messageId: sent.MessageId ?? '' };
      } catch (error) {
        return { kind: 'refused', reason: (error as { name?: string }).name ?? 'SendEmailFailed' };
      }
    },
  };
};
