/**
 * Results of a round for the award decision (.docx in the official layout, .xlsx with three sheets), refused
 * before the freeze and outside the organiser's scope; and the contest stats by member organisation and ward.
 */
import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDb, type Session } from '../../test/harness.js';
import { type ContestFixture, seedSmallContest } from './contests.testkit.js';

const VN = /[ạảãàáâậầấẩẫăắằặẳẵđêềếệểễôồốộổỗơờớợởỡưừứựửữ]/i;

describeEachDb('contest results and stats', (ctx) => {
  let officer: Session;
  let outsider: Session;
  let F: ContestFixture;

  beforeAll(async () => {
    F = await seedSmallContest(ctx());
    officer = await ctx().login('danang.btt');
    outsider = await ctx().login('quangphu.btt');
  });

  it('refuses the results of a round that is not frozen yet, and outside the organiser', async () => {
    const open = await officer.get(`/api/contest-rounds/${F.round2}/results?format=docx`);
    expect(open.statusCode, open.body).toBe(409);
    expect(open.json().error.code).toBe('round_not_frozen');
    expect(open.json().error.message).toBe('Tuần thi chưa kết thúc, kết quả chưa được chốt.');
    expect((await outsider.get(`/api/contest-rounds/${F.round1}/results?format=xlsx`)).statusCode).toBe(404);
    const bad = await officer.get(`/api/contest-rounds/${F.round1}/results?format=pdf`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(VN);
  });

  it('writes the .xlsx: ranking with tie-breaks, prizes by tier and collective, wards', async () => {
    const res = await officer.get(`/api/contest-rounds/${F.round1}/results?format=xlsx`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const cd = String(res.headers['content-disposition']);
    expect(cd).toMatch(/^attachment; filename="[\x20-\x7e]+\.xlsx"; filename\*=UTF-8''/);
    expect(decodeURIComponent(cd.split("UTF-8''")[1])).toContain('Kết quả tuần 1');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ExcelJS.Buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Xếp hạng', 'Giải thưởng', 'Theo đơn vị']);
    const rank = wb.getWorksheet('Xếp hạng')!;
    const rows = [2, 3, 4].map((r) => rank.getRow(r).values as unknown[]);
    // P2 and P1 both answered 10/10; P2's prediction (2) equals the actual figure (2), P1's (5) is 3 off.
    expect(rows.map((r) => r[2])).toEqual(['Trần Văn Bình', 'Nguyễn Thị Hoa', 'Lê Minh Châu']);
    expect(rows[0][1]).toBe(1);
    expect(rows[1][8]).toBe(3); // prediction gap
    expect(rows[1][10]).toBe('Giải Nhì');
    expect(rank.rowCount).toBe(4); // P4 never submitted
    const prizes = wb.getWorksheet('Giải thưởng')!;
    const prizeRows = [2, 3, 4, 5].map((r) => prizes.getRow(r).values as unknown[]);
    expect(prizeRows.map((r) => [r[1], r[2], r[4]])).toEqual([
      ['Cá nhân', 'Giải Nhất', 'Trần Văn Bình'],
      ['Cá nhân', 'Giải Nhì', 'Nguyễn Thị Hoa'],
      ['Cá nhân', 'Giải Nhì', 'Lê Minh Châu'],
      ['Tập thể', 'Giải tập thể', expect.stringMatching(/Tam Kỳ|Quảng Phú/)],
    ]);
    expect(prizeRows[1][5]).toBe('1990');
    expect(prizeRows[1][7]).toBe('Hội Liên hiệp Phụ nữ phường Tam Kỳ');
    const wards = wb.getWorksheet('Theo đơn vị')!;
    expect(wards.rowCount).toBe(3);
    expect((wards.getRow(2).values as unknown[])[3]).toBe(2);
  });

  it('writes the .docx in the official layout with winners, the full ranking annex and Nơi nhận', async () => {
    const res = await officer.get(`/api/contest-rounds/${F.round1}/results?format=docx`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('wordprocessingml');
    expect(String(res.headers['content-disposition'])).toMatch(/filename="[\x20-\x7e]+\.docx"; filename\*=UTF-8''/);
    const text = (await mammoth.extractRawText({ buffer: res.rawPayload })).value;
    for (const s of ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'BAN TỔ CHỨC CUỘC THI', 'THÀNH PHỐ ĐÀ NẴNG', 'TUẦN 1', 'GIẢI CÁ NHÂN', 'Giải Nhất (01 giải)', 'Nơi nhận:', 'TRƯỞNG BAN', 'BẢNG XẾP HẠNG TUẦN 1', 'GIẢI TẬP THỂ']) {
      expect(text, s).toContain(s);
    }
    expect(text).toMatch(/Trần Văn Bình, sinh năm 1985, [^:]*: 10\/10 câu đúng, dự đoán 2, thời gian làm bài 6 phút 40 giây\./);
    expect(text).toContain('Lê Minh Châu');
    expect(text).not.toContain('Phạm Thu Dung');
  });

  it('breaks the stats down by member organisation and ranks the wards, for the contest or one round', async () => {
    const all = await officer.get(`/api/contests/${F.contestId}/stats`);
    expect(all.statusCode, all.body).toBe(200);
    const s = all.json();
    // Existing fields unchanged.
    expect(s.participants).toBe(4);
    expect(s.attempts).toBe(6);
    expect(s.byRound.map((r: { attempts: number }) => r.attempts)).toEqual([5, 1]);
    expect(s.roundId).toBeNull();
    expect(s.byOrganisation).toEqual([
      { orgUnitId: F.U.PHUONG_TAMKY_HPN, orgName: 'Hội Liên hiệp Phụ nữ phường Tam Kỳ', participants: 1, attempts: 3 },
      { orgUnitId: F.U.QUANG_PHU_DTN, orgName: 'Đoàn Thanh niên phường Quảng Phú', participants: 1, attempts: 1 },
      { orgUnitId: null, orgName: 'Không thuộc tổ chức nào', participants: 2, attempts: 2 },
    ]);
    expect(s.unitLeaderboard.map((u: { unitId: string; rank: number; participants: number; attempts: number }) => [u.unitId, u.rank, u.participants, u.attempts]).sort()).toEqual(
      [
        [F.U.PHUONG_TAMKY, 1, 2, 4],
        [F.U.QUANG_PHU, 1, 2, 2],
      ].sort(),
    );
    for (const u of s.unitLeaderboard) if (u.population) expect(u.per1000).toBeCloseTo((u.participants / u.population) * 1000, 1);

    const r2 = (await officer.get(`/api/contests/${F.contestId}/stats?roundId=${F.round2}`)).json();
    expect(r2.roundId).toBe(F.round2);
    expect(r2.byOrganisation).toEqual([{ orgUnitId: F.U.PHUONG_TAMKY_HPN, orgName: 'Hội Liên hiệp Phụ nữ phường Tam Kỳ', participants: 1, attempts: 1 }]);
    expect(r2.unitLeaderboard).toHaveLength(1);
    expect(r2.unitLeaderboard[0]).toMatchObject({ rank: 1, unitId: F.U.PHUONG_TAMKY, participants: 1, attempts: 1 });
    expect([r2.participants, r2.attempts, r2.submitted]).toEqual([1, 1, 1]); // the headline counts follow the round too
    expect(r2.byRound.map((r: { attempts: number }) => r.attempts)).toEqual([5, 1]); // byRound always covers every round

    const wrong = await officer.get(`/api/contests/${F.contestId}/stats?roundId=khong-co`);
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.message).toMatch(VN);
  });
});
