import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import sharp from 'sharp';
import type { Config } from '../../config.js';
import type { Clock } from '../../platform/clock.js';
import { type DbHandle, tx } from '../../platform/db.js';
import { FileStore } from '../../platform/files.js';
import { newId } from '../../platform/ids.js';
import { findSerifFont } from '../documents/pdf.js';
import { SearchRepository, SearchService, slugify } from '../news/index.js';
import { UnitsRepository } from '../units/units.repository.js';
import { PublicPlans } from './public-plans.js';
import { MATERIAL_KIND_LABELS, type MaterialKind, PUBLIC_DOWNLOADER } from './materials.catalogue.js';

type Format = 'pdf' | 'pdf-landscape' | 'docx' | 'png';

interface DemoMaterial {
  unit: string;
  kind: MaterialKind;
  format: Format;
  title: string;
  description: string;
  visibility: 'public' | 'internal';
  topics: string[];
  /** Heading lines and paragraphs of the generated file ("## " = heading). */
  content: string[];
  at: string;
  /** A second version (the first is kept). */
  revised?: { at: string; note: string; extra: string };
  downloads?: Array<[string, number]>;
}

const DEMO_MATERIALS: DemoMaterial[] = [
  {
    unit: 'DANANG',
    kind: 'qa',
    format: 'pdf',
    title: 'Hỏi - đáp Nghị quyết 57-NQ/TW dành cho báo cáo viên cơ sở',
    description: 'Tập hỏi - đáp ngắn gọn về bối cảnh, quan điểm chỉ đạo và mục tiêu của Nghị quyết 57-NQ/TW, dùng khi sinh hoạt ở khu dân cư.',
    visibility: 'public',
    topics: ['QD', 'MT2030'],
    content: [
      '## Câu 1. Nghị quyết 57-NQ/TW được ban hành khi nào?',
      'Nghị quyết số 57-NQ/TW của Bộ Chính trị về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia được ban hành ngày 22/12/2024.',
      '## Câu 2. Vì sao gọi là "đột phá"?',
      'Nghị quyết xác định phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số là đột phá quan trọng hàng đầu, là động lực chính để phát triển nhanh lực lượng sản xuất hiện đại.',
      '## Câu 3. Người dân ở khu dân cư có thể làm gì?',
      'Học và dùng các kỹ năng số cơ bản: định danh điện tử, dịch vụ công trực tuyến, thanh toán không dùng tiền mặt an toàn; cùng nhau giúp người cao tuổi, người yếu thế không bị bỏ lại phía sau.',
    ],
    at: '2025-03-20T02:00:00.000Z',
    downloads: [[PUBLIC_DOWNLOADER, 214], ['PHUONG_TAMKY', 12], ['QUANG_PHU', 9]],
  },
  {
    unit: 'PHUONG_TAMKY',
    kind: 'qa',
    format: 'pdf',
    title: '20 câu hỏi - đáp về phong trào "Bình dân học vụ số"',
    description: 'Giải đáp những thắc mắc thường gặp của người dân khi tham gia phong trào "Bình dân học vụ số": học ở đâu, học gì, ai hướng dẫn.',
    visibility: 'public',
    topics: ['BDHVS'],
    content: [
      '## Phong trào "Bình dân học vụ số" là gì?',
      'Là phong trào phổ cập kỹ năng số cho toàn dân, để mỗi người dân biết sử dụng các dịch vụ số thiết yếu trong cuộc sống hằng ngày.',
      '## Tôi có thể học ở đâu?',
      'Tại nhà văn hóa khối phố vào các buổi tối có lịch của tổ công nghệ số cộng đồng, hoặc nhờ đoàn viên thanh niên hướng dẫn tại nhà.',
    ],
    at: '2025-06-05T02:00:00.000Z',
    downloads: [[PUBLIC_DOWNLOADER, 96], ['AN_MY_KDC1', 4]],
  },
  {
    unit: 'PHUONG_TAMKY',
    kind: 'leaflet',
    format: 'pdf',
    title: 'Tờ rơi: 5 bước nhận biết cuộc gọi, tin nhắn lừa đảo',
    description: 'Tờ rơi khổ A5 in phát tại các buổi sinh hoạt khu dân cư và chợ: năm dấu hiệu nhận biết và cách xử lý khi gặp cuộc gọi, tin nhắn lừa đảo.',
    visibility: 'public',
    topics: ['KNS'],
    content: [
      '## Năm bước tự bảo vệ',
      '1. Không chuyển tiền khi người lạ gọi điện tự xưng công an, tòa án, ngân hàng.',
      '2. Không bấm vào đường link lạ gửi qua tin nhắn, Zalo, Facebook.',
      '3. Không cung cấp mã OTP cho bất kỳ ai.',
      '4. Gọi lại cho người thân bằng số quen trước khi chuyển tiền.',
      '5. Báo ngay cho công an phường hoặc Ban công tác Mặt trận khu dân cư.',
    ],
    at: '2025-09-12T02:00:00.000Z',
    downloads: [[PUBLIC_DOWNLOADER, 143]],
  },
  {
    unit: 'DANANG',
    kind: 'document',
    format: 'pdf',
    title: 'Đề cương tuyên truyền kỷ niệm 96 năm Ngày truyền thống Mặt trận Tổ quốc Việt Nam',
    description: 'Đề cương tuyên truyền nhân kỷ niệm 96 năm Ngày truyền thống MTTQ Việt Nam (18/11/1930 - 18/11/2026) và Ngày hội Đại đoàn kết toàn dân tộc.',
    visibility: 'public',
    topics: ['TCTH'],
    content: [
      '## I. Mục đích, yêu cầu',
      'Tuyên truyền sâu rộng truyền thống vẻ vang của Mặt trận Tổ quốc Việt Nam; tăng cường khối đại đoàn kết toàn dân tộc ở khu dân cư.',
      '## II. Nội dung tuyên truyền',
      'Quá trình hình thành và phát triển của Mặt trận Tổ quốc Việt Nam; vai trò của Mặt trận trong đưa Nghị quyết 57-NQ/TW vào cuộc sống.',
    ],
    at: '2026-10-15T02:00:00.000Z',
    downloads: [[PUBLIC_DOWNLOADER, 58], ['PHUONG_TAMKY', 6], ['HUONG_TRA', 3]],
  },
  {
    unit: 'PHUONG_TAMKY',
    kind: 'document',
    format: 'pdf',
    title: 'Hướng dẫn Ban công tác Mặt trận báo cáo kết quả tuyên truyền Nghị quyết 57',
    description: 'Hướng dẫn nội bộ: cách ghi nhận hoạt động, số người tham dự và minh chứng khi báo cáo kết quả tuyên truyền trên hệ thống Lan Tỏa.',
    visibility: 'internal',
    topics: ['TCTH'],
    content: [
      '## 1. Khi nào báo cáo',
      'Trong vòng 3 ngày sau mỗi hoạt động; số liệu tháng chốt ngày 25.',
      '## 2. Cần ghi những gì',
      'Tên hoạt động, hình thức, thời gian, địa điểm, số người tham dự theo từng nhóm và ảnh minh chứng.',
    ],
    at: '2025-08-01T02:00:00.000Z',
    downloads: [['AN_MY_KDC1', 7], ['AN_XUAN_KDC1', 5]],
  },
  {
    unit: 'DANANG',
    kind: 'slides',
    format: 'pdf-landscape',
    title: 'Bài giảng: Năm quan điểm chỉ đạo của Nghị quyết 57-NQ/TW',
    description: 'Bài trình chiếu dùng cho hội nghị quán triệt ở cơ sở, mỗi trang một quan điểm chỉ đạo kèm ví dụ gần gũi.',
    visibility: 'public',
    topics: ['QD'],
    content: [
      '## Quan điểm 1',
      'Phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số là đột phá quan trọng hàng đầu.',
      '## Quan điểm 2',
      'Tăng cường sự lãnh đạo của Đảng, phát huy sức mạnh của cả hệ thống chính trị và toàn dân.',
      '## Quan điểm 3',
      'Hoàn thiện thể chế là điều kiện tiên quyết; nhân lực chất lượng cao là yếu tố then chốt.',
    ],
    at: '2025-04-10T02:00:00.000Z',
    downloads: [[PUBLIC_DOWNLOADER, 77], ['QUANG_PHU', 4]],
  },
  {
    unit: 'QUANG_PHU',
    kind: 'slides',
    format: 'pdf-landscape',
    title: 'Bài trình chiếu: Kỹ năng số cơ bản cho người cao tuổi',
    description: 'Sáu bài học ngắn: gọi video, nhắn tin, tra cứu thông tin, định danh điện tử, thanh toán bằng mã QR và phòng tránh lừa đảo.',
    visibility: 'public',
    topics: ['BDHVS', 'KNS'],
    content: ['## Bài 1. Gọi video cho con cháu', 'Mở Zalo, chọn người cần gọi, bấm biểu tượng máy quay.', '## Bài 2. Quét mã QR để thanh toán', 'Mở ứng dụng ngân hàng, chọn "Quét mã", đưa camera vào mã QR, kiểm tra tên người nhận rồi mới xác nhận.'],
    at: '2025-10-02T02:00:00.000Z',
    downloads: [[PUBLIC_DOWNLOADER, 61]],
  },
  {
    unit: 'PHUONG_TAMKY',
    kind: 'document',
    format: 'docx',
    title: 'Mẫu kế hoạch tuyên truyền Nghị quyết 57 của Ban công tác Mặt trận khu dân cư',
    description: 'Mẫu kế hoạch (Word) để Ban công tác Mặt trận khu dân cư điền nội dung, thời gian và phân công.',
    visibility: 'internal',
    topics: ['NV', 'TCTH'],
    content: ['## I. Mục đích, yêu cầu', '…', '## II. Nội dung', '…', '## III. Tổ chức thực hiện', 'Trưởng Ban công tác Mặt trận phân công thành viên phụ trách từng nội dung.'],
    at: '2025-07-15T02:00:00.000Z',
    downloads: [['AN_MY_KDC1', 3], ['TRUONG_XUAN_KDC1', 2]],
  },
  {
    unit: 'PHUONG_TAMKY',
    kind: 'document',
    format: 'docx',
    title: 'Bài phát thanh: Người dân cùng chung tay chuyển đổi số',
    description: 'Bài phát thanh khoảng 5 phút dành cho loa truyền thanh khu dân cư nhân Ngày Chuyển đổi số quốc gia 10/10.',
    visibility: 'public',
    topics: ['BDHVS'],
    content: [
      '## Kính thưa bà con khu phố',
      'Ngày 10/10 hằng năm là Ngày Chuyển đổi số quốc gia. Chuyển đổi số không ở đâu xa, mà ở ngay chiếc điện thoại trong tay mỗi người.',
      'Bà con hãy đến nhà văn hóa vào tối thứ Năm để được tổ công nghệ số cộng đồng hướng dẫn.',
    ],
    at: '2025-10-05T02:00:00.000Z',
    downloads: [[PUBLIC_DOWNLOADER, 35], ['PHUONG_TAMKY_TTT', 8]],
  },
  {
    unit: 'QUANG_PHU',
    kind: 'qa',
    format: 'docx',
    title: 'Hỏi - đáp: Dịch vụ công trực tuyến và tài khoản định danh điện tử',
    description: 'Những câu hỏi người dân hay gặp khi kích hoạt tài khoản định danh điện tử mức 2 và nộp hồ sơ trực tuyến.',
    visibility: 'public',
    topics: ['BDHVS'],
    content: ['## Tài khoản định danh điện tử mức 2 dùng để làm gì?', 'Đăng nhập Cổng dịch vụ công quốc gia, xuất trình giấy tờ tùy thân trên điện thoại thay cho bản giấy.', '## Quên mật khẩu thì làm sao?', 'Chọn "Quên mật khẩu" trên ứng dụng, xác thực bằng số điện thoại đã đăng ký.'],
    at: '2026-02-20T02:00:00.000Z',
    downloads: [[PUBLIC_DOWNLOADER, 52]],
  },
  {
    unit: 'DANANG',
    kind: 'infographic',
    format: 'png',
    title: 'Infographic: Mục tiêu đến năm 2030 của Nghị quyết 57-NQ/TW',
    description: 'Các mục tiêu chính đến năm 2030 trình bày trên một trang, dễ in khổ lớn hoặc đăng mạng xã hội.',
    visibility: 'public',
    topics: ['MT2030'],
    content: ['Mục tiêu đến năm 2030', 'Tiềm lực khoa học, công nghệ đạt trình độ tiên tiến ở nhiều lĩnh vực', 'Kinh tế số chiếm ít nhất 30% GDP', 'Tỷ lệ người dân dùng dịch vụ công trực tuyến trên 80%'],
    at: '2025-03-28T02:00:00.000Z',
    downloads: [[PUBLIC_DOWNLOADER, 188], ['PHUONG_TAMKY', 10]],
  },
  {
    unit: 'DANANG',
    kind: 'infographic',
    format: 'png',
    title: 'Infographic: 7 nhóm nhiệm vụ, giải pháp của Nghị quyết 57',
    description: 'Bảy nhóm nhiệm vụ, giải pháp của Nghị quyết 57-NQ/TW tóm tắt bằng hình ảnh.',
    visibility: 'public',
    topics: ['NV'],
    content: ['7 nhóm nhiệm vụ, giải pháp', 'Nâng cao nhận thức, đột phá về đổi mới tư duy', 'Hoàn thiện thể chế', 'Tăng đầu tư, hoàn thiện hạ tầng', 'Phát triển nguồn nhân lực chất lượng cao'],
    at: '2025-05-08T02:00:00.000Z',
    downloads: [[PUBLIC_DOWNLOADER, 121]],
  },
  {
    unit: 'PHUONG_TAMKY',
    kind: 'infographic',
    format: 'png',
    title: 'Infographic: Thanh toán không dùng tiền mặt an toàn',
    description: 'Năm lưu ý khi thanh toán bằng mã QR ở chợ và cửa hàng, dùng cho mô hình "Chợ 4.0".',
    visibility: 'public',
    topics: ['KNS'],
    content: ['Thanh toán an toàn', 'Kiểm tra tên người nhận trước khi xác nhận', 'Không chia sẻ mã OTP', 'Đặt hạn mức chuyển tiền trong ngày'],
    at: '2025-11-03T02:00:00.000Z',
    downloads: [[PUBLIC_DOWNLOADER, 67], ['PHUONG_TAMKY_HPN', 11]],
  },
  {
    unit: 'HUONG_TRA',
    kind: 'leaflet',
    format: 'png',
    title: 'Tranh cổ động: "Bình dân học vụ số" – mỗi người dân một kỹ năng số',
    description: 'Tranh cổ động khổ dọc để in pa-nô tại nhà văn hóa và chợ.',
    visibility: 'public',
    topics: ['BDHVS'],
    content: ['Bình dân học vụ số', 'Mỗi người dân một kỹ năng số', 'Không để ai bị bỏ lại phía sau'],
    at: '2026-03-01T02:00:00.000Z',
    downloads: [[PUBLIC_DOWNLOADER, 29]],
  },
  {
    unit: 'PHUONG_TAMKY_HPN',
    kind: 'document',
    format: 'pdf',
    title: 'Tài liệu sinh hoạt chi hội: an toàn trên không gian mạng',
    description: 'Tài liệu nội bộ cho buổi sinh hoạt chi hội phụ nữ tháng 11/2026.',
    visibility: 'internal',
    topics: ['KNS'],
    content: ['## Nội dung sinh hoạt', 'Chia sẻ các tình huống lừa đảo gặp ở địa phương; thực hành cài đặt bảo mật hai lớp cho Zalo và Facebook.'],
    at: '2026-11-02T02:00:00.000Z',
    revised: { at: '2026-11-10T02:00:00.000Z', note: 'Bổ sung tình huống giả danh nhân viên điện lực', extra: 'Tình huống mới: đối tượng giả danh nhân viên điện lực gọi yêu cầu cập nhật thông tin và bấm vào đường link lạ.' },
    downloads: [['PHUONG_TAMKY_HPN', 14]],
  },
];

// ---- file generators (local, no download) ----

interface PdfMakeLike {
  setFonts(fonts: Record<string, Record<string, string>>): void;
  setUrlAccessPolicy(cb: (url: string) => boolean): void;
  setLocalAccessPolicy(cb: (path: string) => boolean): void;
  createPdf(dd: unknown): { getBuffer(): Promise<Uint8Array> };
}

async function pdfmake(): Promise<PdfMakeLike | null> {
  const font = findSerifFont();
  if (!font) return null;
  const mod = (await import('pdfmake')) as unknown as { default?: PdfMakeLike } & PdfMakeLike;
  const p = mod.default ?? mod;
  p.setFonts({ Serif: font });
  p.setUrlAccessPolicy(() => false);
  const allowed = new Set(Object.values(font));
  p.setLocalAccessPolicy((f) => allowed.has(f));
  return p;
}

async function makePdf(pm: PdfMakeLike, m: DemoMaterial, unitName: string, extra?: string): Promise<Buffer> {
  const landscape = m.format === 'pdf-landscape';
  const body = [...m.content, ...(extra ? [extra] : [])].map((line, i) =>
    line.startsWith('## ')
      ? { text: line.slice(3), bold: true, fontSize: landscape ? 24 : 13, margin: [0, 12, 0, 4], ...(landscape && i > 0 ? { pageBreak: 'before' } : {}) }
      : { text: line, fontSize: landscape ? 20 : 12, alignment: 'justify', margin: [0, 0, 0, 6] },
  );
  const dd = {
    pageSize: 'A4',
    pageOrientation: landscape ? 'landscape' : 'portrait',
    pageMargins: [56, 56, 56, 56],
    defaultStyle: { font: 'Serif', lineHeight: 1.2 },
    info: { title: m.title, author: unitName },
    content: [
      { text: unitName.toUpperCase(), fontSize: 11, bold: true, alignment: 'center' },
      { text: m.title, fontSize: landscape ? 28 : 16, bold: true, alignment: 'center', margin: [0, 16, 0, 16] },
      ...body,
      { text: 'Tài liệu mẫu của hệ thống Lan Tỏa (dữ liệu minh họa).', italics: true, fontSize: 9, margin: [0, 24, 0, 0] },
    ],
  };
  return Buffer.from(await pm.createPdf(dd).getBuffer());
}

async function makeDocx(m: DemoMaterial, unitName: string): Promise<Buffer> {
  const doc = new Document({
    creator: unitName,
    title: m.title,
    styles: { default: { document: { run: { font: 'Times New Roman', size: 26 } } } },
    sections: [
      {
        children: [
          new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: unitName.toUpperCase(), bold: true, size: 24 })] }),
          new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 240, after: 240 }, children: [new TextRun({ text: m.title, bold: true, size: 30 })] }),
          ...m.content.map((line) =>
            line.startsWith('## ') ? new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun({ text: line.slice(3), bold: true })] }) : new Paragraph({ alignment: AlignmentType.JUSTIFIED, children: [new TextRun(line)] }),
          ),
        ],
      },
    ],
  });
  return Buffer.from(await Packer.toBuffer(doc));
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function wrap(text: string, max: number): string[] {
  const lines: string[] = [];
  let cur = '';
  for (const w of text.split(/\s+/)) {
    if (cur && `${cur} ${w}`.length > max) {
      lines.push(cur);
      cur = w;
    } else cur = cur ? `${cur} ${w}` : w;
  }
  if (cur) lines.push(cur);
  return lines;
}

/** A one-page infographic or poster drawn as SVG and rendered to PNG by sharp. */
async function makePng(m: DemoMaterial, unitName: string, seed: number): Promise<Buffer> {
  const [head, ...points] = m.content;
  const colours = [
    ['#8a0c13', '#c62828', '#f2c94c'],
    ['#0b3d7a', '#1565c0', '#7fd3ff'],
    ['#1b5e20', '#2e7d32', '#c5e1a5'],
    ['#bf360c', '#e65100', '#ffe0b2'],
  ][seed % 4];
  const W = 1080;
  let y = 330;
  const items = points
    .map((p, i) => {
      const lines = wrap(p, 34);
      const block = `<circle cx="120" cy="${y + 10}" r="38" fill="${colours[2]}"/><text x="120" y="${y + 24}" font-family="DejaVu Sans, sans-serif" font-size="40" font-weight="bold" fill="${colours[0]}" text-anchor="middle">${i + 1}</text>${lines
        .map((l, k) => `<text x="190" y="${y + 22 + k * 48}" font-family="DejaVu Sans, sans-serif" font-size="38" fill="#ffffff">${esc(l)}</text>`)
        .join('')}`;
      y += Math.max(110, lines.length * 48 + 50);
      return block;
    })
    .join('');
  const H = Math.max(1350, y + 160);
  const title = wrap(head.toUpperCase(), 24);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">
<defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${colours[0]}"/><stop offset="1" stop-color="${colours[1]}"/></linearGradient></defs>
<rect width="${W}" height="${H}" fill="url(#g)"/>
<text x="80" y="90" font-family="DejaVu Sans, sans-serif" font-size="26" fill="${colours[2]}" letter-spacing="2">${esc(unitName.toUpperCase().slice(0, 70))}</text>
${title.map((l, i) => `<text x="80" y="${170 + i * 66}" font-family="DejaVu Sans, sans-serif" font-size="58" font-weight="bold" fill="#ffffff">${esc(l)}</text>`).join('')}
${items}
<text x="80" y="${H - 60}" font-family="DejaVu Sans, sans-serif" font-size="24" fill="#ffffff" fill-opacity="0.8">Tài liệu tuyên truyền — dữ liệu mẫu Lan Tỏa</text>
</svg>`;
  return sharp(Buffer.from(svg)).png({ compressionLevel: 9 }).toBuffer();
}

/**
 * Fifteen demo propaganda materials (PDF made with pdfmake, Word with docx, PNG infographics with
 * sharp — all generated locally), public and internal, tagged with the NQ 57 campaign's topics, one
 * with two versions, with download counts per unit; public ones indexed for search. Also marks the
 * demo's issued plans as public ("Văn bản") and indexes them. Skips when any material exists.
 */
export async function seedMaterialsDemo(handle: DbHandle, clock: Clock, config: Pick<Config, 'filesDir' | 'maxUploadBytes'>): Promise<{ materials: number; publicPlans: number }> {
  const db = handle.db;
  if (await db.selectFrom('materials').select('id').limit(1).executeTakeFirst()) return { materials: 0, publicPlans: 0 };
  const units = new Map((await db.selectFrom('units').select(['id', 'code', 'name']).execute()).map((u) => [u.code, u]));
  const topics = await db.selectFrom('topics').select(['id', 'code']).orderBy('sort').execute();
  const topicId = (code: string) => topics.find((t) => t.code === code)?.id;
  const campaign = await db.selectFrom('campaigns').select('id').orderBy('created_at').limit(1).executeTakeFirst();
  const cat = await db.selectFrom('news_categories').select('id').where('slug', '=', 'tai-lieu-tuyen-truyen').executeTakeFirst();
  const author = (await db.selectFrom('users').select('id').where('username', '=', 'tamky.bientap').executeTakeFirst())?.id ?? null;
  const tree = await new UnitsRepository(db).tree();
  const files = new FileStore(db, config.filesDir, clock);
  const search = new SearchService(db, new SearchRepository(handle.engine), async () => tree, clock);
  const pm = await pdfmake();
  const publicPlanIndex = new PublicPlans({ db, search, clock, tree: async () => tree });

  // Files first (rendering outside the transaction).
  const prepared: Array<{ m: DemoMaterial; kind: MaterialKind; file: { buffer: Buffer; name: string }; revised?: { buffer: Buffer; name: string } }> = [];
  for (const [i, m] of DEMO_MATERIALS.entries()) {
    const unit = units.get(m.unit);
    if (!unit) throw new Error(`demo materials: unknown unit ${m.unit}`);
    const base = slugify(m.title, 60);
    let kind = m.kind;
    let file: { buffer: Buffer; name: string };
    let revised: { buffer: Buffer; name: string } | undefined;
    if ((m.format === 'pdf' || m.format === 'pdf-landscape') && pm) {
      file = { buffer: await makePdf(pm, m, unit.name), name: `${base}.pdf` };
      if (m.revised) revised = { buffer: await makePdf(pm, m, unit.name, m.revised.extra), name: `${base}-ban-sua.pdf` };
    } else if (m.format === 'docx') file = { buffer: await makeDocx(m, unit.name), name: `${base}.docx` };
    else {
      // PNG (or a PDF on a machine without a Vietnamese font: drawn as an infographic instead).
      if (m.format !== 'png') kind = 'infographic';
      file = { buffer: await makePng(m, unit.name, i), name: `${base}.png` };
    }
    prepared.push({ m, kind, file, revised });
  }

  let publicPlans = 0;
  await tx(db, async (trx) => {
    for (const p of prepared) {
      const m = p.m;
      const unitId = units.get(m.unit)!.id;
      const id = newId();
      const allowed = ['pdf', 'docx', 'png'] as const;
      const f1 = await files.save({ buffer: p.file.buffer, name: p.file.name, unitId, userId: author, allowed, maxBytes: config.maxUploadBytes }, trx);
      const versions = [{ file: f1, at: m.at, note: null as string | null }];
      if (p.revised && m.revised) {
        const f2 = await files.save({ buffer: p.revised.buffer, name: p.revised.name, unitId, userId: author, allowed, maxBytes: config.maxUploadBytes }, trx);
        versions.push({ file: f2, at: m.revised.at, note: m.revised.note });
      }
      const updated = versions[versions.length - 1].at;
      await trx
        .insertInto('materials')
        .values({ id, unit_id: unitId, kind: p.kind, title: m.title, description: m.description, visibility: m.visibility, campaign_id: campaign?.id ?? null, current_version: versions.length, archived: 0, created_by: author, created_at: m.at, updated_at: updated })
        .execute();
      for (const [i, v] of versions.entries()) {
        await trx.insertInto('material_versions').values({ id: newId(), material_id: id, version_no: i + 1, file_id: v.file.id, note: v.note, created_by: author, created_at: v.at }).execute();
      }
      const tIds = [...new Set(m.topics.map(topicId).filter((x): x is string => !!x))];
      for (const t of tIds) await trx.insertInto('material_topics').values({ material_id: id, topic_id: t }).execute();
      for (const [who, count] of m.downloads ?? []) {
        const key = who === PUBLIC_DOWNLOADER ? PUBLIC_DOWNLOADER : units.get(who)?.id;
        if (key) await trx.insertInto('material_downloads').values({ material_id: id, unit_key: key, count, last_at: updated }).execute();
      }
      if (m.visibility === 'public') {
        const topicTitles = tIds.length ? (await trx.selectFrom('topics').select('title').where('id', 'in', tIds).execute()).map((t) => t.title) : [];
        await search.index(trx, { kind: 'material', refId: id, unitId, categoryId: cat?.id ?? null, title: m.title, summary: m.description, body: [MATERIAL_KIND_LABELS[p.kind], ...topicTitles].join('\n'), url: `/tai-lieu/${id}`, imageId: null, publishedAt: m.at });
      }
    }
    // The demo's issued city and ward plans are public ("Văn bản").
    const plans = await trx.selectFrom('plans').select('id').where('status', 'in', ['issued', 'closed']).where('is_template', '=', 0).execute();
    for (const p of plans) {
      await trx.updateTable('plans').set({ is_public: 1 }).where('id', '=', p.id).execute();
      await publicPlanIndex.reindex(trx, p.id);
      publicPlans += 1;
    }
  });
  return { materials: DEMO_MATERIALS.length, publicPlans };
}
