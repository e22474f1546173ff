import type { Redis } from '@slawatch/redis';
import { EscalationKeys } from '../keys.js';
import { BreachRecords } from './breach-records.js';
import { ConsumedOffsets } from './consumed-offsets.js';
import { Digests } from './digests.js';
import { withEscalationCommands } from './escalation-commands.js';
import { Incidents } from './incidents.js';
import { Inhibitions } from './inhibitions.js';
import { RateWindows } from './rate-windows.js';
import { Silences } from './silences.js';
import { Timelines } from './timelines.js';

/**
 * Escalation state in Redis, one class per concept on one connection. The
 * Lua commands are defined on the connection here, once, at start-up.
 */
export class EscalationStore {
  readonly keys: EscalationKeys;
  readonly breaches: BreachRecords;
  readonly timelines: Timelines;
  readonly silences: Silences;
  readonly rateWindows: RateWindows;
  readonly digests: Digests;
  readonly incidents: Incidents;
  readonly inhibitions: Inhibitions;
  readonly consumedOffsets: ConsumedOffsets;

  constructor(redis: Redis, redisKeyPrefix: string) {
    const connection = withEscalationCommands(redis);
    this.keys = new EscalationKeys(redisKeyPrefix, { cluster: redis.isCluster });
    this.breaches = new BreachRecords(connection, this.keys);
    this.timelines = new Timelines(connection, this.keys);
    this.silences = new Silences(connection, this.keys);
    this.rateWindows = new RateWindows(connection, this.keys);
    this.digests = new Digests(connection, this.keys);
    this.incidents = new Incidents(connection, this.keys);
    this.inhibitions = new Inhibitions(connection, this.keys);
    this.consumedOffsets = new ConsumedOffsets(connection, this.keys);
  }
}
