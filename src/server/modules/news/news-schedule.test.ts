/**
 * Scheduled publication on both databases: the job publishes at the set minute (injected clock),
 * never earlier, never by a page view; rescheduling leaves the old job harmless; the job is a row,
 * so a new app on the same database (a restart) still publishes.
 */
import { expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { describeEachDb, type Session, testConfig } from '../../test/harness.js';
import { draftArticle, filesDir, ok, publicGet } from './news.testkit.js';

const dir = filesDir();

describeEachDb(
  'news scheduling',
  (ctx) => {
    let editor: Session;
    let leader: Session;

    /** Sets the clock and signs in again (sessions time out after 30 idle minutes of clock time). */
    async function at(iso: string) {
      const t = ctx();
      t.clock.set(iso);
      editor = await t.login('tamky.bientap');
      leader = await t.login('tamky.lanhdao');
    }

    async function approved(title: string) {
      const a = await draftArticle(editor, { title, featured: true });
      ok(await editor.post(`/api/news/articles/${a.id}/submit`, {}));
      return ok(await leader.post(`/api/news/articles/${a.id}/approve`, {}));
    }

    it('publishes at the set minute, not before, and the page appears on the ward site and the city home', async () => {
      const t = ctx();
      await at('2026-11-26T03:00:00Z'); // 10:00 in Vietnam
      const a = await approved('Hẹn giờ: Ngày hội Đại đoàn kết khối phố 2');
      const s = ok(await leader.post(`/api/news/articles/${a.id}/schedule`, { at: '2026-11-26T10:30:00+07:00' }));
      expect(s).toMatchObject({ status: 'scheduled', scheduledAt: '2026-11-26T03:30:00.000Z', statusLabel: 'Hẹn giờ đăng' });
      const url = '/don-vi/phuong-tam-ky/hen-gio-ngay-hoi-dai-doan-ket-khoi-pho-2';
      expect((await publicGet(t, url)).statusCode).toBe(404);

      t.clock.set('2026-11-26T03:29:59Z');
      await t.app.services.jobs.runDue();
      expect(ok(await editor.get(`/api/news/articles/${a.id}`)).status).toBe('scheduled');
      // A page view does not publish.
      expect((await publicGet(t, url)).statusCode).toBe(404);
      expect((await publicGet(t, '/')).body).not.toContain('Hẹn giờ: Ngày hội Đại đoàn kết');

      await at('2026-11-26T03:30:00Z');
      await t.app.services.jobs.runDue();
      const pub = ok(await editor.get(`/api/news/articles/${a.id}`));
      expect(pub).toMatchObject({ status: 'published', publishedAt: '2026-11-26T03:30:00.000Z', scheduledAt: null });
      const page = await publicGet(t, url);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('10:30, 26/11/2026');
      expect((await publicGet(t, '/don-vi/phuong-tam-ky')).body).toContain('Hẹn giờ: Ngày hội Đại đoàn kết khối phố 2');
      expect((await publicGet(t, '/')).body).toContain('Hẹn giờ: Ngày hội Đại đoàn kết khối phố 2');
      const revs = ok(await editor.get(`/api/news/articles/${a.id}/revisions`));
      expect(revs[0].reason).toBe('Tự động đăng theo giờ hẹn 10:30 ngày 26/11/2026');
      const audit = await t.db.db.selectFrom('audit_log').select(['action', 'username']).where('entity_id', '=', a.id).orderBy('id', 'desc').executeTakeFirstOrThrow();
      expect(audit).toEqual({ action: 'news.publish', username: null });
    });

    it('reschedules: the job of the old time does nothing, the new one publishes', async () => {
      const t = ctx();
      await at('2026-11-26T04:00:00Z');
      const a = await approved('Hẹn giờ lại: Tọa đàm chuyển đổi số');
      ok(await leader.post(`/api/news/articles/${a.id}/schedule`, { at: '2026-11-26T11:15:00+07:00' }));
      ok(await leader.post(`/api/news/articles/${a.id}/schedule`, { at: '2026-11-26T11:45:00+07:00' }));
      await at('2026-11-26T04:15:00Z');
      await t.app.services.jobs.runDue();
      expect(ok(await editor.get(`/api/news/articles/${a.id}`))).toMatchObject({ status: 'scheduled', scheduledAt: '2026-11-26T04:45:00.000Z' });
      await at('2026-11-26T04:45:00Z');
      await t.app.services.jobs.runDue();
      expect(ok(await editor.get(`/api/news/articles/${a.id}`))).toMatchObject({ status: 'published', publishedAt: '2026-11-26T04:45:00.000Z' });
      const jobs = await t.db.db.selectFrom('jobs').select(['status', 'run_at']).where('dedupe_key', 'like', `news.publish:${a.id}:%`).orderBy('run_at').execute();
      expect(jobs).toEqual([
        { status: 'done', run_at: '2026-11-26T04:15:00.000Z' },
        { status: 'done', run_at: '2026-11-26T04:45:00.000Z' },
      ]);
    });

    it('an unscheduled article is not published by its old job', async () => {
      const t = ctx();
      await at('2026-11-26T05:00:00Z');
      const a = await approved('Hủy hẹn giờ: Hội thi tìm hiểu Nghị quyết 57');
      ok(await leader.post(`/api/news/articles/${a.id}/schedule`, { at: '2026-11-26T12:10:00+07:00' }));
      ok(await leader.post(`/api/news/articles/${a.id}/unschedule`, {}));
      await at('2026-11-26T05:20:00Z');
      await t.app.services.jobs.runDue();
      expect(ok(await editor.get(`/api/news/articles/${a.id}`)).status).toBe('approved');
    });

    it('still publishes after a restart: a new app on the same database runs the pending job', async () => {
      const t = ctx();
      await at('2026-11-26T06:00:00Z');
      const a = await approved('Sau khởi động lại: Bình dân học vụ số cho người cao tuổi');
      ok(await leader.post(`/api/news/articles/${a.id}/schedule`, { at: '2026-11-27T07:00:00+07:00' }));
      const restarted = await buildApp({ config: testConfig({ filesDir: dir }), db: t.db, clock: t.clock, logger: false });
      await restarted.ready();
      try {
        t.clock.set('2026-11-27T00:00:00Z');
        expect(await restarted.services.jobs.runDue()).toBeGreaterThanOrEqual(1);
        const row = await t.db.db.selectFrom('news_articles').select(['status', 'published_at']).where('id', '=', a.id).executeTakeFirstOrThrow();
        expect(row).toEqual({ status: 'published', published_at: '2026-11-27T00:00:00.000Z' });
        const page = await restarted.inject({ method: 'GET', url: '/don-vi/phuong-tam-ky/sau-khoi-dong-lai-binh-dan-hoc-vu-so-cho-nguoi-cao-tuoi' });
        expect(page.statusCode).toBe(200);
        expect(page.body).toContain('07:00, 27/11/2026');
        // The first app's cache learns of it through meta.portal_version (another process published).
        await new Promise((r) => setTimeout(r, 1100));
        expect((await publicGet(t, '/don-vi/phuong-tam-ky')).body).toContain('Sau khởi động lại: Bình dân học vụ số cho người cao tuổi');
      } finally {
        await restarted.close();
      }
    });
  },
  { config: { filesDir: dir } },
);
