/** The campaign statuses a response may be recorded in: a draft has not happened yet; a cancelled one never will. */
export const RESPONDABLE_STATUSES = ['scheduled', 'running', 'completed'] as const;
