import { z } from 'zod';

/** http is accepted for receivers inside the network (and for tests); providers' own URLs are https. */
export const httpUrl = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' });
