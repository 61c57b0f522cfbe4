/** One dispatched Server-Sent Event. */
export interface ServerSentEventMessage {
  /** The last event id the stream set, at the time of this event (it persists across events). */
  lastEventId: string | undefined;
  /** The `event:` field; `message` when the server sent none. */
  event: string;
  /** The `data:` lines joined with `\n`. */
  data: string;
}

/**
 * The Server-Sent Events wire format, parsed as the WHATWG HTML standard's "interpret an
 * event stream" says (§9.2.6): lines end in CRLF, LF or CR — possibly split across chunks —
 * `:` starts a comment, a blank line dispatches, `data` lines accumulate, an `id` holding NUL
 * is ignored, `retry` takes digits only, unknown fields are ignored. Written here rather than
 * taken from `EventSource`, which cannot send an `Authorization` header.
 *
 * @example
 * const parser = new ServerSentEventParser();
 * for (const message of parser.push(decoder.decode(chunk, { stream: true }))) handle(message);
 */
export class ServerSentEventParser {
  /** The latest `retry:` the server sent, in milliseconds; undefined until one arrives. */
  reconnectionTimeMs: number | undefined;
  private lastEventId: string | undefined;
  private eventType = '';
  private data = '';
  private hasData = false;
  private pending = '';
  private sawFirstChunk = false;
  /** The previous chunk ended in CR: an LF opening this one belongs to that line end. */
  private skipLeadingLineFeed = false;

  constructor(lastEventId?: string) {
    this.lastEventId = lastEventId;
  }

  /** Feeds decoded text; returns the events it completed. */
  push(text: string): ServerSentEventMessage[] {
    let chunk = text;
    if (!this.sawFirstChunk && chunk.length > 0) {
      this.sawFirstChunk = true;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    if (this.skipLeadingLineFeed && chunk.startsWith('\n')) chunk = chunk.slice(1);
    this.skipLeadingLineFeed = false;
    const buffer = this.pending + chunk;
    const messages: ServerSentEventMessage[] = [];
    let start = 0;
    for (let index = 0; index < buffer.length; index += 1) {
      const char = buffer[index];
      if (char !== '\n' && char !== '\r') continue;
      const line = buffer.slice(start, index);
      if (char === '\r') {
        if (index + 1 < buffer.length) {
          if (buffer[index + 1] === '\n') index += 1;
        } else {
          this.skipLeadingLineFeed = true;
        }
      }
      start = index + 1;
      const message = this.processLine(line);
      if (message) messages.push(message);
    }
    this.pending = buffer.slice(start);
    return messages;
  }

  private processLine(line: string): ServerSentEventMessage | undefined {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'event':
        this.eventType = value;
        break;
      case 'data':
        this.data += this.hasData ? `\n${value}` : value;
        this.hasData = true;
        break;
      case 'id':
        if (!value.includes('\0')) this.lastEventId = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) this.reconnectionTimeMs = Number(value);
        break;
      default:
        break;
    }
    return undefined;
  }

  private dispatch(): ServerSentEventMessage | undefined {
    const message = this.hasData ? { lastEventId: this.lastEventId, event: this.eventType || 'message', data: this.data } : undefined;
    this.eventType = '';
    this.data = '';
    this.hasData = false;
    return message;
  }
}
