import { useMutation } from "@urql/preact";
import { useState } from "preact/hooks";
import { LoginMutation } from "../documents";
import { setToken } from "../lib/auth";
import { describeError } from "../lib/errors";
import { useTitle } from "../lib/hooks";

/** Shown when the server requires credentials and there is no valid sign-in. */
export function LoginPage({ onSignedIn = () => window.location.reload() }: { onSignedIn?: () => void }) {
  useTitle("Sign in");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string>();
  const [state, login] = useMutation(LoginMutation);
  return (
    <section class="card login" aria-labelledby="login-heading">
      <h1 id="login-heading">Sign in</h1>
      <p class="muted">This central system requires an operator account.</p>
      <form
        class="login-form"
        onSubmit={async (event) => {
          event.preventDefault();
          setError(undefined);
          const result = await login({ email: email.trim(), password });
          if (result.error || !result.data) {
            const code = result.error?.graphQLErrors[0]?.extensions?.code;
            setError(
              code === "UNAUTHENTICATED" || code === "BAD_USER_INPUT"
                ? "The email or password is not right."
                : describeError(result.error!),
            );
            return;
          }
          setToken(result.data.login.token, result.data.login.expiresAt);
          onSignedIn();
        }}
      >
        <label>
          Email
          <input
            name="email"
            type="email"
            autoComplete="username"
            required
            value={email}
            onInput={(e) => setEmail(e.currentTarget.value)}
          />
        </label>
        <label>
          Password
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </label>
        <button type="submit" disabled={state.fetching}>
          {state.fetching ? "Signing in…" : "Sign in"}
        </button>
        <p class="outcome outcome-error" role="alert">
          {error}
        </p>
      </form>
    </section>
  );
}
