import { Center } from '@mantine/core';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { ApiError } from '../api/client.ts';
import { ErrorState } from '../components/error-state.tsx';
import { Loading } from '../components/loading.tsx';
import { pendingMfaStep, useMe } from './use-me.ts';

export function FullPageLoader() {
  return <Loading mih="100vh" />;
}

/** Lets only fully signed-in people through; everyone else goes to the login page. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  const next = encodeURIComponent(location.pathname + location.search);
  if (me.isPending) return <FullPageLoader />;
  if (me.error) {
    if (me.error instanceof ApiError && me.error.status === 401)
      return <Navigate to={`/login?next=${next}`} replace />;
    return (
      <Center mih="100vh" p="md">
        <ErrorState error={me.error} onRetry={() => void me.refetch()} />
      </Center>
    );
  }
  if (pendingMfaStep(me.data)) return <Navigate to={`/login?next=${next}`} replace />;
  return children;
}
