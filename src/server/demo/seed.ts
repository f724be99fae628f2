import type { Clock } from '../platform/clock.js';
import { type Db, tx } from '../platform/db.js';
import { newId } from '../platform/ids.js';
import { hashPassword } from '../modules/accounts/passwords.js';
import { DEMO_PASSWORD, DEMO_USERS, demoUnits } from './demo-units.js';

const dayBefore = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) - 86400000).toISOString().slice(0, 10);

export async function isEmpty(db: Db): Promise<boolean> {
  const u = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  const n = await db.selectFrom('units').select('id').limit(1).executeTakeFirst();
  return !u && !n;
}

/**
 * Loads the demo organisation, people and history into an empty database, in one transaction.
 * The demo loader writes rows directly: it is a fixture, not a workflow, and records its own
 * unit events and a single audit entry.
 */
export async function seedDemo(db: Db, clock: Clock): Promise<{ units: number; users: number }> {
  const { units, successions } = demoUnits();
  const now = clock.now().toISOString();
  const ids = new Map(units.map((u) => [u.code, newId()]));
  const id = (code: string) => {
    const v = ids.get(code);
    if (!v) throw new Error(`demo: unknown unit ${code}`);
    return v;
  };
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  await tx(db, async (trx) => {
    for (const u of units) {
      await trx
        .insertInto('units')
        .values({
          id: id(u.code),
          code: u.code,
          name: u.name,
          short_name: u.shortName,
          kind: u.kind,
          level: u.level,
          address: u.address ?? null,
          phone: null,
          email: null,
          term: u.term ?? null,
          population: u.population ?? null,
          note: u.note ?? null,
          valid_from: u.validFrom ?? null,
          valid_to: u.validTo ?? null,
          created_at: now,
          updated_at: now,
          version: 1,
        })
        .execute();
    }
    for (const u of units) {
      const links = u.parents ?? (u.parent ? [[u.parent, u.validFrom ?? null, u.validTo ?? null] as [string, string | null, string | null]] : []);
      for (const [parent, from, to] of links) {
        await trx.insertInto('unit_parents').values({ id: newId(), unit_id: id(u.code), parent_id: id(parent), valid_from: from, valid_to: to }).execute();
      }
      if (u.parents && u.parents.length > 1) {
        const [prev, next] = [u.parents[u.parents.length - 2], u.parents[u.parents.length - 1]];
        await trx
          .insertInto('unit_events')
          .values({
            id: newId(),
            kind: 'move',
            effective_date: next[1]!,
            unit_id: id(u.code),
            note: 'Chuyển về đơn vị hành chính mới sau sắp xếp từ 01/7/2025.',
            details: JSON.stringify({ fromParentId: id(prev[0]), fromParentName: units.find((x) => x.code === prev[0])!.name, toParentId: id(next[0]), toParentName: units.find((x) => x.code === next[0])!.name }),
            created_by: null,
            created_at: now,
          })
          .execute();
      }
      if (u.validFrom) {
        await trx.insertInto('unit_events').values({ id: newId(), kind: 'create', effective_date: u.validFrom, unit_id: id(u.code), note: null, details: null, created_by: null, created_at: now }).execute();
      }
    }
    for (const s of successions) {
      const eventId = newId();
      const name = (c: string) => units.find((u) => u.code === c)!.name;
      await trx
        .insertInto('unit_events')
        .values({
          id: eventId,
          kind: s.kind,
          effective_date: s.effectiveDate,
          unit_id: id(s.to),
          note: s.note || null,
          details: JSON.stringify({ sources: s.from.map((c) => ({ id: id(c), name: name(c) })), successors: [{ id: id(s.to), name: name(s.to) }] }),
          created_by: null,
          created_at: now,
        })
        .execute();
      for (const from of s.from) {
        await trx.insertInto('unit_successions').values({ id: newId(), event_id: eventId, predecessor_id: id(from), successor_id: id(s.to), effective_date: s.effectiveDate }).execute();
        const src = units.find((u) => u.code === from)!;
        if (src.validTo && src.validTo !== dayBefore(s.effectiveDate)) throw new Error(`demo: ${from} must end the day before ${s.effectiveDate}`);
      }
    }
    for (const u of DEMO_USERS) {
      const userId = newId();
      await trx
        .insertInto('users')
        .values({
          id: userId,
          username: u.username,
          email: u.email ?? null,
          full_name: u.fullName,
          phone: null,
          position: u.position,
          password_hash: passwordHash,
          must_change_password: 0,
          failed_attempts: 0,
          locked_until: null,
          disabled: 0,
          last_login_at: null,
          password_changed_at: now,
          created_at: now,
          updated_at: now,
        })
        .execute();
      for (const g of u.grants) {
        await trx
          .insertInto('role_grants')
          .values({ id: newId(), user_id: userId, unit_id: id(g.unit), role: g.role, valid_from: g.validFrom, valid_to: g.validTo, note: null, created_by: null, created_at: now })
          .execute();
      }
    }
    await trx.insertInto('meta').values({ key: 'units_version', value: `demo-${now}` }).execute();
    await trx.insertInto('meta').values({ key: 'demo_loaded_at', value: now }).execute();
    await trx
      .insertInto('audit_log')
      .values({ at: now, user_id: null, username: 'hệ thống', acting_unit_id: null, action: 'demo.seed', entity_type: 'system', entity_id: null, summary: `Nạp dữ liệu mẫu: ${units.length} đơn vị, ${DEMO_USERS.length} tài khoản`, before: null, after: null, ip: null, request_id: null })
      .execute();
  });
  return { units: units.length, users: DEMO_USERS.length };
}
