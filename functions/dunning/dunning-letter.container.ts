import { sesMailer } from '#shared/mail/ses-mailer';
import { loadConfig } from '#shared/core/config';
import { documentClient } from '#shared/db/client';
import { dunningDependencies } from './dunning.container';
import type { LetterDependencies } from './dunning.dependencies';
import { loadLetterMailConfig } from './dunning-letter.config';
import { DynamoDbLetterRepository } from './dunning-letter.repository';

/** Wires the letter routes' dependencies once per process (the SES mailer is the reminder job's); tests may replace them. */
let dependencies: LetterDependencies | undefined;

export const letterDependencies = (): LetterDependencies => {
  if (!dependencies) {
    const mail = loadLetterMailConfig();
    dependencies = {
      ...dunningDependencies(),
      letters: new DynamoDbLetterRepository(documentClient(), loadConfig().TABLE_NAME),
      mailer: sesMailer({ region: mail.AWS_REGION, endpoint: mail.SES_ENDPOINT, from: mail.MAIL_FROM, configurationSet: mail.SES_CONFIGURATION_SET }),
    };
  }
  return dependencies;
};

export const useLetterDependencies = (replacement: LetterDependencies | undefined): void => {
  dependencies = replacement;
};
