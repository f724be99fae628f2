/**
 * Sending one-time codes by SMS through a pluggable sender: a logging sender for development and tests
 * (keeps an outbox readable by the development-only endpoint), and an HTTP gateway for production
 * (`SMS_GATEWAY_URL`, `SMS_GATEWAY_TOKEN`; posts JSON `{ to, text }`).
 */
export interface SmsSender {
  readonly kind: 'log' | 'http';
  send(to: string, text: string): Promise<void>;
}

export interface SentSms {
  to: string;
  text: string;
  at: string;
}

export class LoggingSmsSender implements SmsSender {
  readonly kind = 'log' as const;
  readonly outbox: SentSms[] = [];
  constructor(private readonly log: (msg: string) => void = () => undefined) {}

  async send(to: string, text: string): Promise<void> {
    this.outbox.push({ to, text, at: new Date().toISOString() });
    if (this.outbox.length > 1000) this.outbox.splice(0, this.outbox.length - 1000);
    this.log(`SMS tới ${to}: ${text}`);
  }

  /** The newest message sent to a number. */
  last(to: string): SentSms | undefined {
    for (let i = this.outbox.length - 1; i >= 0; i--) if (this.outbox[i].to === to) return this.outbox[i];
    return undefined;
  }
}

export class HttpSmsSender implements SmsSender {
  readonly kind = 'http' as const;
  constructor(
    private readonly url: string,
    private readonly token: string,
  ) {}

  async send(to: string, text: string): Promise<void> {
    const res = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
      body: JSON.stringify({ to, text }),
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) throw new Error(`SMS gateway answered ${res.status}`);
  }
}
