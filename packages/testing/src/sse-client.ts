/** One Server-Sent Event as a client receives it. */
export interface ReceivedEvent {
  id: string | undefined;
  event: string | undefined;
  data: unknown;
}

/**
 * A minimal SSE client over fetch for tests: collects events until `until` says stop or the
 * timeout passes, then closes the connection (as a browser tab would).
 */
export async function readServerSentEvents(
  url: string,
  options: { headers?: Record<string, string>; until: (events: ReceivedEvent[]) => boolean; timeoutMs?: number },
): Promise<{ events: ReceivedEvent[]; status: number }> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? 20_000);
  const events: ReceivedEvent[] = [];
  try {
    const response = await fetch(url, { headers: options.headers ?? {}, signal: controller.signal });
    if (!response.ok || !response.body) return { events, status: response.status };
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let boundary: number;
      while ((boundary = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, boundary);
        buffer = buffer.slice(boundary + 2);
        const fields: Record<string, string> = {};
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) continue;
          const colon = line.indexOf(':');
          if (colon < 0) continue;
          fields[line.slice(0, colon)] = line.slice(colon + 1).trimStart();
        }
        if (fields.data === undefined) continue;
        events.push({ id: fields.id, event: fields.event, data: JSON.parse(fields.data) });
        if (options.until(events)) {
          controller.abort();
          return { events, status: response.status };
        }
      }
    }
    return { events, status: response.status };
  } catch (error) {
    if (controller.signal.aborted) return { events, status: 200 };
    throw error;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}
