export default function Header({ session, onSignOut }) {
  return (
    <header className="header">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">☁</span>
        <span>
          CloudMart <strong>Support</strong>
        </span>
      </div>
      {session && (
        <div className="account">
          <span className="account-name">
            Signed in as <strong>{session.name || session.email}</strong>
          </span>
          <button type="button" className="button ghost" onClick={onSignOut}>
            Sign out
          </button>
        </div>
      )}
    </header>
  )
}
