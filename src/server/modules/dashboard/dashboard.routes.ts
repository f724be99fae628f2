import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireActor } from '../../platform/http-auth.js';
import type { Services } from '../../services.js';
import { CoverageSchema, DashboardQuery, FollowUpSchema, SummarySchema, UnitsSchema } from './dashboard.schemas.js';

const FILTER_HELP =
  'Đơn vị (`unitId`, mặc định đơn vị đang làm việc) và các đơn vị trực thuộc mà bạn được xem; kỳ `period=month|quarter|half|year` + `year` + `index` + `cutoffDay`, hoặc `from`/`to` (mặc định quý hiện tại); `campaignId` (mặc định chương trình đang thực hiện, `all` = mọi chương trình); `unitGrouping=as_of_period` nhóm theo đơn vị tại thời điểm diễn ra hoạt động (kỳ trước 01/7/2025 hiện các phường cũ), `as_of_today` gộp vào đơn vị hiện nay.';

/** `/api/dashboard/…`: the monitoring dashboard (figures from the shared figures layer). */
export function dashboardRoutes(app: FastifyInstance, s: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Bảng điều khiển'];
  const scope = async (req: FastifyRequest) => s.auth.scopeFor(requireActor(req));

  r.get(
    '/api/dashboard/summary',
    {
      schema: {
        tags,
        summary: 'Bảng điều khiển: tổng hợp số liệu, theo hình thức, tháng, chủ đề, chỉ tiêu của chương trình và báo cáo chờ duyệt',
        description: FILTER_HELP,
        querystring: DashboardQuery,
        response: { 200: SummarySchema },
      },
    },
    async (req) => s.dashboard.summary(await scope(req), req.query),
  );

  r.get(
    '/api/dashboard/units',
    {
      schema: {
        tags,
        summary: 'Bảng điều khiển: số liệu theo đơn vị trực thuộc và các đơn vị chưa báo cáo trong kỳ',
        description: FILTER_HELP,
        querystring: DashboardQuery,
        response: { 200: UnitsSchema },
      },
    },
    async (req) => s.dashboard.units(await scope(req), req.query),
  );

  r.get(
    '/api/dashboard/coverage',
    {
      schema: {
        tags,
        summary: 'Bảng điều khiển: bảng phủ chủ đề (đơn vị × chủ đề của chương trình)',
        description: `${FILTER_HELP} Cần một chương trình cụ thể (400 \`campaign_required\` với \`all\`).`,
        querystring: DashboardQuery,
        response: { 200: CoverageSchema },
      },
    },
    async (req) => s.dashboard.coverage(await scope(req), req.query),
  );

  r.get(
    '/api/dashboard/follow-up',
    {
      schema: {
        tags,
        summary: 'Bảng điều khiển: nhiệm vụ quá hạn, kế hoạch thực hiện chưa ban hành, báo cáo định kỳ đến hạn',
        description: `${FILTER_HELP} Không phụ thuộc kỳ; lọc theo chương trình khi có.`,
        querystring: DashboardQuery,
        response: { 200: FollowUpSchema },
      },
    },
    async (req) => s.dashboard.followUp(await scope(req), req.query),
  );
}
