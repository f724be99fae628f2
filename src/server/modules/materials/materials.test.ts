/**
 * The materials library and public plans on both databases: uploads checked by content and size
 * (an .exe renamed .pdf → 415, too large → 413, audio only for audio), public and internal
 * materials (internal hidden from the public and from other units: 404), versions that keep the old
 * files, downloads counted per unit ("Người dân" when not signed in), the public /tai-lieu pages,
 * and issued plans made public (PATCH /api/plans/:id/public) on /van-ban with their PDF; search finds
 * a material and a public plan without diacritics.
 */
import { beforeAll, expect, it } from 'vitest';
import { describeEachDb, type Session } from '../../test/harness.js';
import { filesDir, multipart, ok, publicGet } from '../news/news.testkit.js';
import { doc } from '../plans/plans.testkit.js';

const pdf = (text: string) => Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n`);
const MP3 = Buffer.concat([Buffer.from('ID3'), Buffer.from([3, 0, 0, 0, 0, 0, 0]), Buffer.alloc(64)]);

describeEachDb(
  'materials library and public plans',
  (ctx) => {
    let editor: Session; // phường Tam Kỳ
    let officer: Session; // phường Tam Kỳ
    let leader: Session;
    let outsider: Session; // phường Quảng Phú
    let topicId: string;
    let publicId: string;
    let internalId: string;

    const upload = (s: Session, url: string, name: string, bytes: Buffer, fields: Record<string, string>) => {
      const m = multipart(name, bytes, fields);
      return s.request('POST', url, m.body, m.headers);
    };

    beforeAll(async () => {
      const t = ctx();
      editor = await t.login('tamky.bientap');
      officer = await t.login('tamky.btt');
      leader = await t.login('tamky.lanhdao');
      outsider = await t.login('quangphu.lanhdao');
      const now = t.clock.now().toISOString();
      const campaignId = 'c-test-nq57';
      await t.db.db
        .insertInto('campaigns')
        .values({ id: campaignId, unit_id: await t.unit('DANANG'), code: 'NQ57', name: 'Tuyên truyền Nghị quyết 57', description: null, period_start: null, period_end: null, status: 'active', created_by: null, created_at: now, updated_at: now, version: 1 })
        .execute();
      topicId = 't-test-bdhvs';
      await t.db.db.insertInto('topics').values({ id: topicId, campaign_id: campaignId, parent_id: null, code: 'BDHVS', title: 'Phong trào "Bình dân học vụ số"', body: null, sort: 1, archived: 0 }).execute();
    });

    it('refuses files by content and size: an .exe renamed .pdf → 415, too large → 413, a PDF as audio → 415', async () => {
      const exe = Buffer.concat([Buffer.from('MZ\x90\x00'), Buffer.alloc(4000)]);
      const res = await upload(editor, '/api/materials', 'tai-lieu.pdf', exe, { title: 'Tệp giả', kind: 'document', visibility: 'public' });
      expect(res.statusCode).toBe(415);
      expect(res.json().error.code).toBe('file_type_not_allowed');
      const big = await upload(editor, '/api/materials', 'lon.pdf', Buffer.concat([pdf('lớn'), Buffer.alloc(300 * 1024)]), { title: 'Tệp lớn', kind: 'document' });
      expect(big.statusCode).toBe(413);
      expect((await upload(editor, '/api/materials', 'bai.mp3', pdf('x'), { title: 'Bản tin', kind: 'audio' })).statusCode).toBe(415);
      const noTitle = await upload(editor, '/api/materials', 'a.pdf', pdf('x'), { kind: 'document' });
      expect(noTitle.statusCode).toBe(400);
      expect(noTitle.json().error.message).toContain('Tên tài liệu');
      expect((await upload(editor, '/api/materials', 'a.pdf', pdf('x'), { title: 'A', kind: 'document', topicIds: 'khong-co' })).statusCode).toBe(400);
      const audio = ok(await upload(editor, '/api/materials', 'ban-tin.mp3', MP3, { title: 'Bản tin phát thanh tháng 11', kind: 'audio', visibility: 'internal' }), 201);
      expect(audio.file).toMatchObject({ mime: 'audio/mpeg', typeLabel: 'âm thanh MP3' });
      const reporter = await ctx().login('khoipho.tamky');
      expect((await upload(reporter, '/api/materials', 'a.pdf', pdf('x'), { title: 'A', kind: 'document' })).statusCode).toBe(403);
      expect(await ctx().db.db.selectFrom('materials').select('id').where('title', '=', 'Tệp giả').executeTakeFirst()).toBeUndefined();
    });

    it('publishes a public material (topics, search, /tai-lieu) and keeps an internal one from the public and other units', async () => {
      const t = ctx();
      const m = ok(
        await upload(editor, '/api/materials', 'hoi-dap-nq57.pdf', pdf('v1'), {
          title: 'Tài liệu hỏi - đáp Nghị quyết 57-NQ/TW cho báo cáo viên',
          kind: 'qa',
          description: 'Hỏi - đáp ngắn gọn về Nghị quyết 57.',
          visibility: 'public',
          topicIds: JSON.stringify([topicId]),
        }),
        201,
      );
      publicId = m.id;
      expect(m).toMatchObject({ visibility: 'public', currentVersion: 1, topics: [{ id: topicId }], publicUrl: `/tai-lieu/${m.id}`, unitId: await t.unit('PHUONG_TAMKY') });
      const internal = ok(await upload(officer, '/api/materials', 'huong-dan.docx', await docxBytes(), { title: 'Hướng dẫn nội bộ báo cáo kết quả', kind: 'document', visibility: 'internal' }), 201);
      internalId = internal.id;

      const list = await publicGet(t, '/tai-lieu');
      expect(list.statusCode).toBe(200);
      expect(list.body).toContain(`href="/tai-lieu/${publicId}"`);
      expect(list.body).not.toContain(internalId);
      expect((await publicGet(t, `/tai-lieu?chu-de=${topicId}`)).body).toContain(`href="/tai-lieu/${publicId}"`);
      expect((await publicGet(t, '/tai-lieu?loai=slides')).body).not.toContain(`href="/tai-lieu/${publicId}"`);
      expect((await publicGet(t, `/tai-lieu/${publicId}`)).body).toContain('Tải về (PDF');
      // Internal: 404 for the public (page and file), 404 for another unit, 200 for the unit.
      expect((await publicGet(t, `/tai-lieu/${internalId}`)).statusCode).toBe(404);
      expect((await publicGet(t, `/tai-lieu/${internalId}/tai-ve`)).statusCode).toBe(404);
      expect((await outsider.get(`/api/materials/${internalId}`)).statusCode).toBe(404);
      expect((await outsider.get(`/tai-lieu/${internalId}/tai-ve`)).statusCode).toBe(404);
      expect(ok(await outsider.get('/api/materials')).items.map((i: { id: string }) => i.id)).not.toContain(internalId);
      expect(ok(await editor.get('/api/materials')).items.map((i: { id: string }) => i.id)).toEqual(expect.arrayContaining([publicId, internalId]));
      const own = await officer.get(`/tai-lieu/${internalId}/tai-ve`);
      expect(own.statusCode).toBe(200);
      expect(own.headers['content-type']).toContain('wordprocessingml');
      // Search: the public one without diacritics; never the internal one.
      const found = ok(await t.app.inject({ method: 'GET', url: '/api/search?q=tai%20lieu%20hoi%20dap%20nghi%20quyet%2057&kind=material' }));
      expect(found.items.map((i: { id: string }) => i.id)).toEqual([publicId]);
      expect(ok(await t.app.inject({ method: 'GET', url: '/api/search?q=huong%20dan%20noi%20bo' })).total).toBe(0);
      const page = await publicGet(t, '/tim-kiem?q=hoi+dap+nghi+quyet&loai=tai-lieu');
      expect(page.body).toContain(`href="/tai-lieu/${publicId}"`);
      // Made internal later: gone from the site and search.
      ok(await editor.patch(`/api/materials/${publicId}`, { visibility: 'internal' }));
      expect((await publicGet(t, `/tai-lieu/${publicId}`)).statusCode).toBe(404);
      expect(ok(await t.app.inject({ method: 'GET', url: '/api/search?q=hoi%20dap%20nghi%20quyet&kind=material' })).total).toBe(0);
      ok(await editor.patch(`/api/materials/${publicId}`, { visibility: 'public' }));
      expect((await publicGet(t, `/tai-lieu/${publicId}`)).statusCode).toBe(200);
      expect((await publicGet(t, '/sitemap.xml')).body).toContain(`/tai-lieu/${publicId}</loc>`);
    });

    it('keeps old versions when a new file is uploaded', async () => {
      const t = ctx();
      expect((await upload(outsider, `/api/materials/${publicId}/versions`, 'v2.pdf', pdf('v2'), {})).statusCode).toBe(403);
      const v2 = ok(await upload(editor, `/api/materials/${publicId}/versions`, 'hoi-dap-nq57-v2.pdf', pdf('v2'), { note: 'Bổ sung câu hỏi 4' }), 201);
      expect(v2.currentVersion).toBe(2);
      expect(v2.versions.map((v: { versionNo: number; note: string | null }) => [v.versionNo, v.note])).toEqual([
        [2, 'Bổ sung câu hỏi 4'],
        [1, null],
      ]);
      expect((await publicGet(t, `/tai-lieu/${publicId}/tai-ve`)).body).toContain('% v2');
      expect((await publicGet(t, `/tai-lieu/${publicId}/tai-ve?phien-ban=1`)).body).toContain('% v1');
      expect((await publicGet(t, `/tai-lieu/${publicId}/tai-ve?phien-ban=9`)).statusCode).toBe(404);
      expect((await editor.get(`/api/materials/${publicId}/download?version=1`)).body).toContain('% v1');
    });

    it('counts downloads per downloading unit, "Người dân" when not signed in', async () => {
      const t = ctx();
      const before = ok(await editor.get(`/api/materials/${publicId}/downloads`));
      await publicGet(t, `/tai-lieu/${publicId}/tai-ve`);
      await publicGet(t, `/tai-lieu/${publicId}/tai-ve`);
      await officer.get(`/tai-lieu/${publicId}/tai-ve`);
      await outsider.get(`/tai-lieu/${publicId}/tai-ve`);
      const after = ok(await editor.get(`/api/materials/${publicId}/downloads`));
      const count = (stats: { byUnit: Array<{ unitName: string; count: number }> }, name: string) => stats.byUnit.find((u) => u.unitName === name)?.count ?? 0;
      expect(count(after, 'Người dân') - count(before, 'Người dân')).toBe(2);
      const ward = (await t.db.db.selectFrom('units').select('name').where('code', '=', 'PHUONG_TAMKY').executeTakeFirstOrThrow()).name;
      const qp = (await t.db.db.selectFrom('units').select('name').where('code', '=', 'QUANG_PHU').executeTakeFirstOrThrow()).name;
      expect(count(after, ward) - count(before, ward)).toBe(1);
      expect(count(after, qp) - count(before, qp)).toBe(1);
      expect(after.total - before.total).toBe(4);
      expect(after.byUnit.find((u: { unitName: string }) => u.unitName === 'Người dân').unitId).toBeNull();
    });

    it('shows an issued plan made public on /van-ban with its PDF; search finds it without diacritics', async () => {
      const t = ctx();
      const draftPlan = ok(await officer.post('/api/plans', { subject: 'Tuyên truyền Nghị quyết 57-NQ/TW về chuyển đổi số năm 2027', sections: [{ heading: 'I. MỤC ĐÍCH, YÊU CẦU', content: doc('Nâng cao nhận thức của Nhân dân về Nghị quyết 57.') }] }), 201);
      expect((await leader.patch(`/api/plans/${draftPlan.id}/public`, { isPublic: true })).statusCode).toBe(409);
      const plan = ok(await leader.post(`/api/plans/${draftPlan.id}/issue`, {}));
      expect(plan.isPublic).toBe(false);
      expect((await officer.patch(`/api/plans/${plan.id}/public`, { isPublic: true })).statusCode).toBe(403);
      expect((await outsider.patch(`/api/plans/${plan.id}/public`, { isPublic: true })).statusCode).toBe(404);
      expect((await publicGet(t, `/van-ban/${plan.id}`)).statusCode).toBe(404);
      const pub = ok(await leader.patch(`/api/plans/${plan.id}/public`, { isPublic: true }));
      expect(pub.isPublic).toBe(true);
      const list = await publicGet(t, '/van-ban');
      expect(list.body).toContain(`href="/van-ban/${plan.id}"`);
      expect(list.body).toContain(plan.numberText);
      const page = await publicGet(t, `/van-ban/${plan.id}`);
      expect(page.body).toContain('Nâng cao nhận thức của Nhân dân về Nghị quyết 57.');
      const file = await publicGet(t, `/van-ban/${plan.id}/tai-ve`);
      expect(file.statusCode).toBe(200);
      expect(file.headers['content-type']).toBe('application/pdf');
      expect(file.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      const found = ok(await t.app.inject({ method: 'GET', url: '/api/search?q=nghi%20quyet%2057%20chuyen%20doi%20so%20nam%202027&kind=plan' }));
      expect(found.items.map((i: { id: string; url: string }) => [i.id, i.url])).toEqual([[plan.id, `/van-ban/${plan.id}`]]);
      expect((await publicGet(t, '/tim-kiem?q=nghi+quyet+57&loai=van-ban')).body).toContain(`href="/van-ban/${plan.id}"`);
      expect((await publicGet(t, '/sitemap.xml')).body).toContain(`/van-ban/${plan.id}</loc>`);
      ok(await leader.patch(`/api/plans/${plan.id}/public`, { isPublic: false }));
      expect((await publicGet(t, `/van-ban/${plan.id}`)).statusCode).toBe(404);
      expect(ok(await t.app.inject({ method: 'GET', url: '/api/search?q=nghi%20quyet%2057&kind=plan' })).total).toBe(0);
    });
  },
  { config: { filesDir: filesDir(), maxUploadBytes: 256 * 1024 } },
);

async function docxBytes(): Promise<Buffer> {
  const { Document, Packer, Paragraph } = await import('docx');
  return Buffer.from(await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('Hướng dẫn')] }] })));
}
