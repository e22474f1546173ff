import type { Place } from '@slawatch/standards';
import type { Random } from './random.js';

/** A transfer hub; codes follow the IATA-like codes carriers use for their sorting centres. */
export interface Hub {
  code: string;
  city: string;
}

export interface City {
  name: string;
  /** First digits of the outlet codes in the city (an administrative area code). */
  areaCode: string;
  /** Relative parcel volume (est.); sending and receiving use the same weights. */
  weight: number;
  outlets: number;
}

export interface Province {
  name: string;
  /** The hub that serves the province. */
  hub: string;
  cities: ReadonlyArray<City>;
}

/**
 * Hub code → the city the hub stands in. The order is the order the
 * simulation draws hubs in, so a seed's shipments depend on it: add at the end.
 */
// biome-ignore format: a table reads better several hubs a line than one a line
const HUB_CITIES = {
  PEK01: 'Beijing', SHE01: 'Shenyang', CGO01: 'Zhengzhou', SHA01: 'Shanghai', HGH01: 'Hangzhou',
  NKG01: 'Nanjing', WUH01: 'Wuhan', CAN01: 'Guangzhou', CTU01: 'Chengdu', CKG01: 'Chongqing',
  XIY01: "Xi'an", LHW01: 'Lanzhou', URC01: 'Urumqi',
} as const;

export const HUBS: ReadonlyArray<Hub> = Object.entries(HUB_CITIES).map(([code, city]) => ({ code, city }));

/** Central hubs that long-haul trunk lines pass through. */
const TRUNK_HUBS: ReadonlyArray<keyof typeof HUB_CITIES> = ['CGO01', 'WUH01', 'XIY01'];

const city = (name: string, areaCode: string, weight: number, outlets = 6): City => ({
  name,
  areaCode,
  weight,
  outlets,
});

/*
 * Weights are rough parcel volumes (est.): the east coast sends most
 * e-commerce parcels; the remote west (Xinjiang, Xizang, Qinghai, Gansu,
 * Ningxia, Inner Mongolia) receives a few per cent, which is what makes the
 * `remote` route class rare but present.
 */
export const PROVINCES: ReadonlyArray<Province> = [
  { name: 'Beijing', hub: 'PEK01', cities: [city('Beijing', '1101', 40, 12)] },
  { name: 'Tianjin', hub: 'PEK01', cities: [city('Tianjin', '1201', 12)] },
  { name: 'Hebei', hub: 'PEK01', cities: [city('Shijiazhuang', '1301', 8), city('Baoding', '1306', 6)] },
  { name: 'Inner Mongolia', hub: 'PEK01', cities: [city('Hohhot', '1501', 3), city('Baotou', '1502', 2)] },
  { name: 'Liaoning', hub: 'SHE01', cities: [city('Shenyang', '2101', 8), city('Dalian', '2102', 7)] },
  { name: 'Heilongjiang', hub: 'SHE01', cities: [city('Harbin', '2301', 6)] },
  { name: 'Shanghai', hub: 'SHA01', cities: [city('Shanghai', '3101', 60, 14)] },
  {
    name: 'Jiangsu',
    hub: 'NKG01',
    cities: [city('Nanjing', '3201', 18), city('Suzhou', '3205', 25), city('Wuxi', '3202', 12)],
  },
  {
    name: 'Zhejiang',
    hub: 'HGH01',
    cities: [city('Hangzhou', '3301', 35, 12), city('Ningbo', '3302', 14), city('Jinhua', '3307', 25, 10)],
  },
  { name: 'Anhui', hub: 'NKG01', cities: [city('Hefei', '3401', 10)] },
  { name: 'Fujian', hub: 'CAN01', cities: [city('Xiamen', '3502', 9), city('Fuzhou', '3501', 7)] },
  { name: 'Shandong', hub: 'CGO01', cities: [city('Jinan', '3701', 9), city('Qingdao', '3702', 11)] },
  { name: 'Henan', hub: 'CGO01', cities: [city('Zhengzhou', '4101', 12)] },
  { name: 'Hubei', hub: 'WUH01', cities: [city('Wuhan', '4201', 14)] },
  { name: 'Hunan', hub: 'WUH01', cities: [city('Changsha', '4301', 10)] },
  {
    name: 'Guangdong',
    hub: 'CAN01',
    cities: [
      city('Guangzhou', '4401', 45, 12),
      city('Shenzhen', '4403', 40, 12),
      city('Dongguan', '4419', 15),
    ],
  },
  { name: 'Guangxi', hub: 'CAN01', cities: [city('Nanning', '4501', 6)] },
  { name: 'Sichuan', hub: 'CTU01', cities: [city('Chengdu', '5101', 20, 10)] },
  { name: 'Chongqing', hub: 'CKG01', cities: [city('Chongqing', '5001', 14)] },
  { name: 'Yunnan', hub: 'CKG01', cities: [city('Kunming', '5301', 7)] },
  { name: 'Xizang', hub: 'CTU01', cities: [city('Lhasa', '5401', 1, 3)] },
  { name: 'Shaanxi', hub: 'XIY01', cities: [city("Xi'an", '6101', 12)] },
  { name: 'Gansu', hub: 'LHW01', cities: [city('Lanzhou', '6201', 3)] },
  { name: 'Qinghai', hub: 'LHW01', cities: [city('Xining', '6301', 1, 3)] },
  { name: 'Ningxia', hub: 'LHW01', cities: [city('Yinchuan', '6401', 1, 3)] },
  { name: 'Xinjiang', hub: 'URC01', cities: [city('Urumqi', '6501', 3, 4), city('Kashgar', '6531', 1, 3)] },
];

export interface Location {
  province: Province;
  city: City;
}

const LOCATIONS: ReadonlyArray<readonly [Location, number]> = PROVINCES.flatMap((province) =>
  province.cities.map((c) => [{ province, city: c }, c.weight] as const),
);

export function pickLocation(random: Random): Location {
  return random.weighted(LOCATIONS);
}

/** Where the parcel goes: a share of parcels stays in the sender's city or province, as local commerce does. */
export function pickDestination(random: Random, origin: Location): Location {
  const draw = random.next();
  if (draw < 0.12) return origin;
  if (draw < 0.22 && origin.province.cities.length > 1) {
    return { province: origin.province, city: random.pick(origin.province.cities) };
  }
  return pickLocation(random);
}

export function placeOf(location: Location): Place {
  return { province: location.province.name, city: location.city.name };
}

/** An outlet code: the city's area code and a two-digit outlet number. */
export function pickOutlet(random: Random, location: Location): string {
  return `${location.city.areaCode}${String(random.integer(1, location.city.outlets)).padStart(2, '0')}`;
}

/** The hubs a parcel passes, in order: one within a hub's region, two or three between regions. */
export function hubPath(random: Random, origin: Location, destination: Location): string[] {
  const from = origin.province.hub;
  const to = destination.province.hub;
  if (from === to) return [from];
  const trunk = TRUNK_HUBS.filter((hub) => hub !== from && hub !== to);
  return random.chance(0.4) ? [from, random.pick(trunk), to] : [from, to];
}
