/**
 * Protocol Buffers wire format (https://protobuf.dev/programming-guides/encoding/): just the parts the
 * ONNX schema uses — varints (int32/int64/enum), 32- and 64-bit fixed values, length-delimited fields
 * (strings, bytes, sub-messages, packed repeated numbers).
 *
 * Why our own: protobufjs builds its codecs with `new Function`, which a Content-Security-Policy without
 * 'unsafe-eval' forbids, and `onnx-proto` pins an old protobufjs. The subset ONNX needs is ~200 lines.
 *
 * The reader is written for hostile input: every length is checked against the bytes that remain, a varint
 * may be at most 10 bytes, and every failure is an `OnnxFormatError` naming what was being read and where.
 */

export class OnnxFormatError extends Error {
  override name = 'OnnxFormatError';
}

/** Wire types (the low 3 bits of a field key). Groups (3, 4) are deprecated and unused by ONNX. */
export const WireType = { Varint: 0, Fixed64: 1, LengthDelimited: 2, Fixed32: 5 } as const;
export type WireType = (typeof WireType)[keyof typeof WireType];

const TWO_32 = 4294967296;

/** Growable little-endian byte buffer that writes protobuf fields. */
export class ProtoWriter {
  private buf = new Uint8Array(256);
  private view = new DataView(this.buf.buffer);
  private len = 0;

  private reserve(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  /** Unsigned varint of a non-negative safe integer, or a negative one as 10-byte two's complement (int64). */
  varint(value: number): this {
    if (!Number.isSafeInteger(value)) throw new RangeError(`cannot encode ${value} as a varint (not a safe integer)`);
    this.reserve(10);
    if (value >= 0) {
      let v = value;
      while (v >= 0x80) {
        this.buf[this.len++] = (v % 0x80) | 0x80;
        v = Math.floor(v / 0x80);
      }
      this.buf[this.len++] = v;
      return this;
    }
    // Negative int64: encode the 64-bit two's complement, 7 bits at a time.
    let big = BigInt.asUintN(64, BigInt(value));
    for (let i = 0; i < 9; i++) {
      this.buf[this.len++] = Number(big & 0x7fn) | 0x80;
      big >>= 7n;
    }
    this.buf[this.len++] = Number(big);
    return this;
  }

  tag(field: number, wireType: WireType): this {
    return this.varint(field * 8 + wireType);
  }

  int64Field(field: number, value: number): this {
    return this.tag(field, WireType.Varint).varint(value);
  }

  floatField(field: number, value: number): this {
    this.tag(field, WireType.Fixed32);
    this.reserve(4);
    this.view.setFloat32(this.len, value, true);
    this.len += 4;
    return this;
  }

  bytesField(field: number, bytes: Uint8Array): this {
    this.tag(field, WireType.LengthDelimited).varint(bytes.length);
    this.reserve(bytes.length);
    this.buf.set(bytes, this.len);
    this.len += bytes.length;
    return this;
  }

  stringField(field: number, text: string): this {
    return this.bytesField(field, new TextEncoder().encode(text));
  }

  /** A sub-message: written to its own writer first because its length prefix comes before it. */
  messageField(field: number, write: (w: ProtoWriter) => void): this {
    const inner = new ProtoWriter();
    write(inner);
    return this.bytesField(field, inner.finish());
  }

  packedVarints(field: number, values: readonly number[]): this {
    const inner = new ProtoWriter();
    for (const v of values) inner.varint(v);
    return this.bytesField(field, inner.finish());
  }

  packedFloats(field: number, values: ArrayLike<number>): this {
    const bytes = new Uint8Array(values.length * 4);
    const view = new DataView(bytes.buffer);
    for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i], true);
    return this.bytesField(field, bytes);
  }

  /** Bytes that are already encoded fields, copied as they are. */
  raw(bytes: Uint8Array): this {
    this.reserve(bytes.length);
    this.buf.set(bytes, this.len);
    this.len += bytes.length;
    return this;
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

/** One field read from a message: its number, wire type and raw value. */
export type ProtoField =
  | { field: number; wireType: 0; value: number }
  | { field: number; wireType: 5; value: number; offset: number }
  | { field: number; wireType: 1; offset: number }
  | { field: number; wireType: 2; bytes: Uint8Array };

/** Reads the fields of one message from `bytes`. `what` names the message in error messages. */
export class ProtoReader {
  private pos = 0;
  private readonly view: DataView;

  constructor(private readonly bytes: Uint8Array, private readonly what: string) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get done(): boolean {
    return this.pos >= this.bytes.length;
  }

  /** Where the next field starts (so a caller can copy fields it does not change byte for byte). */
  get offset(): number {
    return this.pos;
  }

  private fail(msg: string): never {
    throw new OnnxFormatError(`malformed ${this.what} at byte ${this.pos}: ${msg}`);
  }

  /**
   * A varint as a JS number. Values beyond ±2^53 cannot be represented exactly and are refused;
   * ten-byte varints are negative int64s in two's complement.
   */
  varint(): number {
    let lo = 0;
    let hi = 0;
    let shift = 0;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.bytes.length) this.fail('truncated varint');
      const b = this.bytes[this.pos++];
      if (shift < 28) lo |= (b & 0x7f) << shift;
      else if (shift === 28) {
        lo |= (b & 0x0f) << 28;
        hi = (b & 0x7f) >> 4;
      } else hi |= (b & 0x7f) << (shift - 32);
      shift += 7;
      if (b < 0x80) return this.combine(lo >>> 0, hi >>> 0);
    }
    this.fail('varint longer than 10 bytes');
  }

  private combine(lo: number, hi: number): number {
    if (hi & 0x80000000) {
      // Negative int64: value = -(2^64 - (hi·2^32 + lo)).
      const nhi = (~hi) >>> 0;
      const nlo = (~lo) >>> 0;
      const magnitude = nhi * TWO_32 + nlo + 1;
      if (magnitude > Number.MAX_SAFE_INTEGER) this.fail('int64 value below −2^53 is not supported');
      return -magnitude;
    }
    const value = hi * TWO_32 + lo;
    if (value > Number.MAX_SAFE_INTEGER) this.fail('int64 value above 2^53 is not supported');
    return value;
  }

  private take(n: number): Uint8Array {
    if (n > this.bytes.length - this.pos) {
      this.fail(`field needs ${n} bytes but only ${this.bytes.length - this.pos} remain (file truncated?)`);
    }
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** Next field, or null at the end of the message. Groups (deprecated, unused by ONNX) are refused. */
  next(): ProtoField | null {
    if (this.done) return null;
    const key = this.varint();
    const field = Math.floor(key / 8);
    const wireType = key % 8;
    if (field < 1) this.fail(`invalid field number ${field}`);
    switch (wireType) {
      case WireType.Varint:
        return { field, wireType, value: this.varint() };
      case WireType.Fixed32: {
        const offset = this.pos;
        this.take(4);
        return { field, wireType, value: this.view.getFloat32(offset, true), offset };
      }
      case WireType.Fixed64: {
        const offset = this.pos;
        this.take(8);
        return { field, wireType, offset };
      }
      case WireType.LengthDelimited: {
        const n = this.varint();
        if (n < 0) this.fail(`negative length ${n}`);
        return { field, wireType, bytes: this.take(n) };
      }
      default:
        this.fail(`unsupported wire type ${wireType} for field ${field}`);
    }
  }

  /** The float64 stored at a Fixed64 field's offset. */
  float64At(offset: number): number {
    return this.view.getFloat64(offset, true);
  }
}

const utf8 = new TextDecoder();

export function decodeUtf8(bytes: Uint8Array): string {
  // One decoder for all strings: constructing one per field made decoding a 2,000-node file several times slower.
  return utf8.decode(bytes);
}

/** Decode a packed repeated varint field (or accept one unpacked element). */
export function readPackedVarints(f: ProtoField, what: string, out: number[]): void {
  if (f.wireType === WireType.Varint) {
    out.push(f.value);
    return;
  }
  if (f.wireType !== WireType.LengthDelimited) {
    throw new OnnxFormatError(`malformed ${what}: expected varints, got wire type ${f.wireType}`);
  }
  const r = new ProtoReader(f.bytes, what);
  while (!r.done) out.push(r.varint());
}

/** Decode a packed repeated float field (or one unpacked element) into `out`. */
export function readPackedFloats(f: ProtoField, what: string, out: number[]): void {
  if (f.wireType === WireType.Fixed32) {
    out.push(f.value);
    return;
  }
  if (f.wireType !== WireType.LengthDelimited || f.bytes.length % 4 !== 0) {
    throw new OnnxFormatError(`malformed ${what}: expected packed 32-bit floats`);
  }
  const view = new DataView(f.bytes.buffer, f.bytes.byteOffset, f.bytes.byteLength);
  for (let i = 0; i < f.bytes.length; i += 4) out.push(view.getFloat32(i, true));
}

/** Decode a packed repeated double field into `out`. */
export function readPackedDoubles(f: ProtoField, reader: ProtoReader, what: string, out: number[]): void {
  if (f.wireType === WireType.Fixed64) {
    out.push(reader.float64At(f.offset));
    return;
  }
  if (f.wireType !== WireType.LengthDelimited || f.bytes.length % 8 !== 0) {
    throw new OnnxFormatError(`malformed ${what}: expected packed 64-bit floats`);
  }
  const view = new DataView(f.bytes.buffer, f.bytes.byteOffset, f.bytes.byteLength);
  for (let i = 0; i < f.bytes.length; i += 8) out.push(view.getFloat64(i, true));
}
