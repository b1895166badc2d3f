import { App } from 'aws-cdk-lib';
import { buildCrmApp } from '#lib/crm-app';

// `npx cdk synth -c stage=prod -c allowedOrigins=https://crm.example.com` — see lib/app-config.ts for all options.
buildCrmApp(new App());
