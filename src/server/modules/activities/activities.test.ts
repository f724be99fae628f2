/**
 * Activity reports over HTTP on both databases: drafts and autosave, idempotent create/submit,
 * the review life cycle and who may move it, corrections, evidence photos and documents, task
 * progress, lists and bad input.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import sharp from 'sharp';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDb, type Session } from '../../test/harness.js';
import { insertPlan } from '../tasks/tasks.fixtures.js';
import { type CampaignFixture, multipart, photoJpeg, seedActivityCatalogue } from './activities.testkit.js';

type Activity = {
  id: string;
  rootId: string;
  versionNo: number;
  supersedesId: string | null;
  unitId: string;
  status: string;
  version: number;
  title: string | null;
  returnComment: string | null;
  measures: Record<string, number | null>;
  attendance: number;
  topicIds: string[];
  campaignId: string | null;
  planId: string | null;
  can: Record<string, boolean>;
  files: Array<{ id: string; kind: string; fileId: string; thumbFileId: string | null; width: number | null; height: number | null; mime: string; url: string; thumbUrl: string | null; name: string }>;
  history: Array<{ kind: string; comment: string | null }>;
  versions: Array<{ id: string; versionNo: number; status: string }>;
};

const filesDir = mkdtempSync(join(tmpdir(), 'lantoa-activities-'));
const VN = /[ạảãàáâậầấẩẫăắằặẳẵđêềếệểễôồốộổỗơờớợởỡưừứựửữ]/i;

function expectError(res: LightMyRequestResponse, status: number, code: string, ...contains: string[]) {
  expect(res.statusCode, res.body).toBe(status);
  const e = res.json().error;
  expect(e.code).toBe(code);
  expect(e.message).toMatch(VN);
  for (const c of contains) expect(e.message).toContain(c);
  return e;
}

describeEachDb(
  'activity reports over HTTP',
  (ctx) => {
    let wardOfficer: Session; // tamky.btt — officer of phường Tam Kỳ
    let wardLeader: Session; // tamky.lanhdao
    let cityOfficer: Session; // danang.btt — officer of Đà Nẵng
    let cityLeader: Session; // danang.lanhdao
    let reporter: Session; // khoipho.tamky — reporter of a residential area of phường Tam Kỳ
    let otherWard: Session; // quangphu.btt — officer of phường Quảng Phú
    let editor: Session; // tamky.bientap — editor of phường Tam Kỳ (sees, cannot report)
    let U: Record<string, string>;
    let C: CampaignFixture;

    beforeAll(async () => {
      const t = ctx();
      U = {};
      for (const c of ['DANANG', 'PHUONG_TAMKY', 'PHUONG_TAMKY_HPN', 'QUANG_PHU', 'AN_MY', 'AN_MY_KDC1', 'TAMKY']) U[c] = await t.unit(c);
      C = await seedActivityCatalogue(t.db.db, t.clock, U.DANANG);
      wardOfficer = await t.login('tamky.btt');
      wardLeader = await t.login('tamky.lanhdao');
      cityOfficer = await t.login('danang.btt');
      cityLeader = await t.login('danang.lanhdao');
      reporter = await t.login('khoipho.tamky');
      otherWard = await t.login('quangphu.btt');
      editor = await t.login('tamky.bientap');
    });

    const body = (over: Record<string, unknown> = {}) => ({
      unitId: U.PHUONG_TAMKY,
      campaignId: C.campaignId,
      formCode: 'HOI_NGHI',
      title: 'Hội nghị quán triệt Nghị quyết 57-NQ/TW',
      dateFrom: '2026-11-20',
      place: 'Hội trường phường',
      topicIds: [C.topics.QD1, C.topics.NV1],
      measures: { sessions: 1, attCadres: 20, attParty: 15, attMembers: 40, attResidents: 100 },
      ...over,
    });
    const create = async (s: Session, over: Record<string, unknown> = {}, status = 201) => {
      const res = await s.post('/api/activities', body(over));
      expect(res.statusCode, res.body).toBe(status);
      return res.json() as Activity;
    };
    const get = async (s: Session, id: string) => {
      const res = await s.get(`/api/activities/${id}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as Activity;
    };
    const act = async (s: Session, id: string, action: 'submit' | 'accept' | 'return' | 'correct', payload: Record<string, unknown> = {}, status = action === 'correct' ? 201 : 200) => {
      const res = await s.post(`/api/activities/${id}/${action}`, payload);
      expect(res.statusCode, res.body).toBe(status);
      return res.json() as Activity;
    };
    const notifications = async (s: Session, kind: string, entityId: string) =>
      ((await s.get('/api/notifications?pageSize=200')).json().items as Array<{ kind: string; entityId: string; title: string; body: string }>).filter((n) => n.kind === kind && n.entityId === entityId);

    it('a reporter of a residential area drafts, autosaves, submits; the ward above accepts; the report is locked', async () => {
      // A draft can be saved half-filled as the officer types.
      let a = await create(reporter, { unitId: U.AN_MY_KDC1, title: null, formCode: null, topicIds: [], measures: {} });
      expect(a).toMatchObject({ status: 'draft', version: 1, versionNo: 1, title: null, can: { edit: true, submit: true, accept: false } });
      let res = await reporter.patch(`/api/activities/${a.id}`, { version: 1, title: 'Sinh hoạt khu dân cư về chuyển đổi số', formCode: 'LONG_GHEP' });
      expect(res.statusCode, res.body).toBe(200);
      a = res.json();
      res = await reporter.patch(`/api/activities/${a.id}`, { version: 2, measures: { sessions: 1, attResidents: 45, attMale: 20, attFemale: 25 } });
      a = res.json();
      expect(a).toMatchObject({ version: 3, title: 'Sinh hoạt khu dân cư về chuyển đổi số', attendance: 45 });
      expect(a.measures).toMatchObject({ attResidents: 45, attMale: 20, attFemale: 25, attCadres: null });
      // The ward (the unit above the residential area) cannot act on a draft; the reporter cannot accept.
      expect((await wardOfficer.post(`/api/activities/${a.id}/accept`, {})).statusCode).toBe(409);
      a = await act(reporter, a.id, 'submit', { version: 3 });
      expect(a).toMatchObject({ status: 'submitted', can: { edit: false, accept: false } });
      expect(await notifications(wardOfficer, 'activity.submitted', a.id)).toHaveLength(1);
      expectError(await reporter.post(`/api/activities/${a.id}/accept`, {}), 403, 'forbidden');
      const seen = await get(wardOfficer, a.id);
      expect(seen.can).toMatchObject({ accept: true, return: true, edit: false });
      a = await act(wardOfficer, a.id, 'accept', { comment: 'Tốt' });
      expect(a).toMatchObject({ status: 'accepted', can: { edit: false, accept: false, correct: true } });
      expect(a.history.map((h) => h.kind)).toEqual(['created', 'submitted', 'accepted']);
      expect(await notifications(reporter, 'activity.accepted', a.id)).toHaveLength(1);
      // Accepted is locked: no edit, no resubmission, no second acceptance.
      expectError(await reporter.patch(`/api/activities/${a.id}`, { version: a.version, title: 'Sửa' }), 409, 'activity_not_editable', 'bản đính chính');
      expectError(await reporter.post(`/api/activities/${a.id}/submit`, {}), 409, 'activity_not_submittable', 'đã được duyệt');
      expectError(await wardOfficer.post(`/api/activities/${a.id}/accept`, {}), 409, 'activity_not_reviewable');
      expectError(await reporter.request('DELETE', `/api/activities/${a.id}`), 409, 'activity_not_editable');
    });

    it('a ward officer cannot accept the ward’s own report; the city returns it, the ward fixes and resubmits, the city accepts', async () => {
      let a = await create(wardOfficer, { submit: true });
      expect(a.status).toBe('submitted');
      expect(a.can.accept).toBe(false);
      expectError(await wardOfficer.post(`/api/activities/${a.id}/accept`, {}), 403, 'forbidden', 'cấp trên');
      expectError(await wardLeader.post(`/api/activities/${a.id}/accept`, {}), 403, 'forbidden');
      expect(await notifications(cityOfficer, 'activity.submitted', a.id)).toHaveLength(1);
      expect(await notifications(wardOfficer, 'activity.submitted', a.id)).toHaveLength(0);
      expectError(await cityOfficer.post(`/api/activities/${a.id}/return`, { comment: '' }), 400, 'validation_failed', 'Ý kiến');
      a = await act(cityOfficer, a.id, 'return', { comment: 'Bổ sung số đảng viên tham dự' });
      expect(a).toMatchObject({ status: 'returned', returnComment: 'Bổ sung số đảng viên tham dự' });
      expect((await notifications(wardOfficer, 'activity.returned', a.id))[0]?.body).toContain('Bổ sung số đảng viên');
      const fixed = await wardOfficer.patch(`/api/activities/${a.id}`, { version: a.version, measures: { attParty: 30 } });
      expect(fixed.statusCode, fixed.body).toBe(200);
      a = await act(wardOfficer, a.id, 'submit', {});
      expect(a).toMatchObject({ status: 'submitted', returnComment: null });
      a = await act(cityLeader, a.id, 'accept');
      expect(a.status).toBe('accepted');
      expect(a.measures.attParty).toBe(30);
      expect(a.history.map((h) => h.kind)).toEqual(['created', 'submitted', 'returned', 'resubmitted', 'accepted']);
      expect(a.history.find((h) => h.kind === 'returned')?.comment).toBe('Bổ sung số đảng viên tham dự');
    });

    it('member organisations are reviewed by their ward; the city officer only reviews the level right under it', async () => {
      const hpn = await ctx().login('phunu.tamky');
      const a = await create(hpn, { unitId: U.PHUONG_TAMKY_HPN, submit: true });
      expect((await get(cityOfficer, a.id)).can.accept).toBe(false); // not the unit right above, no report.approve
      expect((await get(cityLeader, a.id)).can.accept).toBe(true); // report.approve over the city's roll-up
      expect((await act(wardOfficer, a.id, 'accept')).status).toBe('accepted');
    });

    it('a 2025 report of a former ward is reviewed by the successor of its former parent (Tam Kỳ city → Đà Nẵng)', async () => {
      const a = await create(wardOfficer, { unitId: U.AN_MY, dateFrom: '2025-05-10', submit: true });
      expect(a.status).toBe('submitted');
      expect((await get(wardOfficer, a.id)).can.accept).toBe(false); // phường Tam Kỳ succeeded An Mỹ: no self-review
      expect((await act(cityOfficer, a.id, 'accept')).status).toBe('accepted');
      // The unit must have existed on the day.
      expectError(await wardOfficer.post('/api/activities', body({ unitId: U.AN_MY, dateFrom: '2025-08-10' })), 400, 'unit_inactive', 'dateFrom');
    });

    it('outside one’s scope: 404 to read, create or review; drafts are hidden from people who cannot report', async () => {
      const a = await create(wardOfficer, { submit: true });
      expect((await otherWard.get(`/api/activities/${a.id}`)).statusCode).toBe(404);
      expectError(await otherWard.post('/api/activities', body()), 404, 'unit_not_found');
      expect((await otherWard.post(`/api/activities/${a.id}/accept`, {})).statusCode).toBe(404);
      expect((await otherWard.get(`/api/activities?unitId=${U.PHUONG_TAMKY}`)).statusCode).toBe(404);
      const draft = await create(wardOfficer);
      expect((await editor.get(`/api/activities/${draft.id}`)).statusCode).toBe(404);
      expect((await editor.get(`/api/activities/${a.id}`)).statusCode).toBe(200);
      expectError(await editor.post('/api/activities', body()), 403, 'forbidden');
      const listed = (await editor.get(`/api/activities?unitId=${U.PHUONG_TAMKY}&pageSize=200`)).json().items as Activity[];
      expect(listed.some((x) => x.id === draft.id)).toBe(false);
      expect(listed.some((x) => x.id === a.id)).toBe(true);
    });

    it('idempotent create and submit: the same clientKey twice makes one record, the retry answers 200', async () => {
      const t = ctx();
      const key = crypto.randomUUID();
      const first = await reporter.post('/api/activities', { ...body({ unitId: U.AN_MY_KDC1, title: 'Mất mạng khi gửi' }), clientKey: key, submit: true });
      expect(first.statusCode, first.body).toBe(201);
      const retry = await reporter.post('/api/activities', { ...body({ unitId: U.AN_MY_KDC1, title: 'Mất mạng khi gửi' }), clientKey: key, submit: true });
      expect(retry.statusCode, retry.body).toBe(200);
      expect(retry.json().id).toBe(first.json().id);
      expect(retry.json().status).toBe('submitted');
      const rows = await t.db.db.selectFrom('activities').select('id').where('title', '=', 'Mất mạng khi gửi').execute();
      expect(rows).toHaveLength(1);
      // Someone else reusing the key: refused, nothing leaked.
      expectError(await wardOfficer.post('/api/activities', { ...body(), clientKey: key }), 409, 'client_key_conflict');

      // Submit with a key, twice: one submission, same record.
      const d = await create(reporter, { unitId: U.AN_MY_KDC1, title: 'Gửi lại sau khi mất mạng' });
      const submitKey = crypto.randomUUID();
      const s1 = await reporter.post(`/api/activities/${d.id}/submit`, { clientKey: submitKey, version: d.version });
      expect(s1.statusCode, s1.body).toBe(200);
      const s2 = await reporter.post(`/api/activities/${d.id}/submit`, { clientKey: submitKey, version: d.version });
      expect(s2.statusCode, s2.body).toBe(200);
      expect(s2.json()).toMatchObject({ id: d.id, status: 'submitted' });
      expect((s2.json() as Activity).history.filter((h) => h.kind === 'submitted')).toHaveLength(1);
      expect(await notifications(wardOfficer, 'activity.submitted', d.id)).toHaveLength(1);
      // Without the key a second submit is refused (it is no longer a draft).
      expectError(await reporter.post(`/api/activities/${d.id}/submit`, {}), 409, 'activity_not_submittable');
      expectError(await reporter.post('/api/activities', { ...body({ unitId: U.AN_MY_KDC1 }), clientKey: 'khong-phai-uuid' }), 400, 'validation_failed');
    });

    it('autosave conflict: a stale version answers 409 in Vietnamese and nothing is overwritten', async () => {
      const a = await create(wardOfficer, { title: 'Bản đầu' });
      const mine = await wardOfficer.patch(`/api/activities/${a.id}`, { version: 1, title: 'Bản của chị Mai' });
      expect(mine.statusCode).toBe(200);
      const stale = await wardLeader.patch(`/api/activities/${a.id}`, { version: 1, title: 'Bản của anh Ba' });
      const e = expectError(stale, 409, 'version_conflict', 'Nguyễn Thị Mai', 'tải lại');
      expect(e.details).toMatchObject({ currentVersion: 2 });
      expect((await get(wardOfficer, a.id)).title).toBe('Bản của chị Mai');
      expectError(await wardOfficer.post(`/api/activities/${a.id}/submit`, { version: 1 }), 409, 'version_conflict');
    });

    it('bad input: 400 naming the field in Vietnamese, nothing saved', async () => {
      const t = ctx();
      const before = await t.db.db.selectFrom('activities').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      expectError(await wardOfficer.post('/api/activities', body({ measures: { banners: -3 } })), 400, 'validation_failed', 'measures.banners', 'Băng rôn', 'âm');
      expectError(await wardOfficer.post('/api/activities', body({ measures: { attCadres: 1_000_000_000 } })), 400, 'validation_failed', 'Cán bộ tham dự', '1.000.000');
      expectError(await wardOfficer.post('/api/activities', body({ measures: { attResidents: 2.5 } })), 400, 'validation_failed', 'số nguyên');
      expectError(await wardOfficer.post('/api/activities', body({ dateFrom: '2026-12-01' })), 400, 'date_in_future', 'dateFrom', 'chưa đến');
      expectError(await wardOfficer.post('/api/activities', body({ dateFrom: '2026-11-20', dateTo: '2026-11-10' })), 400, 'invalid_period', 'dateTo');
      expectError(await wardOfficer.post('/api/activities', body({ dateFrom: '2026-02-30' })), 400, 'validation_failed', 'dateFrom');
      expectError(await wardOfficer.post('/api/activities', body({ links: ['javascript:alert(1)'] })), 400, 'validation_failed', 'http');
      expectError(await wardOfficer.post('/api/activities', body({ formCode: 'KHONG_CO' })), 400, 'form_not_found', 'Hình thức');
      expectError(await wardOfficer.post('/api/activities', body({ topicIds: ['khong-co'] })), 400, 'topic_not_found', 'topicIds');
      expectError(await wardOfficer.post('/api/activities', body({ campaignId: 'khong-co' })), 400, 'campaign_not_found', 'campaignId');
      expectError(await wardOfficer.post('/api/activities', body({ measures: { attResidents: 10, attMale: 8, attFemale: 8 } })), 400, 'attendance_mismatch', 'attFemale');
      expectError(await wardOfficer.post('/api/activities', body({ unexpected: 1 })), 400, 'validation_failed');
      const after = await t.db.db.selectFrom('activities').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      expect(Number(after.n)).toBe(Number(before.n));
      // A draft may be incomplete; submitting it names what is missing.
      const d = await create(wardOfficer, { title: null, formCode: null });
      const e = expectError(await wardOfficer.post(`/api/activities/${d.id}/submit`, {}), 400, 'activity_incomplete', 'formCode');
      expect(e.details.map((x: { field: string }) => x.field)).toEqual(['formCode', 'title']);
    });

    it('photos are resized to 1600 px and 400 px WebP; wrong type → 415, too big → 413, in Vietnamese', async () => {
      const a = await create(wardOfficer);
      const big = await photoJpeg(3000, 2000, { exif: true });
      let mp = multipart({ caption: 'Toàn cảnh hội nghị' }, { name: 'hoi-nghi.jpg', type: 'image/jpeg', content: big });
      let res = await wardOfficer.request('POST', `/api/activities/${a.id}/photos`, mp.body, mp.headers);
      expect(res.statusCode, res.body).toBe(201);
      const photo = (res.json() as Activity).files.find((f) => f.kind === 'photo')!;
      expect(photo).toMatchObject({ width: 1600, height: 1067, mime: 'image/webp', name: 'hoi-nghi.webp' });
      const display = await wardOfficer.get(photo.url);
      expect(display.statusCode).toBe(200);
      expect(display.headers['content-type']).toBe('image/webp');
      const meta = await sharp(display.rawPayload).metadata();
      expect([meta.format, meta.width, meta.exif]).toEqual(['webp', 1600, undefined]);
      const thumb = await wardOfficer.get(photo.thumbUrl!);
      expect((await sharp(thumb.rawPayload).metadata()).width).toBe(400);
      expect((await otherWard.get(photo.url)).statusCode).toBe(404);
      // A small PNG without metadata is kept as it is (no re-encoding).
      const small = await sharp({ create: { width: 300, height: 200, channels: 3, background: { r: 200, g: 30, b: 30 } } }).png().toBuffer();
      mp = multipart({}, { name: 'bang-ron.png', type: 'image/png', content: small });
      res = await wardOfficer.request('POST', `/api/activities/${a.id}/photos`, mp.body, mp.headers);
      expect(res.statusCode, res.body).toBe(201);
      expect((res.json() as Activity).files.find((f) => f.name === 'bang-ron.png')).toMatchObject({ mime: 'image/png', width: 300 });
      // Not an image (a PDF named .jpg, plain text): 415.
      mp = multipart({}, { name: 'anh.jpg', type: 'image/jpeg', content: Buffer.from('%PDF-1.4 not a photo') });
      expectError(await wardOfficer.request('POST', `/api/activities/${a.id}/photos`, mp.body, mp.headers), 415, 'file_type_not_allowed', 'anh.jpg');
      mp = multipart({}, { name: 'ghi-chu.txt', type: 'text/plain', content: Buffer.from('xin chào') });
      expectError(await wardOfficer.request('POST', `/api/activities/${a.id}/photos`, mp.body, mp.headers), 415, 'file_type_not_allowed');
      // A broken JPEG (right signature, garbage after): 415 too.
      mp = multipart({}, { name: 'hong.jpg', type: 'image/jpeg', content: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 7)]) });
      expectError(await wardOfficer.request('POST', `/api/activities/${a.id}/photos`, mp.body, mp.headers), 415, 'image_unreadable');
      // Over MAX_UPLOAD_MB (2 MB in this suite): 413.
      mp = multipart({}, { name: 'qua-lon.jpg', type: 'image/jpeg', content: Buffer.concat([big, Buffer.alloc(3 * 1024 * 1024)]) });
      expectError(await wardOfficer.request('POST', `/api/activities/${a.id}/photos`, mp.body, mp.headers), 413, 'file_too_large', 'MB');
      // Documents: PDF accepted, an image refused.
      mp = multipart({ caption: 'Giấy mời' }, { name: 'giay-moi.pdf', type: 'application/pdf', content: Buffer.from('%PDF-1.4\n%%EOF') });
      res = await wardOfficer.request('POST', `/api/activities/${a.id}/documents`, mp.body, mp.headers);
      expect(res.statusCode, res.body).toBe(201);
      const cur = res.json() as Activity;
      expect(cur.files.filter((f) => f.kind === 'document')).toHaveLength(1);
      mp = multipart({}, { name: 'anh.png', type: 'image/png', content: small });
      expectError(await wardOfficer.request('POST', `/api/activities/${a.id}/documents`, mp.body, mp.headers), 415, 'file_type_not_allowed');
      // Removing one; evidence is frozen once submitted.
      expect((await wardOfficer.request('DELETE', `/api/activities/${a.id}/attachments/${cur.files.find((f) => f.kind === 'document')!.id}`)).statusCode).toBe(204);
      await act(wardOfficer, a.id, 'submit');
      mp = multipart({}, { name: 'them.png', type: 'image/png', content: small });
      expectError(await wardOfficer.request('POST', `/api/activities/${a.id}/photos`, mp.body, mp.headers), 409, 'activity_not_editable');
    });

    it('corrections: a new version linked to the accepted one; history kept; resubmitting the accepted one → 409', async () => {
      const t = ctx();
      let v1 = await create(wardOfficer, { title: 'Cổ động trực quan tháng 11', formCode: 'TRUC_QUAN', measures: { banners: 10, panels: 2 }, submit: true });
      v1 = await act(cityOfficer, v1.id, 'accept');
      const v2 = await act(wardOfficer, v1.id, 'correct');
      expect(v2).toMatchObject({ status: 'draft', versionNo: 2, supersedesId: v1.id, rootId: v1.id, title: 'Cổ động trực quan tháng 11' });
      expect(v2.measures.banners).toBe(10);
      expectError(await wardOfficer.post(`/api/activities/${v1.id}/correct`, {}), 409, 'correction_exists');
      expect((await get(wardOfficer, v1.id)).can.correct).toBe(false);
      await wardOfficer.patch(`/api/activities/${v2.id}`, { version: v2.version, measures: { banners: 12 } });
      await act(wardOfficer, v2.id, 'submit');
      // While the correction waits, the accepted version still counts.
      const stat = async () =>
        Number(
          (await t.db.db.selectFrom('activity_stats').select('banners').where('unit_id', '=', U.PHUONG_TAMKY).where('month', '=', '2026-11').where('form_code', '=', 'TRUC_QUAN').executeTakeFirst())
            ?.banners ?? 0,
        );
      expect(await stat()).toBe(10);
      const accepted = await act(cityOfficer, v2.id, 'accept');
      expect(accepted.status).toBe('accepted');
      expect(await stat()).toBe(12);
      const old = await get(wardOfficer, v1.id);
      expect(old.status).toBe('superseded');
      expect(old.versions.map((v) => [v.versionNo, v.status])).toEqual([
        [1, 'superseded'],
        [2, 'accepted'],
      ]);
      expect(accepted.history.map((h) => h.kind)).toEqual(['created', 'submitted', 'accepted', 'correction', 'submitted', 'accepted']);
      expectError(await wardOfficer.post(`/api/activities/${v1.id}/submit`, {}), 409, 'activity_not_submittable');
      expectError(await wardOfficer.post(`/api/activities/${v1.id}/correct`, {}), 409, 'activity_not_correctable');
      // Lists show the newest version only, unless asked for the superseded ones.
      const list = (await wardOfficer.get(`/api/activities?unitId=${U.PHUONG_TAMKY}&pageSize=200`)).json().items as Activity[];
      expect(list.some((x) => x.id === v1.id)).toBe(false);
      expect(list.some((x) => x.id === v2.id)).toBe(true);
      const sup = (await wardOfficer.get(`/api/activities?unitId=${U.PHUONG_TAMKY}&status=superseded`)).json().items as Activity[];
      expect(sup.map((x) => x.id)).toContain(v1.id);
    });

    it('an accepted report marks the task period it fulfils', async () => {
      const planId = await insertPlan(ctx().db.db, { issuingUnitId: U.DANANG, docDate: '2026-03-01', periodStart: '2026-01-01', periodEnd: '2026-12-31', numberText: '15/KH-MTTQ-BTT', campaignId: C.campaignId });
      const task = (await cityOfficer.post('/api/tasks', { unitId: U.PHUONG_TAMKY, planId, title: 'Tổ chức hội nghị quán triệt', recurrence: 'once', dueDate: '2026-12-15' })).json();
      expect(task.status).toBe('not_started');
      let a = await create(wardOfficer, { campaignId: null, taskId: task.id, occurrenceId: task.occurrences[0].id, taskDone: true });
      expect(a).toMatchObject({ planId, campaignId: C.campaignId }); // plan and campaign from the task
      expectError(await wardOfficer.post('/api/activities', body({ taskId: 'khong-co' })), 400, 'task_not_found', 'taskId');
      a = await act(wardOfficer, a.id, 'submit');
      expect((await cityOfficer.get(`/api/tasks/${task.id}`)).json().status).toBe('not_started');
      await act(cityOfficer, a.id, 'accept');
      const after = (await cityOfficer.get(`/api/tasks/${task.id}`)).json();
      expect(after).toMatchObject({ status: 'done', progress: 100 });
      expect(after.notes[0].note).toContain('đã được duyệt');
    });

    it('lists: filters, roll-up of sub-units, reviewable queue, paging', async () => {
      const a = await create(reporter, { unitId: U.AN_MY_KDC1, formCode: 'BDHVS', title: 'Hướng dẫn cài ứng dụng VNeID', dateFrom: '2026-10-05', topicIds: [C.topics.MT08], measures: { sessions: 1, digitalHelped: 35 }, submit: true });
      const all = (await wardOfficer.get(`/api/activities?unitId=${U.PHUONG_TAMKY}&pageSize=200`)).json();
      expect(all.items.some((x: Activity) => x.id === a.id)).toBe(true);
      const own = (await wardOfficer.get(`/api/activities?unitId=${U.PHUONG_TAMKY}&includeSubunits=false&pageSize=200`)).json();
      expect(own.items.every((x: Activity) => x.unitId === U.PHUONG_TAMKY)).toBe(true);
      const byForm = (await wardOfficer.get(`/api/activities?unitId=${U.PHUONG_TAMKY}&form=BDHVS`)).json();
      expect(byForm.items.map((x: Activity) => x.id)).toEqual([a.id]);
      const byTopicParent = (await wardOfficer.get(`/api/activities?topicId=${C.topics.MT2030}`)).json();
      expect(byTopicParent.items.map((x: Activity) => x.id)).toContain(a.id); // MT08 is under MT2030
      const byPeriod = (await wardOfficer.get('/api/activities?from=2026-10-01&to=2026-10-31')).json();
      expect(byPeriod.items.map((x: Activity) => x.id)).toEqual([a.id]);
      const queue = (await wardOfficer.get('/api/activities?reviewable=true&pageSize=200')).json().items as Activity[];
      expect(queue.map((x) => x.id)).toContain(a.id);
      expect(queue.every((x) => x.status === 'submitted')).toBe(true);
      const page = (await wardOfficer.get(`/api/activities?unitId=${U.PHUONG_TAMKY}&pageSize=2&page=2`)).json();
      expect(page).toMatchObject({ page: 2, pageSize: 2, total: all.total });
      expect(page.items).toHaveLength(2);
      expect((await wardOfficer.get('/api/activities?status=khac')).statusCode).toBe(400);
    });

    it('drafts and returned reports can be deleted by their unit', async () => {
      const a = await create(wardOfficer);
      expect((await otherWard.request('DELETE', `/api/activities/${a.id}`)).statusCode).toBe(404);
      expect((await wardOfficer.request('DELETE', `/api/activities/${a.id}`)).statusCode).toBe(204);
      expect((await wardOfficer.get(`/api/activities/${a.id}`)).statusCode).toBe(404);
    });

    it('publishes its routes in the OpenAPI document', async () => {
      const spec = (await wardOfficer.get('/api/openapi.json')).json();
      for (const p of ['/api/activities', '/api/activities/{id}', '/api/activities/{id}/submit', '/api/activities/figures', '/api/activities/export', '/api/activities/import']) expect(spec.paths[p], p).toBeDefined();
    });
  },
  { config: { filesDir, maxUploadBytes: 2 * 1024 * 1024 } },
);
