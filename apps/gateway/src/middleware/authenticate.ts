import type { NextFunction, Request, Response } from 'express';
import { GapflowError } from '@gapflow/core';
import { hashApiKey, type ApiKeyStore } from '@gapflow/state';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** The tenant of the API key that authenticated the request. */
      tenantId: string;
      /** The key's hash: what rate limits and logs may name. */
      apiKeyHash: string;
    }
  }
}

/** The scheme is case-insensitive (RFC 9110 §11.1): `bearer` and `BEARER` are `Bearer`. */
const BEARER = /^Bearer +([A-Za-z0-9_-]{10,200})$/i;

/** `Authorization: Bearer <key>` → the key's tenant; `UNAUTHORIZED` for anything else. */
export function authenticate(apiKeys: ApiKeyStore) {
  return async (req: Request, _res: Response, next: NextFunction): Promise<void> => {
    const match = BEARER.exec(req.get('authorization') ?? '');
    const tenantId = match ? await apiKeys.tenantOf(match[1] as string) : undefined;
    if (!match || !tenantId) {
      next(new GapflowError('UNAUTHORIZED', 'Send a valid API key as "Authorization: Bearer <key>". Create one with `npx gapflow keys create --tenant <name>`.'));
      return;
    }
    req.tenantId = tenantId;
    req.apiKeyHash = hashApiKey(match[1] as string);
    next();
  };
}
