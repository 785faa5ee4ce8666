import pg from 'pg';

export interface NotificationListenerOptions {
  url: string;
  channel: string;
  /** Called with each notification's payload. */
  onNotification: (payload: string) => void;
  /**
   * Called after every (re)connection once LISTEN is in place: notifications sent while no
   * connection listened are lost, so the caller catches up here.
   */
  onListening: () => void;
  onError: (error: unknown) => void;
  /** Wait before reconnecting after the connection is lost or cannot be made. */
  reconnectDelayMs?: number;
}

/**
 * A dedicated connection that LISTENs on one channel and reconnects whenever it is lost (a
 * PostgreSQL restart, a network cut). A pooled connection cannot do this: LISTEN belongs to one
 * session, and the pool hands sessions out and closes idle ones.
 */
export class NotificationListener {
  private client: pg.Client | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly options: NotificationListenerOptions) {}

  start(): void {
    void this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({ connectionString: this.options.url, application_name: 'atropos-listener' });
    this.client = client;
    let lost = false;
    const reconnect = (error: unknown) => {
      if (lost) return;
      lost = true;
      client.removeAllListeners('notification');
      void client.end().catch(() => undefined);
      if (this.stopped) return;
      this.options.onError(error);
      this.timer = setTimeout(() => void this.connect(), this.options.reconnectDelayMs ?? 1_000);
      this.timer.unref();
    };
    client.on('error', reconnect);
    client.on('end', () => reconnect(new Error('the notification connection closed')));
    client.on('notification', (message) => {
      if (message.channel === this.options.channel && message.payload) this.options.onNotification(message.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${pg.escapeIdentifier(this.options.channel)}`);
    } catch (error) {
      reconnect(error);
      return;
    }
    // Not if stop() ran while this connected: it clears this.client.
    if (this.client === client) this.options.onListening();
  }
}
