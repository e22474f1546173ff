/** Standards may name only the event types of the contract; the contract owns the list. */
export { EVENT_TYPES, type EventType } from '@slawatch/contract';
