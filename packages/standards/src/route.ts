import type { RouteClass } from '@slawatch/contract';

export interface Place {
  province: string;
  city: string;
  district?: string;
}

function normalized(name: string): string {
  return name.trim().toLowerCase();
}

/**
 * Classifies a route. A delivery inside one city is `same_city` even in a remote
 * province (no long-haul leg, so no remote allowance); otherwise either end in a
 * remote province makes it `remote`, before the province comparison.
 * Names compare case-insensitively, so the remote list carries every spelling in use.
 */
export function classifyRoute(
  origin: Place,
  destination: Place,
  remoteProvinces: ReadonlyArray<string>,
): RouteClass {
  const sameProvince = normalized(origin.province) === normalized(destination.province);
  if (sameProvince && normalized(origin.city) === normalized(destination.city)) return 'same_city';
  const remote = new Set(remoteProvinces.map(normalized));
  if (remote.has(normalized(origin.province)) || remote.has(normalized(destination.province)))
    return 'remote';
  return sameProvince ? 'intra_province' : 'inter_province';
}
