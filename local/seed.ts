import { createCrmClient, type CrmClient } from '#clients/typescript/src/index';
import { contactsActivitiesSection } from '#local/seed/contacts-activities.seed';
import { customFieldsSection } from '#local/seed/custom-fields.seed';
import { customersSection } from '#local/seed/customers.seed';
import { opportunitiesSection } from '#local/seed/opportunities.seed';
import { ordersSection } from '#local/seed/orders.seed';
import { type SeedContext, type SeedOptions, type SeedReport, type SeedSection } from '#local/seed/seed-section';
import { servicesSection } from '#local/seed/services.seed';

export type { SeedOptions, SeedReport } from '#local/seed/seed-section';

/**
 * The demo data set, created THROUGH THE API with the demo users' tokens, so that every validation and
 * business rule applies to it exactly as to a client's request (ownership, numbering, audit fields …).
 *
 * Re-seeding a persisted store creates nothing twice: every create sends an `Idempotency-Key` derived from the
 * record (same key + same body replays the first answer), and a 409 on a unique number means "already there".
 *
 * The requests go through the typed client (clients/typescript), the one the project's scripts and integrators use:
 * the compiler checks the demo data against docs/openapi.json.
 *
 * To seed a new feature, write `local/seed/<feature>.seed.ts` and add its section to SEED_SECTIONS: it gets the
 * typed client signed in as any demo user (`context.as('am1')`) and what earlier sections created (e.g.
 * `context.customers` for contacts and orders). The sections import only `local/seed/seed-section.ts`, never this
 * file (no import circle).
 */

/** In dependency order. Append new features' sections here (contacts, activities, orders …). */
export const SEED_SECTIONS: readonly SeedSection[] = [
  customersSection,
  // Custom fields and a few customers' values (needs the customers).
  customFieldsSection,
  // Each after the sections it depends on; all of these need the customers.
  opportunitiesSection,
  contactsActivitiesSection,
  ordersSection,
  servicesSection,
];

export const seedDemoData = async ({ apiUrl, tokens }: SeedOptions): Promise<SeedReport> => {
  const clients = new Map<string, CrmClient>();
  const context: SeedContext = {
    customers: new Map(),
    as: (user) => {
      let client = clients.get(user);
      if (!client) {
        const token = tokens[user];
        if (!token) throw new Error(`seed: no token for demo user ${user}`);
        client = createCrmClient({ baseUrl: apiUrl, token: () => token });
        clients.set(user, client);
      }
      return client;
    },
  };
  const report: SeedReport = {};
  // Sequential: later sections use what earlier ones created, and a demo seed has no need for speed.
  for (const section of SEED_SECTIONS) report[section.name] = await section.run(context);
  return report;
};
