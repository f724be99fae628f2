/**
 * What the plan cascade needs from an issued plan: the shape returned by `loadCascadeSource(trx, planId)`
 * of the plans module (wired in services.ts), declared here so the tasks module does not import plans.
 */
export interface CascadeSource {
  plan: {
    id: string;
    issuingUnitId: string;
    campaignId: string | null;
    periodStart: string | null;
    periodEnd: string | null;
    numberText: string | null;
    subject: string;
    docDate: string | null;
  };
  responsibilities: Array<{
    id: string;
    heading: string;
    /** `self` (or no group and no units): the issuing unit's own duties. */
    targetGroup?: string | null;
    targetUnitIds: string[];
    duties: Array<{ text: string; recurrence: string; dueDate: string | null; topicIds: string[]; formIds: string[] }>;
  }>;
}
