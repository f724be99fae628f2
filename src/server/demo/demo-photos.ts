/**
 * Evidence photos for the demo activity reports, drawn locally from SVG with sharp (no downloads): a few
 * simple coloured scenes — a conference hall, banners in the street, a digital-skills class, a loudspeaker
 * on its pole, a stage, a residential-area meeting, an online contest — each with the event written on it
 * and marked as an illustration. Deterministic: the same bytes every run.
 */
import sharp from 'sharp';

export type PhotoScene = 'conference' | 'seminar' | 'banners' | 'panel' | 'class' | 'elderly' | 'radio' | 'stage' | 'meeting' | 'contest';

export interface DemoPhoto {
  scene: PhotoScene;
  /** File name as an officer would upload it. */
  name: string;
  /** Caption shown under the photo. */
  caption: string;
  jpeg: Buffer;
}

const W = 1200;
const H = 800;
const FONT = 'DejaVu Sans, Liberation Sans, sans-serif';

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Splits a label into lines of at most `max` characters, on spaces. */
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

/** Centred text lines on a banner box. */
function bannerText(lines: string[], cx: number, top: number, size: number, fill: string, weight = 'bold'): string {
  return lines.map((l, i) => `<text x="${cx}" y="${top + (i + 1) * size * 1.25}" text-anchor="middle" font-family="${FONT}" font-weight="${weight}" font-size="${size}" fill="${fill}">${xml(l)}</text>`).join('');
}

/** A person seen from behind or in front: head and shoulders. */
function person(x: number, y: number, s: number, shirt: string, hair = '#2b2118'): string {
  return `<ellipse cx="${x}" cy="${y + 34 * s}" rx="${26 * s}" ry="${20 * s}" fill="${shirt}"/><circle cx="${x}" cy="${y}" r="${15 * s}" fill="${hair}"/>`;
}

/** Rows of an audience, deterministic colours. */
function audience(rows: number, perRow: number, top: number, spacing: number, seed: number): string {
  const shirts = ['#f4f4f4', '#dfe7f2', '#1f4e79', '#ffffff', '#c8d6e5', '#8a9bb0', '#e9d8a6', '#e8f1f8'];
  let out = '';
  for (let r = 0; r < rows; r++) {
    const s = 0.8 + r * 0.18;
    const y = top + r * spacing;
    const n = perRow - r;
    const step = W / (n + 1);
    for (let i = 0; i < n; i++) out += person(step * (i + 1) + ((r % 2) * step) / 3, y, s, shirts[(i * 7 + r * 3 + seed) % shirts.length]);
  }
  return out;
}

const STAR = 'M0 -30 L8.8 -9.3 L28.5 -9.3 L12.9 3.6 L17.6 24.3 L0 12 L-17.6 24.3 L-12.9 3.6 L-28.5 -9.3 L-8.8 -9.3 Z';
const flag = (x: number, y: number, s = 1) =>
  `<g transform="translate(${x} ${y}) scale(${s})"><rect x="0" y="0" width="90" height="60" fill="#da251d"/><path d="${STAR}" transform="translate(45 31) scale(0.7)" fill="#ffff00"/><rect x="-4" y="0" width="4" height="170" fill="#6b6b6b"/></g>`;

const footer = `<rect x="0" y="${H - 44}" width="${W}" height="44" fill="#000" fill-opacity="0.35"/><text x="24" y="${H - 15}" font-family="${FONT}" font-size="20" fill="#ffffff">Ảnh minh họa — dữ liệu mẫu Lan Tỏa</text>`;

function hall(title: string, sub: string, backdrop: string, seed: number): string {
  return `<rect width="${W}" height="${H}" fill="#f3e9d2"/>
<rect x="0" y="0" width="${W}" height="360" fill="#e6d5b0"/>
<rect x="120" y="40" width="${W - 240}" height="250" rx="6" fill="${backdrop}"/>
<path d="${STAR}" transform="translate(${W / 2} 92) scale(1.1)" fill="#ffde00"/>
${bannerText(wrap(title, 42), W / 2, 118, 34, '#ffde00')}
${bannerText(wrap(sub, 70), W / 2, 226, 20, '#ffffff', 'normal')}
<rect x="170" y="300" width="${W - 340}" height="70" fill="#7b1e1e"/><rect x="170" y="300" width="${W - 340}" height="12" fill="#a83232"/>
<circle cx="260" cy="296" r="16" fill="#e94f64"/><circle cx="${W - 260}" cy="296" r="16" fill="#f2c14e"/>
${person(420, 262, 0.9, '#ffffff')}${person(600, 258, 0.95, '#1f4e79')}${person(780, 262, 0.9, '#ffffff')}
${audience(4, 11, 450, 80, seed)}`;
}

function street(title: string, seed: number, panel: boolean): string {
  const sky = panel ? '#9fd3f0' : '#b9e2f5';
  let poles = '';
  for (let i = 0; i < 7; i++) poles += flag(60 + i * 170, 150 + (i % 2) * 10, 0.75);
  const main = panel
    ? `<rect x="330" y="170" width="540" height="330" fill="#ffffff" stroke="#b71c1c" stroke-width="10"/><rect x="330" y="170" width="540" height="70" fill="#b71c1c"/>${bannerText(['PA NÔ TUYÊN TRUYỀN'], W / 2, 180, 34, '#ffffff')}${bannerText(wrap(title, 22), W / 2, 270, 36, '#b71c1c')}<rect x="585" y="500" width="30" height="160" fill="#555"/>`
    : `<rect x="80" y="310" width="${W - 160}" height="150" fill="#c62828"/>${bannerText(wrap(title, 56), W / 2, 318, 30, '#ffeb3b')}<rect x="70" y="320" width="14" height="340" fill="#555"/><rect x="${W - 84}" y="320" width="14" height="340" fill="#555"/>`;
  return `<rect width="${W}" height="${H}" fill="${sky}"/>
<circle cx="${1040 - seed * 10}" cy="90" r="50" fill="#fff3b0"/>
<rect x="0" y="560" width="${W}" height="240" fill="#6d6d6d"/><rect x="0" y="640" width="${W}" height="8" fill="#f4f4f4" stroke-dasharray="40 30"/>
<rect x="0" y="470" width="260" height="120" fill="#d9c8a9"/><rect x="940" y="450" width="260" height="140" fill="#cfd8dc"/>
<circle cx="140" cy="470" r="60" fill="#4caf50"/><circle cx="1070" cy="440" r="70" fill="#43a047"/>
${poles}${main}
${person(250, 640, 1.1, '#ff7043')}${person(950, 650, 1.1, '#26a69a')}`;
}

function classroom(title: string, seed: number, elderly: boolean): string {
  let desks = '';
  for (let r = 0; r < 2; r++) {
    for (let i = 0; i < 4; i++) {
      const x = 140 + i * 260;
      const y = 470 + r * 150;
      desks += person(x, y - 60, 1, elderly ? ['#e0e0e0', '#bcaaa4', '#90a4ae', '#d7ccc8'][(i + r + seed) % 4] : '#1565c0', elderly ? '#cfcfcf' : '#2b2118');
      desks += `<rect x="${x - 90}" y="${y}" width="180" height="22" fill="#8d6e63"/><rect x="${x + 18}" y="${y - 30}" width="26" height="44" rx="4" fill="#263238"/><rect x="${x + 21}" y="${y - 26}" width="20" height="34" fill="#4fc3f7"/>`;
    }
  }
  return `<rect width="${W}" height="${H}" fill="#eef4f7"/>
<rect x="180" y="40" width="840" height="250" fill="#1b5e20"/><rect x="170" y="30" width="860" height="270" fill="none" stroke="#795548" stroke-width="12"/>
${bannerText(wrap(title, 40), W / 2, 60, 36, '#ffffff')}
<rect x="250" y="200" width="120" height="70" rx="8" fill="#ffffff" opacity="0.85"/><text x="310" y="246" text-anchor="middle" font-family="${FONT}" font-size="28" fill="#1b5e20">VNeID</text>
<rect x="840" y="200" width="120" height="70" rx="8" fill="#ffffff" opacity="0.85"/><text x="900" y="246" text-anchor="middle" font-family="${FONT}" font-size="28" fill="#1b5e20">QR</text>
${desks}
${person(1060, 330, 1.2, '#ffffff')}`;
}

function radio(title: string): string {
  return `<rect width="${W}" height="${H}" fill="#87ceeb"/>
<circle cx="180" cy="130" r="70" fill="#fff8c4"/>
<ellipse cx="900" cy="140" rx="160" ry="45" fill="#ffffff" opacity="0.9"/><ellipse cx="980" cy="120" rx="110" ry="40" fill="#ffffff" opacity="0.9"/>
<rect x="0" y="600" width="${W}" height="200" fill="#7cb342"/>
<rect x="585" y="160" width="30" height="520" fill="#616161"/>
<g transform="translate(600 210)"><path d="M0 0 L-200 -70 L-200 90 Z" fill="#9e9e9e"/><ellipse cx="-200" cy="10" rx="30" ry="80" fill="#757575"/></g>
<g transform="translate(600 330)"><path d="M0 0 L200 -70 L200 90 Z" fill="#9e9e9e"/><ellipse cx="200" cy="10" rx="30" ry="80" fill="#757575"/></g>
<path d="M330 190 q-30 40 0 80 M300 170 q-45 60 0 120" stroke="#ffffff" stroke-width="6" fill="none"/>
<path d="M870 310 q30 40 0 80 M900 290 q45 60 0 120" stroke="#ffffff" stroke-width="6" fill="none"/>
<rect x="900" y="420" width="200" height="110" fill="#efebe9"/><path d="M880 420 L1000 350 L1120 420 Z" fill="#bf360c"/>
<rect x="120" y="560" width="960" height="110" rx="10" fill="#0d47a1" opacity="0.9"/>
${bannerText(wrap(title, 50), W / 2, 566, 30, '#ffffff')}`;
}

function stage(title: string, seed: number): string {
  return `<rect width="${W}" height="${H}" fill="#1a1a2e"/>
<rect x="60" y="40" width="${W - 120}" height="460" fill="#3b0d11"/>
<path d="M60 40 h260 q-60 230 0 460 h-260 Z" fill="#b71c1c"/><path d="M${W - 60} 40 h-260 q60 230 0 460 h260 Z" fill="#b71c1c"/>
<rect x="60" y="40" width="${W - 120}" height="60" fill="#8e0000"/>
${bannerText(wrap(title, 44), W / 2, 110, 34, '#ffd54f')}
<rect x="40" y="500" width="${W - 80}" height="40" fill="#5d4037"/>
${person(470, 380, 1.5, '#f06292')}${person(600, 370, 1.6, '#4fc3f7')}${person(730, 380, 1.5, '#aed581')}
<path d="M300 40 L420 500 L180 500 Z" fill="#fff59d" opacity="0.12"/><path d="M900 40 L1020 500 L780 500 Z" fill="#fff59d" opacity="0.12"/>
${audience(3, 12, 600, 70, seed).replace(/#f4f4f4|#ffffff|#e8f1f8|#dfe7f2/g, '#37474f')}`;
}

function meeting(title: string, seed: number): string {
  let ring = '';
  for (let i = 0; i < 12; i++) {
    const a = (Math.PI * 2 * i) / 12;
    ring += person(600 + Math.cos(a) * 330, 560 + Math.sin(a) * 130, 1, ['#ff8a65', '#4db6ac', '#9575cd', '#f6f6f6', '#ffd54f', '#90caf9'][(i + seed) % 6]);
  }
  return `<rect width="${W}" height="${H}" fill="#fff8e1"/>
<rect x="0" y="0" width="${W}" height="380" fill="#ffe0b2"/>
<rect x="200" y="60" width="800" height="200" fill="#c62828"/>
${bannerText(wrap(title, 42), W / 2, 80, 32, '#ffeb3b')}
<rect x="60" y="120" width="90" height="220" fill="#8d6e63"/><rect x="1050" y="120" width="90" height="220" fill="#8d6e63"/>
<ellipse cx="600" cy="600" rx="220" ry="70" fill="#a1887f"/>
${ring}`;
}

function contest(title: string): string {
  return `<rect width="${W}" height="${H}" fill="#e3f2fd"/>
<rect x="160" y="60" width="880" height="520" rx="18" fill="#263238"/><rect x="185" y="85" width="830" height="470" fill="#ffffff"/>
<rect x="185" y="85" width="830" height="90" fill="#1565c0"/>
${bannerText(wrap(title, 40), W / 2, 92, 30, '#ffffff')}
<text x="220" y="230" font-family="${FONT}" font-size="22" fill="#263238">Câu 7/20: Nghị quyết 57-NQ/TW được ban hành ngày nào?</text>
<rect x="220" y="260" width="370" height="60" rx="8" fill="#e3f2fd" stroke="#1565c0"/><text x="240" y="300" font-family="${FONT}" font-size="24" fill="#263238">A. 22/12/2024</text>
<rect x="610" y="260" width="370" height="60" rx="8" fill="#f5f5f5" stroke="#90a4ae"/><text x="630" y="300" font-family="${FONT}" font-size="24" fill="#263238">B. 18/5/2025</text>
<rect x="220" y="340" width="370" height="60" rx="8" fill="#f5f5f5" stroke="#90a4ae"/><text x="240" y="380" font-family="${FONT}" font-size="24" fill="#263238">C. 10/10/2024</text>
<rect x="610" y="340" width="370" height="60" rx="8" fill="#f5f5f5" stroke="#90a4ae"/><text x="630" y="380" font-family="${FONT}" font-size="24" fill="#263238">D. 26/3/2025</text>
<text x="220" y="460" font-family="${FONT}" font-size="20" fill="#546e7a">Câu hỏi dự đoán: có bao nhiêu người</text><text x="220" y="490" font-family="${FONT}" font-size="20" fill="#546e7a">trả lời đúng tất cả các câu hỏi của tuần?</text>
<rect x="540" y="580" width="120" height="80" fill="#37474f"/><rect x="420" y="660" width="360" height="20" rx="8" fill="#37474f"/>`;
}

const SCENES: Array<{ scene: PhotoScene; name: string; caption: string; svg: () => string }> = [
  { scene: 'conference', name: 'hoi-nghi-quan-triet-nq57.jpg', caption: 'Quang cảnh hội nghị quán triệt Nghị quyết 57-NQ/TW', svg: () => hall('Hội nghị quán triệt, triển khai Nghị quyết số 57-NQ/TW của Bộ Chính trị', 'Về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia', '#b71c1c', 1) },
  { scene: 'seminar', name: 'hoi-nghi-chuyen-doi-so.jpg', caption: 'Đại biểu dự hội nghị tuyên truyền về chuyển đổi số', svg: () => hall('Hội nghị tuyên truyền chuyển đổi số, dịch vụ công trực tuyến', 'Ủy ban MTTQ Việt Nam phối hợp tổ chức', '#0d47a1', 4) },
  { scene: 'banners', name: 'bang-ron-tuyen-truyen.jpg', caption: 'Băng rôn, cờ tuyên truyền trên tuyến đường chính', svg: () => street('Nghị quyết 57-NQ/TW: đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số', 2, false) },
  { scene: 'panel', name: 'pa-no-chuyen-doi-so.jpg', caption: 'Pa nô tuyên truyền Ngày Chuyển đổi số quốc gia 10/10', svg: () => street('Ngày Chuyển đổi số quốc gia 10/10', 5, true) },
  { scene: 'class', name: 'lop-binh-dan-hoc-vu-so.jpg', caption: 'Lớp "Bình dân học vụ số" hướng dẫn người dân sử dụng điện thoại thông minh', svg: () => classroom('Bình dân học vụ số — hướng dẫn kỹ năng số cho người dân', 3, false) },
  { scene: 'elderly', name: 'huong-dan-vneid-nguoi-cao-tuoi.jpg', caption: 'Hướng dẫn người cao tuổi cài đặt VNeID, thanh toán không dùng tiền mặt', svg: () => classroom('Hướng dẫn người cao tuổi cài đặt VNeID, dịch vụ công trực tuyến', 6, true) },
  { scene: 'radio', name: 'loa-truyen-thanh.jpg', caption: 'Hệ thống loa truyền thanh phát chuyên mục "Đại đoàn kết"', svg: () => radio('Chuyên mục "Đại đoàn kết" — tuyên truyền Nghị quyết 57-NQ/TW') },
  { scene: 'stage', name: 'hoi-thi-san-khau-hoa.jpg', caption: 'Tiểu phẩm tại hội thi sân khấu hóa tuyên truyền Nghị quyết 57-NQ/TW', svg: () => stage('Hội thi sân khấu hóa tuyên truyền Nghị quyết 57-NQ/TW', 2) },
  { scene: 'meeting', name: 'sinh-hoat-khu-dan-cu.jpg', caption: 'Tuyên truyền tại buổi sinh hoạt khu dân cư', svg: () => meeting('Sinh hoạt khu dân cư: tuyên truyền Nghị quyết 57-NQ/TW, chuyển đổi số', 1) },
  { scene: 'contest', name: 'cuoc-thi-truc-tuyen.jpg', caption: 'Giao diện cuộc thi trực tuyến tìm hiểu Nghị quyết 57-NQ/TW', svg: () => contest('Cuộc thi trực tuyến tìm hiểu Nghị quyết 57-NQ/TW') },
];

/** The demo's evidence photos (JPEG, 1200×800), rendered in parallel. */
export async function demoPhotos(): Promise<DemoPhoto[]> {
  return Promise.all(
    SCENES.map(async (s) => {
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">${s.svg()}${footer}</svg>`;
      const jpeg = await sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toBuffer();
      return { scene: s.scene, name: s.name, caption: s.caption, jpeg };
    }),
  );
}
