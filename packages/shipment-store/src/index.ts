export { Keys } from './keys.js';
export {
  type CommitResult,
  type DueBucket,
  type DueClaim,
  type OutboxEntry,
  type OutboxRecord,
  ShipmentStore,
  type ShipmentWrite,
} from './shipment-store.js';
export { decodeStored, encodeStored, type StoredShipment } from './stored-value.js';
