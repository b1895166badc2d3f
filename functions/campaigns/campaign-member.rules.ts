import type { EffectCounts } from '#shared/campaigns/campaign-effect.entity';
import type { CampaignMember, MemberStatus } from './campaign-launch.schema';

/**
 * What happens to a campaign member after its mail (issue 19, part 4), free of storage: the status moves FORWARD only,
 * each event's milestone is stamped once, and the campaign's effect counters count each member once per milestone.
 *
 * The order (a higher rank never moves back to a lower one):
 *
 *   targeted 0 → sent 1 (or skipped 1) → delivered 2 (or failed 2) → bounced 3 → clicked 4 → responded 5 →
 *   unsubscribed 6 → complained 7 → converted 8
 *
 * Decisions: a bounce that arrives after a click (SES may report a late asynchronous bounce) does NOT move the member
 * back from `clicked`: the click proves a person read the mail; the bounce is still recorded (`bouncedAt`, the
 * effect's `bounced`, and the contact's consent `bounced`). A delivery after a bounce or an unsubscribe changes no
 * status. An unsubscribe after a response moves the member to `unsubscribed` (no more mail is the stronger fact for
 * the next campaign); a conversion (an opportunity of the campaign won) outranks everything. `skipped` and `failed`
 * members got no mail; a response recorded from a call still moves them to `responded`.
 */
export const MEMBER_STATUS_RANK: Readonly<Record<MemberStatus, number>> = {
  targeted: 0, sent: 1, skipped: 1, delivered: 2, failed: 2, bounced: 3, clicked: 4, responded: 5, unsubscribed: 6, complained: 7, converted: 8,
};

/** What can happen to a member after the send. */
export type MemberEventKind = 'delivery' | 'bounce' | 'complaint' | 'unsubscribe' | 'click' | 'response' | 'conversion';

type Milestone = 'deliveredAt' | 'bouncedAt' | 'complainedAt' | 'unsubscribedAt' | 'clickedAt' | 'respondedAt' | 'convertedAt';

/** The marketing consent an event sets on the contact (consent only moves towards "do not mail"). */
export interface ConsentMove {
  readonly consent: 'opted-out' | 'bounced' | 'complained';
  readonly source: 'unsubscribe' | 'bounce' | 'complaint';
  /** Consents the contact keeps: an unsubscribe never turns `complained` back into `opted-out`. */
  readonly keep: readonly string[];
  /** The audit entry's actor (a system actor: no person signed in). */
  readonly actor: string;
}

interface EventRule {
  readonly status: MemberStatus;
  readonly milestone: Milestone;
  readonly counter: 'delivered' | 'bounced' | 'complained' | 'unsubscribed' | 'clicked' | 'responded' | 'converted';
  readonly consent?: ConsentMove;
}

export const MEMBER_EVENTS: Readonly<Record<MemberEventKind, EventRule>> = {
  delivery: { status: 'delivered', milestone: 'deliveredAt', counter: 'delivered' },
  bounce: {
    status: 'bounced', milestone: 'bouncedAt', counter: 'bounced',
    consent: { consent: 'bounced', source: 'bounce', keep: ['bounced', 'complained'], actor: 'system:ses-bounce' },
  },
  complaint: {
    status: 'complained', milestone: 'complainedAt', counter: 'complained',
    consent: { consent: 'complained', source: 'complaint', keep: ['complained'], actor: 'system:ses-complaint' },
  },
  unsubscribe: {
    status: 'unsubscribed', milestone: 'unsubscribedAt', counter: 'unsubscribed',
    consent: { consent: 'opted-out', source: 'unsubscribe', keep: ['opted-out', 'bounced', 'complained'], actor: 'system:campaign-unsubscribe' },
  },
  click: { status: 'clicked', milestone: 'clickedAt', counter: 'clicked' },
  response: { status: 'responded', milestone: 'respondedAt', counter: 'responded' },
  conversion: { status: 'converted', milestone: 'convertedAt', counter: 'converted' },
};

/** The member's write for one event: what to SET / ADD, the condition it holds to, and the effect's counts. */
export interface MemberChange {
  readonly set: Readonly<Record<string, unknown>>;
  readonly add: Readonly<Record<string, number>>;
  /** The milestone is reached by this event: the write holds to its absence (a racing first event refuses one). */
  readonly firstOf?: Milestone | undefined;
  /** The status read: the write holds to it (a racing move refuses it, and it is read again). */
  readonly statusRead: MemberStatus;
  readonly counts: EffectCounts;
}

/**
 * The member's change for an event at `at`, or undefined when it changes nothing (an SNS redelivery, a second
 * unsubscribe). A member written before the milestones existed counts as having reached its status's milestone.
 */
export const memberChangeOf = (member: CampaignMember, kind: MemberEventKind, at: string): MemberChange | undefined => {
  const rule = MEMBER_EVENTS[kind];
  const reached = member[rule.milestone] !== undefined || member.status === rule.status;
  const moves = MEMBER_STATUS_RANK[rule.status] > MEMBER_STATUS_RANK[member.status];
  const repeatClick = kind === 'click' && reached;
  if (reached && !moves && !repeatClick) return undefined;
  return {
    set: {
      ...(moves ? { status: rule.status, statusChangedAt: at } : {}),
      ...(reached ? {} : { [rule.milestone]: at }),
    },
    add: kind === 'click' ? { clicks: 1 } : {},
    firstOf: reached ? undefined : rule.milestone,
    statusRead: member.status,
    counts: { ...(reached ? {} : { [rule.counter]: 1 }), ...(kind === 'click' ? { clicks: 1 } : {}) },
  };
};

/** The consent an event moves the contact to, or undefined (no consent event, or the contact holds a stronger one). */
export const consentMoveOf = (kind: MemberEventKind, currentConsent: string | undefined): ConsentMove | undefined => {
  const move = MEMBER_EVENTS[kind].consent;
  if (!move || move.keep.includes(currentConsent ?? 'unknown')) return undefined;
  return move;
};

/** A response's change to its member: what to SET, the milestones it reaches first, the status read, the counts. */
export interface ResponseChange {
  readonly set: Readonly<Record<string, unknown>>;
  readonly firstOf: readonly Milestone[];
  readonly statusRead: MemberStatus;
  readonly status: MemberStatus;
  readonly counts: EffectCounts;
}

/**
 * A response's change to its member: the `response` event and, when it creates an opportunity, the `conversion`
 * too (forward only, each milestone once, each counted once); undefined when it changes nothing (a second response
 * of a member already responded, a response of a member already converted).
 */
export const responseChangeOf = (member: CampaignMember, converted: boolean, at: string): ResponseChange | undefined => {
  let current = member;
  const set: Record<string, unknown> = {};
  const firstOf: Milestone[] = [];
  let counts: EffectCounts = {};
  for (const kind of converted ? (['response', 'conversion'] as const) : (['response'] as const)) {
    const change = memberChangeOf(current, kind, at);
    if (!change) continue;
    Object.assign(set, change.set);
    if (change.firstOf) firstOf.push(change.firstOf);
    counts = { ...counts, ...change.counts };
    current = { ...current, ...(change.set as Partial<CampaignMember>) };
  }
  if (Object.keys(set).length === 0) return undefined;
  return { set, firstOf, statusRead: member.status, status: current.status, counts };
};
