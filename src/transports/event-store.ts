import type { EventStore, JSONRPCMessage } from "@modelcontextprotocol/server";

/** Events kept per session: enough to replay what a dropped stream missed, bounded so memory is too. */
const MAX_EVENTS = 256;

/**
 * One 2025 session's recent SSE events, so a client whose stream dropped can resume with Last-Event-ID.
 * Having a store is also what makes the SDK send the priming event (an id, and the `retry` interval).
 */
export class SessionEventStore implements EventStore {
  private readonly events = new Map<string, { streamId: string; message: JSONRPCMessage }>();
  private next = 0;

  async storeEvent(streamId: string, message: JSONRPCMessage): Promise<string> {
    const id = `${streamId}_${++this.next}`;
    this.events.set(id, { streamId, message });
    if (this.events.size > MAX_EVENTS) {
      const oldest = this.events.keys().next().value;
      if (oldest !== undefined) this.events.delete(oldest);
    }
    return id;
  }

  async getStreamIdForEventId(eventId: string): Promise<string | undefined> {
    return this.events.get(eventId)?.streamId;
  }

  async replayEventsAfter(
    lastEventId: string,
    { send }: { send: (eventId: string, message: JSONRPCMessage) => Promise<void> },
  ): Promise<string> {
    const last = this.events.get(lastEventId);
    if (!last) throw new Error("unknown or expired Last-Event-ID");
    let after = false;
    for (const [id, event] of this.events) {
      if (after && event.streamId === last.streamId && "jsonrpc" in event.message)
        await send(id, event.message);
      if (id === lastEventId) after = true;
    }
    return last.streamId;
  }
}
