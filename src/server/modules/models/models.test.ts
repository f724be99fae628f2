/**
 * Good models and exemplary people on both databases: nomination by a unit, review by the unit
 * above (return and reject with a comment, accept with a commendation), who may move a nomination
 * (an outsider gets 404, the nominating unit reviewing itself 403), photos (alt required, type by
 * content), public visibility of profiles and their photos, public filters, sitemap, search
 * without diacritics, and the count per unit.
 */
import { beforeAll, expect, it } from 'vitest';
import { describeEachDb, type Session } from '../../test/harness.js';
import { filesDir, imageBytes, multipart, ok, publicGet } from '../news/news.testkit.js';

const base = {
  kind: 'model',
  field: 'thanh-toan-khong-tien-mat',
  name: 'Mô hình "Chợ 4.0 – thanh toán không dùng tiền mặt" tại chợ Tam Kỳ',
  place: 'Chợ Tam Kỳ, phường Tam Kỳ',
  summary: 'Tiểu thương nhận thanh toán bằng mã QR.',
  description: 'Đoạn thứ nhất về mô hình.\n\nĐoạn thứ hai về cách làm.',
  achievements: ['300 tiểu thương dùng mã QR', 'Không có vụ lừa đảo chuyển khoản'],
  year: 2026,
};

describeEachDb(
  'good models',
  (ctx) => {
    let hpn: Session; // officer of the ward women's union (nominates)
    let wardLeader: Session; // leader of phường Tam Kỳ (reviews the union; cannot review the ward itself)
    let wardOfficer: Session;
    let outsider: Session; // leader of phường Quảng Phú
    let city: Session; // leader of Đà Nẵng (reviews the ward)
    let modelId: string;
    let slug: string;

    beforeAll(async () => {
      const t = ctx();
      hpn = await t.login('phunu.tamky');
      wardLeader = await t.login('tamky.lanhdao');
      wardOfficer = await t.login('tamky.btt');
      outsider = await t.login('quangphu.lanhdao');
      city = await t.login('danang.lanhdao');
    });

    it('moves a nomination: draft → submitted → returned (comment) → submitted → accepted with a commendation; only the unit above reviews', async () => {
      const t = ctx();
      const created = ok(await hpn.post('/api/models', { ...base, description: '' }), 201);
      modelId = created.id;
      expect(created).toMatchObject({ status: 'draft', unitId: await t.unit('PHUONG_TAMKY_HPN'), publicUrl: null, can: { edit: true, submit: true, review: false } });
      expect(created.achievements).toEqual(base.achievements);
      // Incomplete: no description.
      const incomplete = await hpn.post(`/api/models/${modelId}/submit`);
      expect(incomplete.statusCode).toBe(400);
      expect(incomplete.json().error.code).toBe('model_incomplete');
      const edited = ok(await hpn.patch(`/api/models/${modelId}`, { version: created.version, description: base.description }));
      expect((await hpn.patch(`/api/models/${modelId}`, { version: created.version, place: 'x' })).statusCode).toBe(409);
      // A draft is not visible to the reviewers yet; an outsider never sees it.
      expect((await wardLeader.get(`/api/models/${modelId}`)).statusCode).toBe(200); // leader of the ward has news.edit over the union (nominator)
      expect((await outsider.get(`/api/models/${modelId}`)).statusCode).toBe(404);
      const submitted = ok(await hpn.post(`/api/models/${modelId}/submit`));
      expect(submitted.status).toBe('submitted');
      expect(submitted.version).toBeGreaterThan(edited.version);
      // Who may move it: outsider 404, the nominating unit itself 403, the ward (unit above) may.
      expect((await outsider.post(`/api/models/${modelId}/accept`, {})).statusCode).toBe(404);
      const self = await hpn.post(`/api/models/${modelId}/accept`, {});
      expect(self.statusCode).toBe(403);
      expect(self.json().error.message).toContain('cấp trên');
      expect(ok(await wardLeader.get(`/api/models/${modelId}`)).can.review).toBe(true);
      const queue = ok(await wardLeader.get('/api/models?reviewable=true'));
      expect(queue.items.map((i: { id: string }) => i.id)).toEqual([modelId]);
      // Return needs a comment.
      expect((await wardLeader.post(`/api/models/${modelId}/return`, {})).statusCode).toBe(400);
      const returned = ok(await wardLeader.post(`/api/models/${modelId}/return`, { comment: 'Bổ sung số liệu tiểu thương tham gia.' }));
      expect(returned).toMatchObject({ status: 'returned', reviewComment: 'Bổ sung số liệu tiểu thương tham gia.', reviewerUnitId: await t.unit('PHUONG_TAMKY') });
      expect((await wardLeader.post(`/api/models/${modelId}/accept`, {})).statusCode).toBe(409);
      ok(await hpn.patch(`/api/models/${modelId}`, { version: returned.version, achievements: [...base.achievements, 'Thêm số liệu'] }));
      ok(await hpn.post(`/api/models/${modelId}/submit`));
      // Commendation dates are checked.
      expect((await wardLeader.post(`/api/models/${modelId}/accept`, { commendation: { form: 'Giấy khen', docNumber: '1', docDate: '2026-02-30' } })).statusCode).toBe(400);
      const accepted = ok(
        await wardLeader.post(`/api/models/${modelId}/accept`, {
          comment: 'Đồng ý công nhận.',
          commendation: { form: 'Giấy khen của Ban Thường trực Ủy ban MTTQ Việt Nam phường Tam Kỳ', docNumber: '42/QĐ-MTTQ-BTT', docDate: '2026-10-09' },
        }),
      );
      slug = accepted.slug;
      expect(accepted).toMatchObject({ status: 'accepted', isPublic: true, publicUrl: `/mo-hinh/${accepted.slug}`, commendation: { docNumber: '42/QĐ-MTTQ-BTT', docDate: '2026-10-09' } });
      expect(accepted.can.edit).toBe(false);
      const history = ok(await hpn.get(`/api/models/${modelId}/history`));
      expect(history.map((e: { kind: string }) => e.kind)).toEqual(['created', 'updated', 'submitted', 'returned', 'updated', 'submitted', 'accepted']);
      expect(history.find((e: { kind: string }) => e.kind === 'returned').comment).toBe('Bổ sung số liệu tiểu thương tham gia.');
      // The nominator was notified of the return and the acceptance.
      const notes = await t.db.db.selectFrom('notifications').select('kind').where('user_id', '=', hpn.me.user.id).execute();
      expect(notes.map((n) => n.kind)).toEqual(expect.arrayContaining(['model.returned', 'model.accepted']));
    });

    it('shows the accepted profile publicly with its commendation, and on the category page', async () => {
      const t = ctx();
      const page = await publicGet(t, `/mo-hinh/${slug}`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Chợ 4.0 – thanh toán không dùng tiền mặt');
      expect(page.body).toContain('Quyết định số 42/QĐ-MTTQ-BTT ngày 09/10/2026');
      expect(page.body).toContain('Thanh toán không dùng tiền mặt');
      expect(page.body).not.toContain('<script src');
      // The other kind's path does not answer it.
      expect((await publicGet(t, `/guong-dien-hinh/${slug}`)).statusCode).toBe(404);
      const cat = await publicGet(t, '/chuyen-muc/mo-hinh-hay');
      expect(cat.body).toContain(`href="/mo-hinh/${slug}"`);
      const list = await publicGet(t, '/mo-hinh?linh-vuc=thanh-toan-khong-tien-mat&nam=2026');
      expect(list.body).toContain(`href="/mo-hinh/${slug}"`);
      expect((await publicGet(t, '/mo-hinh?nam=2024')).body).not.toContain(`href="/mo-hinh/${slug}"`);
      expect((await publicGet(t, `/mo-hinh?don-vi=${await t.unit('QUANG_PHU')}`)).body).not.toContain(`href="/mo-hinh/${slug}"`);
      expect((await publicGet(t, `/mo-hinh?don-vi=${await t.unit('PHUONG_TAMKY')}`)).body).toContain(`href="/mo-hinh/${slug}"`);
      const api = ok(await t.app.inject({ method: 'GET', url: '/api/models/public?field=thanh-toan-khong-tien-mat' }));
      expect(api.items.map((i: { id: string }) => i.id)).toEqual([modelId]);
      const sitemap = await publicGet(t, '/sitemap.xml');
      expect(sitemap.body).toContain(`/mo-hinh/${slug}</loc>`);
      expect(sitemap.body).toContain('/tai-lieu</loc>');
    });

    it('finds the profile by search without diacritics on the API and the public search page', async () => {
      const t = ctx();
      const res = ok(await t.app.inject({ method: 'GET', url: '/api/search?q=cho%204.0%20thanh%20toan%20khong%20dung%20tien%20mat&kind=model' }));
      expect(res.items[0]).toMatchObject({ kind: 'model', id: modelId, url: `/mo-hinh/${slug}` });
      expect(ok(await t.app.inject({ method: 'GET', url: '/api/search?q=cho%204.0&kind=material' })).total).toBe(0);
      const page = await publicGet(t, '/tim-kiem?q=cho+tam+ky&loai=mo-hinh');
      expect(page.body).toContain(`href="/mo-hinh/${slug}"`);
      expect(page.body).toContain('Mô hình, gương điển hình');
    });

    it('photos: alt required, type by content, public only while the profile is', async () => {
      const t = ctx();
      const noAlt = multipart('anh.jpg', await imageBytes(), {}, 'image/jpeg');
      expect((await wardLeader.request('POST', `/api/models/${modelId}/photos`, noAlt.body, noAlt.headers)).statusCode).toBe(400);
      const exe = multipart('anh.jpg', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(2000)]), { alt: 'Ảnh' }, 'image/jpeg');
      expect((await wardLeader.request('POST', `/api/models/${modelId}/photos`, exe.body, exe.headers)).statusCode).toBe(415);
      // The nominator cannot change an accepted profile; the reviewing unit can add photos.
      const good = multipart('cho.jpg', await imageBytes(), { alt: 'Tiểu thương bên mã QR thanh toán', caption: 'Sạp hàng khô' }, 'image/jpeg');
      expect((await outsider.request('POST', `/api/models/${modelId}/photos`, good.body, good.headers)).statusCode).toBe(404);
      const withPhoto = ok(await wardLeader.request('POST', `/api/models/${modelId}/photos`, good.body, good.headers), 201);
      const photo = withPhoto.photos[0];
      expect(photo.alt).toBe('Tiểu thương bên mã QR thanh toán');
      expect((await publicGet(t, photo.urls.w400)).statusCode).toBe(200);
      const page = await publicGet(t, `/mo-hinh/${slug}`);
      expect(page.body).toContain(photo.urls.w800);
      expect(page.body).toContain('alt="Tiểu thương bên mã QR thanh toán"');
      // Withdrawn from the public site: page, photo and search entry go.
      expect((await hpn.patch(`/api/models/${modelId}/public`, { isPublic: false })).statusCode).toBe(403);
      ok(await wardLeader.patch(`/api/models/${modelId}/public`, { isPublic: false }));
      expect((await publicGet(t, `/mo-hinh/${slug}`)).statusCode).toBe(404);
      expect((await publicGet(t, photo.urls.w400)).statusCode).toBe(404);
      expect(ok(await t.app.inject({ method: 'GET', url: '/api/search?q=cho%204.0' })).items.some((i: { kind: string }) => i.kind === 'model')).toBe(false);
      expect((await publicGet(t, '/sitemap.xml')).body).not.toContain(`/mo-hinh/${slug}<`);
      ok(await wardLeader.patch(`/api/models/${modelId}/public`, { isPublic: true }));
      expect((await publicGet(t, `/mo-hinh/${slug}`)).statusCode).toBe(200);
    });

    it('a ward nomination is reviewed by the city: the ward cannot review itself (403); rejection needs a comment and stays private', async () => {
      const t = ctx();
      const p = ok(
        await wardOfficer.post('/api/models', {
          kind: 'person',
          field: 'ky-nang-so-nguoi-cao-tuoi',
          name: 'Thầy Trần Văn Hòa – dạy người cao tuổi dùng điện thoại thông minh',
          place: 'Khối phố 4, phường Tam Kỳ',
          summary: 'Nhà giáo về hưu mở lớp miễn phí.',
          description: 'Mô tả.',
          year: 2026,
        }),
        201,
      );
      expect(p.unitId).toBe(await t.unit('PHUONG_TAMKY'));
      ok(await wardOfficer.post(`/api/models/${p.id}/submit`));
      expect((await wardLeader.post(`/api/models/${p.id}/accept`, {})).statusCode).toBe(403);
      expect((await wardOfficer.post(`/api/models/${p.id}/reject`, { comment: 'x' })).statusCode).toBe(403);
      expect((await outsider.post(`/api/models/${p.id}/reject`, { comment: 'x' })).statusCode).toBe(404);
      expect((await city.post(`/api/models/${p.id}/reject`, {})).statusCode).toBe(400);
      const rejected = ok(await city.post(`/api/models/${p.id}/reject`, { comment: 'Chưa đủ tiêu chí gương điển hình cấp thành phố.' }));
      expect(rejected).toMatchObject({ status: 'rejected', reviewComment: 'Chưa đủ tiêu chí gương điển hình cấp thành phố.', reviewerUnitId: await t.unit('DANANG'), publicUrl: null });
      expect((await wardOfficer.post(`/api/models/${p.id}/submit`)).statusCode).toBe(409);
      expect((await publicGet(t, `/guong-dien-hinh/${rejected.slug}`)).statusCode).toBe(404);
      expect(ok(await t.app.inject({ method: 'GET', url: '/api/search?q=tran%20van%20hoa' })).total).toBe(0);
      // Counts per unit (accepted only).
      const counts = await t.app.services.models.countByUnit([await t.unit('PHUONG_TAMKY_HPN'), await t.unit('PHUONG_TAMKY')]);
      expect(counts[await t.unit('PHUONG_TAMKY_HPN')]).toEqual({ model: 1, person: 0, total: 1, published: 1 });
      expect(counts[await t.unit('PHUONG_TAMKY')]).toEqual({ model: 0, person: 0, total: 0, published: 0 });
    });

    it('refuses unknown fields of the catalogue, nominations for units out of scope, and editing by others', async () => {
      const t = ctx();
      const bad = await hpn.post('/api/models', { ...base, field: 'khong-co' });
      expect(bad.statusCode).toBe(400);
      expect((await hpn.post('/api/models', { ...base, unitId: await t.unit('QUANG_PHU') })).statusCode).toBe(404);
      const reporter = await t.login('khoipho.tamky');
      expect((await reporter.post('/api/models', base)).statusCode).toBe(403);
      const cat = ok(await t.app.inject({ method: 'GET', url: '/api/models/catalogue' }));
      expect(cat.fields.find((f: { key: string }) => f.key === 'ky-nang-so-nguoi-cao-tuoi').label).toBe('Kỹ năng số cho người cao tuổi');
    });
  },
  { config: { filesDir: filesDir() } },
);
