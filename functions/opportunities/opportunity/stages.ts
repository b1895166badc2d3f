// The stage rules live in shared/opportunities (a campaign response creates an opportunity in a stage too).
export * from '#shared/opportunities/stages';
