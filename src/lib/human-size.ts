/** Sizes of files and storage in words people read at a glance. */
/**
 * A size as people read it: "3.2 MB", "512 MB", "10 GB"; never "10243 MB" (a number that long means nothing to
 * most people) nor "0.0 MB" for a small file.
 */
export function humanSize(bytes: number): string {
  const MB = 1024 * 1024;
  const GB = 1024 * MB;
  if (bytes <= 0) return '0 MB';
  if (bytes < 0.1 * MB) return '< 0.1 MB';
  if (bytes < 10 * MB) return `${(bytes / MB).toFixed(1)} MB`;
  if (bytes < GB) return `${Math.round(bytes / MB)} MB`;
  return `${(bytes / GB).toFixed(bytes < 10 * GB ? 1 : 0)} GB`;
}
