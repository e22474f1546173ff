// The breach change belongs to the contract; escalation reads it from there.
export {
  type BreachChange,
  breachChangeSchema as BreachChangeSchema,
  SEVERITIES,
  type Severity,
} from '@slawatch/contract';
