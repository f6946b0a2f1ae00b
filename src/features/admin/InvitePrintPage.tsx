/** One invite, to print and pin up or hand out: the big code, the QR code and how to join, in Chinese. */
import { Navigate, useLocation, useParams } from '@solidjs/router';
import { type Component, Show, createResource } from 'solid-js';
import { membershipFor } from '../../app-state';
import { codeFromFragment, inviteSheetPath } from '../../core/admin';
import { ta } from './messages';
import { adminApi } from '../../sync/admin-api';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Page } from '../../ui/Layout';
import { adminErrorText } from './admin-error';
import { InviteCard, expiryText } from './InvitesSection';
import { DownloadsBlockedNote, downloadsBlocked } from '../../ui/InAppGuide';

/** `/w/<work>/invites/<code>` (links made before the code moved to the fragment): the same sheet. */
export const OldInviteSheetLink: Component = () => {
  const params = useParams<{ workId: string; code: string }>();
  return <Navigate href={inviteSheetPath(params.workId, params.code)} />;
};

export const InvitePrintPage: Component = () => {
  const params = useParams<{ workId: string }>();
  const location = useLocation();
  const code = () => codeFromFragment(location.hash);
  const member = () => membershipFor(params.workId);
  const [invite] = createResource(
    () => member()?.token,
    async (token) => (await adminApi.invites(token)).invites.find((i) => i.code === code()) ?? null,
  );
  return (
    <Page title={ta('invite.printTitle')} back={`/w/${params.workId}/admin`}>
      <ErrorAlert message={invite.error ? adminErrorText(invite.error) : invite() === null ? ta('invite.notFound') : null} />
      <Show when={invite()}>
        {(inv) => (
          <article class="print-sheet" lang="zh-CN">
            <h2 class="print-title">加入「{member()?.workName}」监督小组</h2>
            <InviteCard invite={inv()} workName={member()?.workName ?? ''} big />
            <ol class="print-steps">
              <li>用手机相机或微信“扫一扫”扫描上面的二维码；或在手机浏览器里打开上面的网址。</li>
              <li>在“邀请码”一栏核对邀请码（扫码后已自动填好，也可以手动输入上面的 8 位邀请码）。</li>
              <li>填写大家怎么称呼您（例如：王阿姨、3 号楼李师傅），点“加入”。不需要密码。</li>
              <li>加入后，没有网络也能记录；有网络时会自动上传。</li>
            </ol>
            <p class="muted">{expiryText(inv())}</p>
            <DownloadsBlockedNote />
            <div class="actions no-print">
              <button type="button" class="btn primary big" disabled={downloadsBlocked()} onClick={() => window.print()}>
                {ta('invite.printNow')}
              </button>
            </div>
          </article>
        )}
      </Show>
    </Page>
  );
};
