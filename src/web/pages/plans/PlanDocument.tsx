// The plan as it reads on paper: header, number, place-date, title, subject, body, recipients, signer.
import type { BlockNode, RichDoc } from '../../../shared/richtext';
import { isEmptyDoc, RichTextView } from '../../components/RichText';
import type { Plan } from '../../lib/plans';

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII'];
const RECURRENCE_TEXT: Record<string, string> = {
  monthly: 'định kỳ hằng tháng',
  quarterly: 'định kỳ hằng quý',
  ongoing: 'thường xuyên',
};

const vnDate = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/** "Tam Kỳ, ngày 07 tháng 3 năm 2025" (day < 10 and months 1–2 with a leading zero). */
export function placeDate(place: string, iso: string | null): string {
  const prefix = place.trim() ? `${place.trim()}, ` : '';
  if (!iso) return `${prefix}ngày … tháng … năm …`;
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7));
  const d = Number(iso.slice(8, 10));
  const dd = d < 10 ? `0${d}` : String(d);
  const mm = m < 3 ? `0${m}` : String(m);
  return `${prefix}ngày ${dd} tháng ${mm} năm ${y}`;
}

const para = (text: string, bold = false): BlockNode => ({
  type: 'paragraph',
  content: text ? [bold ? { type: 'text', text, marks: [{ type: 'bold' }] } : { type: 'text', text }] : [],
});

/** Section V written from the responsibilities, as the server does for .docx/.pdf when no section holds it. */
function responsibilitiesDoc(plan: Pick<Plan, 'responsibilities'>): RichDoc {
  const content: BlockNode[] = [];
  plan.responsibilities.forEach((r, i) => {
    content.push(para(`${i + 1}. ${r.heading}`, true));
    for (const d of r.duties) {
      const when = [
        d.recurrence !== 'once' ? RECURRENCE_TEXT[d.recurrence] : '',
        d.dueDate ? `hoàn thành trước ngày ${vnDate(d.dueDate)}` : '',
      ]
        .filter(Boolean)
        .join('; ');
      content.push(para(`- ${d.text.replace(/[.;]\s*$/, '')}${when ? ` (${when})` : ''}.`));
    }
  });
  return { type: 'doc', content };
}

export function documentSections(plan: Pick<Plan, 'sections' | 'responsibilities'>) {
  const sections = plan.sections.map((s) => ({ heading: s.heading, content: s.content }));
  const organisation = sections.find((s) => /TỔ CHỨC THỰC HIỆN/i.test(s.heading));
  // An empty "Tổ chức thực hiện" section is written from the responsibilities, like a missing one.
  if (organisation && isEmptyDoc(organisation.content) && plan.responsibilities.length) {
    organisation.content = responsibilitiesDoc(plan);
  } else if (!organisation && plan.responsibilities.length) {
    sections.push({
      heading: `${ROMAN[sections.length] ?? sections.length + 1}. TỔ CHỨC THỰC HIỆN`,
      content: responsibilitiesDoc(plan),
    });
  }
  return sections;
}

export function PlanDocument({ plan }: { plan: Plan }) {
  const isLetter = !plan.title.trim();
  const number = plan.numberText ? `Số: ${plan.numberText}` : `Số:\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/${plan.symbol}`;
  const sections = documentSections(plan);
  const notes = plan.footnotes.filter((f) => f.text);
  return (
    <article className="lt-doc" aria-label="Nội dung văn bản">
      <div className="lt-doc-header">
        <div>
          {plan.header.parentBody ? <div>{plan.header.parentBody}</div> : null}
          {plan.header.bodyName ? <div>{plan.header.bodyName}</div> : null}
          {plan.header.issuer ? <div style={{ fontWeight: 700 }}>{plan.header.issuer}</div> : null}
          <div className="lt-doc-rule" />
          <div>{number}</div>
          {isLetter ? <div style={{ fontSize: 13, marginTop: 4 }}>V/v {plan.subject}</div> : null}
        </div>
        <div>
          <div style={{ fontWeight: 700 }}>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</div>
          <div style={{ fontWeight: 700 }}>Độc lập - Tự do - Hạnh phúc</div>
          <div className="lt-doc-rule lt-doc-rule-wide" />
          <div className="lt-doc-place">{placeDate(plan.place, plan.docDate)}</div>
        </div>
      </div>
      {!isLetter ? (
        <>
          <div className="lt-doc-title">{plan.title}</div>
          <div className="lt-doc-subject">{plan.subject}</div>
          <div className="lt-doc-rule" style={{ width: '20%', marginBottom: 16 }} />
        </>
      ) : (
        <div style={{ height: 20 }} />
      )}
      <div className="lt-doc-body">
        {!isEmptyDoc(plan.preamble) ? <RichTextView doc={plan.preamble} /> : null}
        {sections.map((s, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: sections are shown in order
          <section key={i}>
            {s.heading ? <p className="lt-doc-heading">{s.heading}</p> : null}
            <RichTextView doc={s.content} />
          </section>
        ))}
        {!isEmptyDoc(plan.closing) ? <RichTextView doc={plan.closing} /> : null}
      </div>
      <div className="lt-doc-footer">
        <div className="lt-doc-recipients">
          <div style={{ fontWeight: 700, fontStyle: 'italic', fontSize: 15 }}>Nơi nhận:</div>
          {plan.recipients.map((r, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: recipients may repeat
            <div key={i}>- {r.text};</div>
          ))}
          {plan.archiveLine ? <div>- {plan.archiveLine.replace(/\.$/, '')}.</div> : null}
        </div>
        <div className="lt-doc-signer">
          {plan.signer.mode || plan.signer.authority ? (
            <div>
              {plan.signer.mode ? `${plan.signer.mode}. ` : ''}
              {plan.signer.authority}
            </div>
          ) : null}
          {plan.signer.position ? <div>{plan.signer.position}</div> : null}
          <div style={{ height: 72 }} aria-hidden />
          <div>{plan.signer.name || ' '}</div>
        </div>
      </div>
      {notes.length ? (
        <div style={{ marginTop: 20, fontSize: 14, borderTop: '1px solid #000', paddingTop: 6, width: '50%' }}>
          {notes.map((f) => (
            <div key={f.marker}>
              {f.marker} {f.text}
            </div>
          ))}
        </div>
      ) : null}
    </article>
  );
}
