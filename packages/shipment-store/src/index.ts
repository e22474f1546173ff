export {
  AttainmentCounts,
  attainmentField,
  attainmentFieldPrefix,
  type CellCounts,
  type CountedCell,
} from './attainment-counts.js';
export { Keys } from './keys.js';
export {
  type AttainmentIncrement,
  type CommitResult,
  type DueBucket,
  type DueClaim,
  type InputPosition,
  type OutboxEntry,
  type OutboxRecord,
  ShipmentStore,
  type ShipmentWrite,
  type StoredOffset,
} from './shipment-store.js';
export {
  decodeStored,
  encodeStored,
  NEXT_DUE_BYTES,
  readNextDue,
  type StoredShipment,
  writeNextDue,
} from './stored-value.js';
