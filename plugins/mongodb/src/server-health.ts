import type { ConnectorHealth } from '@mstream/sdk';
import type { MongoClient, ServerHeartbeatFailedEvent } from 'mongodb';

/**
 * Reports a MongoDB server the driver cannot reach as trouble of the connector (the driver
 * reconnects by itself, and an operation waits up to serverSelectionTimeoutMS before it fails,
 * so without this an outage shorter than that never shows). Uses the driver's own heartbeats:
 * no extra round trips. Returns the function that stops listening.
 */
export function watchServerHealth(client: MongoClient, health: ConnectorHealth | undefined): () => void {
  if (!health) return () => undefined;
  const failing = new Set<string>();
  const failed = (event: ServerHeartbeatFailedEvent) => {
    failing.add(event.connectionId);
    // Only the server and the error: a connection string (with its credentials) never goes in.
    health.degraded(`cannot reach the MongoDB server ${event.connectionId}: ${event.failure?.message ?? 'heartbeat failed'}; the driver reconnects by itself`);
  };
  const succeeded = (event: { connectionId: string }) => {
    if (!failing.delete(event.connectionId) || failing.size > 0) return;
    health.recovered();
  };
  client.on('serverHeartbeatFailed', failed);
  client.on('serverHeartbeatSucceeded', succeeded);
  return () => {
    client.off('serverHeartbeatFailed', failed);
    client.off('serverHeartbeatSucceeded', succeeded);
    if (failing.size > 0) health.recovered();
  };
}
