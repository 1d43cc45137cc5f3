import { render } from 'preact';
import { LocationProvider, Router, Route, lazy } from 'preact-iso';
import { Home } from './pages/Home.jsx';
import './style.css';

// The DAO, proposal, account and rewards pages load on first visit, so that the first page carries only what it shows.
const Dao = lazy(() => import('./pages/Dao.jsx').then((m) => m.Dao));
const Proposal = lazy(() => import('./pages/Proposal.jsx').then((m) => m.Proposal));
const Account = lazy(() => import('./pages/Account.jsx').then((m) => m.Account));
const Rewards = lazy(() => import('./pages/Rewards.jsx').then((m) => m.Rewards));

function NotFound() {
  return (
    <>
      <h1>Not found</h1>
      <p>This page does not exist. <a href="/">Back to the governors</a>.</p>
    </>
  );
}

function App() {
  return (
    <LocationProvider>
      <a class="skip" href="#main">Skip to content</a>
      <header class="top">
        <a href="/" class="brand">Governance engine</a>
        <nav aria-label="Service">
          <a href="/rewards">Rewards</a>
          <a href="/q/graphql-ui">GraphQL</a>
        </nav>
      </header>
      <main id="main" tabindex="-1">
        <Router>
          <Route path="/" component={Home} />
          <Route path="/dao/:governor" component={Dao} />
          <Route path="/dao/:governor/proposal/:proposalId" component={Proposal} />
          <Route path="/dao/:governor/account/:address" component={Account} />
          <Route path="/rewards" component={Rewards} />
          <Route default component={NotFound} />
        </Router>
      </main>
    </LocationProvider>
  );
}

render(<App />, document.getElementById('app'));
