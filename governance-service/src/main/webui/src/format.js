/** 0x1234…abcd: the EIP-55 address the API answers, cut for reading; the whole one stays in a title and the copy. */
export function shortAddress(address) {
  return address && address.length > 12 ? `${address.slice(0, 6)}…${address.slice(-4)}` : address ?? '';
}

const grouping = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });

/**
 * A base-unit amount (a decimal string) in whole tokens with the token's symbol, exact in BigInt: grouped integer
 * digits and at most four decimals, trimmed, so that 1 wei of an 18-decimal token reads "<0.0001".
 */
export function formatAmount(raw, decimals = 0, symbol = '') {
  if (raw == null) return '–';
  const value = BigInt(raw);
  const negative = value < 0n;
  const magnitude = negative ? -value : value;
  const unit = 10n ** BigInt(decimals ?? 0);
  const whole = magnitude / unit;
  const fraction = magnitude % unit;
  let text = grouping.format(whole);
  if (fraction > 0n) {
    const digits = fraction.toString().padStart(Number(decimals), '0').slice(0, 4).replace(/0+$/, '');
    text = digits ? `${text}.${digits}` : whole === 0n ? '<0.0001' : text;
  }
  return `${negative ? '-' : ''}${text}${symbol ? ' ' + symbol : ''}`;
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** An ISO-8601 instant in the reader's time zone. */
export function formatTime(iso) {
  return iso ? dateTime.format(new Date(iso)) : '–';
}

export { zone as timeZone };

/** "2 d 3 h", "4 h 12 min", "35 s": the time until an instant, in its two largest units. */
export function formatDuration(milliseconds) {
  let seconds = Math.max(0, Math.floor(milliseconds / 1000));
  const parts = [];
  for (const [unit, size] of [['d', 86400], ['h', 3600], ['min', 60], ['s', 1]]) {
    const count = Math.floor(seconds / size);
    seconds -= count * size;
    if (count > 0 || (unit === 's' && parts.length === 0)) parts.push(`${count} ${unit}`);
  }
  return parts.slice(0, 2).join(' ');
}

/** The share of a total, for the tally chart, as a number from 0 to 1 (BigInt in, a float only for drawing). */
export function ratio(part, whole) {
  const w = BigInt(whole);
  if (w === 0n) return 0;
  return Number((BigInt(part) * 1_000_000n) / w) / 1_000_000;
}
