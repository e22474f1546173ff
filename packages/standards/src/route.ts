import type { RouteClass } from '@slawatch/contract';

export interface Place {
  province: string;
  city: string;
  district?: string;
}

function normalized(name: string): string {
  return name.trim().toLowerCase();
}

/** The remote provinces, normalised, once per list (a standards file's list lives as long as the file). */
const remoteSets = new WeakMap<ReadonlyArray<string>, Set<string>>();

function remoteSetOf(remoteProvinces: ReadonlyArray<string>): Set<string> {
  let remote = remoteSets.get(remoteProvinces);
  if (!remote) {
    remote = new Set(remoteProvinces.map(normalized));
    remoteSets.set(remoteProvinces, remote);
  }
  return remote;
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
  const remote = remoteSetOf(remoteProvinces);
  if (remote.has(normalized(origin.province)) || remote.has(normalized(destination.province)))
    return 'remote';
  return sameProvince ? 'intra_province' : 'inter_province';
}
