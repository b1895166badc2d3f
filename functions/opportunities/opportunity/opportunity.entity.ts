// The opportunity header's entity lives in shared/opportunities (other features create opportunities in their own transactions).
export * from '#shared/opportunities/opportunity.entity';
