// The pipeline figures' arithmetic lives in shared/opportunities (every opportunity write carries its share, wherever it happens).
export * from '#shared/opportunities/pipeline';
