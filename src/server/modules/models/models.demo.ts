import type { Config } from '../../config.js';
import type { Clock } from '../../platform/clock.js';
import { type DbHandle, tx } from '../../platform/db.js';
import { FileStore } from '../../platform/files.js';
import { newId } from '../../platform/ids.js';
import { reviewerUnits } from '../activities/activities.policy.js';
import { demoCover, SearchRepository, SearchService, slugify } from '../news/index.js';
import { renderVariants, storeImage } from '../news/news.images.js';
import { UnitsRepository } from '../units/units.repository.js';
import { sentences } from './models.service.js';
import { fieldLabel, MODEL_CATEGORY_SLUGS, MODEL_PATHS, type ModelField, type ModelKind } from './models.catalogue.js';

interface DemoModel {
  unit: string;
  kind: ModelKind;
  field: ModelField;
  name: string;
  place: string;
  year: number;
  summary: string;
  description: string[];
  achievements: string[];
  honour?: { form: string; docNumber: string; docDate: string };
  /** Accepted at (ISO instant); submitted a week before. */
  at: string;
  photo: { label: string; alt: string; caption: string };
  /** Demo articles whose title contains this text are linked as stories. */
  story?: string;
}

const DEMO_MODELS: DemoModel[] = [
  {
    unit: 'PHUONG_TAMKY_HPN',
    kind: 'model',
    field: 'thanh-toan-khong-tien-mat',
    name: 'Mô hình "Chợ 4.0 – thanh toán không dùng tiền mặt" tại chợ Tam Kỳ',
    place: 'Chợ Tam Kỳ, phường Tam Kỳ, thành phố Đà Nẵng',
    year: 2026,
    summary: 'Hội Liên hiệp Phụ nữ phường cùng tiểu thương đưa mã QR vào từng sạp hàng; sau một năm, khoảng 300 tiểu thương nhận thanh toán không dùng tiền mặt.',
    description: [
      'Mô hình bắt đầu từ tháng 10/2025 với 20 sạp hàng của hội viên phụ nữ ở khu hàng khô. Mỗi sạp được hướng dẫn mở tài khoản, in mã QR và kiểm tra tiền về qua thông báo của ngân hàng.',
      'Hội viên được phân công trực tại chợ vào sáng thứ Hai hằng tuần để hỗ trợ bà con xử lý trục trặc, đồng thời nhắc cách nhận biết tin nhắn, cuộc gọi giả mạo ngân hàng.',
      'Từ kết quả ở chợ Tam Kỳ, Ủy ban MTTQ Việt Nam phường đề nghị nhân rộng mô hình tại các điểm chợ tạm và cửa hàng tạp hóa trong các khối phố.',
    ],
    achievements: ['Khoảng 300 tiểu thương dùng mã QR (tháng 10/2026)', 'Không ghi nhận vụ lừa đảo chuyển khoản nào tại chợ trong năm đầu', 'Được Ủy ban MTTQ Việt Nam phường biểu dương dịp Ngày Chuyển đổi số quốc gia 10/10/2026'],
    honour: { form: 'Giấy khen của Ban Thường trực Ủy ban MTTQ Việt Nam phường Tam Kỳ', docNumber: '42/QĐ-MTTQ-BTT', docDate: '2026-10-09' },
    at: '2026-10-20T02:00:00.000Z',
    photo: { label: 'Chợ 4.0 — quét mã thanh toán', alt: 'Tiểu thương chợ Tam Kỳ bên mã QR thanh toán tại sạp hàng (ảnh minh họa)', caption: 'Mã QR thanh toán tại một sạp hàng khô, chợ Tam Kỳ' },
    story: 'Chợ 4.0',
  },
  {
    unit: 'AN_MY_KDC3',
    kind: 'model',
    field: 'binh-dan-hoc-vu-so',
    name: 'Tổ công nghệ số cộng đồng khối phố 3',
    place: 'Nhà văn hóa khối phố 3, phường Tam Kỳ',
    year: 2025,
    summary: 'Mỗi tối thứ Năm, tổ công nghệ số cộng đồng gồm đoàn viên, cựu giáo chức và cán bộ Ban công tác Mặt trận hướng dẫn người dân dùng điện thoại, dịch vụ công và an toàn trên mạng.',
    description: [
      'Tổ được thành lập tháng 4/2025 với 9 thành viên. Người dân mang điện thoại đến, tổ hướng dẫn từng việc: đăng ký khai sinh trực tuyến, thanh toán tiền điện, nhận biết cuộc gọi giả danh công an.',
      'Mỗi người được hướng dẫn trên chính chiếc điện thoại của mình, làm đi làm lại đến khi tự làm được. Tổ ghi sổ theo dõi số người được hướng dẫn để báo cáo Ban công tác Mặt trận.',
    ],
    achievements: ['Hơn 450 lượt người dân được hướng dẫn trong năm 2025', '95% hộ gia đình trong khối phố có tài khoản định danh điện tử mức 2', 'Mô hình được đề nghị nhân rộng ra các khối phố của phường Tam Kỳ'],
    honour: { form: 'Giấy khen của Ban Thường trực Ủy ban MTTQ Việt Nam phường Tam Kỳ', docNumber: '18/QĐ-MTTQ-BTT', docDate: '2025-12-05' },
    at: '2025-12-10T02:00:00.000Z',
    photo: { label: 'Tổ công nghệ số cộng đồng', alt: 'Thành viên tổ công nghệ số hướng dẫn người dân dùng điện thoại tại nhà văn hóa (ảnh minh họa)', caption: 'Buổi hướng dẫn tối thứ Năm tại nhà văn hóa khối phố 3' },
    story: 'Tổ công nghệ số cộng đồng',
  },
  {
    unit: 'PHUONG_TAMKY',
    kind: 'person',
    field: 'ky-nang-so-nguoi-cao-tuoi',
    name: 'Thầy Trần Văn Hòa – nhà giáo về hưu dạy người cao tuổi dùng điện thoại thông minh',
    place: 'Khối phố 4, phường Tam Kỳ',
    year: 2026,
    summary: 'Ở tuổi 72, hội viên Hội Cựu giáo chức Trần Văn Hòa mở lớp miễn phí tại nhà, giúp hàng trăm lượt người cao tuổi làm quen với điện thoại thông minh.',
    description: [
      'Lớp học của thầy Hòa không có bảng đen, chỉ có một chiếc ti vi nối với điện thoại để mọi người cùng nhìn. Bài học đầu tiên luôn là gọi video cho con cháu ở xa.',
      'Thầy tự soạn sổ tay hướng dẫn chữ to, chia những việc khó như cài ứng dụng ngân hàng, tra cứu hồ sơ trên Cổng dịch vụ công thành từng bước nhỏ.',
    ],
    achievements: ['Hơn 200 lượt người cao tuổi theo học từ năm 2025', 'Biên soạn sổ tay "Điện thoại thông minh cho ông bà" được Hội Người cao tuổi phường in phát'],
    honour: { form: 'Giấy khen của Ban Thường trực Ủy ban MTTQ Việt Nam thành phố Đà Nẵng', docNumber: '215/QĐ-MTTQ-BTT', docDate: '2026-05-12' },
    at: '2026-05-20T02:00:00.000Z',
    photo: { label: 'Lớp học số của thầy Hòa', alt: 'Thầy giáo về hưu hướng dẫn người cao tuổi dùng điện thoại thông minh (ảnh minh họa)', caption: 'Lớp học tại nhà thầy Trần Văn Hòa, khối phố 4' },
    story: 'Thầy giáo về hưu',
  },
  {
    unit: 'QUANG_PHU',
    kind: 'model',
    field: 'dich-vu-cong-truc-tuyen',
    name: 'Mô hình "Thôn số Phú Ninh" – mỗi hộ một tài khoản dịch vụ công',
    place: 'Thôn Phú Ninh, phường Quảng Phú',
    year: 2025,
    summary: 'Ban công tác Mặt trận thôn phối hợp công an phường đến từng hộ hướng dẫn kích hoạt định danh điện tử và nộp hồ sơ trực tuyến.',
    description: [
      'Thôn chia thành 6 cụm dân cư, mỗi cụm có một đoàn viên phụ trách. Đoàn viên đến từng nhà vào buổi tối, giúp bà con kích hoạt tài khoản định danh điện tử và thử nộp một hồ sơ trực tuyến.',
      'Những hộ không có điện thoại thông minh được hướng dẫn nhờ người thân hoặc đến điểm hỗ trợ tại nhà văn hóa thôn.',
    ],
    achievements: ['100% hộ gia đình có ít nhất một tài khoản dịch vụ công trực tuyến', 'Tỷ lệ hồ sơ nộp trực tuyến của thôn cao nhất phường năm 2025'],
    at: '2025-11-18T02:00:00.000Z',
    photo: { label: 'Thôn số Phú Ninh', alt: 'Đoàn viên hướng dẫn người dân thôn Phú Ninh kích hoạt định danh điện tử (ảnh minh họa)', caption: 'Hướng dẫn kích hoạt định danh điện tử tại nhà văn hóa thôn Phú Ninh' },
  },
  {
    unit: 'QUANG_PHU_DTN',
    kind: 'person',
    field: 'binh-dan-hoc-vu-so',
    name: 'Anh Lê Văn Hùng – thủ lĩnh đội hình "Thanh niên tình nguyện số" phường Quảng Phú',
    place: 'Phường Quảng Phú, thành phố Đà Nẵng',
    year: 2026,
    summary: 'Phó Bí thư Đoàn phường dẫn dắt 35 đoàn viên tình nguyện đi "gõ cửa từng nhà", phổ cập kỹ năng số cho người dân theo phong trào "Bình dân học vụ số".',
    description: [
      'Anh Hùng lập lịch trực cuối tuần cho đội hình, mỗi đoàn viên nhận hướng dẫn 10 hộ. Đội hình chú trọng người cao tuổi, người khuyết tật và hộ buôn bán nhỏ.',
      'Anh còn làm các video ngắn hướng dẫn bằng tiếng địa phương, chia sẻ trong nhóm Zalo của các khối phố.',
    ],
    achievements: ['Hơn 1.200 lượt người dân được hướng dẫn kỹ năng số', '12 video hướng dẫn được chia sẻ trên trang của Ủy ban MTTQ Việt Nam phường'],
    honour: { form: 'Giấy khen của Ban Thường trực Ủy ban MTTQ Việt Nam phường Quảng Phú', docNumber: '09/QĐ-MTTQ-BTT', docDate: '2026-03-26' },
    at: '2026-04-02T02:00:00.000Z',
    photo: { label: 'Thanh niên tình nguyện số', alt: 'Đoàn viên thanh niên hướng dẫn người dân cài ứng dụng trên điện thoại (ảnh minh họa)', caption: 'Đội hình "Thanh niên tình nguyện số" tại khối phố Mỹ Thạch Trung' },
  },
  {
    unit: 'TAN_THANH_KDC1',
    kind: 'model',
    field: 'khu-dan-cu-so',
    name: 'Mô hình "Camera an ninh – khu dân cư an toàn" khối phố Trường Thị 1',
    place: 'Khối phố Trường Thị 1, phường Bàn Thạch',
    year: 2026,
    summary: 'Người dân góp công, góp của lắp 24 camera an ninh ở các tuyến đường, kết nối điện thoại của tổ an ninh khu dân cư.',
    description: [
      'Ban công tác Mặt trận khối phố vận động các hộ kinh doanh và người dân đóng góp, lắp camera ở các ngã ba, ngã tư và đường kiệt; hình ảnh được xem trên điện thoại của tổ an ninh cơ sở.',
      'Mô hình giúp phát hiện, ngăn chặn kịp thời trộm cắp vặt và hỗ trợ giải quyết va chạm giao thông trong khu dân cư.',
    ],
    achievements: ['24 camera lắp đặt hoàn toàn bằng đóng góp của nhân dân', 'Không còn vụ trộm cắp tài sản trong khu dân cư từ tháng 3/2026'],
    at: '2026-08-14T02:00:00.000Z',
    photo: { label: 'Camera an ninh khu dân cư', alt: 'Camera an ninh lắp tại ngã ba khối phố Trường Thị 1 (ảnh minh họa)', caption: 'Camera an ninh do người dân đóng góp lắp đặt' },
  },
  {
    unit: 'HUONG_TRA_HND',
    kind: 'model',
    field: 'cds-san-xuat-kinh-doanh',
    name: 'Tổ hợp tác rau hữu cơ Hương Trà bán hàng trên sàn thương mại điện tử',
    place: 'Phường Hương Trà, thành phố Đà Nẵng',
    year: 2025,
    summary: 'Hội Nông dân phường hỗ trợ tổ hợp tác gắn mã truy xuất nguồn gốc, mở gian hàng trực tuyến và nhận đơn qua Zalo, giúp rau sạch đến thẳng bếp các gia đình trong thành phố.',
    description: [
      'Tổ hợp tác có 15 hộ thành viên trồng rau theo hướng hữu cơ. Với sự hỗ trợ của Hội Nông dân phường và Đoàn Thanh niên, mỗi lô rau được dán tem mã QR truy xuất nguồn gốc.',
      'Đơn hàng được nhận qua gian hàng trên sàn thương mại điện tử và nhóm Zalo khách quen; thành viên thay phiên giao hàng mỗi sáng.',
    ],
    achievements: ['Doanh thu bán trực tuyến chiếm khoảng 40% tổng doanh thu năm 2025', 'Thu nhập bình quân của các hộ thành viên tăng khoảng 25% so với năm 2024'],
    honour: { form: 'Giấy khen của Ban Thường trực Ủy ban MTTQ Việt Nam thành phố Đà Nẵng', docNumber: '301/QĐ-MTTQ-BTT', docDate: '2025-12-22' },
    at: '2025-12-26T02:00:00.000Z',
    photo: { label: 'Rau hữu cơ lên sàn', alt: 'Nông dân Hương Trà đóng gói rau có tem mã QR truy xuất nguồn gốc (ảnh minh họa)', caption: 'Đóng gói rau hữu cơ có tem truy xuất nguồn gốc' },
  },
  {
    unit: 'HUONG_TRA_CCB',
    kind: 'person',
    field: 'an-toan-thong-tin',
    name: 'Ông Trần Văn Lộc – cựu chiến binh tuyên truyền phòng chống lừa đảo trên mạng',
    place: 'Khối phố 2, phường Hương Trà',
    year: 2026,
    summary: 'Cựu chiến binh 68 tuổi trở thành "người gác cổng" của khối phố, nhắc bà con cảnh giác trước các chiêu lừa đảo qua điện thoại và mạng xã hội.',
    description: [
      'Sau khi một người hàng xóm bị lừa mất tiền qua cuộc gọi giả danh công an, ông Lộc tự tìm hiểu, ghi chép các thủ đoạn lừa đảo thường gặp và đọc trên loa truyền thanh khối phố mỗi sáng Chủ nhật.',
      'Ông cùng Hội Cựu chiến binh phường đến từng nhà người cao tuổi, hướng dẫn cách chặn số lạ, kiểm tra đường link và gọi lại cho con cháu trước khi chuyển tiền.',
    ],
    achievements: ['Kịp thời ngăn 5 trường hợp chuyển tiền cho đối tượng lừa đảo', 'Hơn 40 buổi tuyên truyền trên loa truyền thanh khối phố'],
    at: '2026-07-27T02:00:00.000Z',
    photo: { label: 'Cảnh giác lừa đảo trên mạng', alt: 'Cựu chiến binh tuyên truyền phòng chống lừa đảo cho người cao tuổi (ảnh minh họa)', caption: 'Ông Trần Văn Lộc trò chuyện với người cao tuổi trong khối phố' },
  },
  {
    unit: 'AN_PHU',
    kind: 'model',
    field: 'khu-dan-cu-so',
    name: 'Mô hình "Zalo khối phố" kết nối Ban công tác Mặt trận với người dân',
    place: 'Khối phố Mỹ Thạch Bắc, phường An Phú (nay là phường Quảng Phú)',
    year: 2024,
    summary: 'Mỗi khối phố một nhóm Zalo do Ban công tác Mặt trận quản trị: thông báo, phản ánh kiến nghị và lấy ý kiến người dân được trả lời trong ngày.',
    description: [
      'Nhóm Zalo có quy chế rõ ràng: chỉ đăng thông tin của khu dân cư, phản ánh được chuyển đến đúng tổ chức phụ trách và trả lời công khai trong nhóm.',
      'Nhờ nhóm Zalo, các cuộc vận động như Quỹ "Vì người nghèo", làm đường bê tông kiệt được bàn bạc công khai, người dân ở xa cũng tham gia ý kiến.',
    ],
    achievements: ['Hơn 90% hộ gia đình tham gia nhóm Zalo khối phố', 'Thời gian trả lời phản ánh của người dân rút xuống dưới một ngày'],
    honour: { form: 'Giấy khen của Ban Thường trực Ủy ban MTTQ Việt Nam thành phố Tam Kỳ', docNumber: '87/QĐ-MTTQ-BTT', docDate: '2024-11-15' },
    at: '2024-11-20T02:00:00.000Z',
    photo: { label: 'Zalo khối phố', alt: 'Cán bộ Ban công tác Mặt trận trả lời phản ánh của người dân trên nhóm Zalo (ảnh minh họa)', caption: 'Nhóm Zalo khối phố Mỹ Thạch Bắc' },
  },
  {
    unit: 'TRUONG_XUAN',
    kind: 'person',
    field: 'khoa-hoc-doi-moi-sang-tao',
    name: 'Em Nguyễn Minh Khoa – học sinh sáng chế thiết bị tưới cây thông minh',
    place: 'Phường Trường Xuân (nay là phường Tam Kỳ)',
    year: 2024,
    summary: 'Học sinh lớp 9 tự thiết kế thiết bị tưới cây tự động đo độ ẩm đất, giúp các hộ trồng rau trong khu dân cư tiết kiệm nước và công chăm sóc.',
    description: [
      'Từ những linh kiện điện tử giá rẻ, Khoa lập trình bộ điều khiển đo độ ẩm đất và tự bật máy bơm; thiết bị được thử nghiệm tại vườn rau của bà con khu dân cư Xuân Quý.',
      'Sản phẩm đạt giải Ba Cuộc thi Sáng tạo thanh thiếu niên nhi đồng cấp tỉnh năm 2024; Khoa hướng dẫn lại cho các bạn trong câu lạc bộ khoa học của trường.',
    ],
    achievements: ['Giải Ba Cuộc thi Sáng tạo thanh thiếu niên nhi đồng tỉnh Quảng Nam năm 2024', '6 thiết bị được lắp cho các hộ trồng rau trong khu dân cư'],
    at: '2024-10-28T02:00:00.000Z',
    photo: { label: 'Thiết bị tưới cây thông minh', alt: 'Học sinh giới thiệu thiết bị tưới cây tự động do em chế tạo (ảnh minh họa)', caption: 'Nguyễn Minh Khoa bên thiết bị tưới cây thông minh' },
  },
];

const vnDay = (iso: string) => new Date(Date.parse(iso) + 7 * 3600_000).toISOString().slice(0, 10);

/**
 * Ten demo good models and exemplary people of the Tam Kỳ wards (before and after 1/7/2025), all
 * recognised and public, with photos generated locally (sharp from SVG), commendation records and
 * links to the matching demo articles; indexed for search. Skips when any exists. Call after the news demo.
 */
export async function seedModelsDemo(handle: DbHandle, clock: Clock, config: Pick<Config, 'filesDir' | 'maxUploadBytes'>): Promise<{ models: number }> {
  const db = handle.db;
  if (await db.selectFrom('good_models').select('id').limit(1).executeTakeFirst()) return { models: 0 };
  const units = new Map((await db.selectFrom('units').select(['id', 'code']).execute()).map((u) => [u.code, u.id]));
  const users = new Map((await db.selectFrom('users').select(['id', 'username']).execute()).map((u) => [u.username, u.id]));
  const cats = new Map((await db.selectFrom('news_categories').select(['id', 'slug']).execute()).map((c) => [c.slug, c.id]));
  const tree = await new UnitsRepository(db).tree();
  const files = new FileStore(db, config.filesDir, clock);
  const search = new SearchService(db, new SearchRepository(handle.engine), async () => tree, clock);
  const today = clock.today();

  const prepared: Array<{ m: DemoModel; cover: Buffer; outputs: Awaited<ReturnType<typeof renderVariants>> }> = [];
  for (const [i, m] of DEMO_MODELS.entries()) {
    const cover = await demoCover(m.photo.label, m.kind === 'model' ? 'Mô hình hay' : 'Gương điển hình', MODEL_CATEGORY_SLUGS[m.kind], i + 61);
    prepared.push({ m, cover, outputs: await renderVariants(cover, `anh-${slugify(m.photo.label, 40)}`) });
  }
  await tx(db, async (trx) => {
    for (const { m, cover, outputs } of prepared) {
      const unitId = units.get(m.unit);
      if (!unitId) throw new Error(`demo models: unknown unit ${m.unit}`);
      const submitted = new Date(Date.parse(m.at) - 7 * 86400_000).toISOString();
      const reviewer = reviewerUnits(tree, unitId, vnDay(submitted), today)[0] ?? null;
      const author = users.get('tamky.btt') ?? null;
      const id = newId();
      let slug = slugify(m.name);
      if (await trx.selectFrom('good_models').select('id').where('slug', '=', slug).executeTakeFirst()) slug = `${slug}-${m.year}`;
      const img = await storeImage(trx, files, clock, { original: cover, name: 'anh.jpg', outputs, unitId, userId: author, alt: m.photo.alt, caption: m.photo.caption, width: 1600, height: 900, maxBytes: config.maxUploadBytes });
      await trx
        .insertInto('good_models')
        .values({
          id,
          unit_id: unitId,
          kind: m.kind,
          field: m.field,
          name: m.name,
          slug,
          place: m.place,
          summary: m.summary,
          description: m.description.join('\n\n'),
          achievements: m.achievements.join('\n'),
          year: m.year,
          status: 'accepted',
          is_public: 1,
          honour_form: m.honour?.form ?? null,
          honour_doc_number: m.honour?.docNumber ?? null,
          honour_doc_date: m.honour?.docDate ?? null,
          review_comment: 'Đồng ý công nhận và giới thiệu trên trang thông tin.',
          reviewed_by: null,
          reviewer_unit_id: reviewer,
          reviewed_at: m.at,
          submitted_at: submitted,
          published_at: m.at,
          created_by: author,
          created_at: submitted,
          updated_at: m.at,
          version: 3,
        })
        .execute();
      await trx.insertInto('good_model_photos').values({ model_id: id, image_id: img.id, sort: 1 }).execute();
      if (m.story) {
        const stories = await trx.selectFrom('news_articles').select('id').where('title', 'like', `%${m.story}%`).execute();
        for (const s of stories) await trx.insertInto('good_model_stories').values({ model_id: id, article_id: s.id }).execute();
      }
      let seq = 0;
      for (const [kind, at, actor] of [
        ['created', submitted, unitId],
        ['submitted', submitted, unitId],
        ['accepted', m.at, reviewer],
      ] as const) {
        await trx.insertInto('good_model_events').values({ id: newId(), model_id: id, seq: ++seq, kind, comment: kind === 'accepted' ? 'Đồng ý công nhận và giới thiệu trên trang thông tin.' : null, user_id: null, acting_unit_id: actor, at }).execute();
      }
      await search.index(trx, {
        kind: 'model',
        refId: id,
        unitId,
        categoryId: cats.get(MODEL_CATEGORY_SLUGS[m.kind]) ?? null,
        title: m.name,
        summary: m.summary,
        body: sentences([...m.description, ...m.achievements, m.place, fieldLabel(m.field), m.honour?.form ?? '']),
        url: `${MODEL_PATHS[m.kind]}/${slug}`,
        imageId: img.id,
        publishedAt: m.at,
      });
    }
  });
  return { models: DEMO_MODELS.length };
}
