// What other features may use of photos; the rest of this folder is its own.
export { AddPhoto } from './AddPhoto';
export { OriginalState } from './OriginalState';
export { type PickerItem, PhotoPicker } from './PhotoPicker';
export { PhotoImage, UploadState } from './PhotoThumb';
export { PhotoOpenButton, PhotoThumbButton, PhotoViewer } from './PhotoViewer';
export { BeforeAfter, comparePair } from './BeforeAfter';
export { RetractedNote } from './RetractPhoto';
export { type DeviceSpace, type PhotoSpace, deviceSpace, ensurePersistent, nearlyFull, photoSpace } from './storage';
export { EvidencePhoto, type EvidencePlace, chinaTime, watermarkLines } from './EvidencePhoto';
export { bandedJpeg } from './banded-jpeg';
export { type RecordedVoice, VoiceAudio, VoiceRecorder } from './VoiceNote';
