/**
 * One QR poster, to print on A4 or A5 and put up: in Chinese (the residents' language), what the code is
 * for, the work and point, the response promise from the work's targets, and the community to call.
 */
import { useLocation, useParams } from '@solidjs/router';
import { type Component, Show, createResource } from 'solid-js';
import { membershipFor } from '../../app-state';
import { posterUrl } from '../../core/resident';
import { targetsOf } from '../../core';
import { ta } from './messages';
import { adminApi } from '../../sync/admin-api';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Page } from '../../ui/Layout';
import { adminErrorText } from './admin-error';
import { qrImageUrl } from './qr';
import { livePoints, liveWork } from './queries';

export const PosterPrintPage: Component = () => {
  const params = useParams<{ workId: string }>();
  const location = useLocation();
  const fragment = () => new URLSearchParams(location.hash.replace(/^#/, ''));
  const size = () => (fragment().get('size') === 'a5' ? 'a5' : 'a4');
  const member = () => membershipFor(params.workId);
  const work = liveWork(() => params.workId);
  const points = livePoints(() => params.workId);
  const [poster] = createResource(
    () => member()?.token,
    async (token) => (await adminApi.posters(token)).posters.find((p) => p.token === fragment().get('t') && p.revokedAt === null) ?? null,
  );
  const point = () => points().find((p) => p.id === poster()?.pointId);
  return (
    <Page title={ta('poster.printTitle')} back={`/w/${params.workId}/admin`}>
      <ErrorAlert message={poster.error ? adminErrorText(poster.error) : poster() === null ? ta('poster.notFound') : null} />
      <p class="muted no-print">{ta('poster.size', { size: size().toUpperCase() })}</p>
      <Show when={poster()}>
        {(p) => (
          <article class={`poster-sheet poster-${size()}`} lang="zh-CN">
            <h2 class="poster-title">施工有问题？扫码告诉我们</h2>
            <p class="poster-where">
              {work()?.name ?? member()?.workName}
              <Show when={point()}>{(pt) => <> · {pt().name}</>}</Show>
            </p>
            <img class="poster-qr" src={qrImageUrl(posterUrl(window.location.origin, p().token))} alt={ta('poster.qrAlt')} />
            <p class="poster-link small">{posterUrl(window.location.origin, p().token)}</p>
            <ol class="poster-steps">
              <li>用手机相机或微信“扫一扫”扫描二维码，不用下载，不用注册。</li>
              <li>选择问题类型，说一说情况，可以拍照（最多 3 张）。</li>
              <li>提交后会得到编号和专属链接，可以随时查看处理进度，修好后告诉我们是否真的解决了。</li>
            </ol>
            <p class="poster-promise">我们承诺：{targetsOf(work()).acknowledgeHours} 小时内回应。</p>
            <p class="poster-privacy">留不留联系方式由您决定；联系方式只给社区工作人员看，您可以随时在进度页面撤回。</p>
            <Show when={work()?.community}>
              <p class="poster-contact">急事或不方便扫码，请联系：{work()?.community}</p>
            </Show>
            <div class="actions no-print">
              <button type="button" class="btn primary big" onClick={() => window.print()}>
                {ta('invite.printNow')}
              </button>
            </div>
          </article>
        )}
      </Show>
    </Page>
  );
};
