/** English ordinals for prose: 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 22nd, 101st, 111th. */
export function ordinal(n: number): string {
  const tens = Math.abs(n) % 100;
  const unit = Math.abs(n) % 10;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : unit === 1 ? 'st' : unit === 2 ? 'nd' : unit === 3 ? 'rd' : 'th';
  return `${n}${suffix}`;
}

/** "every row", "every 2nd row", "every 3rd row": a stride as prose (stride 1 is every row, not "every 1st"). */
export function everyNth(n: number, noun: string): string {
  return n === 1 ? `every ${noun}` : `every ${ordinal(n)} ${noun}`;
}
