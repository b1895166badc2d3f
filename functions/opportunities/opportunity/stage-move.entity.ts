// The stage move's entity lives in shared/opportunities (an opportunity's create writes its first move wherever it happens).
export * from '#shared/opportunities/stage-move.entity';
