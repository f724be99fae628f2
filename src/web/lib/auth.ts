// Who is signed in: the `Me` document kept in react-query under ['me'].
import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { Action } from '../../shared/permissions';
import { ApiError, api, rememberMe, request } from './api';
import type { Me } from './types';

export const ME_KEY = ['me'] as const;

export async function fetchMe(): Promise<Me | null> {
  try {
    const me = await request<Me>('/api/auth/me', { allowUnauthenticated: true });
    rememberMe(me);
    return me;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      rememberMe(null);
      return null;
    }
    throw err;
  }
}

export function useMe() {
  return useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: 60_000, retry: 1 });
}

/** The signed-in person; only call below <RequireAuth>. */
export function useCurrentMe(): Me {
  const { data } = useMe();
  if (!data) throw new Error('useCurrentMe used outside RequireAuth');
  return data;
}

export function can(me: Me | null | undefined, action: Action): boolean {
  return !!me && me.permissions.includes(action);
}

export function useCan(action: Action): boolean {
  const { data } = useMe();
  return can(data, action);
}

/** Stores a fresh `Me` (after login, setup or acting-unit switch) and drops cached data of the old scope. */
export function setMe(client: QueryClient, me: Me | null): void {
  rememberMe(me);
  const previous = client.getQueryData<Me | null>(ME_KEY);
  const scopeChanged = !me || !previous || previous.user.id !== me.user.id || previous.actingUnitId !== me.actingUnitId;
  if (scopeChanged) {
    client.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
  }
  client.setQueryData(ME_KEY, me);
}

export function useSignOut() {
  const client = useQueryClient();
  return async (everywhere = false) => {
    try {
      await api.post<void>(everywhere ? '/api/auth/logout-all' : '/api/auth/logout');
    } catch {
      // Signing out must always succeed locally.
    }
    setMe(client, null);
    client.clear();
    client.setQueryData(ME_KEY, null);
  };
}
