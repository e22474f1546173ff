import { BreachChangeSchema as ChannelBreachSchema } from '@slawatch/notification-channels';
import { z } from 'zod';

/**
 * A breach change read from `slawatch.breaches`. The channels' schema keeps
 * only known fields (nothing personal is stored or forwarded); the Chinese
 * title is kept too because messages show it.
 */
export const BreachChangeSchema = ChannelBreachSchema.extend({ titleZh: z.string().min(1).optional() });
export type BreachChange = z.output<typeof BreachChangeSchema>;
export type Severity = BreachChange['severity'];
export const SEVERITIES: ReadonlyArray<Severity> = ['minor', 'major', 'critical'];
