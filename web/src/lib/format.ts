/** Wh → "12.345 kWh" (three decimals keep the width steady while a session runs). */
export function formatKWh(wh: number, decimals = 3): string {
  return `${(wh / 1000).toLocaleString("en-GB", { minimumFractionDigits: decimals, maximumFractionDigits: decimals })} kWh`;
}

export function formatKW(kw: number): string {
  return `${kw.toLocaleString("en-GB", { minimumFractionDigits: 1, maximumFractionDigits: 1 })} kW`;
}

const pad = (value: number) => String(value).padStart(2, "0");

/** Seconds → "1:02:03" / "2:03"; hours grow, minutes and seconds keep two digits. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  return hours > 0 ? `${hours}:${pad(minutes)}:${pad(seconds)}` : `${minutes}:${pad(seconds)}`;
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  const date = new Date(iso);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

export function formatTime(iso: string): string {
  const date = new Date(iso);
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** "just now", "45 s ago", "3 min ago", "2 h ago", then the date. */
export function formatAgo(iso: string | null | undefined, now: number): string {
  if (!iso) return "never";
  const seconds = Math.round((now - new Date(iso).getTime()) / 1000);
  if (seconds < 5) return "just now";
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  return formatDateTime(iso);
}

/** Local midnight of the day containing `now`, as an ISO string (for networkSummary's `since`). */
export function localMidnight(now: Date = new Date()): string {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate()).toISOString();
}

/** A datetime-local input value ("2026-11-25T18:00") for an ISO instant, in local time. */
export function toLocalInput(iso: string | null | undefined): string {
  if (!iso) return "";
  const date = new Date(iso);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The reverse of toLocalInput; undefined for an empty value. */
export function fromLocalInput(value: string): string | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
