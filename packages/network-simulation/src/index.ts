export { type Customer, pickCustomer, SEGMENT_SHARES } from './customers.js';
export { type Due, deadlineDues, silenceThresholds } from './due-times.js';
export { type JudgedBreach, judgeShipment, orderFactsOf, type ShipmentJudgement } from './expectation.js';
export { type ExpectedOutcome, expectedOutcomes } from './expected-outcomes.js';
export {
  FAULT_PROFILES,
  FAULTS,
  type Fault,
  type FaultProfile,
  FaultProfileError,
  PUBLICATION_FAULTS,
  type PublicationFault,
  parseFaultProfile,
  SHIPMENT_FAULTS,
  type ShipmentFault,
} from './faults.js';
export { type ExpectedBreach, type ShipmentTruth, shipmentTruth } from './ground-truth.js';
export { type HubOutageOptions, type HubOutageScenario, hubOutageScenario } from './hub-outage.js';
export { HUBS, type Hub, type Location, PROVINCES, type Province } from './network.js';
export { Random } from './random.js';
export { MALFORMED_KINDS, type MalformedKind, type SimulatedRecord } from './records.js';
export {
  createSimulation,
  DEFAULT_TIME_SCALE,
  generateScenario,
  type Scenario,
  type ScenarioOptions,
  type SimulatedShipment,
  type Simulation,
  type SimulationOptions,
  simulateShipment,
} from './scenario.js';
export { planShipment, type ShipmentPlan } from './shipment-plan.js';
export type { OrderFacts, SimulatedEvent } from './simulated-event.js';
