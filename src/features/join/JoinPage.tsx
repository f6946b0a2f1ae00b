/** Join a work with an invite code and a display name: no password. */
import { useLocation, useNavigate, useSearchParams } from '@solidjs/router';
import { type Component, createSignal } from 'solid-js';
import { deviceId, memberships, rememberMembership } from '../../app-state';
// The first screen: only the small modules of core it uses, not the index (which brings every op schema).
import { codeFromFragment, formatInviteCode, normalizeInviteCode } from '../../core/invite-code';
import { normalizeName } from '../../core/names';
import { t } from './messages';
import { ApiError, api } from '../../sync/api';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Page } from '../../ui/Layout';

export const JoinPage: Component = () => {
  const [params] = useSearchParams<{ code?: string }>();
  const navigate = useNavigate();
  // The QR code's link holds the code in the fragment (#code=…); links printed before, in the query.
  const given = codeFromFragment(useLocation().hash) || params.code || '';
  const [code, setCode] = createSignal(given ? formatInviteCode(normalizeInviteCode(given)) : '');
  const [name, setName] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    // The name as everyone will see it (the server normalizes it the same way): invisible characters do not count.
    if (!code().trim() || !normalizeName(name())) {
      setError(t('join.error.empty'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      // a work whose sign-in expired here comes back as the same member, so its unsent records still go.
      const renew = memberships()
        .filter((m) => m.removedBecause === 'expired')
        .map((m) => m.token)
        .slice(0, 10);
      const res = await api.join({ code: normalizeInviteCode(code()), name: normalizeName(name()), deviceId: deviceId(), ...(renew.length ? { renew } : {}) });
      await rememberMembership({
        work: res.member.work,
        workName: res.workName,
        memberId: res.member.id,
        name: res.member.name,
        role: res.member.role,
        token: res.token,
        joinedAt: Date.now(),
      });
      // Ask the browser not to evict our data under storage pressure.
      void navigator.storage?.persist?.().catch(() => false);
      navigate(`/w/${res.member.work}`, { replace: true });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'invalid_code') setError(t('join.error.invalid_code'));
      else if (err instanceof ApiError && err.code === 'rate_limited') setError(t('join.error.rate_limited', { s: err.retryAfterS ?? 60 }));
      else if (err instanceof ApiError && err.code === 'network') setError(t('join.error.network'));
      else setError(t('join.error.other'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page title={t('join.title')}>
      <p class="lead">{t('join.intro')}</p>
      <form class="form" onSubmit={submit} novalidate>
        <label class="field">
          <span class="label">{t('join.code')}</span>
          <input
            name="code"
            autocomplete="off"
            autocapitalize="characters"
            inputmode="text"
            maxlength="20"
            value={code()}
            onInput={(e) => setCode(e.currentTarget.value)}
            aria-describedby="code-hint"
          />
          <span class="hint" id="code-hint">
            {t('join.codeHint')}
          </span>
        </label>
        <label class="field">
          <span class="label">{t('join.name')}</span>
          <input
            name="name"
            autocomplete="nickname"
            maxlength="80"
            value={name()}
            onInput={(e) => setName(e.currentTarget.value)}
            aria-describedby="name-hint"
          />
          <span class="hint" id="name-hint">
            {t('join.nameHint')}
          </span>
        </label>
        <ErrorAlert message={error()} />
        <button type="submit" class="btn primary big" disabled={busy()}>
          {busy() ? t('join.joining') : t('join.submit')}
        </button>
      </form>
    </Page>
  );
};
