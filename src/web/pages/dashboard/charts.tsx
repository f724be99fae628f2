// The dashboard's charts (recharts, SVG, no animation so they render at once and print as drawn).
// Every chart sits next to a table with the same numbers; a click on a bar opens the records behind it.
import {
  Bar,
  BarChart,
  CartesianGrid,
  ComposedChart,
  LabelList,
  Legend,
  Line,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useIsPhone } from '../../components/common';
import { usePrinting } from './usePrinting';
import { formatNumber } from '../../lib/format';

const RED = '#b3261e';
const BLUE = '#1c4690';
const GRID = '#e5e1da';
const TICK = { fontSize: 12, fill: '#495057' };

const fmt = (v: unknown) => formatNumber(typeof v === 'number' ? v : Number(v));

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Phone ticks: "T3/2025" → "T3" within one year, "T3/25" across years. */
function monthTick(label: string, oneYear: boolean): string {
  return oneYear ? label.replace(/\/\d{4}$/, '') : label.replace(/\/\d{2}(\d{2})$/, '/$1');
}

/** Width of a chart on A4 paper (portrait, 12 mm margins, inside a bordered card). */
const PRINT_WIDTH = 660;

/** Size props: CSS-sized and responsive on screen, fixed A4 width in print. */
function sizeProps(printing: boolean, height: number) {
  return printing
    ? { width: PRINT_WIDTH, height, responsive: false as const }
    : { responsive: true as const, style: { width: '100%', height } };
}

export interface MonthDatum {
  key: string;
  label: string;
  activities: number;
  attendance: number;
}

/** Activities (bars, left axis) and attendance (line, right axis) per reporting month. */
export function MonthChart({ data, onSelect }: { data: MonthDatum[]; onSelect?: (d: MonthDatum) => void }) {
  const phone = useIsPhone();
  const printing = usePrinting();
  const oneYear = new Set(data.map((d) => d.key.slice(0, 4))).size <= 1;
  return (
    <ComposedChart
      {...sizeProps(printing, phone && !printing ? 240 : 260)}
      data={data}
      margin={{ top: 16, right: 8, bottom: 0, left: 0 }}
    >
      <CartesianGrid stroke={GRID} vertical={false} />
      <XAxis
        dataKey="label"
        tick={TICK}
        interval={phone && !printing ? 'preserveStartEnd' : 0}
        minTickGap={4}
        tickFormatter={(v: string) => (phone || printing || data.length > 6 ? monthTick(v, oneYear) : v)}
      />
      <YAxis yAxisId="a" tick={TICK} allowDecimals={false} width={40} tickFormatter={fmt} />
      <YAxis yAxisId="p" orientation="right" tick={TICK} allowDecimals={false} width={52} tickFormatter={fmt} />
      <Tooltip formatter={fmt} />
      <Legend wrapperStyle={{ fontSize: 13 }} />
      <Bar
        yAxisId="a"
        dataKey="activities"
        name="Hoạt động"
        fill={RED}
        isAnimationActive={false}
        cursor={onSelect ? 'pointer' : undefined}
        onClick={(_, i) => onSelect?.(data[i])}
      />
      <Line
        yAxisId="p"
        dataKey="attendance"
        name="Lượt người tham dự"
        stroke={BLUE}
        strokeWidth={2}
        dot={{ r: 3 }}
        isAnimationActive={false}
      />
    </ComposedChart>
  );
}

export interface BarDatum {
  key: string;
  label: string;
  value: number;
}

/** Horizontal bars with the value written at the end of each bar (readable in print and without colour). */
export function HBarChart({
  data,
  name,
  color = RED,
  onSelect,
}: {
  data: BarDatum[];
  name: string;
  color?: string;
  onSelect?: (d: BarDatum) => void;
}) {
  const printing = usePrinting();
  const phone = useIsPhone() && !printing;
  const labelWidth = phone ? 124 : 230;
  const maxChars = phone ? 19 : 31;
  const height = Math.max(120, data.length * (phone ? 30 : printing ? 22 : 28) + 40);
  return (
    <BarChart
      {...sizeProps(printing, height)}
      layout="vertical"
      data={data}
      margin={{ top: 4, right: 40, bottom: 4, left: 0 }}
      barCategoryGap={6}
    >
      <CartesianGrid stroke={GRID} horizontal={false} />
      <XAxis type="number" tick={TICK} allowDecimals={false} tickFormatter={fmt} />
      <YAxis
        type="category"
        dataKey="label"
        width={labelWidth}
        interval={0}
        tick={(props: CategoryTickProps) => <CategoryTick {...props} maxChars={maxChars} fontSize={phone ? 11 : 12} />}
      />
      <Tooltip formatter={fmt} />
      <Bar
        dataKey="value"
        name={name}
        fill={color}
        isAnimationActive={false}
        cursor={onSelect ? 'pointer' : undefined}
        onClick={(_, i) => onSelect?.(data[i])}
        minPointSize={0}
      >
        <LabelList dataKey="value" position="right" formatter={fmt} style={{ fontSize: 12, fill: '#212529' }} />
      </Bar>
    </BarChart>
  );
}

interface CategoryTickProps {
  x?: number | string;
  y?: number | string;
  payload?: { value?: unknown };
}

/** One line per category, shortened with "…"; the full name as an SVG title (hover, screen readers). */
function CategoryTick({ x, y, payload, maxChars, fontSize }: CategoryTickProps & { maxChars: number; fontSize: number }) {
  const text = String(payload?.value ?? '');
  return (
    <text x={Number(x) - 6} y={y} dy="0.35em" textAnchor="end" fontSize={fontSize} fill={TICK.fill}>
      <title>{text}</title>
      {truncate(text, maxChars)}
    </text>
  );
}

export const CHART_COLORS = { red: RED, blue: BLUE, gold: '#b07f0d' };
