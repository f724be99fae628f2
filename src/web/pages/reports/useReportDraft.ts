// The editable part of a report, autosaved like the plan editor: PATCH with the version a few seconds after a
// change, a local copy while unsaved, 409 version_conflict / report_not_editable stop the autosave.
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, isApiError } from '../../lib/api';
import { type ReportDetail, type ReportSection, type ReportSigner, reportKey } from '../../lib/reports';

const AUTOSAVE_MS = 4000;

export interface DraftState {
  subject: string;
  sections: ReportSection[];
  recipients: string;
  archiveLine: string;
  place: string;
  docDate: string | null;
  signer: ReportSigner;
}

export type SaveStatus =
  | { kind: 'idle' }
  | { kind: 'dirty' }
  | { kind: 'saving' }
  | { kind: 'saved'; at: string }
  | { kind: 'error'; error: unknown }
  | { kind: 'conflict'; message: string }
  | { kind: 'locked'; message: string };

export interface LocalCopy {
  version: number;
  at: string;
  state: DraftState;
}

export const isBlocked = (s: SaveStatus) => s.kind === 'conflict' || s.kind === 'locked';

export function fromReport(r: ReportDetail): DraftState {
  return {
    subject: r.subject,
    sections: r.sections.map((s) => ({ key: s.key, heading: s.heading, content: s.content })),
    recipients: r.recipients.join('\n'),
    archiveLine: r.archiveLine ?? '',
    place: r.place ?? '',
    docDate: r.docDate,
    signer: { ...r.signer },
  };
}

export function toPayload(s: DraftState) {
  return {
    ...(s.subject.trim() ? { subject: s.subject.trim() } : {}),
    sections: s.sections,
    recipients: s.recipients
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean),
    archiveLine: s.archiveLine.trim(),
    place: s.place.trim(),
    docDate: s.docDate,
    signer: {
      mode: s.signer.mode,
      authority: s.signer.authority.trim(),
      position: s.signer.position.trim(),
      name: s.signer.name.trim(),
    },
  };
}

const localKey = (userId: string, reportId: string) => `lantoa.report-draft.${userId}.${reportId}`;

function readLocal(key: string): LocalCopy | null {
  try {
    const raw = window.localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as LocalCopy) : null;
  } catch {
    return null;
  }
}

function writeLocal(key: string, copy: LocalCopy) {
  try {
    window.localStorage.setItem(key, JSON.stringify(copy));
  } catch {
    // Storage full or disabled: the autosave still protects the text.
  }
}

export function clearLocal(key: string) {
  try {
    window.localStorage.removeItem(key);
  } catch {
    // ignore
  }
}

export function useReportDraft(report: ReportDetail, userId: string, editable: boolean) {
  const client = useQueryClient();
  const storageKey = localKey(userId, report.id);
  const [state, setState] = useState<DraftState>(() => fromReport(report));
  const stateRef = useRef(state);
  stateRef.current = state;
  const versionRef = useRef(report.version);
  const revision = useRef(0);
  const savedRevision = useRef(0);
  const saving = useRef<Promise<boolean> | null>(null);
  const timer = useRef<number | null>(null);
  const [status, setStatus] = useState<SaveStatus>({ kind: 'idle' });
  const statusRef = useRef(status);
  statusRef.current = status;

  const [restorable, setRestorable] = useState<LocalCopy | null>(() => {
    if (!editable) return null;
    const local = readLocal(storageKey);
    if (!local) return null;
    if (JSON.stringify(toPayload(local.state)) === JSON.stringify(toPayload(fromReport(report)))) {
      clearLocal(storageKey);
      return null;
    }
    return local;
  });

  // Not editable any more (submitted elsewhere): keep the server's version in step for the actions.
  if (!editable) versionRef.current = report.version;

  const save = useCallback(async (): Promise<boolean> => {
    if (timer.current) {
      window.clearTimeout(timer.current);
      timer.current = null;
    }
    if (saving.current) {
      await saving.current;
      if (revision.current === savedRevision.current) return true;
    }
    if (isBlocked(statusRef.current)) return false;
    if (revision.current === savedRevision.current && statusRef.current.kind !== 'error') return true;
    const rev = revision.current;
    const run = (async () => {
      setStatus({ kind: 'saving' });
      try {
        const saved = await api.patch<ReportDetail>(`/api/reports/${encodeURIComponent(report.id)}`, {
          version: versionRef.current,
          ...toPayload(stateRef.current),
        });
        versionRef.current = saved.version;
        savedRevision.current = rev;
        client.setQueryData(reportKey(report.id), saved);
        client.invalidateQueries({ queryKey: ['reports'] });
        if (revision.current === rev) clearLocal(storageKey);
        setStatus(revision.current === rev ? { kind: 'saved', at: saved.updatedAt } : { kind: 'dirty' });
        return true;
      } catch (err) {
        if (isApiError(err, 'version_conflict')) setStatus({ kind: 'conflict', message: err.message });
        else if (isApiError(err, 'report_not_editable')) setStatus({ kind: 'locked', message: err.message });
        else setStatus({ kind: 'error', error: err });
        return false;
      } finally {
        saving.current = null;
      }
    })();
    saving.current = run;
    const ok = await run;
    if (ok && revision.current > savedRevision.current && !timer.current) {
      timer.current = window.setTimeout(() => {
        timer.current = null;
        void save();
      }, AUTOSAVE_MS);
    }
    return ok;
  }, [client, report.id, storageKey]);

  const change = useCallback(<K extends keyof DraftState>(key: K, value: DraftState[K]) => {
    setState((prev) => ({ ...prev, [key]: value }));
    revision.current += 1;
  }, []);

  useEffect(() => {
    if (revision.current === savedRevision.current) return;
    writeLocal(storageKey, { version: versionRef.current, at: new Date().toISOString(), state });
    if (isBlocked(statusRef.current)) return;
    if (statusRef.current.kind !== 'saving') setStatus({ kind: 'dirty' });
    if (!timer.current && !saving.current) {
      timer.current = window.setTimeout(() => {
        timer.current = null;
        void save();
      }, AUTOSAVE_MS);
    }
  }, [state, storageKey, save]);

  useEffect(() => {
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (revision.current !== savedRevision.current) e.preventDefault();
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => {
      window.removeEventListener('beforeunload', onBeforeUnload);
      if (timer.current) window.clearTimeout(timer.current);
      if (revision.current !== savedRevision.current && !isBlocked(statusRef.current)) void save();
    };
  }, [save]);

  const changeSection = useCallback((key: ReportSection['key'], content: ReportSection['content']) => {
    setState((prev) => ({ ...prev, sections: prev.sections.map((s) => (s.key === key ? { ...s, content } : s)) }));
    revision.current += 1;
  }, []);

  /** Saves what is pending (true when nothing is left unsaved). */
  const flush = useCallback(async () => {
    if (revision.current === savedRevision.current && statusRef.current.kind !== 'error') return true;
    if (statusRef.current.kind === 'error') revision.current += 1;
    return save();
  }, [save]);

  /** Takes the server's detail as the new starting point (after refresh, load latest). */
  const reset = useCallback(
    (r: ReportDetail) => {
      versionRef.current = r.version;
      revision.current = 0;
      savedRevision.current = 0;
      setState(fromReport(r));
      clearLocal(storageKey);
      setStatus({ kind: 'saved', at: r.updatedAt });
    },
    [storageKey],
  );

  const loadLatest = async () => {
    const latest = await api.get<ReportDetail>(`/api/reports/${encodeURIComponent(report.id)}`);
    const mine: LocalCopy = { version: versionRef.current, at: new Date().toISOString(), state: stateRef.current };
    client.setQueryData(reportKey(report.id), latest);
    if (latest.status !== 'draft' && latest.status !== 'returned') {
      writeLocal(storageKey, mine);
      setStatus({ kind: 'locked', message: 'Báo cáo đã được gửi nên không sửa được nữa. Nội dung bạn đã nhập vẫn được giữ trên máy này.' });
      return;
    }
    reset(latest);
    writeLocal(storageKey, mine);
    setRestorable(mine);
  };

  const overwrite = async () => {
    const latest = await api.get<ReportDetail>(`/api/reports/${encodeURIComponent(report.id)}`);
    if (latest.status !== 'draft' && latest.status !== 'returned') {
      setStatus({ kind: 'locked', message: 'Báo cáo đã được gửi nên không lưu đè được.' });
      return false;
    }
    versionRef.current = latest.version;
    revision.current += 1;
    statusRef.current = { kind: 'dirty' };
    setStatus({ kind: 'dirty' });
    return save();
  };

  const restore = () => {
    if (!restorable) return;
    setState(restorable.state);
    revision.current += 1;
    setRestorable(null);
  };

  const dropRestorable = () => {
    clearLocal(storageKey);
    setRestorable(null);
  };

  return {
    state,
    change,
    changeSection,
    status,
    save,
    flush,
    reset,
    versionRef,
    restorable,
    restore,
    dropRestorable,
    loadLatest,
    overwrite,
    storageKey,
  };
}
