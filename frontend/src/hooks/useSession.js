import { useCallback, useState } from 'react'
import { clearAll, loadSession, saveSession } from '../storage.js'

// The signed-in customer ({token, email, name}), kept in sessionStorage for this tab only.
export function useSession() {
  const [session, setSession] = useState(loadSession)
  const signIn = useCallback((next) => {
    saveSession(next)
    setSession(next)
  }, [])
  const signOut = useCallback(() => {
    clearAll()
    setSession(null)
  }, [])
  return { session, signIn, signOut }
}
