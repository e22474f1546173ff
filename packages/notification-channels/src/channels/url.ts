import { z } from 'zod';

/** http is accepted for receivers inside the network (and for tests); providers' own URLs are https. */
export const httpUrl = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' });

/** A robot URL that must carry its credential in the query (DingTalk `access_token`, WeCom `key`). */
export function robotUrl(parameter: string) {
  return httpUrl.refine(
    (url) => {
      try {
        const parsed = new URL(url);
        // A non-http(s) URL already failed above; one message per mistake is enough.
        return !/^https?:$/.test(parsed.protocol) || parsed.searchParams.has(parameter);
      } catch {
        return true;
      }
    },
    { error: `expected the robot URL including ?${parameter}=…` },
  );
}
