import { describe, expect, it } from 'vitest';
import { takeReportSnapshots } from '#functions/jobs/report-snapshots.use-case';
import { contributionReport } from '#functions/reports/get-contribution-report.use-case';
import { receivablesReport } from '#functions/reports/get-receivables-report.use-case';
import { getReportSnapshot } from '#functions/reports/get-report-snapshot.use-case';
import { renderReport } from '#functions/reports/report-handler';
import type { AggregateItem, ReportStore } from '#functions/reports/report.ports';
import type { ReportSnapshot, SnapshotStore } from '#functions/reports/snapshot.ports';
import { neutralisedCell, toCsv } from '#shared/core/csv';

/** Payloads of the OWASP CSV-injection guidance, and the full-width forms spreadsheet programs also read. */
const FORMULAS = ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", '@SUM(1)', '-2+3', '\t=1+1', '\r=1+1', '＝1+1', '＋1', '－1'];

const rowsOf = (csv: string): string[] => csv.replace(/^\uFEFF/, '').split('\r\n');

describe('CSV writer: formula injection', () => {
  it.each(FORMULAS)('prefixes the text cell %j with an apostrophe', (text) => {
    // Act
    const cell = neutralisedCell(text);

    // Assess
    expect(cell).toBe(`'${text}`);
  });

  it('leaves ordinary text, numbers and decimal amounts (negative ones included) as they are', async () => {
    // Prepare
    const rows = [['华东石油', -12, '-12.50', '0.05', 3, null, true]];

    // Act
    const csv = await toCsv(['name', 'n', 'amount', 'small', 'count', 'none', 'flag'], rows);

    // Assess
    expect(rowsOf(csv)[1]).toBe('华东石油,-12,-12.50,0.05,3,,true');
  });

  it('writes a formula-looking cell as quoted text a spreadsheet will not run, with BOM and CRLF', async () => {
    // Act
    const csv = await toCsv(['name'], FORMULAS.slice(0, 4).map((text) => [text]));

    // Assess
    expect(csv.startsWith('\uFEFFname\r\n')).toBe(true);
    expect(rowsOf(csv).slice(1, 5)).toEqual([`"'=HYPERLINK(""http://x"",""y"")"`, `'+cmd|' /C calc'!A0`, `'@SUM(1)`, `'-2+3`]);
  });
});

/** An in-memory report store holding one hostile customer with an order value and a balance. */
const hostileStore = (name: string): ReportStore => ({
  contribution: async () => [{ customerId: 'X', orderValue: 1_000, orderCount: 1, orderValueM11: 1_000, orderCountM11: 1 } as AggregateItem],
  composition: async () => [],
  services: async () => [],
  churn: async () => [],
  pipeline: async () => [],
  receivables: async () => [{ customerId: 'X', outstanding: 500, openOrders: 1, outstandingD20261101: 500 } as AggregateItem],
  customerHeads: async (ids) => new Map(ids.map((id) => [id, { name, customerNo: `NO-${id}` }])),
});
const clock = { now: () => new Date('2026-11-22T00:00:00Z') };

describe('report CSV downloads neutralise hostile customer names', () => {
  it.each(FORMULAS)('live contribution and receivables reports: %j', async (name) => {
    // Prepare
    const reports = hostileStore(name);

    // Act
    const contribution = await renderReport(await contributionReport({ reports, clock }, { limit: 25 }), 'csv');
    const receivables = await renderReport(await receivablesReport({ reports, clock }, { limit: 25 }), 'csv');

    // Assess
    for (const csv of [contribution.body, receivables.body]) {
      expect(csv).toContain(`'${name.replaceAll('"', '""')}`);
      expect(csv).not.toMatch(new RegExp(`(^|,|\\r\\n)"?${name.slice(0, 1).replace(/[+\\-]/, '\\$&')}`));
    }
  });

  it('stored snapshots, read back as CSV', async () => {
    // Prepare
    const stored = new Map<string, ReportSnapshot>();
    const snapshots: SnapshotStore = {
      put: async (snapshot) => void stored.set(`${snapshot.type}/${snapshot.period}`, snapshot),
      get: async (type, period) => stored.get(`${type}/${period}`),
    };
    const reports = hostileStore('=HYPERLINK("http://x","y")');
    await takeReportSnapshots({ reports, snapshots, clock }, { period: '2026-11', trigger: 'manual' });

    // Act
    const csv = await renderReport(await getReportSnapshot({ reports, snapshots, clock }, { type: 'contribution', period: '2026-11' }), 'csv');

    // Assess
    expect(rowsOf(String(csv.body))[1]).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
  });
});
