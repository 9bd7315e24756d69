import { Navigate } from 'react-router';
import { can, useMe } from '../../auth/use-me.ts';

/** /signatures opens my signatures when I may keep some, else the verification page. */
export default function SignaturesIndex() {
  const me = useMe().data;
  return (
    <Navigate to={can(me, 'signatures.manage_own') ? '/signatures/mine' : '/signatures/verify'} replace />
  );
}
