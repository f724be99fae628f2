import type { Config } from './config.js';
import type { Clock } from './platform/clock.js';
import type { DbHandle } from './platform/db.js';
import { AccountsRepository } from './modules/accounts/accounts.repository.js';
import { AuthService } from './modules/accounts/auth.service.js';
import { UsersService } from './modules/accounts/users.service.js';
import { AuditService } from './modules/audit/audit.service.js';
import { UnitsRepository } from './modules/units/units.repository.js';
import { UnitsService } from './modules/units/units.service.js';

/** Wires each service with exactly the collaborators it needs. */
export function buildServices(h: DbHandle, clock: Clock, config: Config) {
  const audit = new AuditService(h.db, clock);
  const units = new UnitsService(h.db, new UnitsRepository(h.db), audit, clock);
  const accounts = new AccountsRepository(h.db);
  const auth = new AuthService(h.db, accounts, units, audit, clock, {
    idleMinutes: config.session.idleMinutes,
    absoluteHours: config.session.absoluteHours,
    maxFailures: config.login.maxFailures,
    lockMinutes: config.login.lockMinutes,
  });
  const users = new UsersService(h.db, accounts, audit, clock);
  return { audit, units, auth, users, accounts };
}

export type Services = ReturnType<typeof buildServices>;
