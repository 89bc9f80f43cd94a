import { useCallback, useState } from 'react'
import { api } from '../api.js'
import { clearAll, loadSession, saveSession } from '../storage.js'

// The signed-in person ({token, email, name, roles, customerId}), kept for this tab only.
export function useSession() {
  const [session, setSession] = useState(loadSession)
  // Who the token names (roles: a staff member gets the inbox), asked once at sign-in.
  const signIn = useCallback(async (next) => {
    const me = await api.me(next.token).catch(() => null)
    const full = { ...next, roles: me?.roles ?? ['customer'], customerId: me?.customerId }
    saveSession(full)
    setSession(full)
  }, [])
  const signOut = useCallback(() => {
    clearAll()
    setSession(null)
  }, [])
  return { session, signIn, signOut }
}
