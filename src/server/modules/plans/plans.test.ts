/**
 * Plans over HTTP on both databases: drafts with defaults from the issuing unit, rich text
 * validation, optimistic locking, the life cycle and who may move it, dates and recipients refused
 * with Vietnamese messages naming the field, căn cứ links and cycles, search, versions, templates,
 * amendments, attachments and file downloads, deletion and the audit trail.
 */
import { beforeAll, expect, it } from 'vitest';
import { describeEachDb, type Session, TEST_NOW } from '../../test/harness.js';
import { refreshPlanSearchText } from './index.js';
import { doc, draft, issued, multipart, ok, PDF_BYTES, PNG_BYTES } from './plans.testkit.js';

const KB = 1024;

describeEachDb(
  'plans',
  (ctx) => {
    let officer: Session; // danang.btt
    let officer2: Session; // danang.btt, a second session (another tab/person)
    let leader: Session; // danang.lanhdao
    let qpOfficer: Session;
    let qpLeader: Session;
    let tkOfficer: Session;

    beforeAll(async () => {
      const t = ctx();
      officer = await t.login('danang.btt');
      officer2 = await t.login('danang.btt');
      leader = await t.login('danang.lanhdao');
      qpOfficer = await t.login('quangphu.btt');
      qpLeader = await t.login('quangphu.lanhdao');
      tkOfficer = await t.login('tamky.btt');
    });

    it('creates a draft with the header, place, symbol and signer of the issuing unit', async () => {
      const t = ctx();
      const p = await draft(officer, { subject: 'Tuyên truyền chuyển đổi số năm 2027' });
      expect(p).toMatchObject({
        issuingUnitId: await t.unit('DANANG'),
        issuingUnitName: 'Ủy ban MTTQ Việt Nam thành phố Đà Nẵng',
        docType: 'KH',
        symbol: 'KH-MTTQ-BTT',
        title: 'KẾ HOẠCH',
        place: 'Đà Nẵng',
        numberText: null,
        status: 'draft',
        effectiveStatus: 'draft',
        version: 1,
        header: { parentBody: 'ỦY BAN MTTQ VIỆT NAM', bodyName: 'THÀNH PHỐ ĐÀ NẴNG', issuer: 'BAN THƯỜNG TRỰC' },
        signer: { mode: 'TM', authority: 'BAN THƯỜNG TRỰC', position: 'CHỦ TỊCH', name: '' },
        archiveLine: 'Lưu: VT',
        can: { edit: true, submit: true, issue: false },
      });
      const ward = await draft(qpOfficer);
      expect(ward.header.bodyName).toBe('PHƯỜNG QUẢNG PHÚ');
      expect(ward.place).toBe('Quảng Phú');
      const cv = await draft(officer, { docType: 'CV' });
      expect(cv).toMatchObject({ symbol: 'MTTQ-BTT', title: '' });
      const hd = ok(await officer.patch(`/api/plans/${p.id}`, { version: 1, docType: 'HD' }));
      expect(hd).toMatchObject({ docType: 'HD', symbol: 'HD-MTTQ-BTT', title: 'HƯỚNG DẪN' });
    });

    it('refuses a missing subject and rich text outside the allowed model, naming the field', async () => {
      const noSubject = await officer.post('/api/plans', {});
      expect(noSubject.statusCode).toBe(400);
      expect(noSubject.json().error.message).toContain('subject');
      const bad = await officer.post('/api/plans', { subject: 'x', preamble: { type: 'doc', content: [{ type: 'image', attrs: { src: 'x' } }] } });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.message).toMatch(/^Trường «.*preamble/);
      const script = await officer.post('/api/plans', { subject: 'x', closing: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'a', marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }] }] }] } });
      expect(script.statusCode).toBe(400);
    });

    it('two officers edit the same draft: the second save answers 409 and the first save is kept', async () => {
      const p = await draft(officer);
      const a = await officer.get(`/api/plans/${p.id}`);
      const b = await officer2.get(`/api/plans/${p.id}`);
      const first = ok(await officer.patch(`/api/plans/${p.id}`, { version: a.json().version, subject: 'Bản của người thứ nhất', preamble: doc('Căn cứ tình hình thực tế') }));
      expect(first.version).toBe(2);
      const second = await officer2.patch(`/api/plans/${p.id}`, { version: b.json().version, subject: 'Bản của người thứ hai' });
      expect(second.statusCode).toBe(409);
      expect(second.json().error.code).toBe('version_conflict');
      expect(second.json().error.message).toMatch(
        /^Kế hoạch đã được người khác sửa lúc \d{2}:\d{2} \d{2}\/\d{2}\/\d{4}\. Hãy tải lại để xem bản mới nhất; nội dung bạn vừa nhập chưa được lưu\.$/,
      );
      expect(second.json().error.message).toContain('10:00 26/11/2026');
      const now = ok(await officer.get(`/api/plans/${p.id}`));
      expect(now).toMatchObject({ subject: 'Bản của người thứ nhất', version: 2 });
      expect(now.preamble).toEqual(doc('Căn cứ tình hình thực tế'));
    });

    it('saves every part of a draft and reads it back', async () => {
      const t = ctx();
      const p = await draft(officer);
      const body = {
        version: 1,
        docDate: '2026-12-01',
        periodStart: '2026-12-01',
        periodEnd: '2027-12-31',
        sections: [
          { heading: 'I. MỤC ĐÍCH, YÊU CẦU', content: doc('Tuyên truyền sâu rộng.') },
          { heading: 'II. NỘI DUNG', content: doc('Năm quan điểm chỉ đạo⁽¹⁾.') },
        ],
        footnotes: [{ marker: '⁽¹⁾', text: null }],
        recipients: [{ unitId: await t.unit('DANANG_BTGDV'), text: 'Ban Tuyên giáo và Dân vận Thành ủy' }, { text: 'Các tổ chức thành viên' }],
        milestones: [
          { month: 5, day: 18, title: 'Ngày Khoa học và Công nghệ Việt Nam' },
          { date: '2027-03-26', title: 'Sơ kết Bình dân học vụ số' },
        ],
        responsibilities: [
          { heading: 'Ban Thường trực Ủy ban MTTQ Việt Nam thành phố', targetGroup: 'self', duties: [{ text: 'Theo dõi, đôn đốc', recurrence: 'quarterly' }] },
          { heading: 'Ban Thường trực Ủy ban MTTQ các phường, xã', targetGroup: 'ward_committees', duties: [{ text: 'Xây dựng kế hoạch', dueDate: '2026-12-31' }] },
        ],
        bases: [{ externalNumber: '57-NQ/TW', externalDate: '2024-12-22', externalIssuer: 'Bộ Chính trị', externalTitle: 'Nghị quyết về đột phá phát triển khoa học, công nghệ' }],
      };
      const saved = ok(await officer.patch(`/api/plans/${p.id}`, body));
      expect(saved.sections.map((s: { heading: string; id: string }) => [s.heading, typeof s.id])).toEqual([
        ['I. MỤC ĐÍCH, YÊU CẦU', 'string'],
        ['II. NỘI DUNG', 'string'],
      ]);
      expect(saved.recipients).toEqual([
        { unitId: await t.unit('DANANG_BTGDV'), text: 'Ban Tuyên giáo và Dân vận Thành ủy' },
        { unitId: null, text: 'Các tổ chức thành viên' },
      ]);
      expect(saved.milestones.map((m: { title: string }) => m.title)).toEqual(['Sơ kết Bình dân học vụ số', 'Ngày Khoa học và Công nghệ Việt Nam']);
      expect(saved.responsibilities[1]).toMatchObject({ targetGroup: 'ward_committees', targetUnitIds: [], duties: [{ text: 'Xây dựng kế hoạch', recurrence: 'once', dueDate: '2026-12-31', topicIds: [], formIds: [] }] });
      expect(saved.bases[0]).toMatchObject({ basedOnPlanId: null, externalNumber: '57-NQ/TW', externalIssuer: 'Bộ Chính trị' });
      // Responsibility ids survive a save that sends them back.
      const again = ok(await officer.patch(`/api/plans/${p.id}`, { version: 2, responsibilities: saved.responsibilities }));
      expect(again.responsibilities.map((r: { id: string }) => r.id)).toEqual(saved.responsibilities.map((r: { id: string }) => r.id));
    });

    it('refuses a due date before the plan date, a bad period and an empty recipient (400, Vietnamese, naming the field)', async () => {
      const p = await draft(officer, { docDate: '2026-12-10' });
      const due = await officer.patch(`/api/plans/${p.id}`, {
        version: 1,
        responsibilities: [{ heading: 'Các phường', targetGroup: 'ward_committees', duties: [{ text: 'Báo cáo kết quả', dueDate: '2026-12-01' }] }],
      });
      expect(due.statusCode).toBe(400);
      expect(due.json().error.code).toBe('due_before_doc_date');
      expect(due.json().error.message).toBe(
        'Trường «Hạn hoàn thành (responsibilities.0.duties.0.dueDate)»: hạn 01/12/2026 của nhiệm vụ «Báo cáo kết quả» trước ngày ban hành kế hoạch 10/12/2026.',
      );
      const period = await officer.patch(`/api/plans/${p.id}`, { version: 1, periodStart: '2027-01-01', periodEnd: '2026-12-31' });
      expect(period.statusCode).toBe(400);
      expect(period.json().error.message).toContain('periodEnd');
      const empty = await officer.patch(`/api/plans/${p.id}`, { version: 1, recipients: [{ text: 'Ban Tuyên giáo' }, { text: '   ' }] });
      expect(empty.statusCode).toBe(400);
      expect(empty.json().error.message).toContain('recipients.1.text');
      expect(empty.json().error.message).toContain('tên nơi nhận không được để trống');
      const byUnit = ok(await officer.patch(`/api/plans/${p.id}`, { version: 1, recipients: [{ unitId: await ctx().unit('DANANG_HPN') }, { unitId: null, text: 'Báo Đà Nẵng' }] }));
      expect(byUnit.recipients.map((r: { text: string }) => r.text)).toEqual(['Hội Liên hiệp Phụ nữ thành phố Đà Nẵng', 'Báo Đà Nẵng']);
      const milestone = await officer.patch(`/api/plans/${p.id}`, { version: 2, milestones: [{ month: 2, day: 30, title: 'Ngày không có' }] });
      expect(milestone.statusCode).toBe(400);
      expect(milestone.json().error.message).toContain('milestones.0.day');
      // The due date is checked against the date given when issuing too.
      const ok2 = ok(await officer.patch(`/api/plans/${p.id}`, { version: 2, docDate: null, responsibilities: [{ heading: 'Các phường', duties: [{ text: 'Báo cáo', dueDate: '2026-12-01' }] }] }));
      const issue = await leader.post(`/api/plans/${ok2.id}/issue`, { docDate: '2026-12-15' });
      expect(issue.statusCode).toBe(400);
      expect(issue.json().error.code).toBe('due_before_doc_date');
      expect(ok(await officer.get(`/api/plans/${p.id}`)).status).toBe('draft');
    });

    it('moves through draft → submitted → (returned) → issued → closed, each step by the right person', async () => {
      const p = await draft(officer, { periodStart: '2026-11-01', periodEnd: '2027-06-30' });
      const submitted = ok(await officer.post(`/api/plans/${p.id}/submit`, {}));
      expect(submitted.status).toBe('submitted');
      expect(submitted.can.edit).toBe(false);
      expect((await officer.patch(`/api/plans/${p.id}`, { version: submitted.version, subject: 'x' })).json().error.code).toBe('plan_not_editable');
      // An officer may not issue or return.
      const officerIssue = await officer.post(`/api/plans/${p.id}/issue`, {});
      expect(officerIssue.statusCode).toBe(403);
      expect(officerIssue.json().error.message).toContain('lãnh đạo');
      expect((await officer.post(`/api/plans/${p.id}/return`, { comment: 'x' })).statusCode).toBe(403);
      // A leader of another unit: the ward's leader cannot even see the city's draft.
      expect((await qpLeader.post(`/api/plans/${p.id}/issue`, {})).statusCode).toBe(404);
      const leaderView = ok(await leader.get(`/api/plans/${p.id}`));
      expect(leaderView.can).toMatchObject({ issue: true, returnToDraft: true, edit: false });
      const waiting = ok(await leader.get('/api/notifications')).items.find((n: { kind: string; link: string }) => n.kind === 'plan.submitted' && n.link === `/app/ke-hoach/${p.id}`);
      expect(waiting?.title).toContain('Dự thảo chờ ban hành');
      const returned = ok(await leader.post(`/api/plans/${p.id}/return`, { comment: 'Bổ sung phần hình thức' }));
      expect(returned.status).toBe('draft');
      const back = ok(await officer.get('/api/notifications')).items.find((n: { kind: string; link: string }) => n.kind === 'plan.returned' && n.link === `/app/ke-hoach/${p.id}`);
      expect(back?.body).toBe('Bổ sung phần hình thức');
      expect(ok(await officer.get(`/api/plans/${p.id}/versions`))[0].reason).toBe('Trả lại: Bổ sung phần hình thức');
      ok(await officer.post(`/api/plans/${p.id}/submit`, { version: returned.version }));
      const done = ok(await leader.post(`/api/plans/${p.id}/issue`, { docDate: '2026-11-20' }));
      expect(done).toMatchObject({ status: 'issued', effectiveStatus: 'in_force', docDate: '2026-11-20' });
      expect(done.numberText).toMatch(/^\d{2,}\/KH-MTTQ-BTT$/);
      expect(done.issuedAt).toBe('2026-11-26T03:00:00.000Z');
      const twice = await leader.post(`/api/plans/${p.id}/issue`, {});
      expect(twice.statusCode).toBe(409);
      expect(twice.json().error.code).toBe('plan_already_issued');
      expect(twice.json().error.message).toContain(`số ${done.numberText}`);
      const edit = await officer.patch(`/api/plans/${p.id}`, { version: done.version, subject: 'Sửa sau khi ban hành' });
      expect(edit.statusCode).toBe(409);
      expect(edit.json().error.code).toBe('plan_not_editable');
      expect((await officer.post(`/api/plans/${p.id}/close`, {})).statusCode).toBe(403);
      const closed = ok(await leader.post(`/api/plans/${p.id}/close`, {}));
      expect(closed).toMatchObject({ status: 'closed', effectiveStatus: 'closed' });
      expect((await leader.post(`/api/plans/${p.id}/close`, {})).statusCode).toBe(409);
    });

    it("the city's leader may not issue a ward's plan (403): issuing belongs to the ward's own leaders", async () => {
      const p = await draft(qpOfficer);
      const res = await leader.post(`/api/plans/${p.id}/issue`, {});
      expect(res.statusCode).toBe(403);
      expect(ok(await leader.get(`/api/plans/${p.id}`)).can.issue).toBe(false);
      expect(ok(await qpLeader.post(`/api/plans/${p.id}/issue`, {})).numberText).toMatch(/\/KH-MTTQ-BTT$/);
      // Another ward does not see it at all.
      expect((await tkOfficer.get(`/api/plans/${p.id}`)).statusCode).toBe(404);
    });

    it('effective status: issued before its period starts, in force within it', async () => {
      const later = await issued(officer, leader, { periodStart: '2027-01-01', periodEnd: '2027-12-31' }, { docDate: '2026-11-25' });
      expect(later.effectiveStatus).toBe('issued');
      const list = ok(await officer.get('/api/plans?status=in_force&pageSize=200'));
      expect(list.items.every((i: { effectiveStatus: string }) => i.effectiveStatus === 'in_force')).toBe(true);
      expect(list.items.map((i: { id: string }) => i.id)).not.toContain(later.id);
    });

    it('links căn cứ to other plans and refuses cycles, direct or through other plans (400)', async () => {
      const a = await draft(officer, { subject: 'Kế hoạch A' });
      const b = await draft(officer, { subject: 'Kế hoạch B', bases: [{ basedOnPlanId: a.id }] });
      expect(b.bases[0]).toMatchObject({ basedOnPlanId: a.id, basedOnSubject: 'Kế hoạch A' });
      const self = await officer.patch(`/api/plans/${a.id}`, { version: 1, bases: [{ basedOnPlanId: a.id }] });
      expect(self.statusCode).toBe(400);
      expect(self.json().error.code).toBe('basis_cycle');
      expect(self.json().error.message).toBe('Trường «Căn cứ (bases.0.basedOnPlanId)»: kế hoạch không thể căn cứ vào chính nó.');
      const direct = await officer.patch(`/api/plans/${a.id}`, { version: 1, bases: [{ basedOnPlanId: b.id }] });
      expect(direct.statusCode).toBe(400);
      expect(direct.json().error.code).toBe('basis_cycle');
      const c = await draft(officer, { subject: 'Kế hoạch C', bases: [{ externalNumber: '224-KH/TU' }, { basedOnPlanId: b.id }] });
      const indirect = await officer.patch(`/api/plans/${a.id}`, { version: 1, parentPlanId: c.id });
      expect(indirect.statusCode).toBe(400);
      expect(indirect.json().error.message).toContain('«Kế hoạch A» → «Kế hoạch C» → «Kế hoạch B» → «Kế hoạch A»');
      const empty = await officer.patch(`/api/plans/${a.id}`, { version: 1, bases: [{ externalIssuer: 'Thành ủy' }] });
      expect(empty.statusCode).toBe(400);
      expect(empty.json().error.message).toContain('bases.0.externalNumber');
      // A plan the actor cannot see is not a valid basis.
      const ward = await draft(qpOfficer);
      const hidden = await tkOfficer.post('/api/plans', { subject: 'x', bases: [{ basedOnPlanId: ward.id }] });
      expect(hidden.statusCode).toBe(400);
      expect(hidden.json().error.code).toBe('basis_not_found');
    });

    it('finds plans by number or subject without accents ("57-NQ/TW", "nghi quyet"), paginated', async () => {
      const subject = 'Tuyên truyền Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học, công nghệ';
      const p = await issued(officer, leader, { subject }, { docDate: '2026-11-02' });
      const hit = ok(await officer.get(`/api/plans?search=${encodeURIComponent('57-NQ/TW')}`));
      expect(hit.items.map((i: { id: string }) => i.id)).toContain(p.id);
      const folded = ok(await officer.get(`/api/plans?search=${encodeURIComponent('nghi quyet so 57')}`));
      expect(folded.items.map((i: { id: string }) => i.id)).toContain(p.id);
      // Word by word, in any order: every folded word must appear somewhere.
      for (const q of ['nghi quyet 57', '57 Nghị Quyết', 'bo chinh tri 57', 'khoa hoc, cong nghe']) {
        expect(ok(await officer.get(`/api/plans?search=${encodeURIComponent(q)}`)).items.map((i: { id: string }) => i.id), q).toContain(p.id);
      }
      expect(ok(await officer.get(`/api/plans?search=${encodeURIComponent('nghi quyet 58')}`)).items.map((i: { id: string }) => i.id)).not.toContain(p.id);
      const byNumber = ok(await officer.get(`/api/plans?search=${encodeURIComponent(p.numberText)}`));
      expect(byNumber.items.map((i: { id: string }) => i.id)).toEqual([p.id]);
      expect(ok(await officer.get('/api/plans?search=%25')).total).toBe(0);
      const page1 = ok(await officer.get('/api/plans?pageSize=2&page=1'));
      const page2 = ok(await officer.get('/api/plans?pageSize=2&page=2'));
      expect(page1.items).toHaveLength(2);
      expect(page1.total).toBeGreaterThan(4);
      expect(page2.items[0].id).not.toBe(page1.items[0].id);
      expect(ok(await officer.get('/api/plans?year=2026&status=issued')).items.every((i: { docDate: string }) => i.docDate.startsWith('2026'))).toBe(true);
      // A ward does not find the city's plans that were not sent to it.
      expect(ok(await qpOfficer.get(`/api/plans?search=${encodeURIComponent('57-NQ/TW')}`)).items.map((i: { id: string }) => i.id)).not.toContain(p.id);
    });

    it('keeps a snapshot of every save, submission and issue', async () => {
      const p = await draft(officer, { subject: 'Bản đầu' });
      ok(await officer.patch(`/api/plans/${p.id}`, { version: 1, subject: 'Bản sửa' }));
      ok(await officer.post(`/api/plans/${p.id}/submit`, {}));
      const done = ok(await leader.post(`/api/plans/${p.id}/issue`, {}));
      const versions = ok(await officer.get(`/api/plans/${p.id}/versions`));
      expect(versions.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual([
        [4, 'issued'],
        [3, 'submitted'],
        [2, 'draft'],
        [1, 'draft'],
      ]);
      expect(versions[0].reason).toBe(`Ban hành, số ${done.numberText}`);
      expect(versions[3].createdByName).toBe('Lê Thị Thu Hà');
      const v1 = ok(await officer.get(`/api/plans/${p.id}/versions/1`));
      expect(v1.snapshot.subject).toBe('Bản đầu');
      expect(v1.snapshot.can).toBeUndefined();
      expect((await officer.get(`/api/plans/${p.id}/versions/99`)).statusCode).toBe(404);
    });

    it('saves a plan as a template and starts new plans from it — a ward from the city template, with its own header', async () => {
      const p = await draft(officer, { subject: 'Kế hoạch mẫu tuyên truyền', sections: [{ heading: 'I. MỤC ĐÍCH, YÊU CẦU', content: doc('Nâng cao nhận thức.') }] });
      const tpl = ok(await officer.post(`/api/plans/${p.id}/save-as-template`, { subject: 'Mẫu kế hoạch tuyên truyền nghị quyết' }), 201);
      expect(tpl).toMatchObject({ isTemplate: true, status: 'draft', subject: 'Mẫu kế hoạch tuyên truyền nghị quyết', can: { submit: false, issue: false } });
      expect(ok(await officer.get('/api/plans?template=true')).items.map((i: { id: string }) => i.id)).toContain(tpl.id);
      expect(ok(await officer.get('/api/plans?pageSize=200')).items.map((i: { id: string }) => i.id)).not.toContain(tpl.id);
      expect((await leader.post(`/api/plans/${tpl.id}/issue`, {})).json().error.code).toBe('plan_is_template');
      // The ward sees the city's templates and starts from one.
      expect(ok(await qpOfficer.get('/api/plans?template=true')).items.map((i: { id: string }) => i.id)).toContain(tpl.id);
      const mine = ok(await qpOfficer.post('/api/plans', { fromTemplateId: tpl.id }), 201);
      expect(mine).toMatchObject({ isTemplate: false, subject: 'Mẫu kế hoạch tuyên truyền nghị quyết', place: 'Quảng Phú', header: { bodyName: 'PHƯỜNG QUẢNG PHÚ' } });
      expect(mine.sections[0].heading).toBe('I. MỤC ĐÍCH, YÊU CẦU');
      expect(mine.sections[0].id).not.toBe(tpl.sections[0].id);
      // But not the ward's template from the city's point of view of a sibling ward.
      const wardTpl = ok(await qpOfficer.post(`/api/plans/${mine.id}/save-as-template`, {}), 201);
      expect(ok(await tkOfficer.get('/api/plans?template=true')).items.map((i: { id: string }) => i.id)).not.toContain(wardTpl.id);
    });

    it('amends an issued plan: the amendment is a new draft, and issuing it closes the old plan', async () => {
      const t = ctx();
      const first = await draft(officer, { subject: 'Kế hoạch gốc' });
      const up = multipart('phu-luc.pdf', PDF_BYTES);
      ok(await t.app.inject({ method: 'POST', url: `/api/plans/${first.id}/attachments`, payload: up.body, headers: { ...up.headers, cookie: officer.cookie, 'x-csrf-token': officer.csrf } }), 201);
      const old = ok(await leader.post(`/api/plans/${first.id}/issue`, {}));
      const amendment = ok(await officer.post(`/api/plans/${old.id}/amend`, {}), 201);
      expect(amendment).toMatchObject({ status: 'draft', supersedesId: old.id, subject: 'Kế hoạch gốc', numberText: null });
      expect(amendment.attachments.map((a: { fileId: string }) => a.fileId)).toEqual(old.attachments.map((a: { fileId: string }) => a.fileId));
      expect((await officer.post(`/api/plans/${old.id}/amend`, {})).json().error.code).toBe('amendment_exists');
      ok(await officer.patch(`/api/plans/${amendment.id}`, { version: 1, subject: 'Kế hoạch gốc (sửa đổi, bổ sung)' }));
      const done = ok(await leader.post(`/api/plans/${amendment.id}/issue`, {}));
      expect(done.numberText).not.toBe(old.numberText);
      expect(ok(await officer.get(`/api/plans/${old.id}`)).status).toBe('closed');
      const oldVersions = ok(await officer.get(`/api/plans/${old.id}/versions`));
      expect(oldVersions[0].reason).toContain(`được thay thế bởi kế hoạch số ${done.numberText}`);
    });

    it('attaches files to a draft; wrong type 415, too large 413; downloads only for those who see the plan', async () => {
      const t = ctx();
      const p = await draft(officer);
      const up = multipart('Phu luc 1.pdf', PDF_BYTES, { title: 'Phụ lục 1 — chỉ tiêu' });
      const res = await t.app.inject({ method: 'POST', url: `/api/plans/${p.id}/attachments`, payload: up.body, headers: { ...up.headers, cookie: officer.cookie, 'x-csrf-token': officer.csrf } });
      const att = ok(res, 201);
      expect(att).toMatchObject({ title: 'Phụ lục 1 — chỉ tiêu', name: 'Phu luc 1.pdf', mime: 'application/pdf', size: PDF_BYTES.length });
      expect(ok(await officer.get(`/api/plans/${p.id}`)).attachments.map((a: { id: string }) => a.id)).toEqual([att.id]);

      const exe = multipart('virus.exe', Buffer.from('MZ\x90\x00binary'));
      const wrong = await t.app.inject({ method: 'POST', url: `/api/plans/${p.id}/attachments`, payload: exe.body, headers: { ...exe.headers, cookie: officer.cookie, 'x-csrf-token': officer.csrf } });
      expect(wrong.statusCode).toBe(415);
      expect(wrong.json().error.message).toContain('không đúng định dạng cho phép');
      const disguised = multipart('anh.png', PDF_BYTES);
      expect((await t.app.inject({ method: 'POST', url: `/api/plans/${p.id}/attachments`, payload: disguised.body, headers: { ...disguised.headers, cookie: officer.cookie, 'x-csrf-token': officer.csrf } })).statusCode).toBe(415);
      const big = multipart('lon.png', Buffer.concat([PNG_BYTES, Buffer.alloc(80 * KB)]));
      const tooBig = await t.app.inject({ method: 'POST', url: `/api/plans/${p.id}/attachments`, payload: big.body, headers: { ...big.headers, cookie: officer.cookie, 'x-csrf-token': officer.csrf } });
      expect(tooBig.statusCode).toBe(413);
      expect(tooBig.json().error.message).toMatch(/vượt quá/);
      const noFile = await officer.post(`/api/plans/${p.id}/attachments`, { title: 'x' });
      expect(noFile.statusCode).toBe(415);

      const dl = await officer.get(`/api/files/${att.fileId}`);
      expect(dl.statusCode).toBe(200);
      expect(dl.headers['content-type']).toBe('application/pdf');
      expect(dl.headers['content-disposition']).toContain("filename*=UTF-8''Phu%20luc%201.pdf");
      expect(dl.rawPayload.equals(PDF_BYTES)).toBe(true);
      expect((await qpOfficer.get(`/api/files/${att.fileId}`)).statusCode).toBe(404);
      expect((await officer.get('/api/files/khong-co')).statusCode).toBe(404);

      expect((await officer.request('DELETE', `/api/plans/${p.id}/attachments/${att.id}`)).statusCode).toBe(204);
      expect(ok(await officer.get(`/api/plans/${p.id}`)).attachments).toEqual([]);
    });

    it('deletes a draft that nobody cites; an issued plan cannot be deleted', async () => {
      const a = await draft(officer);
      const b = await draft(officer, { bases: [{ basedOnPlanId: a.id }] });
      expect((await officer.request('DELETE', `/api/plans/${a.id}`)).json().error.code).toBe('plan_cited');
      expect((await officer.request('DELETE', `/api/plans/${b.id}`)).statusCode).toBe(204);
      expect((await officer.get(`/api/plans/${b.id}`)).statusCode).toBe(404);
      expect((await officer.request('DELETE', `/api/plans/${a.id}`)).statusCode).toBe(204);
      const done = await issued(officer, leader);
      expect((await officer.request('DELETE', `/api/plans/${done.id}`)).json().error.code).toBe('plan_not_deletable');
    });

    it('exports the plan as .docx, .pdf and a print page, with section V written from the responsibilities', async () => {
      const p = await issued(officer, leader, {
        subject: 'Tuyên truyền Nghị quyết số 57-NQ/TW',
        preamble: doc('Thực hiện Kế hoạch số 51/KH-MTTQ-BTT.'),
        sections: [{ heading: 'I. MỤC ĐÍCH, YÊU CẦU', content: doc('Tuyên truyền sâu rộng.') }],
        recipients: [{ text: 'Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh' }],
        responsibilities: [{ heading: 'Ban Thường trực các phường', targetGroup: 'self', duties: [{ text: 'Xây dựng kế hoạch', dueDate: '2026-12-31' }] }],
      }, { docDate: '2026-11-24' });
      const docx = await officer.get(`/api/plans/${p.id}/export?format=docx`);
      expect(docx.statusCode, docx.body).toBe(200);
      expect(docx.headers['content-type']).toContain('wordprocessingml');
      expect(docx.headers['content-disposition']).toContain(`${p.numberText.replace('/', '-')}-tuyen-truyen-nghi-quyet-so-57-nq-tw.docx`);
      expect(docx.rawPayload.subarray(0, 2).toString()).toBe('PK');
      const html = await officer.get(`/api/plans/${p.id}/print`);
      expect(html.statusCode).toBe(200);
      expect(html.headers['content-type']).toContain('text/html');
      expect(html.body).toContain(`Số: ${p.numberText}`);
      expect(html.body).toContain('II. TỔ CHỨC THỰC HIỆN');
      expect(html.body).toContain('Xây dựng kế hoạch (hoàn thành trước ngày 31/12/2026).');
      const pdf = await officer.get(`/api/plans/${p.id}/export?format=pdf`);
      expect(pdf.statusCode, pdf.body.slice(0, 300)).toBe(200);
      expect(pdf.rawPayload.subarray(0, 4).toString()).toBe('%PDF');
      expect((await qpOfficer.get(`/api/plans/${p.id}/export`)).statusCode).toBe(404);
    }, 60_000);

    it('records every change in the audit log, in the same transaction', async () => {
      const t = ctx();
      const p = await issued(officer, leader, { subject: 'Kế hoạch có nhật ký' });
      const rows = await t.db.db.selectFrom('audit_log').select(['action', 'username']).where('entity_id', '=', p.id).orderBy('id').execute();
      expect(rows.map((r) => [r.action, r.username])).toEqual([
        ['plan.create', 'danang.btt'],
        ['plan.issue', 'danang.lanhdao'],
      ]);
      const failed = await officer.patch(`/api/plans/${p.id}`, { version: p.version, subject: 'x' });
      expect(failed.statusCode).toBe(409);
      expect(await t.db.db.selectFrom('audit_log').select('id').where('entity_id', '=', p.id).execute()).toHaveLength(2);
    });

    it('finds plans by the issuing unit\'s name too: "57 da nang" finds Đà Nẵng\'s plan, not a ward\'s', async () => {
      const city = await draft(officer, { subject: 'Tuyên truyền Nghị quyết 57-NQ/TW trong năm 2027' });
      const ward = await draft(qpOfficer, { subject: 'Tuyên truyền Nghị quyết 57-NQ/TW ở phường' });
      const ids = async (q: string) => ok(await officer.get(`/api/plans?search=${encodeURIComponent(q)}&pageSize=100`)).items.map((i: { id: string }) => i.id);
      const daNang = await ids('57 da nang');
      expect(daNang).toContain(city.id);
      expect(daNang).not.toContain(ward.id);
      expect(await ids('Đà Nẵng nghị quyết 57')).toContain(city.id);
      expect(await ids('quang phu 57')).toEqual([ward.id]);
      expect(await ids('57-NQ/TW')).toEqual(expect.arrayContaining([city.id, ward.id]));
      // Punctuation-only or wildcard input finds nothing special.
      expect(ok(await officer.get(`/api/plans?search=${encodeURIComponent('57 _')}`)).total).toBe(0);
      // Rows written before the unit's names were in the search text are brought up to date.
      const t = ctx();
      await t.db.db.updateTable('plans').set({ search_text: 'tuyen truyen nghi quyet 57-nq/tw trong nam 2027 ke hoach' }).where('id', '=', city.id).execute();
      expect(await ids('57 da nang')).not.toContain(city.id);
      expect(await refreshPlanSearchText(t.db.db)).toBe(1);
      expect(await ids('57 da nang')).toContain(city.id);
      expect(await refreshPlanSearchText(t.db.db)).toBe(0);
    });

    it('narrows GET /api/requests and GET /api/inbox to one plan with planId', async () => {
      const t = ctx();
      const qp = await t.unit('QUANG_PHU');
      const a = await issued(officer, leader, { subject: 'Kế hoạch A gửi phường' }, { docDate: '2026-11-20', targetUnitIds: [qp] });
      const b = await issued(officer, leader, { subject: 'Kế hoạch B gửi phường' }, { docDate: '2026-11-21', targetUnitIds: [qp] });
      const all = ok(await qpOfficer.get('/api/requests?pageSize=200'));
      expect(all.items.map((i: { planId: string }) => i.planId)).toEqual(expect.arrayContaining([a.id, b.id]));
      const onlyA = ok(await qpOfficer.get(`/api/requests?planId=${a.id}`));
      expect(onlyA).toMatchObject({ total: 1, items: [{ planId: a.id, unitId: qp, status: 'pending' }] });
      expect(ok(await qpOfficer.get(`/api/requests?planId=${a.id}&status=issued`)).total).toBe(0);
      const inboxB = ok(await qpOfficer.get(`/api/inbox?planId=${b.id}`));
      expect(inboxB).toMatchObject({ total: 1, unopened: 1, items: [{ planId: b.id, recipientUnitId: qp, openedAt: null }] });
      ok(await qpOfficer.get(`/api/plans/${b.id}`)); // opening it is the read receipt
      expect(ok(await qpOfficer.get(`/api/inbox?planId=${b.id}`))).toMatchObject({ total: 1, unopened: 0 });
      expect(ok(await qpOfficer.get(`/api/inbox?planId=${a.id}&unread=true`)).total).toBe(1);
      // Another ward's inbox has nothing for the plan.
      expect(ok(await tkOfficer.get(`/api/inbox?planId=${a.id}`)).total).toBe(0);
      expect(ok(await tkOfficer.get(`/api/requests?planId=${a.id}`)).total).toBe(0);
    });

    it('coalesces autosaves: saves by one person within 10 minutes share one «Lưu dự thảo» version', async () => {
      const t = ctx();
      try {
        const p = await draft(officer, { subject: 'Bản 0' });
        let v = p.version;
        for (const subject of ['Bản 1', 'Bản 2', 'Bản 3']) {
          v = ok(await officer.patch(`/api/plans/${p.id}`, { version: v, subject })).version;
          t.clock.advance(60_000);
        }
        const history = (await officer.get(`/api/plans/${p.id}/versions`)).json();
        expect(history.map((h: { version: number; reason: string }) => [h.version, h.reason])).toEqual([
          [4, 'Lưu dự thảo'],
          [1, 'Tạo dự thảo'],
        ]);
        expect(ok(await officer.get(`/api/plans/${p.id}/versions/4`)).snapshot.subject).toBe('Bản 3');
        t.clock.advance(11 * 60_000);
        v = ok(await officer.patch(`/api/plans/${p.id}`, { version: v, subject: 'Bản 4' })).version;
        const later = ok(await officer.get(`/api/plans/${p.id}/versions`));
        expect(later.map((h: { version: number; reason: string }) => [h.version, h.reason])).toEqual([
          [5, 'Lưu dự thảo'],
          [4, 'Lưu dự thảo'],
          [1, 'Tạo dự thảo'],
        ]);
        expect(ok(await officer.get(`/api/plans/${p.id}/versions/4`)).snapshot.subject).toBe('Bản 3');
        // Another person's save, and a save after submission and return, start their own versions.
        v = ok(await leader.patch(`/api/plans/${p.id}`, { version: v, subject: 'Bản của lãnh đạo' })).version;
        v = ok(await officer.post(`/api/plans/${p.id}/submit`, { version: v })).version;
        v = ok(await leader.post(`/api/plans/${p.id}/return`, {})).version;
        v = ok(await officer.patch(`/api/plans/${p.id}`, { version: v, subject: 'Bản 5' })).version;
        ok(await officer.patch(`/api/plans/${p.id}`, { version: v, subject: 'Bản 6' }));
        const reasons = ok(await officer.get(`/api/plans/${p.id}/versions`)).map((h: { reason: string; createdByName: string }) => `${h.reason} — ${h.createdByName}`);
        expect(reasons).toEqual([
          'Lưu dự thảo — Lê Thị Thu Hà',
          'Trả lại để sửa — Trần Văn Minh',
          'Trình lãnh đạo ban hành — Lê Thị Thu Hà',
          'Lưu dự thảo — Trần Văn Minh',
          'Lưu dự thảo — Lê Thị Thu Hà',
          'Lưu dự thảo — Lê Thị Thu Hà',
          'Tạo dự thảo — Lê Thị Thu Hà',
        ]);
      } finally {
        t.clock.set(TEST_NOW);
      }
    });

    it('issuing a one-time duty with no due date while the plan has no end date: 400 saying what to do', async () => {
      const p = await draft(officer, {
        subject: 'Kế hoạch thiếu hạn',
        responsibilities: [{ heading: 'Các tổ chức thành viên', targetGroup: 'self', duties: [{ text: 'Tổ chức hội nghị quán triệt Nghị quyết', recurrence: 'once' }] }],
      });
      const res = await leader.post(`/api/plans/${p.id}/issue`, {});
      expect(res.statusCode).toBe(400);
      const err = res.json().error;
      expect(err.code).toBe('due_required');
      expect(err.message).toBe(
        'Nhiệm vụ «Tổ chức hội nghị quán triệt Nghị quyết» (một lần) chưa có hạn hoàn thành và kế hoạch chưa có ngày kết thúc. Hãy nhập hạn hoàn thành hoặc thời gian thực hiện của kế hoạch.',
      );
      expect(err.details).toEqual([{ field: 'responsibilities[0].duties[0].dueDate', message: err.message }]);
      const after = ok(await officer.get(`/api/plans/${p.id}`));
      expect(after).toMatchObject({ status: 'draft', numberText: null });
      // With the plan's end date the duty takes it as its due date.
      ok(await officer.patch(`/api/plans/${p.id}`, { version: after.version, periodEnd: '2027-06-30' }));
      expect(ok(await leader.post(`/api/plans/${p.id}/issue`, {})).status).toBe('issued');
    });

    it('fills an empty section V «Tổ chức thực hiện» from the responsibilities; a written one is printed as is', async () => {
      const responsibilities = [
        { heading: 'Ban Thường trực Ủy ban MTTQ Việt Nam thành phố', targetGroup: 'self', duties: [{ text: 'Theo dõi, đôn đốc', recurrence: 'quarterly' }] },
        { heading: 'Ban Thường trực Ủy ban MTTQ các phường, xã', targetGroup: 'self', duties: [{ text: 'Xây dựng kế hoạch thực hiện', dueDate: '2026-12-31' }] },
      ];
      const empty = await draft(officer, {
        sections: [
          { heading: 'I. MỤC ĐÍCH, YÊU CẦU', content: doc('Tuyên truyền sâu rộng.') },
          { heading: 'V. TỔ CHỨC THỰC HIỆN', content: { type: 'doc', content: [{ type: 'paragraph', content: [] }] } },
        ],
        responsibilities,
      });
      const html = (await officer.get(`/api/plans/${empty.id}/print`)).body;
      expect(html).toContain('V. TỔ CHỨC THỰC HIỆN');
      expect(html).not.toContain('VI. TỔ CHỨC THỰC HIỆN');
      expect(html).toContain('1. Ban Thường trực Ủy ban MTTQ Việt Nam thành phố');
      expect(html).toContain('- Theo dõi, đôn đốc (định kỳ hằng quý).');
      expect(html).toContain('2. Ban Thường trực Ủy ban MTTQ các phường, xã');
      expect(html).toContain('- Xây dựng kế hoạch thực hiện (hoàn thành trước ngày 31/12/2026).');
      const docx = await officer.get(`/api/plans/${empty.id}/export?format=docx`);
      expect(docx.statusCode).toBe(200);

      const written = await draft(officer, {
        sections: [{ heading: 'V. TỔ CHỨC THỰC HIỆN', content: doc('Giao Ban Tuyên giáo tham mưu triển khai kế hoạch này.') }],
        responsibilities,
      });
      const html2 = (await officer.get(`/api/plans/${written.id}/print`)).body;
      expect(html2).toContain('Giao Ban Tuyên giáo tham mưu triển khai kế hoạch này.');
      expect(html2).not.toContain('Theo dõi, đôn đốc');
      expect(html2.match(/TỔ CHỨC THỰC HIỆN/g)).toHaveLength(1);
    }, 60_000);
  },
  { config: { maxUploadBytes: 64 * KB } },
);
