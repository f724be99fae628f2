/** The fixed catalogues of the good-models registry (keys are stored; labels are shown). */

export const MODEL_KINDS = ['model', 'person'] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];
export const MODEL_KIND_LABELS: Record<ModelKind, string> = { model: 'Mô hình hay', person: 'Gương điển hình tiên tiến' };

/** Public URL prefix of a profile by kind. */
export const MODEL_PATHS: Record<ModelKind, string> = { model: '/mo-hinh', person: '/guong-dien-hinh' };
/** The news category a kind belongs to (search filter by category, category pages). */
export const MODEL_CATEGORY_SLUGS: Record<ModelKind, string> = { model: 'mo-hinh-hay', person: 'guong-dien-hinh' };

export const MODEL_FIELDS = [
  { key: 'cds-san-xuat-kinh-doanh', label: 'Chuyển đổi số trong sản xuất, kinh doanh' },
  { key: 'ky-nang-so-nguoi-cao-tuoi', label: 'Kỹ năng số cho người cao tuổi' },
  { key: 'binh-dan-hoc-vu-so', label: 'Phổ cập kỹ năng số — phong trào "Bình dân học vụ số"' },
  { key: 'thanh-toan-khong-tien-mat', label: 'Thanh toán không dùng tiền mặt' },
  { key: 'dich-vu-cong-truc-tuyen', label: 'Dịch vụ công trực tuyến, định danh điện tử' },
  { key: 'khoa-hoc-doi-moi-sang-tao', label: 'Khoa học, công nghệ và đổi mới sáng tạo' },
  { key: 'an-toan-thong-tin', label: 'An toàn thông tin, phòng chống lừa đảo trên mạng' },
  { key: 'khu-dan-cu-so', label: 'Khu dân cư văn minh, khu dân cư số' },
  { key: 'khac', label: 'Lĩnh vực khác' },
] as const;
export type ModelField = (typeof MODEL_FIELDS)[number]['key'];
export const MODEL_FIELD_KEYS = MODEL_FIELDS.map((f) => f.key) as [ModelField, ...ModelField[]];
export const fieldLabel = (key: string) => MODEL_FIELDS.find((f) => f.key === key)?.label ?? key;

export const MODEL_STATUSES = ['draft', 'submitted', 'accepted', 'returned', 'rejected'] as const;
export type ModelStatus = (typeof MODEL_STATUSES)[number];
export const MODEL_STATUS_LABELS: Record<ModelStatus, string> = {
  draft: 'Nháp',
  submitted: 'Chờ xét duyệt',
  accepted: 'Đã công nhận',
  returned: 'Trả lại để bổ sung',
  rejected: 'Không công nhận',
};
