import type { ApiTokensFile, BreachActions, EscalationStore } from '@slawatch/escalation';

/** What the ops API's routes work with. */
export interface ApiParts {
  store: EscalationStore;
  actions: BreachActions;
  /** Undefined when API_TOKENS_FILE is not set: every request is refused. */
  tokens: ApiTokensFile | undefined;
  now: () => number;
}
