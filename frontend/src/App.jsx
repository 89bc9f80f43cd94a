import Header from './components/Header.jsx'
import SignIn from './components/SignIn.jsx'
import SupportPage from './components/SupportPage.jsx'
import { useSession } from './hooks/useSession.js'

export default function App() {
  const { session, signIn, signOut } = useSession()
  return (
    <div className="app">
      <Header session={session} onSignOut={signOut} />
      <main className="main">
        {session ? <SupportPage session={session} /> : <SignIn onSignIn={signIn} />}
      </main>
    </div>
  )
}
