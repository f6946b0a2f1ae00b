/**
 * Voice notes on a complaint, a comment or a checklist answer: for those who would rather speak than type. Recorded with the phone's own
 * recorder (MediaRecorder: WebM/Opus on Android, MP4/AAC on iPhone), stopped at two minutes, kept on the
 * device like a photo (content-addressed) and sent by the same resumable, hash-checked upload queue once
 * the op naming it syncs. Played back on every device, from the device or the server.
 */
import { type Component, Show, createResource, createSignal, onCleanup } from 'solid-js';
import { VOICE_LIMITS, VOICE_TYPES, type VoiceNote } from '../../core';
import { db } from '../../db/db';
import { sha256Hex } from '../../lib/sha256';
import { membershipFor } from '../../app-state';
import { api } from '../../sync/api';
import { readBlob } from '../../sync/blobs';
import { t } from './messages';

export interface RecordedVoice {
  note: VoiceNote;
  bytes: ArrayBuffer;
}

/** The recorder formats to ask for, best first; the phone makes the first it can. */
const WANTED = ['audio/webm;codecs=opus', 'audio/mp4', 'audio/ogg;codecs=opus', 'audio/webm', 'audio/aac'];

const seconds = (ms: number) => {
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

export const VoiceRecorder: Component<{ value: RecordedVoice | null; onChange: (v: RecordedVoice | null) => void; onError: (text: string) => void }> = (
  props,
) => {
  const [recording, setRecording] = createSignal(false);
  const [elapsed, setElapsed] = createSignal(0);
  let recorder: MediaRecorder | null = null;
  let tick: ReturnType<typeof setInterval> | undefined;
  let limit: ReturnType<typeof setTimeout> | undefined;

  const start = async () => {
    if (typeof MediaRecorder === 'undefined' || !navigator.mediaDevices?.getUserMedia) return props.onError(t('voice.unsupported'));
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch {
      return props.onError(t('voice.denied'));
    }
    const mimeType = WANTED.find((m) => MediaRecorder.isTypeSupported(m));
    // Speech needs little: 32 kbit/s keeps two minutes near 0.5 MB, one quick upload on a poor link.
    const rec = new MediaRecorder(stream, { ...(mimeType ? { mimeType } : {}), audioBitsPerSecond: 32_000 });
    const chunks: Blob[] = [];
    const began = Date.now();
    rec.ondataavailable = (e) => e.data.size > 0 && chunks.push(e.data);
    rec.onstop = async () => {
      clearInterval(tick);
      clearTimeout(limit);
      for (const track of stream.getTracks()) track.stop();
      setRecording(false);
      const type = (rec.mimeType || mimeType || '').split(';')[0]!.trim() as VoiceNote['type'];
      const blob = new Blob(chunks, { type });
      const durationMs = Math.min(VOICE_LIMITS.ms, Math.max(1, Date.now() - began));
      if (!VOICE_TYPES.includes(type) || blob.size === 0) return props.onError(t('voice.unsupported'));
      if (blob.size > VOICE_LIMITS.bytes) return props.onError(t('voice.tooBig'));
      const bytes = await blob.arrayBuffer();
      props.onChange({ note: { hash: await sha256Hex(bytes), size: bytes.byteLength, durationMs, type }, bytes });
    };
    recorder = rec;
    rec.start(1_000);
    setElapsed(0);
    setRecording(true);
    tick = setInterval(() => setElapsed(Date.now() - began), 500);
    // Two minutes at most: the recording stops by itself and is kept.
    limit = setTimeout(() => rec.state !== 'inactive' && rec.stop(), VOICE_LIMITS.ms - 250);
  };
  const stop = () => recorder?.state === 'recording' && recorder.stop();
  onCleanup(() => {
    clearInterval(tick);
    clearTimeout(limit);
    if (recorder?.state === 'recording') recorder.stop();
  });

  return (
    <div class="voice-recorder">
      <Show
        when={props.value}
        fallback={
          <Show
            when={recording()}
            fallback={
              <button type="button" class="btn" onClick={() => void start()}>
                {t('voice.record')}
              </button>
            }
          >
            <button type="button" class="btn primary" onClick={stop}>
              {t('voice.stop', { time: seconds(elapsed()), max: seconds(VOICE_LIMITS.ms) })}
            </button>
          </Show>
        }
      >
        {(v) => (
          <p class="voice-ready">
            <VoiceAudio note={v().note} bytes={v().bytes} />
            <button type="button" class="btn" onClick={() => props.onChange(null)}>
              {t('voice.discard')}
            </button>
          </p>
        )}
      </Show>
    </div>
  );
};

async function voiceUrl(note: VoiceNote, work: string): Promise<string | null> {
  const local = await readBlob(db, note.hash).catch(() => null);
  let bytes: ArrayBuffer | null = local;
  if (!bytes) {
    const m = membershipFor(work);
    if (!m) return null;
    try {
      const fetched = await api.getBlob(m.token, note.hash);
      bytes = (await sha256Hex(fetched)) === note.hash ? fetched : null;
    } catch {
      bytes = null;
    }
  }
  return bytes ? URL.createObjectURL(new Blob([bytes], { type: note.type })) : null;
}

/** A voice note's player; its bytes come from the recorder, this device's store or the server. */
export const VoiceAudio: Component<{ note: VoiceNote; work?: string; bytes?: ArrayBuffer }> = (props) => {
  const [url, { refetch }] = createResource(
    () => props.note.hash,
    async () => (props.bytes ? URL.createObjectURL(new Blob([props.bytes], { type: props.note.type })) : voiceUrl(props.note, props.work ?? '')),
  );
  // The comment may arrive before the bytes (its author's phone uploads after syncing): try again later.
  let retries = 0;
  const timer = setInterval(() => {
    if (url() || url.loading || retries++ >= 8) return;
    void refetch();
  }, 4_000);
  onCleanup(() => {
    clearInterval(timer);
    const u = url();
    if (u) URL.revokeObjectURL(u);
  });
  const label = () => t('voice.label', { time: seconds(props.note.durationMs) });
  return (
    <Show when={url()} fallback={<span class="muted">{url.loading ? '…' : t('voice.unavailable', { time: seconds(props.note.durationMs) })}</span>}>
      {(u) => (
        <span class="voice-note">
          {/* A recorder's WebM carries no length the player can show: the note's own length is said here. */}
          <span class="muted small" aria-hidden="true">
            {label()}
          </span>
          <audio class="voice-audio" controls preload="metadata" src={u()} aria-label={label()} />
        </span>
      )}
    </Show>
  );
};
