import ConfirmPage from './components/ConfirmPage.jsx'
import Header from './components/Header.jsx'
import SignIn from './components/SignIn.jsx'
import StaffPage from './components/StaffPage.jsx'
import SupportPage from './components/SupportPage.jsx'
import { useSession } from './hooks/useSession.js'

// Staff (agents and admins) get the support inbox; customers get the support page.
const isStaff = (session) => (session?.roles ?? []).some((r) => r === 'agent' || r === 'admin')
// /confirm/<actionId>: the page an AI agent sends the customer to (MCP URL-mode elicitation).
const CONFIRM = /^\/confirm\/([A-Za-z0-9_-]+)\/?$/

export default function App() {
  const { session, signIn, signOut } = useSession()
  const confirming = CONFIRM.exec(window.location.pathname)?.[1]
  let page = <SignIn onSignIn={signIn} />
  if (session && confirming) page = <ConfirmPage session={session} actionId={confirming} />
  else if (session) page = isStaff(session) ? <StaffPage session={session} /> : <SupportPage session={session} />
  return (
    <div className={`app ${isStaff(session) ? 'wide' : ''}`}>
      <Header session={session} onSignOut={signOut} />
      <main className="main">{page}</main>
    </div>
  )
}
