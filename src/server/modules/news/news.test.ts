/**
 * Articles over HTTP on both databases: Vietnamese slugs and collisions, the workflow draft →
 * submitted → approved → published → unpublished and who may move it (editors write and publish
 * approved news; only the unit's own leaders approve), comments, revisions with a paragraph diff,
 * scheduling refused in the past, deletion, visibility and the audit trail.
 */
import { beforeAll, expect, it } from 'vitest';
import { describeEachDb, type Session } from '../../test/harness.js';
import { categoryId, doc, draftArticle, filesDir, ok, para, publicGet, publishedArticle } from './news.testkit.js';

describeEachDb(
  'news workflow',
  (ctx) => {
    let editor: Session; // tamky.bientap — editor of phường Tam Kỳ
    let leader: Session; // tamky.lanhdao — leader of phường Tam Kỳ
    let cityLeader: Session; // danang.lanhdao — leader of the city above it
    let otherWard: Session; // quangphu.lanhdao — leader of another ward
    let womenOfficer: Session; // phunu.tamky — officer of the ward's women's union

    beforeAll(async () => {
      const t = ctx();
      editor = await t.login('tamky.bientap');
      leader = await t.login('tamky.lanhdao');
      cityLeader = await t.login('danang.lanhdao');
      otherWard = await t.login('quangphu.lanhdao');
      womenOfficer = await t.login('phunu.tamky');
    });

    it('creates a draft for the acting unit with a Vietnamese slug (diacritics removed, đ → d)', async () => {
      const t = ctx();
      const a = await draftArticle(editor, { title: 'Đẩy mạnh "Bình dân học vụ số" ở Đà Nẵng', tags: ['Bình dân học vụ số', 'chuyển đổi số', 'Chuyển Đổi Số'] });
      expect(a).toMatchObject({
        unitId: await t.unit('PHUONG_TAMKY'),
        unitName: 'Ủy ban MTTQ Việt Nam phường Tam Kỳ',
        slug: 'day-manh-binh-dan-hoc-vu-so-o-da-nang',
        status: 'draft',
        statusLabel: 'Nháp',
        version: 1,
        publicUrl: null,
        tags: ['Bình dân học vụ số', 'chuyển đổi số'],
        can: { edit: true, submit: true, approve: false, publish: false, delete: true },
      });
      expect(a.authorName).toBe('Võ Thị Lan');
    });

    it('suffixes a colliding generated slug and refuses a chosen one that is taken (409)', async () => {
      const a = await draftArticle(editor, { title: 'Hội nghị Ủy ban MTTQ phường' });
      const b = await draftArticle(editor, { title: 'Hội nghị Ủy ban MTTQ phường' });
      const c = await draftArticle(editor, { title: 'Hội nghị Ủy ban MTTQ phường!' });
      expect([a.slug, b.slug, c.slug]).toEqual(['hoi-nghi-uy-ban-mttq-phuong', 'hoi-nghi-uy-ban-mttq-phuong-2', 'hoi-nghi-uy-ban-mttq-phuong-3']);
      const res = await editor.post('/api/news/articles', { title: 'Khác', slug: 'hoi-nghi-uy-ban-mttq-phuong', categoryId: await categoryId(editor, 'tin-hoat-dong') });
      expect(res.statusCode).toBe(409);
      expect(res.json().error.code).toBe('slug_taken');
      expect(res.json().error.message).toContain('đã được một tin bài khác');
      const bad = await editor.post('/api/news/articles', { title: 'Khác', slug: 'Có Dấu', categoryId: await categoryId(editor, 'tin-hoat-dong') });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.message).toContain('chữ thường không dấu');
      // Renaming a draft whose slug came from the title moves the slug along; a chosen slug stays.
      const renamed = ok(await editor.patch(`/api/news/articles/${b.id}`, { version: b.version, title: 'Hội nghị tổng kết năm 2026' }));
      expect(renamed.slug).toBe('hoi-nghi-tong-ket-nam-2026');
      const taken = await editor.patch(`/api/news/articles/${c.id}`, { version: c.version, slug: 'hoi-nghi-uy-ban-mttq-phuong' });
      expect(taken.statusCode).toBe(409);
    });

    it('moves draft → submitted → returned → submitted → approved → published, each step by the right person', async () => {
      const t = ctx();
      const a = await draftArticle(editor, { title: 'Ra mắt tổ công nghệ số cộng đồng khối phố 3' });
      // Publishing or scheduling before approval is refused.
      const early = await editor.post(`/api/news/articles/${a.id}/publish`, {});
      expect(early.statusCode).toBe(409);
      expect(early.json().error).toMatchObject({ code: 'article_not_approved' });
      expect(early.json().error.message).toContain('chưa được lãnh đạo duyệt');
      const earlySchedule = await editor.post(`/api/news/articles/${a.id}/schedule`, { at: '2026-11-27T08:00:00+07:00' });
      expect(earlySchedule.statusCode).toBe(409);
      // A draft cannot be approved, even by the leader.
      expect((await leader.post(`/api/news/articles/${a.id}/approve`, {})).statusCode).toBe(409);

      const submitted = ok(await editor.post(`/api/news/articles/${a.id}/submit`, { version: a.version }));
      expect(submitted).toMatchObject({ status: 'submitted', statusLabel: 'Chờ duyệt', can: { edit: false, submit: false, approve: false } });
      // The leader is told.
      const leaderId = (await t.db.db.selectFrom('users').select('id').where('username', '=', 'tamky.lanhdao').executeTakeFirstOrThrow()).id;
      const note = await t.db.db.selectFrom('notifications').selectAll().where('user_id', '=', leaderId).where('kind', '=', 'news.submitted').where('entity_id', '=', a.id).executeTakeFirst();
      expect(note?.title).toContain('Tin bài chờ duyệt');

      // Editors do not approve (the role table gives them news.publish, not approval); nor do leaders of other units.
      expect((await editor.post(`/api/news/articles/${a.id}/approve`, {})).statusCode).toBe(403);
      expect((await cityLeader.post(`/api/news/articles/${a.id}/approve`, {})).statusCode).toBe(403);
      expect((await otherWard.post(`/api/news/articles/${a.id}/approve`, {})).statusCode).toBe(404);
      expect((await editor.patch(`/api/news/articles/${a.id}`, { version: submitted.version, title: 'Đổi' })).statusCode).toBe(403);

      const leaderView = ok(await leader.get(`/api/news/articles/${a.id}`));
      expect(leaderView.can).toMatchObject({ approve: true, returnToDraft: true, edit: true });
      expect((await leader.post(`/api/news/articles/${a.id}/return`, {})).statusCode).toBe(400);
      const returned = ok(await leader.post(`/api/news/articles/${a.id}/return`, { comment: 'Bổ sung số người tham gia và ảnh hoạt động.' }));
      expect(returned.status).toBe('draft');
      const comments = ok(await editor.get(`/api/news/articles/${a.id}/comments`));
      expect(comments.at(-1)).toMatchObject({ kind: 'return', body: 'Bổ sung số người tham gia và ảnh hoạt động.', userName: 'Nguyễn Ba' });

      const edited = ok(await editor.patch(`/api/news/articles/${a.id}`, { version: returned.version, body: doc('Có 45 người tham gia.', 'Tổ hướng dẫn cài đặt VNeID.') }));
      ok(await editor.post(`/api/news/articles/${a.id}/comments`, { body: 'Em đã bổ sung, nhờ anh duyệt lại.' }), 201);
      ok(await editor.post(`/api/news/articles/${a.id}/submit`, { version: edited.version }));
      const approved = ok(await leader.post(`/api/news/articles/${a.id}/approve`, { comment: 'Đồng ý đăng.' }));
      expect(approved).toMatchObject({ status: 'approved', approvedByName: 'Nguyễn Ba' });
      // The editor puts approved news online (news.publish); the city leader (not of this unit) may too, through scope.
      const pub = ok(await editor.post(`/api/news/articles/${a.id}/publish`, {}));
      expect(pub.status).toBe('published');
      expect(pub.publishedAt).toBe(t.clock.now().toISOString());
      expect(pub.publicUrl).toBe('/don-vi/phuong-tam-ky/ra-mat-to-cong-nghe-so-cong-dong-khoi-pho-3');
      expect((await publicGet(t, pub.publicUrl)).statusCode).toBe(200);

      const audit = await t.db.db.selectFrom('audit_log').select(['action']).where('entity_id', '=', a.id).orderBy('id').execute();
      expect(audit.map((x) => x.action)).toEqual(['news.create', 'news.submit', 'news.return', 'news.update', 'news.submit', 'news.approve', 'news.publish']);
    });

    it('lets a member organisation’s news be approved by the leader of the ward committee it works under', async () => {
      const t = ctx();
      const a = await draftArticle(womenOfficer, { title: 'Phụ nữ phường Tam Kỳ học kỹ năng số' });
      expect(a.unitId).toBe(await t.unit('PHUONG_TAMKY_HPN'));
      ok(await womenOfficer.post(`/api/news/articles/${a.id}/submit`, {}));
      ok(await leader.post(`/api/news/articles/${a.id}/approve`, {}));
      // The officer has news.edit but not news.publish: the ward's editor publishes.
      expect((await womenOfficer.post(`/api/news/articles/${a.id}/publish`, {})).statusCode).toBe(403);
      const pub = ok(await editor.post(`/api/news/articles/${a.id}/publish`, {}));
      expect(pub.publicUrl).toMatch(/^\/don-vi\/hoi-lien-hiep-phu-nu-phuong-tam-ky\//);
    });

    it('keeps published news under the approver: editors are refused, a leader’s edit goes live at once', async () => {
      const t = ctx();
      const a = await publishedArticle(editor, leader, { title: 'Tin đã đăng để sửa' });
      const before = await publicGet(t, a.publicUrl);
      expect(before.body).toContain('Tin đã đăng để sửa');
      const refused = await editor.patch(`/api/news/articles/${a.id}`, { version: a.version, title: 'Sửa bởi biên tập viên' });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error.message).toContain('chỉ lãnh đạo đơn vị');
      const fixed = ok(await leader.patch(`/api/news/articles/${a.id}`, { version: a.version, title: 'Tin đã đăng, đã sửa lỗi chính tả' }));
      expect(fixed).toMatchObject({ status: 'published', slug: a.slug, contentUpdatedAt: t.clock.now().toISOString() });
      const after = await publicGet(t, a.publicUrl);
      expect(after.body).toContain('Tin đã đăng, đã sửa lỗi chính tả');
      // The published slug is locked.
      expect((await leader.patch(`/api/news/articles/${a.id}`, { version: fixed.version, slug: 'duong-dan-moi' })).json().error.code).toBe('slug_locked');
      // A stale version is a conflict.
      expect((await leader.patch(`/api/news/articles/${a.id}`, { version: a.version, sapo: 'x' })).json().error.code).toBe('version_conflict');
    });

    it('sends approved news back to draft when someone who cannot approve edits it', async () => {
      const a = await draftArticle(editor);
      ok(await editor.post(`/api/news/articles/${a.id}/submit`, {}));
      const approved = ok(await leader.post(`/api/news/articles/${a.id}/approve`, {}));
      const edited = ok(await editor.patch(`/api/news/articles/${a.id}`, { version: approved.version, sapo: 'Đổi sapo sau khi duyệt.' }));
      expect(edited).toMatchObject({ status: 'draft', approvedAt: null });
      const revs = ok(await editor.get(`/api/news/articles/${a.id}/revisions`));
      expect(revs[0].reason).toBe('Sửa sau khi duyệt — cần duyệt lại');
    });

    it('unpublishes: the page and search result disappear; it can be published again', async () => {
      const t = ctx();
      const a = await publishedArticle(editor, leader, { title: 'Tin sẽ được gỡ xuống về Hội nghị điển hình' });
      expect(ok(await editor.get('/api/search?q=go xuong hoi nghi dien hinh')).total).toBe(1);
      expect((await editor.post(`/api/news/articles/${a.id}/unpublish`, { reason: 'Sai số liệu' })).statusCode).toBe(200);
      expect((await publicGet(t, a.publicUrl)).statusCode).toBe(404);
      expect(ok(await editor.get('/api/search?q=go xuong hoi nghi dien hinh')).total).toBe(0);
      const again = ok(await editor.post(`/api/news/articles/${a.id}/publish`, {}));
      expect(again).toMatchObject({ status: 'published', publishedAt: a.publishedAt });
      expect((await publicGet(t, a.publicUrl)).statusCode).toBe(200);
    });

    it('keeps a revision per step with a paragraph-level diff', async () => {
      const a = await draftArticle(editor, { title: 'Bản gốc', body: doc('Đoạn một.', 'Đoạn hai.', 'Đoạn ba.') });
      const v2 = ok(await editor.patch(`/api/news/articles/${a.id}`, { version: a.version, title: 'Bản sửa', body: doc('Đoạn một.', 'Đoạn hai đã sửa.', 'Đoạn ba.', 'Đoạn bốn mới.'), tags: ['Mô hình hay'] }));
      ok(await editor.post(`/api/news/articles/${a.id}/submit`, { version: v2.version }));
      const revs = ok(await editor.get(`/api/news/articles/${a.id}/revisions`));
      expect(revs.map((r: { revision: number; reason: string }) => [r.revision, r.reason])).toEqual([
        [3, 'Gửi duyệt'],
        [2, 'Lưu bản nháp'],
        [1, 'Tạo bản nháp'],
      ]);
      const snap = ok(await editor.get(`/api/news/articles/${a.id}/revisions/1`));
      expect(snap.snapshot.title).toBe('Bản gốc');
      const diff = ok(await editor.get(`/api/news/articles/${a.id}/revisions/2/diff`));
      expect(diff.lines).toEqual([
        { op: 'del', text: '# Bản gốc' },
        { op: 'add', text: '# Bản sửa' },
        { op: 'same', text: '> Đoạn mở đầu của tin thử nghiệm.' },
        { op: 'same', text: 'Đoạn một.' },
        { op: 'del', text: 'Đoạn hai.' },
        { op: 'add', text: 'Đoạn hai đã sửa.' },
        { op: 'same', text: 'Đoạn ba.' },
        { op: 'add', text: 'Đoạn bốn mới.' },
      ]);
      expect(diff.fields).toEqual([
        { field: 'slug', label: 'Đường dẫn', before: 'ban-goc', after: 'ban-sua' },
        { field: 'tags', label: 'Từ khóa', before: [], after: ['Mô hình hay'] },
      ]);
      const statusDiff = ok(await editor.get(`/api/news/articles/${a.id}/revisions/3/diff?against=1`));
      expect(statusDiff.fields.map((f: { field: string }) => f.field)).toEqual(['slug', 'tags', 'status']);
      expect((await editor.get(`/api/news/articles/${a.id}/revisions/9/diff`)).statusCode).toBe(404);
    });

    it('refuses scheduling in the past with a Vietnamese message, and a schedule by someone without news.publish', async () => {
      const a = await draftArticle(editor);
      ok(await editor.post(`/api/news/articles/${a.id}/submit`, {}));
      ok(await leader.post(`/api/news/articles/${a.id}/approve`, {}));
      const past = await editor.post(`/api/news/articles/${a.id}/schedule`, { at: '2026-11-26T09:59:00+07:00' });
      expect(past.statusCode).toBe(400);
      expect(past.json().error.code).toBe('schedule_in_past');
      expect(past.json().error.message).toBe(
        'Trường «Thời điểm đăng (at)»: 09:59 ngày 26/11/2026 đã qua (bây giờ là 10:00 ngày 26/11/2026). Hãy chọn một thời điểm sau bây giờ.',
      );
      // Within the current minute counts as the past too (publishing happens at the minute).
      expect((await editor.post(`/api/news/articles/${a.id}/schedule`, { at: '2026-11-26T10:00:30+07:00' })).statusCode).toBe(400);
      expect((await editor.post(`/api/news/articles/${a.id}/schedule`, { at: 'ngày mai' })).statusCode).toBe(400);
      expect((await editor.post(`/api/news/articles/${a.id}/schedule`, { at: '2028-01-01T08:00:00+07:00' })).json().error.code).toBe('schedule_too_far');
      expect((await womenOfficer.post(`/api/news/articles/${a.id}/schedule`, { at: '2026-11-27T08:00:00+07:00' })).statusCode).toBe(404);
      const sched = ok(await editor.post(`/api/news/articles/${a.id}/schedule`, { at: '2026-11-27T08:00:45+07:00' }));
      expect(sched).toMatchObject({ status: 'scheduled', scheduledAt: '2026-11-27T01:00:00.000Z' });
      const back = ok(await editor.post(`/api/news/articles/${a.id}/unschedule`, {}));
      expect(back).toMatchObject({ status: 'approved', scheduledAt: null });
    });

    it('deletes drafts only, and hides other units’ news (404)', async () => {
      const a = await draftArticle(editor);
      expect((await otherWard.get(`/api/news/articles/${a.id}`)).statusCode).toBe(404);
      expect((await otherWard.request('DELETE', `/api/news/articles/${a.id}`)).statusCode).toBe(404);
      expect((await editor.request('DELETE', `/api/news/articles/${a.id}`)).statusCode).toBe(204);
      expect((await editor.get(`/api/news/articles/${a.id}`)).statusCode).toBe(404);
      const p = await publishedArticle(editor, leader);
      expect((await editor.request('DELETE', `/api/news/articles/${p.id}`)).json().error.code).toBe('article_not_deletable');
      // The city leader sees the ward's news (it is in the city's scope) in the list.
      const list = ok(await cityLeader.get('/api/news/articles?status=published&pageSize=200'));
      expect(list.items.some((i: { id: string }) => i.id === p.id)).toBe(true);
      const none = ok(await otherWard.get('/api/news/articles?pageSize=200'));
      expect(none.items.some((i: { id: string }) => i.id === p.id)).toBe(false);
    });

    it('validates references and completeness with messages naming the field', async () => {
      const bad = await editor.post('/api/news/articles', { title: 'X', categoryId: 'khong-co' });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.message).toBe('Trường «Chuyên mục (categoryId)»: không tìm thấy chuyên mục.');
      const noTitle = await editor.post('/api/news/articles', { title: '  ', categoryId: await categoryId(editor, 'tin-hoat-dong') });
      expect(noTitle.statusCode).toBe(400);
      const empty = await draftArticle(editor, { sapo: '', body: { type: 'doc', content: [para('')] } });
      const sub = await editor.post(`/api/news/articles/${empty.id}/submit`, {});
      expect(sub.statusCode).toBe(400);
      expect(sub.json().error.message).toContain('Sapo');
      const topic = await editor.post('/api/news/articles', { title: 'X', categoryId: await categoryId(editor, 'tin-hoat-dong'), topicIds: ['khong-co'] });
      expect(topic.json().error.message).toContain('Chủ đề');
    });
  },
  { config: { filesDir: filesDir() } },
);
