import { Duration } from 'cdk8s';

/** A Go duration string (`5s`, `3m`, `1h30m`), the format Argo CD and external-secrets parse. */
export function goDuration(duration: Duration): string {
  let seconds = Math.round(duration.toMilliseconds({ integral: false }) / 1000);
  const hours = Math.floor(seconds / 3600);
  seconds -= hours * 3600;
  const minutes = Math.floor(seconds / 60);
  seconds -= minutes * 60;
  const out = `${hours ? `${hours}h` : ''}${minutes ? `${minutes}m` : ''}${seconds ? `${seconds}s` : ''}`;
  return out || '0s';
}
