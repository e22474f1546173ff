import type { Product, Segment } from '@slawatch/contract';
import type { Random } from './random.js';

/**
 * Share of parcels per customer segment (assumption, est.): platform
 * merchants send most parcels of a Chinese express carrier, contract brands a
 * sizeable minority, walk-in individuals very few.
 */
export const SEGMENT_SHARES: Readonly<Record<Segment, number>> = {
  ecommerce: 0.7,
  key_account: 0.15,
  sme: 0.1,
  individual: 0.05,
};

/** Products each segment buys (est.): e-commerce is mostly standard service, key accounts buy faster products. */
const PRODUCT_MIX: Readonly<Record<Segment, ReadonlyArray<readonly [Product, number]>>> = {
  ecommerce: [
    ['standard', 0.75],
    ['next_day', 0.2],
    ['second_day', 0.05],
  ],
  key_account: [
    ['next_day', 0.45],
    ['standard', 0.35],
    ['second_day', 0.15],
    ['same_day', 0.05],
  ],
  sme: [
    ['standard', 0.6],
    ['next_day', 0.3],
    ['second_day', 0.1],
  ],
  individual: [
    ['standard', 0.5],
    ['next_day', 0.3],
    ['same_day', 0.2],
  ],
};

/** Customers per segment: few key accounts sending much each, many individuals sending one parcel. */
const CUSTOMERS_PER_SEGMENT: Readonly<Record<Segment, number>> = {
  ecommerce: 5000,
  key_account: 40,
  sme: 2000,
  individual: 100_000,
};

const SEGMENT_PREFIX: Readonly<Record<Segment, string>> = {
  ecommerce: 'E',
  key_account: 'K',
  sme: 'S',
  individual: 'I',
};

export interface Customer {
  id: string;
  segment: Segment;
  product: Product;
}

export function pickCustomer(
  random: Random,
  shares: Readonly<Record<Segment, number>> = SEGMENT_SHARES,
): Customer {
  const segment = random.weighted(Object.entries(shares) as [Segment, number][]);
  const product = random.weighted(PRODUCT_MIX[segment]);
  const id = `C-${SEGMENT_PREFIX[segment]}${random.integer(1, CUSTOMERS_PER_SEGMENT[segment])}`;
  return { id, segment, product };
}

/** Pieces on one waybill: almost always one, sometimes a few. */
export function pickPieces(random: Random): number {
  return random.weighted([
    [1, 0.8],
    [2, 0.12],
    [3, 0.05],
    [5, 0.03],
  ]);
}
