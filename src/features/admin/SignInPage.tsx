/** Staff sign in with a password on any device: every work of their account comes onto this device. */
import { A, useNavigate } from '@solidjs/router';
import { type Component, Show, createSignal } from 'solid-js';
import { deviceId, rememberMemberships } from '../../app-state';
import { t, ta } from './messages';
import { ApiError } from '../../sync/api';
import { adminApi, toMembership } from '../../sync/admin-api';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Page } from '../../ui/Layout';
import { adminErrorText } from './admin-error';

export const SignInPage: Component = () => {
  const navigate = useNavigate();
  const [login, setLogin] = createSignal('');
  const [password, setPassword] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const [empty, setEmpty] = createSignal(false);

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    if (!login().trim() || !password()) return setError(ta('signin.error.empty'));
    setBusy(true);
    setError(null);
    try {
      const res = await adminApi.signIn({ login: login().trim().toLowerCase(), password: password(), deviceId: deviceId() });
      const now = Date.now();
      await rememberMemberships(res.memberships.map((g) => toMembership(g, now)));
      setPassword('');
      if (res.memberships.length === 0) return setEmpty(true);
      navigate(`/w/${res.memberships[0]!.member.work}`, { replace: true });
    } catch (err) {
      setError(err instanceof ApiError && err.code === 'unauthorized' ? ta('signin.error.wrong') : adminErrorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page title={t('signin.title')} back="/settings">
      <p class="lead">{ta('signin.intro')}</p>
      <form class="form" onSubmit={submit} novalidate>
        <label class="field">
          <span class="label">{ta('signin.login')}</span>
          <input name="login" autocomplete="username" autocapitalize="none" maxlength="40" value={login()} onInput={(e) => setLogin(e.currentTarget.value)} />
        </label>
        <label class="field">
          <span class="label">{ta('signin.password')}</span>
          <input
            name="password"
            type="password"
            autocomplete="current-password"
            maxlength="200"
            value={password()}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </label>
        <ErrorAlert message={error()} />
        <Show when={empty()}>
          <p class="flash" role="status">
            {ta('signin.noWorks')}
          </p>
        </Show>
        <button type="submit" class="btn primary big" disabled={busy()}>
          {busy() ? ta('signin.signingIn') : ta('signin.submit')}
        </button>
      </form>
      <p class="muted">
        {ta('signin.volunteers')} <A href="/join">{t('join.title')}</A>
      </p>
    </Page>
  );
};
