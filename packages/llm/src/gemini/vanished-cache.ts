/**
 * Whether Gemini refused a call because the context cache it names is gone (deleted when its
 * session was erased, or expired). The API says NOT_FOUND (404), or PERMISSION_DENIED (403)
 * with "CachedContent not found (or permission denied)". Any other 403 (an API key without
 * permission, a project without the API) is not a vanished cache: treating it as one would
 * hide a misconfiguration behind an endless create–refuse cycle.
 *
 * The one rule for every place that meets a vanished cache: the generate and stream calls,
 * and the deletion of a cache at erasure.
 */
export function isVanishedCache(error: unknown): boolean {
  const status = (error as { status?: unknown })?.status;
  if (status === 404) return true;
  if (status !== 403) return false;
  const message = error instanceof Error ? error.message : String((error as { message?: unknown })?.message ?? '');
  return /CachedContent not found/i.test(message);
}
