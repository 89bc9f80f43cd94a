import Header from './components/Header.jsx'
import SignIn from './components/SignIn.jsx'
import StaffPage from './components/StaffPage.jsx'
import SupportPage from './components/SupportPage.jsx'
import { useSession } from './hooks/useSession.js'

// Staff (agents and admins) get the support inbox; customers get the support page.
const isStaff = (session) => (session?.roles ?? []).some((r) => r === 'agent' || r === 'admin')

export default function App() {
  const { session, signIn, signOut } = useSession()
  let page = <SignIn onSignIn={signIn} />
  if (session) page = isStaff(session) ? <StaffPage session={session} /> : <SupportPage session={session} />
  return (
    <div className={`app ${isStaff(session) ? 'wide' : ''}`}>
      <Header session={session} onSignOut={signOut} />
      <main className="main">{page}</main>
    </div>
  )
}
