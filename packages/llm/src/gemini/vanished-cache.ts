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

/**
 * Whether Gemini refused to create a cache because its content is below the model's minimum
 * (400 INVALID_ARGUMENT, "Cached content is too small. total_token_count=…"). Also seen
 * through a `GapflowError` that wraps the SDK's error as its cause.
 */
export function isCacheTooSmall(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 3; current = (current as { cause?: unknown }).cause, depth += 1) {
    const message = current instanceof Error ? current.message : String((current as { message?: unknown }).message ?? '');
    if (/Cached content is too small/i.test(message)) return true;
  }
  return false;
}
