import { createHash, timingSafeEqual } from 'node:crypto';
import { loadConfigFile } from '@slawatch/validation';
import { z } from 'zod';

export const ROLES = ['viewer', 'responder', 'admin'] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { viewer: 0, responder: 1, admin: 2 };

/** Tokens are stored as SHA-256 hashes: the file alone lets nobody call the API. */
export const ApiTokensFileSchema = z.strictObject({
  tokens: z.array(
    z.strictObject({
      owner: z.string().min(1).max(100),
      role: z.enum(ROLES),
      sha256: z
        .string()
        .regex(/^[0-9a-f]{64}$/, 'expected the lowercase hex SHA-256 of the token (64 characters)'),
    }),
  ),
});
export type ApiTokensFile = z.output<typeof ApiTokensFileSchema>;

export interface Caller {
  owner: string;
  role: Role;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function loadApiTokens(file: string): ApiTokensFile {
  return loadConfigFile(file, ApiTokensFileSchema);
}

/** The caller owning `token`, comparing every entry in constant time so timing reveals nothing. */
export function authenticate(tokens: ApiTokensFile, token: string): Caller | undefined {
  const presented = Buffer.from(hashToken(token), 'hex');
  let found: Caller | undefined;
  for (const entry of tokens.tokens) {
    if (timingSafeEqual(presented, Buffer.from(entry.sha256, 'hex')) && !found) {
      found = { owner: entry.owner, role: entry.role };
    }
  }
  return found;
}

export function hasRole(caller: Caller, needed: Role): boolean {
  return RANK[caller.role] >= RANK[needed];
}
