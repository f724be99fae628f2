/**
 * Domain events that cross module boundaries. A module emits through the shared bus and others
 * subscribe in services.ts, so modules never import each other's internals.
 */
export interface DomainEvents {
  /** A plan was issued (numbered, distributed); handlers create requests, tasks, notifications. */
  'plan.issued': { planId: string; issuingUnitId: string };
  /** A plan was submitted to the unit's leaders for issue. */
  'plan.submitted': { planId: string; issuingUnitId: string };
  /**
   * Units ceased and others succeed them (a merge or split recorded by UnitsService, or the demo loader
   * replaying a static reorganisation); emitted inside the recording transaction. Handlers carry open
   * work over to the first successor.
   */
  'units.succeeded': { sourceIds: string[]; successorIds: string[]; effectiveDate: string };
  /**
   * A campaign's topic tree changed (a topic added, moved, archived or restored), inside the changing
   * transaction: the activities module re-maps topics to main topics, contests drop their cached quota paths.
   */
  'topics.changed': { campaignId: string };
  /** A task was assigned to a unit (and optionally a person). */
  'task.assigned': { taskId: string; unitId: string; assigneeUserId: string | null };
}
