import type { Ctx } from './context.js';
import type { Db } from './db.js';

/**
 * In-process domain events. Handlers run synchronously inside the emitter's transaction (`trx`),
 * so a plan and the tasks, requests and notifications it causes commit or roll back together.
 * Modules subscribe in their wiring (services.ts) instead of importing each other.
 */
export class EventBus<Events extends { [K in keyof Events]: unknown }> {
  private readonly handlers = new Map<keyof Events, Array<(trx: Db, payload: any, ctx: Ctx) => Promise<void>>>();

  on<K extends keyof Events>(name: K, handler: (trx: Db, payload: Events[K], ctx: Ctx) => Promise<void>): void {
    const list = this.handlers.get(name) ?? [];
    list.push(handler);
    this.handlers.set(name, list);
  }

  async emit<K extends keyof Events>(name: K, trx: Db, payload: Events[K], ctx: Ctx): Promise<void> {
    for (const h of this.handlers.get(name) ?? []) await h(trx, payload, ctx);
  }
}
